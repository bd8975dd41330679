using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace Guardrails.Core.Idle;

/// <summary>Settings of the idle feature (section "Idle" of the Function App settings).</summary>
public sealed class IdleOptions
{
    public const string SectionName = "Idle";

    /// <summary>guardrails.yaml with the policies: section.</summary>
    public string ConfigPath { get; set; } = "guardrails.yaml";
    /// <summary>ARM scopes to inventory: "/subscriptions/{id}" or ".../resourceGroups/{rg}".</summary>
    public List<string> Scopes { get; set; } = [];
    /// <summary>Prometheus base URL (dcgm-exporter metrics); empty = only pushed nvidia-smi telemetry.</summary>
    public string? PrometheusUrl { get; set; }
    public string AuditTable { get; set; } = "guardrailsaudit";
    public string RollupsTable { get; set; } = "guardrailsgpurollups";
    public string IdleCostTable { get; set; } = "guardrailsidlecost";
    public string PushContainer { get; set; } = "gpu-telemetry";
    /// <summary>Read VM CPU/network from Azure Monitor for policies with cpu/network conditions (managed identity).</summary>
    public bool AzureMonitorMetrics { get; set; } = true;
    /// <summary>ARM endpoint for inventory, actions and Azure Monitor metrics (sovereign clouds, or a loopback fake in tests).</summary>
    public string ArmEndpoint { get; set; } = "https://management.azure.com";
    /// <summary>Remembers owner notices sent (once per machine, policy and mark deadline).</summary>
    public string OwnerNoticeTable { get; set; } = "guardrailsownernotices";
    public TimeSpan RollupRetention { get; set; } = TimeSpan.FromDays(35);
    /// <summary>
    /// The telemetry's sample (scrape) interval used by the hourly rollups: an hour has 60 min / interval slots, and a
    /// known idle slot counts as that many idle minutes. dcgm-exporter scraped every minute = the default.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Tag keys forming the idle-cost allocation key (same order as the ledger's allocation keys).</summary>
    public List<string> AllocationKeys { get; set; } = ["team", "project"];
}

/// <summary>
/// Inventory → telemetry → policy engine → audit skip decisions → action requests. The Function App's EvaluateIdle
/// timer submits the requests to the "actions" queue; <c>guardrails idle</c> (live mode) runs the same stage and
/// hands them to the executor in process (only with --execute).
/// </summary>
public sealed class EvaluateIdleStage(
    IComputeInventory inventory,
    IReadOnlyList<ITelemetrySource> sources,
    IdlePolicyEngine engine,
    IActionAuditLog audit,
    IActionRequestSink actions,
    IdleOptions options,
    TimeProvider time,
    ILogger<EvaluateIdleStage>? logger = null)
{
    /// <summary>Azure Monitor CPU/network per VM; queried only when a policy has a cpu or network condition.</summary>
    public IHostMetricsSource? HostMetrics { get; init; }

    /// <summary>Where decisions not to act are published too (the guardrail-events topic when configured).</summary>
    public IGuardrailEventPublisher? Events { get; init; }

    /// <summary>The host's configuration (reloaded when the file changes); without it, <see cref="IdleOptions.ConfigPath"/> is read each run.</summary>
    public Func<GuardrailsConfig>? Config { get; init; }

    public async Task<IdleRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var config = Config?.Invoke() ?? GuardrailsConfigLoader.Load(options.ConfigPath);
        var policies = config.Policies;
        var now = time.GetUtcNow();
        var lookback = policies.Count == 0 ? TimeSpan.FromHours(1) : policies.Max(p => p.Condition.WindowTime) + TimeSpan.FromMinutes(10);
        var machines = await inventory.ListGpuMachinesAsync(options.Scopes, cancellationToken).ConfigureAwait(false);
        var telemetry = new TelemetrySet();
        foreach (var source in sources)
            telemetry.Merge(await source.ReadAsync(now - lookback, now, cancellationToken).ConfigureAwait(false));
        if (HostMetrics is not null && policies.Any(p => p.Condition.CpuBelowPercent is not null || p.Condition.NetworkBelowMbps is not null))
        {
            var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in policies)
                foreach (var (host, id) in p.Hosts) aliases.TryAdd(id, host);
            telemetry.Merge(await HostMetrics.ReadAsync(machines, telemetry, aliases, now - lookback, now, cancellationToken).ConfigureAwait(false));
        }
        foreach (var problem in telemetry.Quarantined)
            logger?.LogWarning("Idle evaluation: telemetry quarantined: {Problem}", problem);
        var result = await engine.EvaluateAsync(policies, machines, telemetry, config.Allocation.GpuSkus, cancellationToken).ConfigureAwait(false);
        foreach (var d in result.Decisions.Where(d => d.Action is null))
        {
            var entry = SkipEntry(d, result.EvaluatedAt);
            await audit.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
            if (Events is not null)
                await Events.PublishAsync(new GuardrailEvent(entry.Id, "guardrails.action.skip.skipped", entry.ResourceId, entry.Time, entry), cancellationToken).ConfigureAwait(false);
        }
        var requests = result.ToActionRequests();
        foreach (var request in requests)
            await actions.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        logger?.LogInformation("Idle evaluation: {Machines} machines, {Requests} action requests", machines.Count, requests.Count);
        return result;
    }

    /// <summary>A decision not to act, with the metrics seen.</summary>
    public static ActionAuditEntry SkipEntry(IdleDecision d, DateTimeOffset at) => new()
    {
        Id = IdlePolicyEngine.RequestId(d.Policy ?? "", d.Machine.ResourceId, GuardrailActionKind.Notify, at) + "-skip",
        Time = at,
        ResourceId = d.Machine.ResourceId,
        Action = "skip",
        Outcome = ActionOutcomeStatus.Skipped,
        Origin = ActionOrigin.IdlePolicy,
        RequestedBy = d.Policy ?? "",
        Reasons = d.Reasons,
        Metrics = Metrics(d),
        DryRun = d.DryRun,
        Currency = d.Price?.Currency,
    };

    public static string? Metrics(IdleDecision d) => d.Window is not { } w ? null : string.Join("; ", w.Gpus.Select(g =>
        string.Create(CultureInfo.InvariantCulture, $"GPU {g.GpuId}: coverage {g.CoveragePercent:0.##}%, max work {g.MaxWorkPercent?.ToString("0.##", CultureInfo.InvariantCulture) ?? "unknown"}%, max memory {g.MaxMemoryPercent?.ToString("0.##", CultureInfo.InvariantCulture) ?? "unknown"}%, signal {g.Signal}")));
}

/// <summary>Queue stage: one action request through the executor; RetryLater is re-enqueued with a delay (not a failure).</summary>
public sealed class ExecuteActionStage(ActionExecutor executor, IActionRequestQueue actions)
{
    public async Task<ActionOutcome> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        var request = ActionRequestMessage.Parse(message);
        var outcome = await executor.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == ActionOutcomeStatus.RetryLater)
            await actions.EnqueueAsync(request, outcome.RetryAfter, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}

/// <summary>
/// Timer stage: hourly rollups of the previous hour per VM and GPU (Table Storage, with retention) and the day's
/// idle cost per allocation key (the idle-cost table, a view of direct cost — never added to ledger totals).
/// </summary>
public sealed class CollectTelemetryStage(
    IComputeInventory inventory,
    IReadOnlyList<ITelemetrySource> sources,
    IRollupStore rollups,
    IIdleCostStore idleCost,
    IPriceCatalog prices,
    VmSkuCatalog skus,
    IdleOptions options,
    TimeProvider time)
{
    /// <summary>The price fallback when the catalog has none: the effective rate seen in billing.</summary>
    public IObservedRateSource? BillingRates { get; init; }

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var hourEnd = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        var hourStart = hourEnd.AddHours(-1);
        var telemetry = new TelemetrySet();
        foreach (var source in sources)
            telemetry.Merge(await source.ReadAsync(hourStart, hourEnd, cancellationToken).ConfigureAwait(false));
        var criteria = new IdleCriteria { SampleInterval = options.SampleInterval };
        var written = new List<GpuHourlyRollup>();
        foreach (var host in telemetry.Hosts.Values)
            foreach (var gpu in host.Gpus.Values)
                written.AddRange(TelemetryRollup.Hourly(gpu, hourStart, hourEnd, criteria));
        await rollups.UpsertAsync(written, cancellationToken).ConfigureAwait(false);
        await rollups.PurgeAsync(now - options.RollupRetention, cancellationToken).ConfigureAwait(false);

        // Idle cost of the day so far, recomputed from the day's rollups (idempotent upsert).
        var dayStart = new DateTimeOffset(hourStart.UtcDateTime.Date, TimeSpan.Zero);
        var inputs = new List<IdleCostInput>();
        var machines = (await inventory.ListGpuMachinesAsync(options.Scopes, cancellationToken).ConfigureAwait(false))
            .Select(m => (Machine: m, Host: IdlePolicyEngine.FindHost(telemetry, m)?.Host ?? m.ComputerName ?? m.Name)).ToList();
        // A host that more than one machine would read (namesakes in different resource groups) is nobody's: its idle
        // GPU-hours are not charged to either (charging both would count them twice).
        var claims = machines.GroupBy(x => x.Host, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        foreach (var (m, host) in machines)
        {
            if (claims[host] > 1) continue;
            var day = await rollups.GetAsync(host, dayStart, hourEnd, cancellationToken).ConfigureAwait(false);
            if (day.Count == 0) continue;
            var price = await MachinePrices.GetHourlyPriceAsync(prices, BillingRates, m, cancellationToken).ConfigureAwait(false);
            inputs.Add(new IdleCostInput(m, day, price, skus.Find(m.VmSize)?.GpuCount ?? 0m, IdleCostCalculator.AllocationFromTags(m, options.AllocationKeys)));
        }
        await idleCost.UpsertAsync(IdleCostCalculator.Compute(inputs), cancellationToken).ConfigureAwait(false);
        return written.Count;
    }
}
