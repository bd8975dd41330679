using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Billing;
using Guardrails.Core.Common;
using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Cli.Commands.Rightsize;

/// <summary>
/// <c>guardrails rightsize --checkpoints EXPORT</c>: the checkpoint storage accounts of a cost export (a tag or a name
/// pattern of <c>rightsizing.checkpoints</c>), their cost by access tier, and what Cool/Cold/Archive would cost for the
/// Hot data kept longer than <c>maxHotAge</c>; with <c>--store</c>, the same from the ledger's storage-tier rows.
/// Recommendations only: no blob is moved.
/// </summary>
public static class RightsizeCheckpoints
{
    private static readonly string[] s_extensions = [".csv", ".csv.gz", ".parquet"];

    public static async Task<int> RunAsync(string path, GuardrailsConfig config, string? at, OutputFormat format, IAnsiConsole console, TextWriter output,
        CancellationToken cancellationToken)
    {
        var checkpoints = config.RightSizing.Checkpoints;
        var analyzer = new CheckpointStorageAnalyzer(checkpoints, new StoragePriceTable(checkpoints), config.RightSizing.TeamTag);
        var reader = new CostExportReader();
        long rejected = 0;
        foreach (var file in Files(path))
        {
            var summary = await reader.ReadAsync(IngestSource.FromFile(file), new CostReadOptions(), analyzer, cancellationToken).ConfigureAwait(false);
            rejected += summary.RowsRejected;
        }
        if (rejected > 0)
            await Console.Error.WriteLineAsync($"warning: {rejected} row(s) of the export were rejected (guardrails ingest lists them with file, line and field); their cost is not in this view")
                .ConfigureAwait(false);
        Write(analyzer.Findings(Day(at)), format, checkpoints, console, output);
        return 0;
    }

    /// <summary>
    /// <c>guardrails rightsize --store CONNECTION --checkpoints</c>: the same findings from the ledger's storage-tier rows
    /// (<see cref="CheckpointStorageReview"/>) through the Function App's ledger registration, up to --at or the last day the
    /// ledger has storage rows for. A current run ingested before the ledger kept those rows is named on stderr: its
    /// storage is unknown, not zero.
    /// </summary>
    public static async Task<int> RunFromStoreAsync(string connection, GuardrailsConfig config, string? at, OutputFormat format, IAnsiConsole console,
        TextWriter output, TextWriter stderr, CancellationToken cancellationToken, LedgerTableNames? tables = null)
    {
        await using var services = CliComposition.Build(config, CliComposition.Settings(CliComposition.StoreSettings(connection, tables)), null, _ => { },
            LedgerRegistration.AddLedger);
        var ledger = services.GetRequiredService<TableLedgerStore>();
        var report = await new CheckpointStorageReview(ledger, ledger).ReviewAsync(config.RightSizing, Day(at), cancellationToken).ConfigureAwait(false);
        foreach (var run in report.RunsWithoutStorageRows)
            await stderr.WriteLineAsync($"warning: run {run} was ingested before the ledger kept storage-tier rows: its checkpoint storage is unknown (not zero); ingest the export again").ConfigureAwait(false);
        if (report.End is null && format == OutputFormat.Table)
            await stderr.WriteLineAsync("warning: the ledger has no storage-tier rows (no completed export run with storage accounts)").ConfigureAwait(false);
        Write(report.Findings, format, config.RightSizing.Checkpoints, console, output);
        return 0;
    }

    private static DateOnly? Day(string? at) => at is null ? null
        : DateOnly.TryParse(at.Length >= 10 ? at[..10] : at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new FormatException($"--at '{at}' is not a date (yyyy-MM-dd).");

    private static void Write(IReadOnlyList<CheckpointStorageFinding> findings, OutputFormat format, CheckpointStorageConfig checkpoints, IAnsiConsole console,
        TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(findings, output); break;
            case OutputFormat.Csv: WriteCsv(findings, output); break;
            default: WriteTable(findings, checkpoints, console); break;
        }
    }

    private static List<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"--checkpoints: no file or folder '{path}'.");
        var files = InputFolder.Files(path)
            .Where(f => s_extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new FileNotFoundException($"--checkpoints: no .csv, .csv.gz or .parquet files in folder '{path}'.");
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter<StorageTier>(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = RightsizeJsonContext.Default,
    };

    /// <summary>The findings as a JSON array (every field of <see cref="CheckpointStorageFinding"/>; tiers as "hot", "cool", …).</summary>
    public static void WriteJson(IReadOnlyList<CheckpointStorageFinding> findings, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(findings, s_json.Of<IReadOnlyList<CheckpointStorageFinding>>()));

    /// <summary>One CSV row per account: Hot volume and its old share, the recommended tier and saving, the price source, reasons joined by " | ".</summary>
    public static void WriteCsv(IReadOnlyList<CheckpointStorageFinding> findings, TextWriter output) =>
        CliOutput.WriteCsv(output,
            ["resourceId", "name", "team", "matchedBy", "status", "hotGb", "hotGbOlderThanAge", "maxHotAgeDays", "hotPricePerGbMonth", "hotMonthlyCostOfOldData",
                "recommendedTier", "monthlySavings", "currency", "storageCostByTier", "otherCost", "priceSource", "reasons"],
            findings.Select(f => (IReadOnlyList<string?>)[f.ResourceId, f.Name, f.Team, f.MatchedBy, f.Status, CliOutput.Number(f.HotGb),
                CliOutput.Number(f.HotGbOlderThanAge), CliOutput.Number(f.MaxHotAgeDays), CliOutput.Number(f.HotPricePerGbMonth),
                CliOutput.Number(f.HotMonthlyCostOfOldData), f.RecommendedTier?.ToString().ToLowerInvariant(), CliOutput.Number(f.MonthlySavings), f.Currency,
                string.Join(" | ", f.Tiers.Select(t => $"{t.Tier.ToString().ToLowerInvariant()}={CliOutput.Number(t.Cost)}")), CliOutput.Number(f.OtherCost),
                f.PriceSource, string.Join(" | ", f.Reasons)]));

    /// <summary>
    /// Per account: a line with what it holds, the Hot data's tiers side by side (cost of the old data, saving, minimum
    /// days, one read back; numbers never wrap), then why, as prose wrapped at <see cref="CliConsole.ProseWidth"/>: the
    /// block reads at 120 columns whatever the console's width (a file or CI log is unbounded).
    /// </summary>
    public static void WriteTable(IReadOnlyList<CheckpointStorageFinding> findings, CheckpointStorageConfig config, IAnsiConsole console)
    {
        var width = CliConsole.ProseWidth(console);
        foreach (var line in CliConsole.Wrap($"Checkpoint storage: {findings.Count} account(s) tagged {config.TagKey}={string.Join("|", config.TagValues)} or named " +
            $"{string.Join(", ", config.NamePatterns)}; Hot data older than {config.MaxHotAge} is flagged (recommendations only)", width))
            console.WriteLine(line);
        foreach (var f in findings)
        {
            console.WriteLine();
            var tiers = f.Tiers.Count == 0 ? "none" : string.Join(", ", f.Tiers.Select(t => $"{t.Tier} {Money.WithCode(t.Cost, f.Currency)}"));
            var old = f.HotGbOlderThanAge is { } gb ? $", {gb.ToString("#,0", CultureInfo.InvariantCulture)} GB of it older than {config.MaxHotAge}" : "";
            foreach (var line in CliConsole.Wrap($"{f.Name} (team {f.Team ?? "—"}): {f.Status}. Hot {f.HotGb.ToString("#,0", CultureInfo.InvariantCulture)} GB{old}; " +
                $"storage cost by tier: {tiers}", width))
                console.WriteLine(line);
            if (f.HotMonthlyCostOfOldData is { } hot && f.Options.Count > 0) console.WriteWhole(TierTable(f, hot));
            foreach (var line in CliConsole.Wrap("Why: " + string.Join(" | ", f.Reasons), width, "  "))
                console.WriteLine(line);
        }
        foreach (var g in findings.Where(f => f.MonthlySavings is not null).GroupBy(f => f.Currency))
        {
            console.WriteLine();
            foreach (var line in CliConsole.Wrap($"Total saving: {Money.WithCode(g.Sum(f => f.MonthlySavings!.Value), g.Key)} per month, priced by {g.First().PriceSource}", width))
                console.WriteLine(line);
        }
    }

    /// <summary>The old Hot data in each tier: Hot as paid, then each cheaper tier with its saving and conditions.</summary>
    private static Table TierTable(CheckpointStorageFinding f, decimal hotMonthly)
    {
        var table = new Table().AddColumns("Tier", "Old data / month", "Saving / month", "Minimum days", "Read back once", "")
            .Numbers(1, 2, 3, 4).Keep(0, 5);
        table.AddRow("Hot", Money.WithCode(hotMonthly, f.Currency), "—", "—", "—", "paid now");
        foreach (var o in f.Options)
            table.AddRow(o.Tier.ToString(), Money.WithCode(o.MonthlyCost, f.Currency), o.MonthlySavings > 0m ? Money.WithCode(o.MonthlySavings, f.Currency) : "—",
                o.MinimumDays.ToString(CultureInfo.InvariantCulture), Money.WithCode(o.ReadBackCost, f.Currency), o.Tier == f.RecommendedTier ? "recommended" : "");
        return table;
    }
}
