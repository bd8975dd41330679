using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Billing;
using Guardrails.Core.Common;
using Guardrails.Core.RightSizing;

namespace Guardrails.Cli.Commands;

/// <summary>
/// <c>guardrails rightsize --checkpoints EXPORT</c>: the checkpoint storage accounts of a cost export (a tag or a name
/// pattern of <c>rightsizing.checkpoints</c>), their cost by access tier, and what Cool/Cold/Archive would cost for the
/// Hot data kept longer than <c>maxHotAge</c>. Recommendations only: no blob is moved.
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
        DateOnly? end = at is null ? null
            : DateOnly.TryParse(at.Length >= 10 ? at[..10] : at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
            : throw new FormatException($"--at '{at}' is not a date (yyyy-MM-dd).");
        var findings = analyzer.Findings(end);
        switch (format)
        {
            case OutputFormat.Json: WriteJson(findings, output); break;
            case OutputFormat.Csv: WriteCsv(findings, output); break;
            default: WriteTable(findings, checkpoints, console); break;
        }
        return 0;
    }

    private static List<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new FileNotFoundException($"--checkpoints: no file or folder '{path}'.");
        var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => s_extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new FileNotFoundException($"--checkpoints: no .csv, .csv.gz or .parquet files in folder '{path}'.");
    }

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The findings as a JSON array (every field of <see cref="CheckpointStorageFinding"/>; tiers as "hot", "cool", …).</summary>
    public static void WriteJson(IReadOnlyList<CheckpointStorageFinding> findings, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(findings, s_json));

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

    public static void WriteTable(IReadOnlyList<CheckpointStorageFinding> findings, CheckpointStorageConfig config, IAnsiConsole console)
    {
        console.MarkupLineInterpolated($"Checkpoint storage: [bold]{findings.Count}[/] account(s) tagged {config.TagKey}={string.Join("|", config.TagValues)} or named {string.Join(", ", config.NamePatterns)}; Hot data older than {config.MaxHotAge} is flagged (recommendations only)");
        if (findings.Count == 0) return;
        var table = new Table().AddColumns("Account", "Team", "Cost by tier", "Hot GB", $"Hot > {config.MaxHotAge}", "Hot / month (old data)", "Cool", "Cold", "Archive", "Saving / month", "Status", "Why")
            .Numbers(3, 4, 5, 6, 7, 8, 9).Keep(0, 1, 10);
        foreach (var f in findings)
        {
            table.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Team ?? "—"),
                Markup.Escape(string.Join(", ", f.Tiers.Select(t => $"{t.Tier} {Money.WithCode(t.Cost, f.Currency)}"))),
                f.HotGb.ToString("#,0", CultureInfo.InvariantCulture),
                f.HotGbOlderThanAge is { } old ? old.ToString("#,0", CultureInfo.InvariantCulture) : "—",
                f.HotMonthlyCostOfOldData is { } h ? Money.WithCode(h, f.Currency) : "—",
                Option(f, StorageTier.Cool), Option(f, StorageTier.Cold), Option(f, StorageTier.Archive),
                f.MonthlySavings is { } s ? $"{Money.WithCode(s, f.Currency)} ({f.RecommendedTier})" : "—",
                f.Status, Markup.Escape(string.Join(" | ", f.Reasons)));
        }
        console.Write(table);
        foreach (var g in findings.Where(f => f.MonthlySavings is not null).GroupBy(f => f.Currency))
            console.MarkupLineInterpolated($"Total saving: [bold]{Money.WithCode(g.Sum(f => f.MonthlySavings!.Value), g.Key)}[/] per month, priced by {g.First().PriceSource}");
    }

    private static string Option(CheckpointStorageFinding f, StorageTier tier) =>
        f.Options.FirstOrDefault(o => o.Tier == tier) is { } o ? Money.WithCode(o.MonthlyCost, f.Currency) : "—";
}
