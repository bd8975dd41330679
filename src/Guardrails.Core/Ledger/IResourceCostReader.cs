namespace Guardrails.Core.Ledger;

/// <summary>
/// Reads per-resource daily costs back from the ledger (what "top drivers", anomalies and spending limits name).
/// A companion of <see cref="ICostLedgerReader"/>; a ledger that keeps no resource detail returns an empty list.
/// </summary>
public interface IResourceCostReader
{
    Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}

/// <summary>The months a ledger holds costs for (the dashboard opens on the latest); a companion of <see cref="ICostLedgerReader"/>.</summary>
public interface ILedgerMonthIndex
{
    /// <summary>The first day of every month with at least one cost, ascending.</summary>
    Task<IReadOnlyList<DateOnly>> GetMonthsWithCostsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A ledger held in memory (an <see cref="IngestResult"/>'s facts, resource costs and storage-tier rows): CLI runs and tests.</summary>
public sealed class LedgerSnapshot(IReadOnlyList<DailyCostFact> facts, IReadOnlyList<ResourceDailyCost> resourceCosts,
    IReadOnlyList<StorageTierDailyCost>? storageCosts = null)
    : ICostLedgerReader, IResourceCostReader, ILedgerMonthIndex, IStorageTierCostReader
{
    public static LedgerSnapshot From(IngestResult result) => new(result.Facts, result.ResourceCosts, result.StorageCosts);

    public IReadOnlyList<DailyCostFact> Facts { get; } = facts;
    public IReadOnlyList<ResourceDailyCost> ResourceCosts { get; } = resourceCosts;
    public IReadOnlyList<StorageTierDailyCost> StorageCosts { get; } = storageCosts ?? [];

    /// <summary>Day range only, in the order they were given (an ingest gives them by day, account, meter).</summary>
    public Task<StorageTierCosts> GetStorageTierCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(new StorageTierCosts(StorageCosts.Where(f => f.Day >= query.From && f.Day <= query.ToInclusive).ToList(), []));

    /// <summary>Day range only; scope filters are applied by the caller (budgets match scopes themselves).</summary>
    public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DailyCostFact>>(
            Facts.Where(f => f.Day >= query.From && f.Day <= query.ToInclusive).ToList());

    public Task<IReadOnlyList<DateOnly>> GetMonthsWithCostsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DateOnly>>(Facts.Select(f => new DateOnly(f.Day.Year, f.Day.Month, 1)).Distinct().Order().ToList());

    public Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ResourceDailyCost>>(
            ResourceCosts.Where(f => f.Day >= query.From && f.Day <= query.ToInclusive).ToList());
}
