using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Cli.Commands.Idle;
using Guardrails.Cli.Hosting;
using Guardrails.Core.Actions;
using Guardrails.Core.Billing;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.RightSizing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.RightSizing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Commands.Rightsize;

/// <summary>
/// <c>guardrails rightsize</c>: per GPU VM, the cheapest size that fits what its GPUs did over the window (default 14
/// days, <c>rightsizing:</c> in guardrails.yaml), with the evidence, the monthly saving, or the reasons none is made.
/// Recorded telemetry (--telemetry) against an inventory file; recommendations only, nothing is ever changed.
/// </summary>
public sealed class RightsizeCommand : AsyncCommand<RightsizeCommand.Settings>
{
    public sealed class Settings : RecordedTelemetrySettings
    {
        [CommandOption("-s|--store <CONNECTION>")]
        [Description("Evaluate again from the telemetry rollups the Function App stored and store the verdicts, as RightSizeGpuVms does (a storage connection string; \"UseDevelopmentStorage=true\" for Azurite). VMs: the idle scopes (Idle__Scopes), or --inventory.")]
        public string? Store { get; init; }

        [CommandOption("--checkpoints [EXPORT]")]
        [Description("Checkpoint storage instead of VMs: a cost export file or folder (CSV, CSV.gz, Parquet), or with --store and no value the ledger's storage-tier rows; storage cost by access tier of the accounts rightsizing.checkpoints names, and what Cool/Cold/Archive would cost for old Hot data.")]
        public FlagValue<string>? Checkpoints { get; init; }

        [CommandOption("--stored-only")]
        [Description("With --store: print the verdicts RightSizeGpuVms stored, without evaluating again.")]
        public bool StoredOnly { get; init; }

        [CommandOption("-w|--window <DURATION>")]
        [Description("How far back to look (e.g. 14d, 7d; default: rightsizing.window, 14d).")]
        public string? Window { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        await RunAsync(settings, AnsiConsole.Console, Console.Out, cancellationToken).ConfigureAwait(false);

    /// <param name="stderr">Where `error: …` goes (default: standard error): exit 2 for usage, 1 for what cannot be read.</param>
    public static async Task<int> RunAsync(Settings settings, IAnsiConsole console, TextWriter jsonOut, CancellationToken cancellationToken = default,
        TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        var checkpoints = settings.Checkpoints is { IsSet: true };
        var checkpointExport = checkpoints && !string.IsNullOrWhiteSpace(settings.Checkpoints!.Value) ? settings.Checkpoints.Value : null;
        if (UsageProblem(settings, checkpoints, checkpointExport) is { } problem)
        {
            await stderr.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
            return GuardrailsApp.ExitUsageError;
        }
        try
        {
            var config = CliConfig.LoadOrDefault(settings.Config);
            if (checkpointExport is { } export)
                return await RightsizeCheckpoints.RunAsync(export, config, settings.At, CliOutput.Resolve(settings.Format, settings.Json), console, jsonOut,
                    cancellationToken).ConfigureAwait(false);
            if (checkpoints)
                return await RightsizeCheckpoints.RunFromStoreAsync(settings.Store!, config, settings.At, CliOutput.Resolve(settings.Format, settings.Json), console,
                    jsonOut, stderr, cancellationToken).ConfigureAwait(false);
            if (settings.Store is { } store)
                return await FromStoreAsync(store, config, settings, console, jsonOut, cancellationToken).ConfigureAwait(false);
            await WriteFromRecordingsAsync(config, settings, console, jsonOut, cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (ConfigException e)
        {
            return CliConfig.Fail(e, stderr);
        }
        catch (Exception e) when (e is TelemetryFormatException or FileNotFoundException or DirectoryNotFoundException or FormatException or UnauthorizedAccessException
            or Azure.RequestFailedException or InvalidDataException or CostExportException)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return GuardrailsApp.ExitRuntimeError;
        }
    }

    /// <summary>Why the options cannot be used together (one source: --telemetry, --store or --checkpoints; a window of a day or more), or null.</summary>
    private static string? UsageProblem(Settings settings, bool checkpoints, string? checkpointExport)
    {
        if (new[] { settings.Telemetry, settings.Store, checkpointExport }.Count(s => s is not null) != 1 || (checkpoints && checkpointExport is null && settings.Store is null))
            return "give exactly one of --telemetry <DIR> (recorded telemetry), --store <CONNECTION> (the stored " +
                "recommendations; with --checkpoints, checkpoint storage from the ledger) or --checkpoints <EXPORT> (checkpoint storage from a cost export).";
        if (settings.Window is { } w && !(ConfigDuration.TryParse(w, out var t) && t >= TimeSpan.FromDays(1)))
            return $"--window '{w}' is not a duration of at least one day (e.g. 14d).";
        return null;
    }

    /// <summary>--telemetry: each machine's verdict from the recorded files, as a table, JSON or CSV.</summary>
    private static async Task WriteFromRecordingsAsync(GuardrailsConfig config, Settings settings, IAnsiConsole console, TextWriter jsonOut,
        CancellationToken cancellationToken)
    {
        TimeSpan? window = settings.Window is { } text ? ConfigDuration.Parse(text) : null;
        DateTimeOffset? at = settings.At is { } atText ? DateTimeOffset.Parse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
        var (results, criteria, end) = await RecommendFromRecordingsAsync(config, settings.Telemetry!, settings.Inventory, window, at, cancellationToken)
            .ConfigureAwait(false);
        switch (CliOutput.Resolve(settings.Format, settings.Json))
        {
            case OutputFormat.Json: WriteJson(results, jsonOut); break;
            case OutputFormat.Csv: WriteCsv(results, jsonOut); break;
            default: WriteTable(results, criteria, end, console); break;
        }
    }

    /// <summary>
    /// Each inventory machine's verdict from recorded telemetry over the window ending at <paramref name="at"/> (default:
    /// the newest reading): what `rightsize --telemetry` prints and the local dashboard's right-sizing panel shows.
    /// </summary>
    /// <param name="inventoryPath">Default: inventory.yaml beside the telemetry.</param>
    public static async Task<(IReadOnlyList<RightSizingRecommendation> Results, RightSizingCriteria Criteria, DateTimeOffset End)> RecommendFromRecordingsAsync(
        GuardrailsConfig config, string telemetryPath, string? inventoryPath, TimeSpan? window, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var criteria = RightSizingCriteria.From(config.RightSizing, window);
        var telemetry = TelemetryFiles.Read(telemetryPath);
        foreach (var problem in telemetry.Quarantined)
            await Console.Error.WriteLineAsync("warning: quarantined: " + problem).ConfigureAwait(false);
        var inventory = InventoryFile.LoadGivenOrBeside(inventoryPath, telemetryPath);
        var end = at ?? TelemetryFiles.Newest(telemetry) ?? throw new FormatException("the recorded telemetry has no readings.");
        var engine = new RightSizingEngine(VmSkuCatalog.Default, SnapshotPriceCatalog.Default, criteria);
        var results = new List<RightSizingRecommendation>();
        foreach (var machine in inventory.Machines)
        {
            var host = IdlePolicyEngine.FindHost(telemetry, machine);
            var rollups = GpuUsageProfile.Rollups(host, criteria, end - criteria.Window, end);
            results.Add(await engine.RecommendAsync(machine, rollups, end, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        return (results, criteria, end);
    }

    /// <summary>
    /// Re-evaluates through the Function App's own registration (<c>AddIdle</c>, <c>AddLedger</c>, <c>AddRightSizing</c>) over
    /// the given storage connection: the GPU VMs of the idle scopes (ARM, <c>Idle__Scopes</c>; or the --inventory file), each
    /// sized from the hourly rollups the collector stored, priced at the ledger's billed hours when it has them. The verdicts
    /// replace the stored ones and rows of VMs that left the scopes are deleted, as <c>RightSizeGpuVms</c> does. With
    /// --stored-only, the stored verdicts are printed and nothing is evaluated.
    /// </summary>
    private static async Task<int> FromStoreAsync(string connection, GuardrailsConfig config, Settings settings, IAnsiConsole console, TextWriter jsonOut,
        CancellationToken cancellationToken)
    {
        if (settings.Window is { } w)
            config.RightSizing.Window = ConfigDuration.TryParse(w, out var t) && t >= TimeSpan.FromDays(1) ? w
                : throw new FormatException($"--window '{w}' is not a duration of at least one day (e.g. 14d).");
        var at = settings.At is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : (DateTimeOffset?)null;
        var inventory = settings.Inventory is { } path ? new IdleAudit.RecordedInventory(InventoryFile.Load(path).Machines) : null;
        await using var services = CliComposition.Build(config, CliComposition.Settings(CliComposition.StoreSettings(connection)),
            at is { } now ? new FixedTime(now) : null,
            s =>
            {
                if (inventory is null) return;
                s.AddSingleton<IComputeInventory>(inventory);
                s.AddSingleton<IComputeActions>(inventory);
            },
            IdleRegistration.AddIdle, LedgerRegistration.AddLedger, RightSizingRegistration.AddRightSizing);
        var results = settings.StoredOnly
            ? await services.GetRequiredService<IRightSizingStore>().GetLatestAsync(cancellationToken).ConfigureAwait(false)
            : await services.GetRequiredService<RightSizeStage>().RunAsync(cancellationToken).ConfigureAwait(false);
        var ordered = results.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        switch (CliOutput.Resolve(settings.Format, settings.Json))
        {
            case OutputFormat.Json: WriteJson(ordered, jsonOut); break;
            case OutputFormat.Csv: WriteCsv(ordered, jsonOut); break;
            default:
                if (ordered.Count == 0) console.MarkupLine(settings.StoredOnly ? "No stored right-sizing recommendations (has RightSizeGpuVms run?)." : "No GPU VMs in the scopes.");
                else WriteTable(ordered, RightSizingCriteria.From(config.RightSizing), ordered.Max(r => r.Evidence?.WindowEnd ?? DateTimeOffset.MinValue), console);
                break;
        }
        return 0;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>One line of the JSON output.</summary>
    public sealed record JsonRecommendation(string ResourceId, string CurrentSize, string? RecommendedSize, string? RecommendedPriority,
        string? Kind, decimal? MonthlySavings, string? Currency, string Confidence, IReadOnlyList<string> Reasons, GpuUsageEvidence? Evidence);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = RightsizeJsonContext.Default,
    };

    public static void WriteJson(IReadOnlyList<RightSizingRecommendation> results, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(results.Select(r => new JsonRecommendation(r.ResourceId, r.CurrentSize, r.RecommendedSize,
            r.RecommendedPriority, r.Kind, r.MonthlySavings, r.Currency, r.Confidence, r.Reasons, r.Evidence)).ToList(), s_json.Of<List<JsonRecommendation>>()));

    /// <summary>One CSV row per VM (most saving first, as the table): sizes, saving and the evidence's figures; reasons joined by " | ".</summary>
    public static void WriteCsv(IReadOnlyList<RightSizingRecommendation> results, TextWriter output) =>
        CliOutput.WriteCsv(output,
            ["resourceId", "name", "currentSize", "recommendedSize", "recommendedPriority", "kind", "monthlySavings", "currency", "confidence",
                "coveragePercent", "gpusUsed", "gpus", "peakMemoryGiB", "busyPercent", "reasons"],
            Ordered(results).Select(r => (IReadOnlyList<string?>)[r.ResourceId, r.Name, r.CurrentSize, r.RecommendedSize, r.RecommendedPriority, r.Kind,
                CliOutput.Number(r.MonthlySavings), r.Currency, r.Confidence, CliOutput.Number(r.Evidence?.CoveragePercent),
                CliOutput.Number(r.Evidence?.GpusUsed), CliOutput.Number(r.Evidence?.Gpus), CliOutput.Number(r.Evidence?.PeakMemoryGiB),
                CliOutput.Number(r.Evidence?.BusyPercent), string.Join(" | ", r.Reasons)]));

    /// <summary>A VM size as the table shows it: without the <c>Standard_</c> prefix every Azure GPU size carries.</summary>
    private static string Short(string size) => size.StartsWith("Standard_", StringComparison.OrdinalIgnoreCase) ? size["Standard_".Length..] : size;

    private static IEnumerable<RightSizingRecommendation> Ordered(IReadOnlyList<RightSizingRecommendation> results) =>
        results.OrderByDescending(r => r.MonthlySavings ?? -1m).ThenBy(r => r.Name, StringComparer.Ordinal);

    /// <summary>
    /// One row per VM with the figures (sizes without their <c>Standard_</c> prefix, numbers right-aligned and never split),
    /// then each VM's verdict and reasons as prose wrapped at <see cref="CliConsole.ProseWidth"/>: the whole reads at 120
    /// columns, and nothing is cut when a terminal is narrower.
    /// </summary>
    public static void WriteTable(IReadOnlyList<RightSizingRecommendation> results, RightSizingCriteria criteria, DateTimeOffset end, IAnsiConsole console)
    {
        var width = CliConsole.ProseWidth(console);
        console.MarkupLineInterpolated($"Right-sizing over [bold]{criteria.Window.TotalDays:0.#} days[/] to {end.UtcDateTime:yyyy-MM-dd HH:mm}Z ({results.Count} VMs; recommendations only)");
        var table = new Table().AddColumns("VM", "Size", "Recommended", "Coverage", "GPUs", "Peak GiB", "Busy %", "Saving / month")
            .Numbers(3, 4, 5, 6, 7).Keep(0, 1, 2);
        foreach (var r in Ordered(results))
        {
            var e = r.Evidence;
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(Short(r.CurrentSize)),
                r.RecommendedSize is null ? "[grey]none[/]" : Markup.Escape(Short(r.RecommendedSize) + (r.RecommendedPriority == "spot" ? " (Spot)" : "")),
                e is null ? "—" : $"{e.CoveragePercent.ToString("0.#", CultureInfo.InvariantCulture)}%",
                e is null ? "—" : $"{e.GpusUsed}/{e.Gpus}",
                e?.PeakMemoryGiB is { } p ? p.ToString("0.#", CultureInfo.InvariantCulture) : "—",
                e is null ? "—" : e.BusyPercent.ToString("0.#", CultureInfo.InvariantCulture),
                r.MonthlySavings is { } s ? Money.WithCode(s, r.Currency ?? "") : "—");
        }
        console.WriteWhole(table);
        foreach (var r in Ordered(results))
        {
            var verdict = r.RecommendedSize is null ? $"keeps {r.CurrentSize}"
                : $"{r.CurrentSize} → {r.RecommendedSize}{(r.RecommendedPriority == "spot" ? " (Spot)" : "")}, {r.Confidence} confidence";
            foreach (var line in CliConsole.Wrap($"{r.Name}: {verdict}. Why: {string.Join(" | ", r.Reasons)}", width, "  "))
                console.WriteLine(line);
        }
        var totals = results.Where(r => r.MonthlySavings is not null).GroupBy(r => r.Currency ?? "");
        foreach (var g in totals)
            console.MarkupLineInterpolated($"Total saving: [bold]{Money.WithCode(g.Sum(r => r.MonthlySavings!.Value), g.Key)}[/] per month at the VMs' hours");
    }
}

/// <summary>Source-generated metadata of <c>rightsize --json</c>: the VMs' recommendations and the checkpoint storage findings.</summary>
[JsonSerializable(typeof(List<RightsizeCommand.JsonRecommendation>))]
[JsonSerializable(typeof(IReadOnlyList<CheckpointStorageFinding>))]
internal sealed partial class RightsizeJsonContext : JsonSerializerContext;
