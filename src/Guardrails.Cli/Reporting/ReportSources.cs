using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// Where `guardrails report` and `guardrails dashboard` read from: export files ingested in memory (--input) or a
/// stored ledger (--store). The ledger ingest and the Table Storage reader come from their features; they plug in here.
/// </summary>
public static class ReportSources
{
    /// <summary>Creates the ledger ingest stage for --input (null until the ledger feature provides one).</summary>
    public static Func<ICostLedgerIngestor>? IngestorFactory { get; set; }

    /// <summary>Opens a stored ledger for --store (a connection string, or "UseDevelopmentStorage=true").</summary>
    public static Func<string, (ICostLedgerReader Facts, IResourceCostSource? Resources)>? StoreFactory { get; set; }

    /// <summary>Expands files and folders (a folder means every .csv, .csv.gz and .parquet below it, in name order).</summary>
    public static IReadOnlyList<string> ExpandInputs(IEnumerable<string> inputs)
    {
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(input)) files.Add(input);
            else throw new FileNotFoundException($"Input '{input}' does not exist.", input);
        }
        if (files.Count == 0) throw new InvalidOperationException("No export files (.csv, .csv.gz, .parquet) found in --input.");
        return files;
    }

    /// <summary>Ingests export files in memory and returns a provider that reconciles against the ingest's own row totals.</summary>
    public static async Task<(IReportDataProvider Provider, DateOnly? LastDay, IngestResult Result)> FromExportFilesAsync(
        IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var factory = IngestorFactory ?? throw new InvalidOperationException(
            "--input needs the ledger ingest (CostLedgerIngestor), which this build does not include; use --store.");
        var files = ExpandInputs(inputs);
        var result = await factory().IngestAsync(files.Select(IngestSource.FromFile).ToList(), new IngestOptions(), cancellationToken);
        var ledger = new InMemoryReportLedger(result.Facts, result.ResourceCosts);
        var description = files.Count == 1 ? Path.GetFileName(files[0]) : $"{files.Count} export files";
        var provider = new ReportDataLoader(ledger, ledger, exportTotals: new ExportTotals(result.Totals, result.Facts,
            "export files (ingest row totals)"), sourceDescription: description);
        DateOnly? last = result.Facts.Count == 0 ? null : result.Facts.Max(f => f.Day);
        return (provider, last, result);
    }

    public static IReportDataProvider FromStore(string connection)
    {
        var factory = StoreFactory ?? throw new InvalidOperationException(
            "--store needs the Table Storage ledger reader, which this build does not include; use --input <export files>.");
        var (facts, resources) = factory(connection);
        return new ReportDataLoader(facts, resources, sourceDescription: "ledger (Table Storage)");
    }
}
