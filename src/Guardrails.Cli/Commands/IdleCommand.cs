using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Policies;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Notifications;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Commands;

/// <summary>
/// <c>guardrails idle</c>: the idle decision per GPU machine and its reasons, in dry-run. With --telemetry it
/// evaluates recorded files (nvidia-smi CSV, Prometheus text, query_range JSON) against an inventory file, without
/// Azure.
/// </summary>
public sealed class IdleCommand : AsyncCommand<IdleCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("guardrails.yaml with a policies: section (default: ./guardrails.yaml).")]
        public string Config { get; init; } = "guardrails.yaml";

        [CommandOption("-t|--telemetry <PATH>")]
        [Description("Recorded telemetry: a file or a folder (*.csv nvidia-smi, *.json query_range, *.prom exposition).")]
        public string? Telemetry { get; init; }

        [CommandOption("-i|--inventory <FILE>")]
        [Description("Machines for recorded telemetry (default: inventory.yaml beside the telemetry).")]
        public string? Inventory { get; init; }

        [CommandOption("--at <TIME>")]
        [Description("Evaluate as of this UTC time (default: the newest recorded sample).")]
        public string? At { get; init; }

        [CommandOption("--explain")]
        [Description("Show the window, coverage and signal per GPU.")]
        public bool Explain { get; init; }

        [CommandOption("--sink <DIR|URL>")]
        [Description("Write the owner cards that marks and notices would send (one file per notice and channel) to a directory, or POST them to a URL.")]
        public string? Sink { get; init; }

        [CommandOption("--json")]
        [Description("Print a JSON array of {resourceId, decision, reasons, coverage, idleMinutes, hourlyCost}.")]
        public bool Json { get; init; }

        [CommandOption("--store [CONNECTION]")]
        [Description("Write the (dry-run) decisions to the audit table the dashboard's action log reads; no value = Azurite (UseDevelopmentStorage=true).")]
        public FlagValue<string>? Store { get; init; }

        [CommandOption("--audit-table <NAME>")]
        [Description("Audit table for --store (default guardrailsaudit, the Function App's Idle__AuditTable).")]
        public string AuditTable { get; init; } = TableActionAuditLog.DefaultTableName;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        await RunAsync(settings, AnsiConsole.Console, Console.Out, cancellationToken).ConfigureAwait(false);

    /// <summary>The command's work, writing tables to <paramref name="console"/> and JSON to <paramref name="jsonOut"/>.</summary>
    public static async Task<int> RunAsync(Settings settings, IAnsiConsole console, TextWriter jsonOut, CancellationToken cancellationToken = default)
    {
        try
        {
            if (settings.Telemetry is null)
            {
                console.MarkupLine("[red]Live evaluation runs in the Function App (EvaluateIdle). Locally, pass --telemetry <file|folder> with recorded telemetry.[/]");
                return 2;
            }
            var policies = IdlePolicyFile.Load(settings.Config);
            if (policies.Count == 0) throw new ConfigException([new ConfigError(settings.Config, null, "policies", "no idle policies defined.")]);
            var telemetry = TelemetryFiles.Read(settings.Telemetry);
            var inventoryPath = settings.Inventory ?? Path.Combine(Directory.Exists(settings.Telemetry) ? settings.Telemetry : Path.GetDirectoryName(Path.GetFullPath(settings.Telemetry))!, "inventory.yaml");
            var inventory = InventoryFile.Load(inventoryPath);
            var at = settings.At is { } text
                ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : TelemetryFiles.Newest(telemetry) ?? throw new InvalidOperationException("the recorded telemetry has no readings.");
            var engine = new IdlePolicyEngine(VmSkuCatalog.Default, PriceCatalog ?? SnapshotPriceCatalog.Default, new FixedTimeProvider(at), inventory);
            var result = await engine.EvaluateAsync(policies, inventory.Machines, telemetry, cancellationToken).ConfigureAwait(false);
            if (settings.Json) WriteJson(result, jsonOut);
            else WriteTable(result, console, settings.Explain);
            await PreviewNoticesAsync(settings, result, inventory.Machines, at, settings.Json ? null : console, cancellationToken).ConfigureAwait(false);
            if (settings.Store is { IsSet: true } store)
                await WriteAuditAsync(store.Value, settings.AuditTable, result, inventory.Machines, at, settings.Json ? null : console, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is ConfigException or TelemetryFormatException or FileNotFoundException or DirectoryNotFoundException or FormatException
                                       or Azure.RequestFailedException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Dry-run preview of the owner cards: for every mark/notify decision of a policy with channels, lists who would be
    /// told where, and with --sink writes (or POSTs) the exact Teams/Slack payloads. Nothing is tagged or deallocated.
    /// </summary>
    public static async Task<int> PreviewNoticesAsync(Settings settings, IdleRunResult result, IReadOnlyList<ComputeMachine> machines, DateTimeOffset at,
        IAnsiConsole? console, CancellationToken cancellationToken)
    {
        var config = GuardrailsConfigLoader.Load(settings.Config);
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

    /// <summary>Audits the run's decisions (dry-run) in Table Storage for the dashboard's action log.</summary>
    private static async Task WriteAuditAsync(string? connection, string tableName, IdleRunResult result, IReadOnlyList<ComputeMachine> machines,
        DateTimeOffset at, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        await using var store = await LedgerStore.OpenAsync(connection, Console.Error, cancellationToken).ConfigureAwait(false);
        var table = new Azure.Data.Tables.TableClient(store.ConnectionString, tableName);
        await IdleAudit.WriteAsync(result, machines, new TableActionAuditLog(table), new FixedTimeProvider(at), cancellationToken).ConfigureAwait(false);
        var message = $"audit: {result.Decisions.Count} dry-run decisions written to table {tableName} at {at.UtcDateTime:yyyy-MM-dd HH:mm}Z"
            + (store.StartedAzurite ? " (Azurite was started for this command only: they go when it ends)" : "");
        if (console is not null) console.MarkupLineInterpolated($"[grey]{message}[/]");
        else await Console.Error.WriteLineAsync(message).ConfigureAwait(false);
    }

    /// <summary>The price catalog used before the billing rate (set by the host when a catalog is available).</summary>
    public static IPriceCatalog? PriceCatalog { get; set; }

    public sealed record JsonDecision(string ResourceId, string Decision, IReadOnlyList<string> Reasons, decimal Coverage, int IdleMinutes,
        decimal? HourlyCost, string? Currency, string? Policy, bool DryRun);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string DecisionName(IdleDecisionKind kind) => kind.ToString().ToLowerInvariant();

    public static void WriteJson(IdleRunResult result, TextWriter output)
    {
        var items = result.Decisions.Select(d => new JsonDecision(d.Machine.ResourceId, DecisionName(d.Decision), d.Reasons,
            d.CoveragePercent, d.IdleMinutes, d.HourlyCost, d.Price?.Currency, d.Policy, d.DryRun)).ToList();
        output.WriteLine(JsonSerializer.Serialize(items, s_json));
    }

    public static void WriteTable(IdleRunResult result, IAnsiConsole console, bool explain)
    {
        console.MarkupLineInterpolated($"Idle evaluation at [bold]{result.EvaluatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z[/] ({result.Decisions.Count} machines)");
        var table = new Table().AddColumns("VM", "Policy", "Decision", "Coverage", "Idle min", "$/hour");
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
                new Text(d.HourlyCost is { } c ? c.ToString("0.00", CultureInfo.InvariantCulture) : "-"));
        }
        console.Write(table);
        foreach (var d in result.Decisions)
        {
            console.MarkupLineInterpolated($"[bold]{d.Machine.Name}[/] → {DecisionName(d.Decision)}");
            foreach (var reason in d.Reasons.Take(explain ? int.MaxValue : 3)) console.WriteLine($"    {reason}");
        }
        var savings = result.Decisions.Where(d => d.Decision == IdleDecisionKind.Deallocate).Sum(d => d.HourlyCost ?? 0m);
        console.MarkupLineInterpolated($"Deallocations would save [bold]{savings:0.00}[/]/hour. Dry-run: nothing was changed.");
        if (!explain) return;
        foreach (var d in result.Decisions.Where(d => d.Window is not null))
        {
            var w = d.Window!;
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{d.Machine.Name}[/] ({d.Machine.VmSize}, {w.ExpectedGpus} GPUs expected, {w.Gpus.FirstOrDefault()?.Model ?? "no GPU seen"}) window {w.WindowStart.UtcDateTime:HH:mm}–{w.WindowEnd.UtcDateTime:HH:mm}Z");
            var gpus = new Table().AddColumns("GPU", "Coverage", "Samples", "Signal", "Max work %", "Max memory %", "Idle min", "Newest");
            foreach (var g in w.Gpus)
                gpus.AddRow(g.GpuId, $"{g.CoveragePercent:0.#}% ({g.KnownSlots}/{g.Slots})", g.Samples.ToString(CultureInfo.InvariantCulture),
                    g.Signal, Fmt(g.MaxWorkPercent), Fmt(g.MaxMemoryPercent), g.IdleMinutes.ToString(CultureInfo.InvariantCulture),
                    g.LastSample is { } l ? $"{l.UtcDateTime:HH:mm:ss}Z" : "-");
            console.Write(gpus);
            if (w.MaxCpuPercent is not null || w.MaxNetworkMbps is not null)
                console.MarkupLineInterpolated($"host: max CPU {Fmt(w.MaxCpuPercent)}%, max network {Fmt(w.MaxNetworkMbps)} Mbit/s");
        }
    }

    /// <summary>Recorded telemetry is judged as of a fixed instant.</summary>
    private sealed class FixedTimeProvider(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private static string Fmt(decimal? v) => v is { } d ? d.ToString("0.##", CultureInfo.InvariantCulture) : "unknown";
}
