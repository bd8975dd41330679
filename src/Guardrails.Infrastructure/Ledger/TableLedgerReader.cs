using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// Answers ledger queries from Table Storage: for each month of the query, the current runs its pointers name, each
/// read from its summaries (<see cref="RunSummaries"/>) when the pointer says they were written, else summed from its
/// parts; then filtered by day and scope and summed over exports. A run is decoded once per reader while cached
/// (<see cref="DecodedRuns"/>).
/// </summary>
internal sealed class TableLedgerReader(LedgerRunLog runs, PackedLedgerTable table, RunSummaries summaries)
{
    private readonly DecodedRuns _decoded = new();

    /// <summary>Drops what is cached of a run that is being written or deleted through this store.</summary>
    public void Forget(ExportRunRef run) => _decoded.Forget(run);

    /// <summary>Facts of the current runs only, summed over parts and exports, for the query's days (inclusive) and scope.</summary>
    public async Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var months = await CurrentRunsAsync(query, cancellationToken);
        if (OneSummarizedRunPerMonth(months))
        {
            // Each month is one run whose summary is stored in the order readers answer in: filter, no merge, no sort.
            var rows = new List<DailyCostFact>();
            foreach (var (from, to, pointers) in months)
                foreach (var pointer in pointers)
                    foreach (var fact in await RunFactsAsync(pointer, DetailFor(query), cancellationToken))
                        if (fact.Day >= from && fact.Day <= to && Matches(fact, query)) rows.Add(fact);
            return rows;
        }
        var result = new Dictionary<FactIdentity, DailyCostFact>();
        foreach (var (from, to, pointers) in months)
            foreach (var pointer in pointers)
                foreach (var fact in await RunFactsAsync(pointer, DetailFor(query), cancellationToken))
                {
                    if (fact.Day < from || fact.Day > to || !Matches(fact, query)) continue;
                    var key = FactIdentity.Of(fact);
                    result[key] = result.TryGetValue(key, out var sum) ? LedgerSums.Add(sum, fact) : fact;
                }
        return RunSummaries.InReadOrder(result.Values);
    }

    /// <summary>
    /// The row totals recorded for the current runs of the period's months (each run once, all its days), and the facts of
    /// those runs on days the period does not take from them: outside the period, or in a month where another run is
    /// current. Null when the period has no current run, or a run is missing or has no recorded totals.
    /// </summary>
    public async Task<RecordedRunTotals?> GetRecordedTotalsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken)
    {
        var taken = new Dictionary<ExportRunRef, (CurrentRunPointer Pointer, List<(DateOnly From, DateOnly To)> Days)>();
        foreach (var (sliceFrom, sliceTo, pointers) in await CurrentRunsAsync(new LedgerQuery(from, toInclusive), cancellationToken))
            foreach (var pointer in pointers)
            {
                if (!taken.TryGetValue(pointer.Run, out var run)) taken[pointer.Run] = run = (pointer, []);
                run.Days.Add((sliceFrom, sliceTo));
            }
        if (taken.Count == 0) return null;

        var totals = new List<CurrencyTotal>();
        var notInPeriod = new List<DailyCostFact>();
        foreach (var (runRef, (pointer, days)) in taken)
        {
            if (await runs.GetRunAsync(runRef, cancellationToken) is not { Totals.Count: > 0 } header) return null;
            totals.AddRange(header.Totals);
            foreach (var fact in await RunFactsAsync(pointer, LedgerDetail.Allocation, cancellationToken))
                if (!days.Any(d => fact.Day >= d.From && fact.Day <= d.To)) notInPeriod.Add(fact);
        }
        return new RecordedRunTotals(TableLedgerStore.SumTotals(totals), notInPeriod, taken.Count);
    }

    /// <summary>
    /// Per-resource daily costs of the current runs only, summed over parts (and over exports), for the query's days
    /// (inclusive). Scope filters (allocation, subscription and resource group, the latter two read from the ResourceId)
    /// are applied after summing, so a scoped read agrees exactly with an unscoped one. Ordered like the in-memory
    /// ledger: day, then cost (highest first), then resource.
    /// </summary>
    public async Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var months = await CurrentRunsAsync(query, cancellationToken);
        if (OneSummarizedRunPerMonth(months))
        {
            var rows = new List<ResourceDailyCost>();
            foreach (var (from, to, pointers) in months)
                foreach (var pointer in pointers)
                    foreach (var cost in await RunResourceCostsAsync(pointer, cancellationToken))
                        if (cost.Day >= from && cost.Day <= to && Matches(cost, query)) rows.Add(cost);
            return rows;
        }
        var result = new Dictionary<(DateOnly, string, string), ResourceDailyCost>();
        foreach (var (from, to, pointers) in months)
            foreach (var pointer in pointers)
                foreach (var cost in await RunResourceCostsAsync(pointer, cancellationToken))
                {
                    if (cost.Day < from || cost.Day > to) continue;
                    var key = LedgerEntities.ResourceKey(cost);
                    result[key] = result.TryGetValue(key, out var sum) ? LedgerSums.Add(sum, cost) : cost;
                }
        return RunSummaries.InReadOrder(result.Values.Where(r => Matches(r, query)));
    }

    /// <summary>
    /// Storage-tier rows of the current runs only, for the query's days (inclusive), summed over parts and exports; the
    /// allocation filter applies to each row's allocation. A current run without storage-tier rows (ingested before they
    /// existed) is named in <see cref="StorageTierCosts.RunsWithoutStorageRows"/>: its storage is unknown, not zero.
    /// </summary>
    public async Task<StorageTierCosts> GetStorageTierCostsAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new Dictionary<(DateOnly, string, string, string, string, bool), StorageTierDailyCost>();
        var missing = new List<string>();
        foreach (var (from, to, pointers) in await CurrentRunsAsync(query, cancellationToken))
            foreach (var pointer in pointers)
            {
                var rows = await RunStorageTierCostsAsync(pointer, cancellationToken);
                if (ReferenceEquals(rows, s_noStorageRows))
                {
                    missing.Add($"{pointer.Run} ({LedgerMonths.Of(from)})");
                    continue;
                }
                foreach (var row in rows)
                {
                    if (row.Day < from || row.Day > to || !Matches(row.Allocation, query)) continue;
                    result[row.Identity] = result.TryGetValue(row.Identity, out var sum) ? StorageTierDailyCost.Add(sum, row) : row;
                }
            }
        return new StorageTierCosts(StorageTierCostOrder.Sorted(result.Values), missing);
    }

    /// <summary>Stands for "this run has no storage-tier rows" in the decoded-run cache (an empty list would mean "no storage").</summary>
    private static readonly IReadOnlyList<StorageTierDailyCost> s_noStorageRows = new List<StorageTierDailyCost>().AsReadOnly();

    private Task<IReadOnlyList<StorageTierDailyCost>> RunStorageTierCostsAsync(CurrentRunPointer pointer, CancellationToken cancellationToken)
    {
        var run = pointer.Run;
        return _decoded.GetAsync(run, 't', async () =>
        {
            if (pointer.Summarized)
                return await table.ReadPartitionOrNullAsync(LedgerEntities.SummaryPartition(run, 't'), LedgerEntities.ReadStorageTierCost, cancellationToken)
                    ?? s_noStorageRows;
            var (rows, parts) = await summaries.SumStoragePartsAsync(run, cancellationToken);
            return parts == 0 ? s_noStorageRows : rows;
        });
    }

    private static bool Matches(Guardrails.Core.Allocation.AllocationKey allocation, LedgerQuery query)
    {
        if (query.Allocation is not null)
            foreach (var (k, v) in query.Allocation)
                if (!string.Equals(allocation[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    /// <summary>The summary has no subscription or resource group: a query filtered by them reads the facts.</summary>
    private static LedgerDetail DetailFor(LedgerQuery query) =>
        query.SubAccountId is null && query.ResourceGroupName is null ? query.Detail : LedgerDetail.Fact;

    /// <summary>The query's months (cut to its days) with their current runs.</summary>
    private async Task<List<(DateOnly From, DateOnly To, IReadOnlyList<CurrentRunPointer> Pointers)>> CurrentRunsAsync(LedgerQuery query,
        CancellationToken cancellationToken)
    {
        var months = new List<(DateOnly, DateOnly, IReadOnlyList<CurrentRunPointer>)>();
        foreach (var (monthStart, from, to) in MonthSlices(query))
            months.Add((from, to, await runs.GetCurrentRunsAsync(LedgerMonths.Of(monthStart), cancellationToken)));
        return months;
    }

    /// <summary>No month has two exports to add up, and every run has its summaries (stored in reading order).</summary>
    private static bool OneSummarizedRunPerMonth(IEnumerable<(DateOnly From, DateOnly To, IReadOnlyList<CurrentRunPointer> Pointers)> months) =>
        months.All(m => m.Pointers.Count <= 1 && m.Pointers.All(p => p.Summarized));

    /// <summary>A run's facts at the detail asked for: its allocation summary, its summed facts, or (runs completed before summaries) its parts summed.</summary>
    private Task<IReadOnlyList<DailyCostFact>> RunFactsAsync(CurrentRunPointer pointer, LedgerDetail detail, CancellationToken cancellationToken)
    {
        var run = pointer.Run;
        if (!pointer.Summarized)
            return _decoded.GetAsync(run, 'f', () => summaries.SumFactPartsAsync(run, cancellationToken));
        var kind = detail == LedgerDetail.Allocation ? 'a' : 'f';
        return _decoded.GetAsync(run, kind, () => table.ReadPartitionAsync(LedgerEntities.SummaryPartition(run, kind), LedgerEntities.ReadFact, cancellationToken));
    }

    private Task<IReadOnlyList<ResourceDailyCost>> RunResourceCostsAsync(CurrentRunPointer pointer, CancellationToken cancellationToken)
    {
        var run = pointer.Run;
        return _decoded.GetAsync(run, 'r', () => pointer.Summarized
            ? table.ReadPartitionAsync(LedgerEntities.SummaryPartition(run, 'r'), LedgerEntities.ReadResourceCost, cancellationToken)
            : summaries.SumResourcePartsAsync(run, cancellationToken));
    }

    /// <summary>The query's days cut at month boundaries (runs and their pointers are per month): first day of the month, from, to.</summary>
    private static IEnumerable<(DateOnly MonthStart, DateOnly From, DateOnly To)> MonthSlices(LedgerQuery query)
    {
        for (var monthStart = new DateOnly(query.From.Year, query.From.Month, 1); monthStart <= query.ToInclusive; monthStart = monthStart.AddMonths(1))
        {
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            yield return (monthStart, query.From > monthStart ? query.From : monthStart, query.ToInclusive < monthEnd ? query.ToInclusive : monthEnd);
        }
    }

    private static bool Matches(DailyCostFact fact, LedgerQuery query)
    {
        if (query.SubAccountId is not null && !string.Equals(fact.SubAccountId, query.SubAccountId, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.ResourceGroupName is not null && !string.Equals(fact.ResourceGroupName, query.ResourceGroupName, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.Allocation is not null)
            foreach (var (k, v) in query.Allocation)
                if (!string.Equals(fact.Allocation[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    private static bool Matches(ResourceDailyCost cost, LedgerQuery query)
    {
        if (query.Allocation is not null)
            foreach (var (k, v) in query.Allocation)
                if (!string.Equals(cost.Allocation[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.SubAccountId is null && query.ResourceGroupName is null) return true;
        var (subscription, resourceGroup) = ParseResourceId(cost.ResourceId);
        if (query.SubAccountId is not null &&
            !string.Equals(subscription, NormalizeSubscription(query.SubAccountId), StringComparison.OrdinalIgnoreCase)) return false;
        return query.ResourceGroupName is null || string.Equals(resourceGroup, query.ResourceGroupName, StringComparison.OrdinalIgnoreCase);
    }

    private static string? NormalizeSubscription(string value)
    {
        var v = value.Trim().TrimEnd('/');
        return v.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? v["/subscriptions/".Length..] : v;
    }

    /// <summary>(subscription id, resource group) of an ARM resource id; nulls when it is not one.</summary>
    private static (string? Subscription, string? ResourceGroup) ParseResourceId(string resourceId)
    {
        var segments = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? subscription = null, resourceGroup = null;
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (subscription is null && segments[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) subscription = segments[i + 1];
            else if (resourceGroup is null && segments[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) resourceGroup = segments[i + 1];
        }
        return (subscription, resourceGroup);
    }
}
