using System.Security.Cryptography;
using System.Text;
using Cronos;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Idle;

/// <summary>
/// The effective hourly rate of a machine as seen in billing (the price fallback when the catalog has none, e.g.
/// negotiated or reserved rates).
/// </summary>
public interface IObservedRateSource
{
    Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default);
}

/// <summary>What the engine decided for one machine. Mirrors the CLI's JSON decisions.</summary>
public enum IdleDecisionKind { Skip, Notify, Mark, Deallocate }

public sealed record IdleDecision
{
    public required ComputeMachine Machine { get; init; }
    public string? Policy { get; init; }
    public required IdleDecisionKind Decision { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    /// <summary>The action the executor must take (ClearMark for a machine that became busy again), or null.</summary>
    public GuardrailActionKind? Action { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public bool DryRun { get; init; } = true;
    public MachineWindowResult? Window { get; init; }
    public decimal CoveragePercent => Window?.CoveragePercent ?? 0m;
    public int IdleMinutes => Window?.IdleMinutes ?? 0;
    public PriceQuote? Price { get; init; }
    public decimal? HourlyCost => Price?.HourlyPrice;
}

public sealed record IdleRunResult(DateTimeOffset EvaluatedAt, IReadOnlyList<IdleDecision> Decisions)
{
    /// <summary>Requests for the executor (queue "actions"), one per decision that acts, marks, clears or notifies.</summary>
    public IReadOnlyList<GuardrailActionRequest> ToActionRequests() =>
        Decisions.Where(d => d.Action is not null).Select(d => new GuardrailActionRequest
        {
            Id = IdlePolicyEngine.RequestId(d.Policy ?? "", d.Machine.ResourceId, d.Action!.Value, EvaluatedAt),
            ResourceId = d.Machine.ResourceId,
            Kind = d.Action!.Value,
            Origin = ActionOrigin.IdlePolicy,
            RequestedBy = d.Policy ?? "",
            RequestedAt = EvaluatedAt,
            Reasons = d.Reasons,
            NotBefore = d.NotBefore,
            HourlyCostSaved = d.HourlyCost,
            Metrics = MetricsSummary(d.Window),
            Currency = d.Price?.Currency,
            DryRun = d.DryRun,
        }).ToList();

    /// <summary>"coverage 98% (lowest GPU), max work 1.2%, max memory 0.4% over 8 GPUs[, max CPU 3%][, max network 0.2 Mbit/s]".</summary>
    public static string? MetricsSummary(MachineWindowResult? w)
    {
        if (w is null) return null;
        static string F(decimal? v) => v is { } x ? Math.Round(x, 1).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        var work = w.Gpus.Count == 0 || w.Gpus.Any(g => g.MaxWorkPercent is null) ? null : w.Gpus.Max(g => g.MaxWorkPercent);
        var memory = w.Gpus.Count == 0 || w.Gpus.Any(g => g.MaxMemoryPercent is null) ? null : w.Gpus.Max(g => g.MaxMemoryPercent);
        var text = $"coverage {F(w.CoveragePercent)}% (lowest GPU), max work {F(work)}%, max memory {F(memory)}% over {w.Gpus.Count} GPU(s)";
        if (w.MaxCpuPercent is not null) text += $", max CPU {F(w.MaxCpuPercent)}%";
        if (w.MaxNetworkMbps is not null) text += $", max network {F(w.MaxNetworkMbps)} Mbit/s";
        return text;
    }
}

/// <summary>
/// Applies idle policies to machines: scope → power state → exemptions → off-hours → telemetry window →
/// action (notify, deallocate, mark-for-op with grace) → cap per run. The first policy whose scope matches a
/// machine governs it. Nothing here touches Azure: the executor acts on the requests, re-checking safety.
/// </summary>
public sealed class IdlePolicyEngine(VmSkuCatalog skus, IPriceCatalog? prices, TimeProvider time, IObservedRateSource? observedRates = null)
{
    /// <summary>The first reason of a skip for missing, stale or partial telemetry.</summary>
    public const string NotEnoughTelemetry = "skip: not enough telemetry (missing, stale or partial data is never idle)";

    /// <summary>
    /// When set, every decision is dry-run whatever the policy says, with this reason (the CLI without --execute).
    /// </summary>
    public string? ForceDryRunReason { get; init; }

    public Task<IdleRunResult> EvaluateAsync(IReadOnlyList<IdlePolicyConfig> policies, IReadOnlyList<ComputeMachine> machines,
        TelemetrySet telemetry, CancellationToken cancellationToken = default) =>
        EvaluateAsync(policies, machines, telemetry, null, cancellationToken);

    /// <param name="declaredGpuSkus">guardrails.yaml <c>allocation.gpuSkus</c>: GPU counts of sizes the bundled catalog does not know.</param>
    public async Task<IdleRunResult> EvaluateAsync(IReadOnlyList<IdlePolicyConfig> policies, IReadOnlyList<ComputeMachine> machines,
        TelemetrySet telemetry, IReadOnlyDictionary<string, decimal>? declaredGpuSkus, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var compiled = policies.Select(p => (Config: p, Criteria: IdleCriteria.From(p.Condition),
            HostsByResource: p.Hosts.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase))).ToList();

        // Which telemetry host each machine reads, and how: a host that more than one machine would read is ambiguous
        // (two VMs named gpu01 in different resource groups, one gpu01 file): it is nobody's, unless exactly one machine
        // claims it explicitly through its policy's hosts: map.
        var claims = new (HostTelemetry? Host, bool Explicit)[machines.Count];
        for (var i = 0; i < machines.Count; i++)
        {
            var governing = compiled.FirstOrDefault(p => InScope(p.Config.Scope, machines[i]));
            claims[i] = ResolveHost(telemetry, machines[i], governing.HostsByResource);
        }
        var claimants = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < claims.Length; i++)
        {
            if (claims[i].Host is not { } h) continue;
            if (!claimants.TryGetValue(h.Host, out var list)) claimants[h.Host] = list = [];
            list.Add(i);
        }

        var decisions = new List<IdleDecision>(machines.Count);
        for (var i = 0; i < machines.Count; i++)
        {
            var m = machines[i];
            cancellationToken.ThrowIfCancellationRequested();
            var policy = compiled.FirstOrDefault(p => InScope(p.Config.Scope, m));
            if (policy.Config is null)
            {
                decisions.Add(new IdleDecision { Machine = m, Decision = IdleDecisionKind.Skip, Reasons = ["no idle policy's scope covers this machine"] });
                continue;
            }
            var price = await PriceAsync(m, cancellationToken).ConfigureAwait(false);
            var (host, isExplicit) = claims[i];
            string? ambiguous = null;
            if (host is not null && claimants[host.Host] is { Count: > 1 } others &&
                !(isExplicit && others.Count(j => claims[j].Explicit) == 1))
            {
                ambiguous = $"ambiguous telemetry: host '{host.Host}' matches {others.Count} machines ({string.Join(", ", others.Select(j => $"{machines[j].ResourceGroup}/{machines[j].Name}"))}): " +
                    "whose readings they are is unknown, so none of them is idle (map the host to one machine with the policy's hosts: or the guardrails:hostname tag)";
            }
            decisions.Add(Decide(policy.Config, policy.Criteria, m, host, price, now, ambiguous, declaredGpuSkus));
        }
        return new IdleRunResult(now, ApplyCaps(decisions, policies));
    }

    /// <summary>Telemetry of a machine: configured host alias, tag guardrails:hostname, computer name, then VM name.</summary>
    public static HostTelemetry? FindHost(TelemetrySet telemetry, ComputeMachine m, IReadOnlyDictionary<string, string>? hostsByResource = null) =>
        ResolveHost(telemetry, m, hostsByResource).Host;

    /// <summary>As <see cref="FindHost"/>, and whether the policy's hosts: map named it (an explicit claim).</summary>
    public static (HostTelemetry? Host, bool Explicit) ResolveHost(TelemetrySet telemetry, ComputeMachine m, IReadOnlyDictionary<string, string>? hostsByResource)
    {
        if (hostsByResource is not null && hostsByResource.TryGetValue(m.ResourceId, out var alias) && telemetry.Find(alias) is { } a) return (a, true);
        return (telemetry.Find(m.Tag(GuardrailTags.Hostname)) ?? telemetry.Find(m.ComputerName) ?? telemetry.Find(m.Name), false);
    }

    private IdleDecision Decide(IdlePolicyConfig p, IdleCriteria c, ComputeMachine m, HostTelemetry? host, PriceQuote? price, DateTimeOffset now,
        string? ambiguous, IReadOnlyDictionary<string, decimal>? declaredGpuSkus)
    {
        var dryRun = p.DryRun || ForceDryRunReason is not null;
        IdleDecision Skip(string reason, MachineWindowResult? w = null, GuardrailActionKind? action = null, IEnumerable<string>? more = null) => new()
        {
            Machine = m,
            Policy = p.Name,
            Decision = IdleDecisionKind.Skip,
            Action = action,
            Window = w,
            Price = price,
            DryRun = dryRun,
            Reasons = [reason, .. more ?? []],
        };

        if (NotJudged(p, m, now) is { } why) return Skip(why);
        var deadline = GuardrailTags.MarkDeadline(m);
        var expectedOrUnknown = ExpectedGpus(m, declaredGpuSkus);
        string? unknown = ambiguous;
        if (unknown is null && expectedOrUnknown is null)
            unknown = $"unknown GPU count: size '{m.VmSize}' is not in the SKU catalog, so whether every GPU reports cannot be checked " +
                $"(declare it in guardrails.yaml allocation.gpuSkus, e.g. {m.VmSize}: 8)";
        if (unknown is not null)
            return Skip(NotEnoughTelemetry, null, deadline is not null ? GuardrailActionKind.ClearMark : null, [unknown]);
        var w = IdleWindowEvaluator.Evaluate(host, expectedOrUnknown!.Value, c, now);
        if (!w.Idle)
        {
            if (deadline is not null)
                return Skip("not idle: clearing the deallocate-at mark (the machine is busy again or its data is incomplete)", w,
                    GuardrailActionKind.ClearMark, w.Reasons);
            return Skip(w.TelemetryIncomplete && !w.Gpus.Any(g => g.Busy) ? NotEnoughTelemetry : "not idle", w, null, w.Reasons);
        }
        return Act(p, m, w, price, now, deadline, IdleReasons(p, m, w, price), dryRun);
    }

    /// <summary>Why a machine is not judged at all (not running, exempt or snoozed, outside the policy's off-hours), or null.</summary>
    private static string? NotJudged(IdlePolicyConfig p, ComputeMachine m, DateTimeOffset now)
    {
        switch (m.PowerState)
        {
            case MachinePowerState.Deallocated or MachinePowerState.Deallocating:
                return "already deallocated: nothing to do";
            case MachinePowerState.Stopped or MachinePowerState.Stopping:
                return "stopped but still allocated: compute keeps billing; no telemetry to judge it, deallocate it by hand";
            case MachinePowerState.Starting:
                return "starting: not judged until it runs";
            case not MachinePowerState.Running:
                return $"power state {m.PowerState.ToString().ToLowerInvariant()}: never acted on (only a running machine is judged; unknown is never idle)";
        }
        if (GuardrailTags.Exemption(m, now) is { } exempt) return exempt;
        if (p.Schedule is { } schedule && !InOffHours(schedule, now, out var when)) return when;
        return null;
    }

    /// <summary>An idle machine's reasons: the window's, then the hourly saving (or that no price is known), then why nothing changes.</summary>
    private List<string> IdleReasons(IdlePolicyConfig p, ComputeMachine m, MachineWindowResult w, PriceQuote? price)
    {
        var reasons = new List<string>(w.Reasons);
        if (price is null) reasons.Add($"no hourly price known for {m.VmSize} in {m.Location}");
        else reasons.Add($"{price.HourlyPrice:0.##} {price.Currency}/hour saved when deallocated ({price.Source})");
        if (ForceDryRunReason is not null) reasons.Add(ForceDryRunReason);
        else if (p.DryRun) reasons.Add("dry-run: nothing is changed (set dryRun: false to act)");
        return reasons;
    }

    /// <summary>
    /// What the policy's action makes of an idle machine: notify, deallocate, or mark-for-op (mark it with a deadline; at the
    /// deadline, deallocate it if it is still idle).
    /// </summary>
    private static IdleDecision Act(IdlePolicyConfig p, ComputeMachine m, MachineWindowResult w, PriceQuote? price, DateTimeOffset now,
        DateTimeOffset? deadline, List<string> reasons, bool dryRun)
    {
        IdleDecision Decision(IdleDecisionKind kind, GuardrailActionKind? action, DateTimeOffset? notBefore = null) => new()
        {
            Machine = m,
            Policy = p.Name,
            Decision = kind,
            Action = action,
            NotBefore = notBefore,
            Reasons = reasons,
            Window = w,
            Price = price,
            DryRun = dryRun,
        };

        switch (p.Action.ToLowerInvariant())
        {
            case "notify":
                return Decision(IdleDecisionKind.Notify, GuardrailActionKind.Notify);
            case "deallocate":
                return Decision(IdleDecisionKind.Deallocate, GuardrailActionKind.Deallocate);
        }
        if (deadline is null)
        {
            var at = now + p.GraceTime;
            reasons.Add($"mark: tag {m.MarkTagKey}={at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; the owner is told how to snooze " +
                $"(tag {GuardrailTags.SnoozeUntil}=<ISO time>) and it is deallocated then only if still idle");
            return Decision(IdleDecisionKind.Mark, GuardrailActionKind.Mark, at);
        }
        if (deadline.Value <= now)
        {
            reasons.Insert(0, $"still idle at the deadline {deadline.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
            return Decision(IdleDecisionKind.Deallocate, GuardrailActionKind.Deallocate, deadline);
        }
        reasons.Insert(0, $"marked: will be deallocated at {deadline.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} if still idle");
        return Decision(IdleDecisionKind.Skip, null);
    }

    private static IReadOnlyList<IdleDecision> ApplyCaps(List<IdleDecision> decisions, IReadOnlyList<IdlePolicyConfig> policies)
    {
        var caps = policies.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First().MaxActionsPerRun);
        var result = decisions.ToArray();
        foreach (var group in decisions.Select((d, i) => (d, i))
                     .Where(x => x.d.Policy is not null && x.d.Decision is IdleDecisionKind.Deallocate or IdleDecisionKind.Mark)
                     .GroupBy(x => x.d.Policy!))
        {
            var cap = caps.GetValueOrDefault(group.Key, 0);
            // The most expensive machines first: the cap keeps the savings that matter most.
            foreach (var (d, i) in group.OrderByDescending(x => x.d.HourlyCost ?? 0m).ThenBy(x => x.d.Machine.ResourceId, StringComparer.Ordinal).Skip(cap))
                result[i] = d with
                {
                    Decision = IdleDecisionKind.Skip,
                    Action = null,
                    Reasons = [$"idle, but maxActionsPerRun ({cap}) of policy '{group.Key}' reached: left for the next run", .. d.Reasons],
                };
        }
        return result;
    }

    public static bool InScope(IdleScopeConfig scope, ComputeMachine m)
    {
        if (scope.Subscriptions.Count > 0 && !scope.Subscriptions.Contains(m.SubscriptionId, StringComparer.OrdinalIgnoreCase)) return false;
        if (scope.ResourceGroups.Count > 0 && !scope.ResourceGroups.Contains(m.ResourceGroup, StringComparer.OrdinalIgnoreCase)) return false;
        foreach (var (key, value) in scope.Tags)
        {
            var actual = m.Tag(key);
            if (actual is null) return false;
            if (value != "*" && !string.Equals(actual.Trim(), value, StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="now"/> is between a start occurrence and the following end occurrence.</summary>
    public static bool InOffHours(OffHoursConfig s, DateTimeOffset now, out string explanation)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone);
        var nextStart = CronExpression.Parse(s.Start).GetNextOccurrence(now, zone);
        var nextEnd = CronExpression.Parse(s.End).GetNextOccurrence(now, zone);
        var inside = nextEnd is not null && (nextStart is null || nextEnd < nextStart);
        explanation = inside
            ? $"inside off-hours (until {nextEnd!.Value.UtcDateTime:yyyy-MM-ddTHH:mm}Z, {s.TimeZone})"
            : $"outside off-hours: the policy applies from '{s.Start}' to '{s.End}' ({s.TimeZone}); next start {nextStart?.UtcDateTime:yyyy-MM-ddTHH:mm}Z";
        return inside;
    }

    /// <summary>
    /// GPUs the machine must report: the SKU's count (a fractional GPU is one device), else the count guardrails.yaml
    /// declares in <c>gpuSkus</c>; null when neither knows the size (then "every GPU reports" cannot be checked: not idle).
    /// </summary>
    public int? ExpectedGpus(ComputeMachine m, IReadOnlyDictionary<string, decimal>? declaredGpuSkus = null)
    {
        if (skus.Find(m.VmSize) is { } sku) return sku.GpuCount > 0 ? (int)Math.Ceiling(sku.GpuCount) : 0;
        if (declaredGpuSkus is not null && m.VmSize is { } size)
            foreach (var (name, gpus) in declaredGpuSkus)
                if (string.Equals(name.Trim(), size.Trim(), StringComparison.OrdinalIgnoreCase) && gpus >= 0) return (int)Math.Ceiling(gpus);
        return null;
    }

    private Task<PriceQuote?> PriceAsync(ComputeMachine m, CancellationToken ct) => MachinePrices.GetHourlyPriceAsync(prices, observedRates, m, ct);

    /// <summary>A deterministic request id (safe as a Table RowKey and queue dedupe key).</summary>
    public static string RequestId(string policy, string resourceId, GuardrailActionKind kind, DateTimeOffset at)
    {
        var text = $"{policy}|{resourceId.ToLowerInvariant()}|{kind}|{at.UtcDateTime:yyyyMMddHHmm}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }
}
