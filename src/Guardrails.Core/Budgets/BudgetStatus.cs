using Guardrails.Core.Alerts;

namespace Guardrails.Core.Budgets;

/// <summary>Budget states, worst last.</summary>
public static class BudgetStates
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string ForecastBreach = "forecast-breach";
    public const string Over = "over";
    public const string NoData = "no-data";
}

/// <summary>Where one budget stands in one month.</summary>
public sealed record BudgetStatus
{
    public required string Name { get; init; }
    public required string Period { get; init; }
    public required string Currency { get; init; }
    public required decimal Amount { get; init; }
    public required string Scope { get; init; }
    public required string Severity { get; init; }
    public decimal Spent { get; init; }
    /// <summary>Spent ÷ amount × 100, rounded to one decimal.</summary>
    public decimal PercentUsed { get; init; }
    public decimal Forecast { get; init; }
    public decimal ForecastPercent { get; init; }
    public decimal ForecastLow { get; init; }
    public decimal ForecastHigh { get; init; }
    public DateOnly? BreachDate { get; init; }
    public DateOnly? DataThrough { get; init; }
    public string State { get; init; } = BudgetStates.Ok;
    /// <summary>Spend since the last billed hour, priced from telemetry; not part of <see cref="Spent"/>.</summary>
    public FreshSpendEstimate? Estimated { get; init; }
    public IReadOnlyList<CostDriver> TopDrivers { get; init; } = [];
    public IReadOnlyList<SpendAnomaly> Anomalies { get; init; } = [];
    /// <summary>Currencies of facts in scope that differ from the budget's and were left out.</summary>
    public IReadOnlyList<string> IgnoredCurrencies { get; init; } = [];
    public BudgetForecast? ForecastDetail { get; init; }

    internal static decimal Percent(decimal value, decimal amount) =>
        amount <= 0 ? 0m : Math.Round(value / amount * 100m, 1, MidpointRounding.AwayFromZero);
}
