namespace Guardrails.Core.Budgets;

/// <summary>What to estimate: a budget's scope between the end of billed data and now.</summary>
public sealed record FreshSpendRequest(string BudgetName, BudgetScope Scope, string Currency, DateTimeOffset BilledThrough, DateTimeOffset Now);

/// <summary>Spend not yet billed, priced from telemetry × prices. Always shown separately, as "estimated".</summary>
public sealed record FreshSpendEstimate(decimal Amount, string Currency, DateTimeOffset From, DateTimeOffset To, string Basis)
{
    /// <summary>Machines that ran in the window but have no price (in the budget's currency): never priced at $0 silently.</summary>
    public IReadOnlyList<FreshSpendUnpriced> Unpriced { get; init; } = [];
    /// <summary>Priced machines that ran in the window.</summary>
    public int Machines { get; init; }
    /// <summary>Machine-hours priced (running hours from telemetry, clipped to the window).</summary>
    public decimal MachineHours { get; init; }
}

/// <summary>A machine that ran since the last billed hour but could not be priced, with why.</summary>
public sealed record FreshSpendUnpriced(string ResourceId, string Name, string VmSize, decimal Hours, string Reason);

/// <summary>
/// Billing data lags 8–24 h. An estimator prices what ran since the last billed hour (GPU telemetry × the price
/// catalog, from the idle and pricing features). Estimates never trigger actual-spend thresholds.
/// </summary>
public interface IFreshSpendEstimator
{
    Task<FreshSpendEstimate?> EstimateAsync(FreshSpendRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The default: no estimate.</summary>
public sealed class NullFreshSpendEstimator : IFreshSpendEstimator
{
    public static NullFreshSpendEstimator Instance { get; } = new();
    public Task<FreshSpendEstimate?> EstimateAsync(FreshSpendRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult<FreshSpendEstimate?>(null);
}
