using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Telemetry;

namespace Guardrails.Cli.Reporting;

/// <summary>The tables the store-backed action log and PR-check panels read (the Function App's settings, same defaults).</summary>
public sealed record OperationalTables(string Audit = TableActionAuditLog.DefaultTableName, string PullRequestChecks = TablePullRequestCheckLog.DefaultTableName)
{
    /// <summary>From app-style settings: Idle:AuditTable, PullRequests:ChecksTable.</summary>
    public static OperationalTables From(Func<string, string?> setting) => new(
        setting("Idle:AuditTable") is { Length: > 0 } a ? a : TableActionAuditLog.DefaultTableName,
        setting("PullRequests:ChecksTable") is { Length: > 0 } p ? p : TablePullRequestCheckLog.DefaultTableName);
}

/// <summary>
/// Where `guardrails report`, `guardrails dashboard` and `guardrails serve` read from: export files ingested in memory
/// (--input, the ledger's own <see cref="CostLedgerIngestor"/>) or the stored ledger in Table Storage (--store). With a
/// store, the guardrail action log comes from the idle audit table and PR checks from the checks table.
/// </summary>
public static class ReportSources
{
    /// <summary>The store's action log (idle audit table) and finished PR checks.</summary>
    public static (IActionLogSource Actions, IPullRequestCheckSource PullRequests) Operational(string connection, OperationalTables? tables = null)
    {
        tables ??= new OperationalTables();
        var service = new TableServiceClient(connection);
        return (new TableActionAuditLog(service.GetTableClient(tables.Audit)), new TablePullRequestCheckLog(service.GetTableClient(tables.PullRequestChecks)));
    }

    /// <summary>
    /// The idle GPU cost `guardrails idle --store` and the Function App's CollectTelemetry write (a view of GPU compute
    /// already billed: reports carve it out of direct cost, never add it).
    /// </summary>
    public static IIdleCostStore IdleCosts(string connection) =>
        new TableIdleCostStore(new TableServiceClient(connection).GetTableClient(TableIdleCostStore.DefaultTableName));

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

    /// <summary>The configuration: --config, else $GuardrailsConfigPath, else the defaults (<see cref="Hosting.CliConfig"/>).</summary>
    public static GuardrailsConfig LoadConfig(string? configPath) => Hosting.CliConfig.LoadOrDefault(configPath);

    /// <summary>Budget burn-downs for the configured budgets (none configured: the panel says so).</summary>
    private static IBudgetStatusSource? Budgets(GuardrailsConfig config, ICostLedgerReader ledger, IResourceCostReader? resources, TimeProvider time) =>
        config.Budgets.Count == 0 ? null
            : new LedgerBudgetBurnDownSource(new Core.Budgets.BudgetEvaluator(ledger, resources, null, time), ledger, config.Budgets);

    /// <summary>Ingests export files in memory; the provider reconciles against the ingest's own row totals.</summary>
    /// <param name="operationalStore">A store whose action log and PR checks are shown beside the export files' costs.</param>
    public static async Task<(IReportDataProvider Provider, DateOnly? LastDay, IngestResult Result)> FromExportFilesAsync(
        IReadOnlyList<string> inputs, string? configPath, CancellationToken cancellationToken, TimeProvider? time = null,
        string? operationalStore = null, (DateOnly From, DateOnly ToInclusive)? logPeriod = null)
    {
        var files = ExpandInputs(inputs);
        var config = LoadConfig(configPath);
        var ingestor = new CostLedgerIngestor(config.Allocation);
        var result = await ingestor.IngestAsync(files.Select(IngestSource.FromFile).ToList(), new IngestOptions(), cancellationToken);
        var ledger = LedgerSnapshot.From(result);
        var description = files.Count == 1 ? Path.GetFileName(files[0]) : $"{files.Count} export files";
        var (actions, prs) = operationalStore is null ? (null, null) : Operational(operationalStore);
        var provider = new ReportDataLoader(ledger, ledger, Budgets(config, ledger, ledger, time ?? TimeProvider.System), actions, prs,
            exportTotals: new ExportTotals(result.Totals, result.Facts, "export files (ingest row totals)"), sourceDescription: description,
            idleCosts: operationalStore is null ? null : IdleCosts(operationalStore))
        {
            LogPeriod = logPeriod,
        };
        DateOnly? last = result.Facts.Count == 0 ? null : result.Facts.Max(f => f.Day);
        return (provider, last, result);
    }

    /// <summary>The stored ledger (Table Storage; "UseDevelopmentStorage=true" for Azurite).</summary>
    public static IReportDataProvider FromStore(string connection, string? configPath = null, TimeProvider? time = null,
        OperationalTables? tables = null, (DateOnly From, DateOnly ToInclusive)? logPeriod = null)
    {
        var ledger = new TableLedgerStore(new TableServiceClient(connection));
        var (actions, prs) = Operational(connection, tables);
        return new ReportDataLoader(ledger, ledger, Budgets(LoadConfig(configPath), ledger, ledger, time ?? TimeProvider.System), actions, prs,
            sourceDescription: "ledger (Table Storage)", idleCosts: IdleCosts(connection))
        {
            LogPeriod = logPeriod,
        };
    }
}
