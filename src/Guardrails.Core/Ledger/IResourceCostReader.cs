using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>
/// Reads per-resource daily costs back from the ledger (what "top drivers", anomalies and spending limits name).
/// A companion of <see cref="ICostLedgerReader"/>; a ledger that keeps no resource detail returns an empty list.
/// </summary>
public interface IResourceCostReader
{
    Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// What the ingest counted straight from the export rows of the runs a period's costs come from, to reconcile the stored
/// facts against (a companion of <see cref="ICostLedgerReader"/> for a ledger that records runs).
/// </summary>
public interface ILedgerRunTotals
{
    /// <summary>
    /// The row totals recorded for the current runs of the period's months; null when the period has no current run or a
    /// run has no recorded totals (written before runs kept them): then there is nothing independent to reconcile against.
    /// </summary>
    Task<RecordedRunTotals?> GetRecordedTotalsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>
/// The recorded row totals of <paramref name="Runs"/> runs (all their days), and those runs' facts on days the period does
/// not take from them (outside the period, or in a month where another run is current): the part of the totals the
/// period's facts cannot contain.
/// </summary>
public sealed record RecordedRunTotals(IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<DailyCostFact> NotInPeriod, int Runs);

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
