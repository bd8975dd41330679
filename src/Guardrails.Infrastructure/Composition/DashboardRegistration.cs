using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Core.RightSizing;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// The dashboard and its JSON API over the ledger. Budgets, the action log (the idle feature's audit table), PR checks
/// (the PR feature's checks table), resource costs and idle cost are read through their Core seams when another feature
/// registers them, and right-sizing verdicts from the right-sizing table (AddRightSizing); otherwise their panels say "no data".
/// Settings: Dashboard__Basis (effective|billed), Dashboard__CarbonRegion (region assumed when a cost has none),
/// Dashboard__TopSeries (named series per spend chart before "Other (k …)", default 5).
/// </summary>
public static class DashboardRegistration
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGuardrailsFoundation(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ReadOptions(configuration));
        services.TryAddSingleton<IBudgetStatusSource>(EmptyReportingSources.Instance);
        // The idle feature's audit table (Idle__AuditTable) and the PR checks table (PullRequests__ChecksTable) when those
        // features are registered; otherwise the panels say "no data".
        services.TryAddSingleton<IActionLogSource>(sp => sp.GetService<IActionAuditLog>() as IActionLogSource ?? EmptyReportingSources.Instance);
        services.TryAddSingleton<IPullRequestCheckSource>(sp => sp.GetService<IPullRequestCheckLog>() ?? (IPullRequestCheckSource)EmptyReportingSources.Instance);
        services.TryAddSingleton<IResourceCostReader>(EmptyReportingSources.Instance);
        services.TryAddSingleton<IReportDataProvider>(sp => new ReportDataLoader(
            sp.GetRequiredService<ICostLedgerReader>(),
            sp.GetRequiredService<IResourceCostReader>(),
            sp.GetRequiredService<IBudgetStatusSource>(),
            sp.GetRequiredService<IActionLogSource>(),
            sp.GetRequiredService<IPullRequestCheckSource>(),
            sourceDescription: "ledger (Table Storage)",
            idleCosts: sp.GetService<IIdleCostStore>())
        {
            // Only a host that asks for it (the CLI's --log-month); the Function App reads the cost period.
            LogPeriod = sp.GetService<ReportLogPeriod>() is { } log ? (log.From, log.ToInclusive) : null,
            // The right-sizing table when AddRightSizing registered it (RightSizeGpuVms writes it); else the panel says none.
            RightSizing = sp.GetService<IRightSizingSource>() ?? (sp.GetService<IRightSizingStore>() is { } store ? RightSizingSources.Stored(store) : null),
        });
        services.TryAddSingleton(sp => new DashboardEndpoints(sp.GetRequiredService<IReportDataProvider>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<DashboardOptions>()));
        return services;
    }

    /// <summary>Section <c>Dashboard</c>: the cost basis, the carbon region assumed when a cost has none, named series per chart.</summary>
    private static DashboardOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection("Dashboard");
        var basis = section["Basis"] is { Length: > 0 } b
            ? Enum.Parse<CostBasis>(b, ignoreCase: true)
            : CostBasis.Effective;
        var top = section["TopSeries"] is { Length: > 0 } n
            ? int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 1 ? v
                : throw new InvalidOperationException($"Dashboard__TopSeries '{n}' is not a whole number of at least 1 (named series per spend chart).")
            : new DashboardOptions().TopSeries;
        return new DashboardOptions
        {
            Basis = basis,
            DefaultCarbonRegion = section["CarbonRegion"] is { Length: > 0 } r ? r : null,
            TopSeries = top,
        };
    }
}
