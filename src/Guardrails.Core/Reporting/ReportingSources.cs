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
    /// <summary>Spend since the last billed hour priced from telemetry; shown separately, never in <see cref="Spent"/>.</summary>
    public decimal? Estimated { get; init; }
    /// <summary>What the estimate was priced from (e.g. "GPU telemetry × on-demand price, 3 VMs, 14 h").</summary>
    public string? EstimatedBasis { get; init; }
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
    /// <summary>The head commit the check priced.</summary>
    public string? HeadSha { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required string Currency { get; init; }
    public decimal MonthlyCostBefore { get; init; }
    public decimal MonthlyCostAfter { get; init; }
    public decimal MonthlyDelta => MonthlyCostAfter - MonthlyCostBefore;
    /// <summary>pass, fail, or approved (passed because of the approval label).</summary>
    public string? Gate { get; init; }
    /// <summary>Who added the approval label (when <see cref="Gate"/> is approved).</summary>
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? Url { get; init; }
}

/// <summary>Where PR checks come from (the PR-check feature); the default has none.</summary>
public interface IPullRequestCheckSource
{
    /// <summary>The latest check of every PR checked in the UTC day range, newest first.</summary>
    Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>Where finished PR checks are recorded: one entry per PR, the latest check wins.</summary>
public interface IPullRequestCheckLog : IPullRequestCheckSource
{
    /// <summary>
    /// Records a check in place of the PR's previous one. Returns false (and keeps the stored one) when the stored check
    /// started later: an older head finishing late never overwrites a newer one.
    /// </summary>
    Task<bool> RecordAsync(PullRequestCheckSummary check, CancellationToken cancellationToken = default);
}

/// <summary>The empty defaults: a panel without a producer shows "no data" instead of failing.</summary>
public sealed class EmptyReportingSources : IBudgetStatusSource, IActionLogSource, IPullRequestCheckSource, IResourceCostReader
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

