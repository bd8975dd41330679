using Azure.Data.Tables;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// Where `guardrails report` and `guardrails dashboard` read from: export files ingested in memory (--input, the
/// ledger's own <see cref="CostLedgerIngestor"/>) or the stored ledger in Table Storage (--store).
/// </summary>
public static class ReportSources
{
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

    /// <summary>The configuration: --config, else ./guardrails.yaml when present, else the defaults.</summary>
    public static GuardrailsConfig LoadConfig(string? configPath)
    {
        var path = configPath ?? (File.Exists("guardrails.yaml") ? "guardrails.yaml" : null);
        return path is null ? new GuardrailsConfig() : GuardrailsConfigLoader.Load(path);
    }

    /// <summary>Budget burn-downs for the configured budgets (none configured: the panel says so).</summary>
    private static IBudgetStatusSource? Budgets(GuardrailsConfig config, ICostLedgerReader ledger, IResourceCostReader? resources, TimeProvider time) =>
        config.Budgets.Count == 0 ? null
            : new LedgerBudgetBurnDownSource(new Core.Budgets.BudgetEvaluator(ledger, resources, null, time), ledger, config.Budgets);

    /// <summary>Ingests export files in memory; the provider reconciles against the ingest's own row totals.</summary>
    public static async Task<(IReportDataProvider Provider, DateOnly? LastDay, IngestResult Result)> FromExportFilesAsync(
        IReadOnlyList<string> inputs, string? configPath, CancellationToken cancellationToken, TimeProvider? time = null)
    {
        var files = ExpandInputs(inputs);
        var config = LoadConfig(configPath);
        var ingestor = new CostLedgerIngestor(config.Allocation);
        var result = await ingestor.IngestAsync(files.Select(IngestSource.FromFile).ToList(), new IngestOptions(), cancellationToken);
        var ledger = LedgerSnapshot.From(result);
        var description = files.Count == 1 ? Path.GetFileName(files[0]) : $"{files.Count} export files";
        var provider = new ReportDataLoader(ledger, ledger, Budgets(config, ledger, ledger, time ?? TimeProvider.System), exportTotals: new ExportTotals(result.Totals, result.Facts,
            "export files (ingest row totals)"), sourceDescription: description);
        DateOnly? last = result.Facts.Count == 0 ? null : result.Facts.Max(f => f.Day);
        return (provider, last, result);
    }

    /// <summary>The stored ledger (Table Storage; "UseDevelopmentStorage=true" for Azurite).</summary>
    public static IReportDataProvider FromStore(string connection, string? configPath = null, TimeProvider? time = null)
    {
        var ledger = new TableLedgerStore(new TableServiceClient(connection));
        return new ReportDataLoader(ledger, ledger, Budgets(LoadConfig(configPath), ledger, ledger, time ?? TimeProvider.System),
            sourceDescription: "ledger (Table Storage)");
    }
}
