using Guardrails.Core.Ledger;

namespace Guardrails.Core.Reporting;

/// <summary>One budget's burn-down for the dashboard: cumulative actual spend, the forecast with its band, the breach date.</summary>
public sealed record BudgetBurnDown
{
    public required string Name { get; init; }
    public required string Currency { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly PeriodStart { get; init; }
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>Cumulative actual spend per day (ascending days).</summary>
    public IReadOnlyList<BurnDownPoint> Actual { get; init; } = [];
    /// <summary>Cumulative forecast per future day with its uncertainty band (ascending days).</summary>
    public IReadOnlyList<ForecastPoint> Forecast { get; init; } = [];
    public decimal Spent { get; init; }
    public decimal ForecastAtPeriodEnd { get; init; }
    /// <summary>The day the forecast crosses the amount; null when it does not within the period.</summary>
    public DateOnly? BreachDate { get; init; }
    public string? State { get; init; }
}

public sealed record BurnDownPoint(DateOnly Day, decimal Cumulative);

public sealed record ForecastPoint(DateOnly Day, decimal Expected, decimal Low, decimal High);

/// <summary>Where budget burn-downs come from (the budgets feature); the default has none.</summary>
public interface IBudgetStatusSource
{
    Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default);
}

/// <summary>One entry of the guardrail audit log (idle decisions, deallocations, spending limits).</summary>
public sealed record GuardrailActionLogEntry
{
    public required DateTimeOffset Time { get; init; }
    public required string Action { get; init; }
    /// <summary>acted, warned, skipped, failed, dry-run...</summary>
    public required string Outcome { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? Reason { get; init; }
    public bool DryRun { get; init; }
    public decimal? SavingsPerHour { get; init; }
    public string? Currency { get; init; }
}

/// <summary>Where the action log comes from (the idle feature's audit table); the default has none.</summary>
public interface IActionLogSource
{
    Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>One pull-request cost check: the monthly cost before and after the change.</summary>
public sealed record PullRequestCheckSummary
{
    public required string Repository { get; init; }
    public required int Number { get; init; }
    public string? Title { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required string Currency { get; init; }
    public decimal MonthlyCostBefore { get; init; }
    public decimal MonthlyCostAfter { get; init; }
    public decimal MonthlyDelta => MonthlyCostAfter - MonthlyCostBefore;
    /// <summary>pass, fail, approved...</summary>
    public string? Gate { get; init; }
    public string? Url { get; init; }
}

/// <summary>Where PR checks come from (the PR-check feature); the default has none.</summary>
public interface IPullRequestCheckSource
{
    Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>Per-resource daily costs (top resources, carbon per region and GPU). The default has none.</summary>
public interface IResourceCostSource
{
    Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The empty defaults: a panel without a producer shows "no data" instead of failing.</summary>
public sealed class EmptyReportingSources : IBudgetStatusSource, IActionLogSource, IPullRequestCheckSource, IResourceCostSource
{
    public static EmptyReportingSources Instance { get; } = new();

    public Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BudgetBurnDown>>([]);

    public Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GuardrailActionLogEntry>>([]);

    public Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PullRequestCheckSummary>>([]);

    public Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ResourceDailyCost>>([]);
}

/// <summary>
/// An ingest result held in memory, readable as a ledger (for `--input` export files and tests): facts and
/// resource costs filtered by the query's day range and allocation values.
/// </summary>
public sealed class InMemoryReportLedger : ICostLedgerReader, IResourceCostSource
{
    private readonly IReadOnlyList<DailyCostFact> _facts;
    private readonly IReadOnlyList<ResourceDailyCost> _resources;

    public InMemoryReportLedger(IReadOnlyList<DailyCostFact> facts, IReadOnlyList<ResourceDailyCost> resources)
    {
        _facts = facts;
        _resources = resources;
    }

    public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DailyCostFact>>(_facts.Where(f =>
            f.Day >= query.From && f.Day <= query.ToInclusive && Matches(f.Allocation, query)
            && (query.SubAccountId is null || string.Equals(f.SubAccountId, query.SubAccountId, StringComparison.OrdinalIgnoreCase))
            && (query.ResourceGroupName is null || string.Equals(f.ResourceGroupName, query.ResourceGroupName, StringComparison.OrdinalIgnoreCase)))
            .ToList());

    public Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ResourceDailyCost>>(_resources.Where(r =>
            r.Day >= query.From && r.Day <= query.ToInclusive && Matches(r.Allocation, query)).ToList());

    private static bool Matches(Allocation.AllocationKey key, LedgerQuery query) =>
        query.Allocation is null || query.Allocation.All(p => string.Equals(key[p.Key], p.Value, StringComparison.OrdinalIgnoreCase));
}
