using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;
using Guardrails.Core.Idle;
using Guardrails.Core.Notifications;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Cli.Commands.Idle;

/// <summary>
/// <c>guardrails idle</c>: the idle decision per GPU machine and its reasons. With --telemetry it evaluates recorded
/// files (nvidia-smi CSV, Prometheus text, query_range JSON) against an inventory file, without Azure. Without it, it
/// evaluates the live estate (<see cref="IdleLive"/>: ARM inventory, Prometheus, Azure Monitor) through the Function
/// App's own stage. Dry-run always, unless --execute is given AND the policy says dryRun: false.
/// </summary>
public sealed class IdleCommand : AsyncCommand<IdleCommand.Settings>
{
    public sealed class Settings : RecordedTelemetrySettings
    {
        /// <summary>The config file in use (--config, else $GuardrailsConfigPath), set when the run starts.</summary>
        internal string ConfigFile { get; set; } = "";

        [CommandOption("--scope <SCOPE>")]
        [Description("Live: ARM scope to inventory, /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name> (repeatable; default: Idle__Scopes__N settings, else the policies' subscriptions).")]
        public string[]? Scopes { get; init; }

        [CommandOption("--prometheus <URL>")]
        [Description("Live: Prometheus base URL with the dcgm-exporter metrics (default: the Idle__PrometheusUrl setting).")]
        public string? Prometheus { get; init; }

        [CommandOption("--arm-endpoint <URL>")]
        [Description("Live: Azure Resource Manager endpoint, e.g. https://management.chinacloudapi.cn (default: Idle__ArmEndpoint, else https://management.azure.com). Credential: DefaultAzureCredential.")]
        public string? ArmEndpoint { get; init; }

        [CommandOption("--no-azure-monitor")]
        [Description("Live: do not read CPU/network from Azure Monitor (policies with cpu/network conditions then see no data: not idle).")]
        public bool NoAzureMonitor { get; init; }

        [CommandOption("--execute")]
        [Description("Live: act. SAFETY: without --execute nothing is ever changed. With it, only decisions of policies with dryRun: false act, " +
            "each re-checked by the action executor (machine re-read from ARM: exists, not exempt/snoozed, not already deallocated, fresh, mark " +
            "deadline passed), within maxActionsPerRun, and audited. The only stop is deallocate (never power-off).")]
        public bool Execute { get; init; }

        [CommandOption("--audit-log <FILE>")]
        [Description("Live with --execute: JSON Lines file the audit entries are appended to (default: ./guardrails-audit.jsonl).")]
        public string? AuditLog { get; init; }

        [CommandOption("--explain")]
        [Description("Show the window, coverage and signal per GPU.")]
        public bool Explain { get; init; }

        [CommandOption("--sink <DIR|URL>")]
        [Description("Write the owner cards that marks and notices would send (one file per notice and channel) to a directory, or POST them to a URL.")]
        public string? Sink { get; init; }

        [CommandOption("--store [CONNECTION]")]
        [Description("Write the decisions to the audit table the dashboard's action log reads (the Function App's Table Storage; " + LedgerStore.NoValueHelp + "). " +
            "Live mode: also the hourly rates seen in billing from its ledger when the price catalog has none, and with " +
            "--execute the executor's outcomes go there instead of --audit-log.")]
        public FlagValue<string>? Store { get; init; }

        [CommandOption("--audit-table <NAME>")]
        [Description("Audit table for --store (default guardrailsaudit, or the Idle__AuditTable setting in live mode).")]
        public string AuditTable { get; init; } = TableActionAuditLog.DefaultTableName;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        await RunAsync(settings, AnsiConsole.Console, Console.Out, cancellationToken).ConfigureAwait(false);

    /// <summary>The command's work, writing tables to <paramref name="console"/> and JSON to <paramref name="jsonOut"/>.</summary>
    public static Task<int> RunAsync(Settings settings, IAnsiConsole console, TextWriter jsonOut, CancellationToken cancellationToken = default) =>
        RunAsync(settings, console, jsonOut, IdleLiveEnvironment.Default, cancellationToken);

    /// <summary>As above, with the live-mode dependencies given (tests: loopback ARM, test credential, fixed clock).</summary>
    public static async Task<int> RunAsync(Settings settings, IAnsiConsole console, TextWriter jsonOut, IdleLiveEnvironment live, CancellationToken cancellationToken = default)
    {
        try
        {
            settings.ConfigFile = Hosting.CliConfig.RequirePath(settings.Config, "a policies: section");
            if (settings.Telemetry is null)
                return await IdleLive.RunAsync(settings, console, jsonOut, live, cancellationToken).ConfigureAwait(false);
            var liveOnly = new[] { (settings.Execute, "--execute"), (settings.Scopes is { Length: > 0 }, "--scope"), (settings.Prometheus is not null, "--prometheus"),
                (settings.ArmEndpoint is not null, "--arm-endpoint"), (settings.AuditLog is not null, "--audit-log") }.Where(o => o.Item1).Select(o => o.Item2).ToList();
            if (liveOnly.Count > 0)
                throw new FormatException($"{string.Join(", ", liveOnly)}: live mode only (leave out --telemetry); recorded telemetry is always dry-run.");
            var config = Hosting.CliConfig.Load(settings.ConfigFile);
            var policies = config.Policies;
            if (policies.Count == 0) throw new ConfigException([new ConfigError(settings.ConfigFile, null, "policies", "no idle policies defined.")]);
            var telemetry = TelemetryFiles.Read(settings.Telemetry);
            foreach (var problem in telemetry.Quarantined) // bad rows or files are set aside; the rest of the estate is evaluated
            {
                if (settings.Plain) await Console.Error.WriteLineAsync("warning: quarantined: " + problem).ConfigureAwait(false);
                else console.MarkupLineInterpolated($"[yellow]warning:[/] quarantined: {problem}");
            }
            var inventory = InventoryFile.LoadGivenOrBeside(settings.Inventory, settings.Telemetry);
            var at = settings.At is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : TelemetryFiles.Newest(telemetry) ?? throw new FormatException("the recorded telemetry has no readings.");
            var engine = new IdlePolicyEngine(VmSkuCatalog.Default, PriceCatalog ?? SnapshotPriceCatalog.Default, new FixedTimeProvider(at), inventory);
            var gpuSkus = config.Allocation.GpuSkus;
            var result = await engine.EvaluateAsync(policies, inventory.Machines, telemetry, gpuSkus, cancellationToken).ConfigureAwait(false);
            WriteResult(settings, result, console, jsonOut);
            await PreviewNoticesAsync(settings, result, inventory.Machines, at, settings.Plain ? null : console, cancellationToken).ConfigureAwait(false);
            if (settings.Store is { IsSet: true } store)
                await WriteStoreAsync(store.Value, settings, result, telemetry, inventory, at, settings.Plain ? null : console, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }
        catch (Exception e) when (e is TelemetryFormatException or FileNotFoundException or DirectoryNotFoundException or FormatException
                                       or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            // A path that names nothing is a usage error (2), as in every command; unreadable content or storage is runtime (1).
            return IdleLive.Fail(console, e is FileNotFoundException or DirectoryNotFoundException ? 2 : 1, e.Message.Split('\n')[0].Trim());
        }
    }

    /// <summary>
    /// Dry-run preview of the owner cards: for every mark/notify decision of a policy with channels, lists who would be
    /// told where, and with --sink writes (or POSTs) the exact Teams/Slack payloads. Nothing is tagged or deallocated.
    /// </summary>
    public static async Task<int> PreviewNoticesAsync(Settings settings, IdleRunResult result, IReadOnlyList<ComputeMachine> machines, DateTimeOffset at,
        IAnsiConsole? console, CancellationToken cancellationToken)
    {
        var config = Hosting.CliConfig.Load(settings.ConfigFile);
        var policies = config.Policies.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var byId = machines.ToDictionary(m => m.ResourceId, StringComparer.OrdinalIgnoreCase);
        var requests = result.ToActionRequests().Where(r => r.Kind is GuardrailActionKind.Mark or GuardrailActionKind.Notify).ToList();
        using var http = NotificationHttp.CreateClient();
        IOwnerNoticeTarget target = settings.Sink is null ? new RecordingOwnerNoticeTarget() : new SinkOwnerNoticeTarget(settings.Sink, http);
        var notifier = new ChannelActionNotifier(name => policies.GetValueOrDefault(name), config.Channels, target, new InMemoryOwnerNoticeLedger(), new FixedTimeProvider(at));
        var sent = 0;
        foreach (var r in requests)
        {
            if (!byId.TryGetValue(r.ResourceId, out var machine)) continue;
            var channels = policies.GetValueOrDefault(r.RequestedBy)?.NoticeChannels ?? [];
            if (channels.Count == 0) continue;
            await notifier.NotifyAsync(ActionExecutor.OwnerNotice(r, machine, at), cancellationToken).ConfigureAwait(false);
            sent++;
            console?.MarkupLineInterpolated($"[grey]owner notice ({ActionExecutor.ActionName(r.Kind)}) for {machine.Name} → {string.Join(", ", channels)}{(settings.Sink is null ? " (dry-run: pass --sink <dir|url> to see the cards)" : $" written to {settings.Sink}")}[/]");
        }
        return sent;
    }

    /// <summary>
    /// Audits the run's decisions (dry-run) in Table Storage for the dashboard's action log, and writes the recording's
    /// hourly GPU rollups and idle cost to the Function App's tables (<see cref="IdleRecordedCost"/>).
    /// </summary>
    private static async Task WriteStoreAsync(string? connection, Settings settings, IdleRunResult result, TelemetrySet telemetry, InventoryFile inventory,
        DateTimeOffset at, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        await using var store = await LedgerStore.OpenAsync(connection, Console.Error, cancellationToken).ConfigureAwait(false);
        var table = new Azure.Data.Tables.TableClient(store.ConnectionString, settings.AuditTable);
        await IdleAudit.WriteAsync(result, inventory.Machines, new TableActionAuditLog(table), new FixedTimeProvider(at), cancellationToken).ConfigureAwait(false);
        var lines = new List<string> { $"audit: {result.Decisions.Count} dry-run decisions written to table {settings.AuditTable} at {at.UtcDateTime:yyyy-MM-dd HH:mm}Z" };

        var options = IdleSettings.Complete(new IdleOptions(), Hosting.CliConfig.Load(settings.ConfigFile), allocationKeysGiven: false);
        var idle = await IdleRecordedCost.WriteAsync(telemetry, inventory.Machines, PriceCatalog ?? SnapshotPriceCatalog.Default, inventory,
            new Azure.Data.Tables.TableServiceClient(store.ConnectionString), options, cancellationToken).ConfigureAwait(false);
        if (idle is not null)
        {
            lines.Add($"rollups: {idle.Rollups} hourly GPU rollups written to table {options.RollupsTable}");
            // One line per allocation over the recording (the table holds the days), largest idle cost first.
            foreach (var g in idle.IdleCost.GroupBy(f => (Allocation: f.Allocation.ToString(), f.Currency))
                         .OrderByDescending(g => g.Sum(f => f.EffectiveCost)).ThenBy(g => g.Key.Allocation, StringComparer.Ordinal))
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"idle cost {g.Min(f => f.Day):yyyy-MM-dd}..{g.Max(f => f.Day):yyyy-MM-dd} {g.Key.Allocation}: {Money.WithCode(g.Sum(f => f.EffectiveCost), g.Key.Currency)} " +
                    $"for {g.Sum(f => f.GpuHours):#,0.##} idle GPU-hours on {g.Select(f => f.Day).Distinct().Count()} day(s)"));
            lines.Add($"idle cost: {idle.IdleCost.Count} facts written to table {options.IdleCostTable} (a view of direct GPU cost, not added to the ledger totals)");
        }
        if (store.StartedAzurite) lines.Add("(Azurite was started for this command only: what it wrote goes when it ends)");
        foreach (var line in lines)
        {
            if (console is not null) console.MarkupLineInterpolated($"[grey]{line}[/]");
            else await Console.Error.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    /// <summary>The price catalog used before the billing rate (set by the host when a catalog is available).</summary>
    public static IPriceCatalog? PriceCatalog { get; set; }

    public sealed record JsonDecision(string ResourceId, string Decision, IReadOnlyList<string> Reasons, decimal Coverage, int IdleMinutes,
        decimal? HourlyCost, string? Currency, string? Policy, bool DryRun,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonOutcome? Outcome = null);

    /// <summary>What the executor did (live mode with --execute only): acted, dryRun, skipped, retryLater or failed, and why.</summary>
    public sealed record JsonOutcome(string Status, string Reason);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = IdleJsonContext.Default,
    };

    public static string DecisionName(IdleDecisionKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The decisions in the format asked for: JSON or CSV to <paramref name="output"/>, else the table to <paramref name="console"/>.</summary>
    public static void WriteResult(Settings settings, IdleRunResult result, IAnsiConsole console, TextWriter output, IReadOnlyDictionary<string, ActionOutcome>? outcomes = null)
    {
        switch (settings.Output)
        {
            case OutputFormat.Json: WriteJson(result, output, outcomes); break;
            case OutputFormat.Csv: WriteCsv(result, output, outcomes); break;
            default: WriteTable(result, console, settings.Explain, outcomes); break;
        }
    }

    /// <summary>One CSV row per VM: the decision, coverage, idle minutes, $/hour and currency, reasons joined by " | ", the executor's outcome when it ran.</summary>
    public static void WriteCsv(IdleRunResult result, TextWriter output, IReadOnlyDictionary<string, ActionOutcome>? outcomes = null) =>
        CliOutput.WriteCsv(output,
            ["resourceId", "name", "policy", "decision", "dryRun", "coveragePercent", "idleMinutes", "hourlyCost", "currency", "outcome", "reasons"],
            result.Decisions.Select(d => (IReadOnlyList<string?>)[d.Machine.ResourceId, d.Machine.Name, d.Policy, DecisionName(d.Decision),
                d.DryRun ? "true" : "false", d.Window is null ? "" : CliOutput.Number(d.CoveragePercent), d.Window is null ? "" : CliOutput.Number(d.IdleMinutes),
                CliOutput.Number(d.HourlyCost), d.Price?.Currency,
                outcomes?.GetValueOrDefault(d.Machine.ResourceId) is { } o ? JsonNamingPolicy.CamelCase.ConvertName(o.Status.ToString()) : "",
                string.Join(" | ", d.Reasons)]));

    public static void WriteJson(IdleRunResult result, TextWriter output, IReadOnlyDictionary<string, ActionOutcome>? outcomes = null)
    {
        var items = result.Decisions.Select(d => new JsonDecision(d.Machine.ResourceId, DecisionName(d.Decision), d.Reasons,
            d.CoveragePercent, d.IdleMinutes, d.HourlyCost, d.Price?.Currency, d.Policy, d.DryRun,
            outcomes?.GetValueOrDefault(d.Machine.ResourceId) is { } o ? new JsonOutcome(JsonNamingPolicy.CamelCase.ConvertName(o.Status.ToString()), o.Reason) : null)).ToList();
        output.WriteLine(JsonSerializer.Serialize(items, s_json.Of<List<JsonDecision>>()));
    }

    /// <summary>The decisions table; <paramref name="outcomes"/> (by resource id) when --execute ran the executor.</summary>
    public static void WriteTable(IdleRunResult result, IAnsiConsole console, bool explain, IReadOnlyDictionary<string, ActionOutcome>? outcomes = null)
    {
        console.MarkupLineInterpolated($"Idle evaluation at [bold]{result.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z[/] ({result.Decisions.Count} machines)");
        console.WriteWhole(DecisionsTable(result));
        WriteReasons(result, console, explain, outcomes);
        WriteOutcome(result, console, outcomes);
        if (explain) WriteWindows(result, console);
    }

    /// <summary>One row per machine: its policy, the decision (coloured, dry-run marked), coverage, idle minutes and hourly cost.</summary>
    private static Table DecisionsTable(IdleRunResult result)
    {
        var table = new Table().AddColumns("VM", "Policy", "Decision", "Coverage", "Idle min", "Cost / hour").Numbers(3, 4, 5);
        foreach (var d in result.Decisions)
        {
            var color = d.Decision switch
            {
                IdleDecisionKind.Deallocate => "red",
                IdleDecisionKind.Mark => "yellow",
                IdleDecisionKind.Notify => "blue",
                _ => "grey",
            };
            table.AddRow(
                new Text(d.Machine.Name),
                new Text(d.Policy ?? "-"),
                new Markup($"[{color}]{DecisionName(d.Decision)}[/]{(d.DryRun && d.Decision != IdleDecisionKind.Skip ? " (dry-run)" : "")}"),
                new Text(d.Window is null ? "-" : $"{d.CoveragePercent:0.#}%"),
                new Text(d.Window is null ? "-" : d.IdleMinutes.ToString(CultureInfo.InvariantCulture)),
                new Text(d.HourlyCost is { } c ? Money.HourlyRate(c, d.Price?.Currency ?? "") : "-"));
        }
        return table;
    }

    /// <summary>Each machine's decision and its reasons (the first three unless --explain), with the executor's outcome.</summary>
    private static void WriteReasons(IdleRunResult result, IAnsiConsole console, bool explain, IReadOnlyDictionary<string, ActionOutcome>? outcomes)
    {
        foreach (var d in result.Decisions)
        {
            console.MarkupLineInterpolated($"[bold]{d.Machine.Name}[/] → {DecisionName(d.Decision)}");
            foreach (var reason in d.Reasons.Take(explain ? int.MaxValue : 3)) console.WriteLine($"    {reason}");
            if (outcomes?.GetValueOrDefault(d.Machine.ResourceId) is { } o)
                console.MarkupLineInterpolated($"    executor: [bold]{o.Status}[/] — {o.Reason}");
        }
    }

    /// <summary>What the deallocations would save per hour, per currency (never added across currencies), or what the executor did.</summary>
    private static void WriteOutcome(IdleRunResult result, IAnsiConsole console, IReadOnlyDictionary<string, ActionOutcome>? outcomes)
    {
        if (outcomes is null)
        {
            var savings = result.Decisions.Where(d => d.Decision == IdleDecisionKind.Deallocate && d.HourlyCost is not null)
                .GroupBy(d => d.Price?.Currency ?? "").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Money.HourlyRate(g.Sum(d => d.HourlyCost!.Value), g.Key)).ToList();
            // A deallocation without a price saves an unknown amount, never nothing.
            var unpriced = result.Decisions.Count(d => d.Decision == IdleDecisionKind.Deallocate && d.HourlyCost is null);
            var saving = savings.Count == 0 && unpriced == 0 ? "nothing" : string.Join(" + ", savings);
            if (unpriced > 0) saving += $"{(savings.Count > 0 ? " + " : "")}an unknown amount ({unpriced} unpriced)";
            console.MarkupLineInterpolated($"Deallocations would save [bold]{saving}[/]. Dry-run: nothing was changed.");
            return;
        }
        int Count(ActionOutcomeStatus status) => outcomes.Values.Count(o => o.Status == status);
        console.MarkupLineInterpolated($"Executed: [bold]{Count(ActionOutcomeStatus.Acted)}[/] action(s) taken, {Count(ActionOutcomeStatus.DryRun)} dry-run, {Count(ActionOutcomeStatus.Skipped)} skipped by the executor, {Count(ActionOutcomeStatus.RetryLater)} to retry later, {Count(ActionOutcomeStatus.Failed)} failed.");
    }

    /// <summary>--explain: each judged machine's window, GPU by GPU (coverage, samples, signal, peaks, idle minutes), and its host.</summary>
    private static void WriteWindows(IdleRunResult result, IAnsiConsole console)
    {
        foreach (var d in result.Decisions.Where(d => d.Window is not null))
        {
            var w = d.Window!;
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{d.Machine.Name}[/] ({d.Machine.VmSize}, {w.ExpectedGpus} GPUs expected, {w.Gpus.FirstOrDefault()?.Model ?? "no GPU seen"}) window {w.WindowStart.UtcDateTime:HH:mm}–{w.WindowEnd.UtcDateTime:HH:mm}Z");
            var gpus = new Table().AddColumns("GPU", "Coverage", "Samples", "Signal", "Max work %", "Max memory %", "Idle min", "Newest").Numbers(1, 2, 4, 5, 6);
            foreach (var g in w.Gpus)
                gpus.AddRow(g.GpuId, $"{g.CoveragePercent:0.#}% ({g.KnownSlots}/{g.Slots})", g.Samples.ToString(CultureInfo.InvariantCulture),
                    g.Signal, Fmt(g.MaxWorkPercent), Fmt(g.MaxMemoryPercent), g.IdleMinutes.ToString(CultureInfo.InvariantCulture),
                    g.LastSample is { } l ? $"{l.UtcDateTime:HH:mm:ss}Z" : "-");
            console.WriteWhole(gpus);
            if (w.MaxCpuPercent is not null || w.MaxNetworkMbps is not null)
                console.MarkupLineInterpolated($"host: max CPU {Fmt(w.MaxCpuPercent)}%, max network {Fmt(w.MaxNetworkMbps)} Mbit/s");
        }
    }

    /// <summary>Recorded telemetry is judged as of a fixed instant.</summary>
    internal sealed class FixedTimeProvider(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private static string Fmt(decimal? v) => v is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "unknown";
}

/// <summary>Source-generated metadata of <c>idle --json</c>.</summary>
[JsonSerializable(typeof(List<IdleCommand.JsonDecision>))]
internal sealed partial class IdleJsonContext : JsonSerializerContext;
