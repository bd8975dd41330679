namespace Guardrails.Core.Budgets;

/// <summary>One budget's burn-down for the dashboard: cumulative actual spend, the forecast with its band, the breach date.</summary>
public sealed record BudgetBurnDown
{
    public required string Name { get; init; }
    public required string Currency { get; init; }
    public required decimal Amount { get; init; }
    public required DateOnly PeriodStart { get; init; }
    public required DateOnly PeriodEnd { get; init; }
    /// <summary>The allocation pairs the budget is scoped to (e.g. team = vision); empty for a budget over everything.</summary>
    public IReadOnlyDictionary<string, string> Scope { get; init; } = new Dictionary<string, string>();
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
