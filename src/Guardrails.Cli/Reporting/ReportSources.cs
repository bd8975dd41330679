using Guardrails.Core.Actions;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Core.RightSizing;
using Microsoft.Extensions.Configuration;

namespace Guardrails.Cli.Reporting;

/// <summary>
/// Where `guardrails report`, `guardrails dashboard` and `guardrails serve` read from: export files ingested in memory
/// (--input, the ledger's own <see cref="CostLedgerIngestor"/>) or the stored ledger in Table Storage (--store). With a
/// store, the guardrail action log comes from the idle audit table and PR checks from the checks table.
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
                files.AddRange(InputFolder.Files(input)
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

    /// <summary>Ingests export files in memory; the provider reconciles against the ingest's own row totals.</summary>
    /// <param name="operationalStore">A store whose action log, PR checks and right-sizing verdicts are shown beside the export files' costs.</param>
    /// <param name="rightSizing">Verdicts computed from recorded telemetry (--telemetry), shown instead of the store's.</param>
    /// <param name="progress">Where the read's bar is drawn (<see cref="CliProgress.Terminal"/>); null: none.</param>
    public static async Task<(IReportDataProvider Provider, DateOnly? LastDay, IngestResult Result)> FromExportFilesAsync(
        IReadOnlyList<string> inputs, string? configPath, CancellationToken cancellationToken, TimeProvider? time = null,
        string? operationalStore = null, (DateOnly From, DateOnly ToInclusive)? logPeriod = null, IRightSizingSource? rightSizing = null,
        Spectre.Console.IAnsiConsole? progress = null)
    {
        var files = ExpandInputs(inputs);
        var config = LoadConfig(configPath);
        var ingestor = new CostLedgerIngestor(config.Allocation);
        // On a terminal (progress), a bar of the bytes read labelled with the rows read; else quiet.
        using var quarantine = new InputQuarantine();
        var result = await CliProgress.ReadAsync(progress, $"Reading {files.Count} export file(s)", files.Sum(f => new FileInfo(f).Length),
            p => ingestor.IngestAsync(files.Select(IngestSource.FromFile).ToList(), quarantine.On(p?.On(new IngestOptions()) ?? new IngestOptions()), cancellationToken));
        quarantine.Warn(result, Console.Error);
        var ledger = LedgerSnapshot.From(result);
        var description = files.Count == 1 ? Path.GetFileName(files[0]) : $"{files.Count} export files";
        // The registrations' budgets, action log, PR checks and idle cost (from the store when given) over the files' ledger;
        // the reconciliation is against the files' own row totals.
        var services = Compose(config, operationalStore, time, null, logPeriod, ledger);
        var provider = new ReportDataLoader(ledger, ledger, services.GetRequiredService<IBudgetStatusSource>(), services.GetRequiredService<IActionLogSource>(),
            services.GetRequiredService<IPullRequestCheckSource>(), new ExportTotals(result.Totals, result.Facts, "export files (ingest row totals)"), description,
            services.GetService<IIdleCostStore>())
        {
            LogPeriod = logPeriod,
            RightSizing = rightSizing ?? (services.GetService<IRightSizingStore>() is { } stored ? RightSizingSources.Stored(stored) : null),
        };
        DateOnly? last = result.Facts.Count == 0 ? null : result.Facts.Max(f => f.Day);
        return (provider, last, result);
    }

    /// <summary>
    /// The stored ledger (Table Storage; "UseDevelopmentStorage=true" for Azurite) read as the Function App's dashboard reads
    /// it: the provider <c>AddDashboard</c> registers, over <c>AddLedger</c>, <c>AddBudgets</c> (burn-downs), <c>AddIdle</c>
    /// (action log, idle cost) and <c>AddPullRequestChecks</c> (PR checks). <paramref name="settings"/> are app settings
    /// (e.g. <c>Idle:AuditTable</c>, <c>PullRequests:ChecksTable</c>) over the environment's.
    /// </summary>
    public static IReportDataProvider FromStore(string connection, string? configPath = null, TimeProvider? time = null,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, (DateOnly From, DateOnly ToInclusive)? logPeriod = null,
        IRightSizingSource? rightSizing = null) =>
        Compose(LoadConfig(configPath), connection, time, settings, logPeriod, files: null, rightSizing).GetRequiredService<IReportDataProvider>();

    /// <summary>
    /// The right-sizing verdicts of recorded telemetry (`rightsize --telemetry`'s computation, the configuration's window),
    /// for a dashboard or report given --telemetry; null without it.
    /// </summary>
    public static async Task<IRightSizingSource?> RightSizingFromRecordingsAsync(string? telemetry, string? inventory, string? configPath,
        CancellationToken cancellationToken)
    {
        if (telemetry is null) return null;
        var (results, _, _) = await Commands.Rightsize.RightsizeCommand.RecommendFromRecordingsAsync(LoadConfig(configPath), telemetry, inventory, null, null, cancellationToken)
            .ConfigureAwait(false);
        return RightSizingSources.Fixed(results);
    }

    /// <summary>
    /// The reporting registrations with the CLI's plug-ins: the ledger of export files (when given), no spend estimate from
    /// live telemetry (a report never calls ARM), the --log-month period. Without a store, the idle and PR features are not
    /// registered, so the action log and PR checks say "no data". The provider lives as long as the command.
    /// </summary>
    private static ServiceProvider Compose(GuardrailsConfig config, string? store, TimeProvider? time, IEnumerable<KeyValuePair<string, string?>>? settings,
        (DateOnly From, DateOnly ToInclusive)? logPeriod, LedgerSnapshot? files, IRightSizingSource? rightSizing = null) =>
        Services(config, store, time, settings, logPeriod, files, rightSizing).BuildServiceProvider();

    internal static IServiceCollection Services(GuardrailsConfig config, string? store, TimeProvider? time, IEnumerable<KeyValuePair<string, string?>>? settings,
        (DateOnly From, DateOnly ToInclusive)? logPeriod, LedgerSnapshot? files, IRightSizingSource? rightSizing = null)
    {
        var values = new Dictionary<string, string?>(settings ?? [], StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in CliComposition.StoreSettings(store)) values[key] = value;
        Func<IServiceCollection, IConfiguration, IServiceCollection>[] features = store is null
            ? [LedgerRegistration.AddLedger, BudgetsRegistration.AddBudgets, DashboardRegistration.AddDashboard]
            : [LedgerRegistration.AddLedger, BudgetsRegistration.AddBudgets, IdleRegistration.AddIdle, PullRequestChecksRegistration.AddPullRequestChecks,
                RightSizingRegistration.AddRightSizing, DashboardRegistration.AddDashboard];
        return CliComposition.Services(config, CliComposition.Settings(values), time, services =>
        {
            services.AddSingleton<IFreshSpendEstimator>(NullFreshSpendEstimator.Instance);
            if (logPeriod is { } log) services.AddSingleton(new ReportLogPeriod(log.From, log.ToInclusive));
            if (rightSizing is not null) services.AddSingleton(rightSizing);
            if (files is null) return;
            services.AddSingleton<ICostLedgerReader>(files);
            services.AddSingleton<IResourceCostReader>(files);
        }, features);
    }
}
