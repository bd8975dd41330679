using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// A run's parts summed once, at completion, into run-level packed partitions that readers use instead of the parts
/// (<see cref="LedgerEntities.SummaryPartition"/>): the facts summed over parts, the same by day × allocation × kind ×
/// category × currency (what `costs --by team` and allocation-scoped budgets need), and the resource-days summed over
/// parts. Written before the month's pointer is switched to the run, so a reader that follows the pointer finds them
/// complete; a completion retried by another consumer rewrites the same rows in the same order, so the entities are
/// the same whichever write lands last.
/// <para>
/// Parts written in merge order (<see cref="LedgerRowOrder"/>, marked <see cref="PackedRows.SortedProperty"/>) are merged
/// as streams (<see cref="SortedMerge"/>): the completion holds each part's packed bytes, one decoded row per part and
/// one day's summed rows, whatever the month's size, and writes each summary entity as it fills. A run with a part
/// written before the marker existed is summed in memory as before.
/// </para>
/// </summary>
internal sealed class RunSummaries(PackedLedgerTable table, RowGauge? gauge = null)
{
    /// <summary>What the pointer records when the run's summaries are written (absent on runs completed before).</summary>
    public const int Format = 1;

    /// <summary>Sums the run's parts and writes its summaries; returns the entities written.</summary>
    /// <param name="partCount">The run's parts: the storage-tier summary is written only when every part has its storage-tier rows.</param>
    public async Task<long> WriteAsync(ExportRunRef run, int partCount, CancellationToken cancellationToken) =>
        await WriteFactSummariesAsync(run, cancellationToken) + await WriteResourceSummaryAsync(run, cancellationToken)
        + await WriteStorageSummaryAsync(run, partCount, cancellationToken);

    /// <summary>
    /// The storage-tier rows summed over parts (<c>{run}|s|t</c>). A part written before these rows existed has no
    /// partition: then no summary is written, and readers report the run's storage as unknown rather than as none.
    /// </summary>
    private async Task<long> WriteStorageSummaryAsync(ExportRunRef run, int partCount, CancellationToken cancellationToken)
    {
        var (rows, parts) = await SumStoragePartsAsync(run, cancellationToken);
        if (parts < partCount) return 0;
        return await table.WriteAsync(LedgerEntities.SummaryPartition(run, 't'), rows, LedgerEntities.WriteStorageTierCost, cancellationToken);
    }

    /// <summary>The run's storage-tier rows summed over its parts (the lowest part describes a row), in read order, and how many parts had them.</summary>
    public async Task<(IReadOnlyList<StorageTierDailyCost> Rows, int Parts)> SumStoragePartsAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<(DateOnly, string, string, string, string, bool), StorageTierDailyCost>();
        var parts = 0;
        await foreach (var part in table.ReadPartitionsAsync(LedgerEntities.PackedPrefix(run, 't'), LedgerEntities.ReadStorageTierCost, cancellationToken))
        {
            parts++;
            foreach (var row in part)
                sums[row.Identity] = sums.TryGetValue(row.Identity, out var sum) ? StorageTierDailyCost.Add(sum, row) : row;
        }
        return (StorageTierCostOrder.Sorted(sums.Values), parts);
    }

    private async Task<long> WriteFactSummariesAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var parts = await table.ReadPartsAsync(LedgerEntities.PackedPrefix(run, 'f'), LedgerEntities.ReadFact, cancellationToken);
        if (parts.Count == 0 || !parts.All(p => p.Sorted)) return await WriteFactSummariesInMemoryAsync(run, cancellationToken);

        using var facts = table.Open<DailyCostFact>(LedgerEntities.SummaryPartition(run, 'f'), LedgerEntities.WriteFact);
        using var byAllocation = table.Open<DailyCostFact>(LedgerEntities.SummaryPartition(run, 'a'), LedgerEntities.WriteFact);
        var merged = SortedMerge.Merge([.. parts.Select(p => p.Rows)], LedgerRowOrder.Facts, AddFact, gauge);
        foreach (var day in SortedMerge.Days(merged, f => f.Day, LedgerRowOrder.SortDayForReaders, gauge))
        {
            foreach (var fact in day) await facts.AddAsync(fact, cancellationToken);
            var allocations = InReadOrder(ByAllocation(day));
            gauge?.Hold(allocations.Count);
            foreach (var fact in allocations) await byAllocation.AddAsync(fact, cancellationToken);
            gauge?.Release(allocations.Count);
        }
        return await facts.CompleteAsync(cancellationToken) + await byAllocation.CompleteAsync(cancellationToken);
    }

    private async Task<long> WriteResourceSummaryAsync(ExportRunRef run, CancellationToken cancellationToken) =>
        await WriteMergedAsync(run, new MergedFamily<ResourceDailyCost>('r', 'r', LedgerEntities.ReadResourceCost, LedgerEntities.WriteResourceCost,
                LedgerRowOrder.Resources, LedgerSums.Add, r => r.Day, d => d.Sort(LedgerRowOrder.CompareResourcesForReaders)), cancellationToken)
            ?? await WriteResourceSummaryInMemoryAsync(run, cancellationToken);

    /// <summary>
    /// A family's parts merged into one summary partition, a day at a time; null when a part was written before parts were
    /// stored in merge order (the caller sums that run in memory). Another packed family is summarized by describing it.
    /// </summary>
    private async Task<long?> WriteMergedAsync<T>(ExportRunRef run, MergedFamily<T> family, CancellationToken cancellationToken)
    {
        var parts = await table.ReadPartsAsync(LedgerEntities.PackedPrefix(run, family.Parts), family.Read, cancellationToken);
        if (parts.Count == 0 || !parts.All(p => p.Sorted)) return null;

        using var summary = table.Open(LedgerEntities.SummaryPartition(run, family.Summary), family.Write);
        var merged = SortedMerge.Merge([.. parts.Select(p => p.Rows)], family.Order, family.Combine, gauge);
        foreach (var day in SortedMerge.Days(merged, family.Day, family.SortDay, gauge))
            foreach (var row in day) await summary.AddAsync(row, cancellationToken);
        return await summary.CompleteAsync(cancellationToken);
    }

    /// <summary>Two rows of one fact: summed, except a declared fixed cost, which every part carries and counts once.</summary>
    private static DailyCostFact AddFact(DailyCostFact sum, DailyCostFact next) =>
        sum.Kind == AllocationKind.Fixed ? sum : LedgerSums.Add(sum, next);

    // Runs with parts written before they were stored in merge order: the run's rows summed in dictionaries, one family
    // at a time (an async method keeps its locals, so each family has its own method).
    private async Task<long> WriteFactSummariesInMemoryAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var facts = InReadOrder(await SumFactPartsAsync(run, cancellationToken));
        var written = await table.WriteAsync(LedgerEntities.SummaryPartition(run, 'f'), facts, LedgerEntities.WriteFact, cancellationToken);
        return written + await table.WriteAsync(LedgerEntities.SummaryPartition(run, 'a'), InReadOrder(ByAllocation(facts)), LedgerEntities.WriteFact, cancellationToken);
    }

    private async Task<long> WriteResourceSummaryInMemoryAsync(ExportRunRef run, CancellationToken cancellationToken) =>
        await table.WriteAsync(LedgerEntities.SummaryPartition(run, 'r'), InReadOrder(await SumResourcePartsAsync(run, cancellationToken)),
            LedgerEntities.WriteResourceCost, cancellationToken);

    /// <summary>
    /// The order readers answer in (day, then fact key): summaries are stored in it, so a month read from one summarized
    /// run is filtered and returned without a sort (<see cref="TableLedgerReader"/>).
    /// </summary>
    public static List<DailyCostFact> InReadOrder(IEnumerable<DailyCostFact> facts)
    {
        // A fact key repeats on every day of the month: build each once, not once per fact.
        var keys = new Dictionary<FactIdentity, string>();
        string Key(DailyCostFact f)
        {
            var identity = FactIdentity.Of(f) with { Day = default };
            if (!keys.TryGetValue(identity, out var key)) keys[identity] = key = f.FactKey;
            return key;
        }
        return facts.OrderBy(f => f.Day).ThenBy(Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The order readers answer resource-days in: day, then cost (highest first), then resource and currency.</summary>
    public static List<ResourceDailyCost> InReadOrder(IEnumerable<ResourceDailyCost> costs) =>
        costs.OrderBy(r => r.Day).ThenByDescending(r => r.EffectiveCost)
            .ThenBy(r => r.ResourceId, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The run's facts summed over its parts, read part by part. A declared fixed cost is in every part that saw its day,
    /// with the same amount: it counts once.
    /// </summary>
    public async Task<IReadOnlyList<DailyCostFact>> SumFactPartsAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<FactIdentity, DailyCostFact>();
        var fixedSeen = new HashSet<FactIdentity>();
        await foreach (var part in table.ReadPartitionsAsync(LedgerEntities.PackedPrefix(run, 'f'), LedgerEntities.ReadFact, cancellationToken))
            foreach (var fact in part)
            {
                var key = FactIdentity.Of(fact);
                if (fact.Kind == AllocationKind.Fixed && !fixedSeen.Add(key)) continue;
                sums[key] = sums.TryGetValue(key, out var sum) ? LedgerSums.Add(sum, fact) : fact;
            }
        return [.. sums.Values];
    }

    /// <summary>The run's resource-days summed over its parts, in part order (the lowest part names the resource).</summary>
    public async Task<IReadOnlyList<ResourceDailyCost>> SumResourcePartsAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<(DateOnly, string, string), ResourceDailyCost>();
        await foreach (var part in table.ReadPartitionsAsync(LedgerEntities.PackedPrefix(run, 'r'), LedgerEntities.ReadResourceCost, cancellationToken))
            foreach (var cost in part)
            {
                var key = LedgerEntities.ResourceKey(cost);
                sums[key] = sums.TryGetValue(key, out var sum) ? LedgerSums.Add(sum, cost) : cost;
            }
        return [.. sums.Values];
    }

    /// <summary>Facts summed by day × allocation × kind × category × currency (<see cref="LedgerDetail.Allocation"/>), exactly.</summary>
    public static IReadOnlyList<DailyCostFact> ByAllocation(IEnumerable<DailyCostFact> facts)
    {
        var sums = new Dictionary<(DateOnly, AllocationKey, AllocationKind, CostCategory, string), DailyCostFact>();
        foreach (var f in facts)
        {
            var key = (f.Day, f.Allocation, f.Kind, f.Category, f.Currency);
            sums[key] = sums.TryGetValue(key, out var sum) ? LedgerSums.Add(sum, f) : f with
            {
                ServiceName = "",
                PricingCategory = PricingCategory.Standard,
                SubAccountId = null,
                ResourceGroupName = null,
            };
        }
        return [.. sums.Values];
    }
}

/// <summary>What <see cref="DailyCostFact.FactKey"/> says, with the day, as a value (no string built per row).</summary>
internal readonly record struct FactIdentity(DateOnly Day, AllocationKey Allocation, AllocationKind Kind,
    CostCategory Category, string ServiceName, PricingCategory PricingCategory, string Currency, string SubAccountId, string ResourceGroupName)
{
    public static FactIdentity Of(DailyCostFact f) => new(f.Day, f.Allocation, f.Kind, f.Category, f.ServiceName, f.PricingCategory,
        f.Currency ?? "", f.SubAccountId ?? "", f.ResourceGroupName ?? "");
}

/// <summary>Exact sums of two rows with the same identity; the first row keeps its names.</summary>
internal static class LedgerSums
{
    public static DailyCostFact Add(DailyCostFact a, DailyCostFact b) => a with
    {
        BilledCost = a.BilledCost + b.BilledCost,
        EffectiveCost = a.EffectiveCost + b.EffectiveCost,
        ListCost = a.ListCost + b.ListCost,
        ConsumedQuantity = a.ConsumedQuantity + b.ConsumedQuantity,
        GpuHours = a.GpuHours + b.GpuHours,
        RowCount = a.RowCount + b.RowCount,
    };

    // The first one seen (lowest part) names the resource, as the first row does in a whole-file ingest.
    public static ResourceDailyCost Add(ResourceDailyCost a, ResourceDailyCost b) => a with
    {
        BilledCost = a.BilledCost + b.BilledCost,
        EffectiveCost = a.EffectiveCost + b.EffectiveCost,
        GpuHours = a.GpuHours + b.GpuHours,
    };
}

/// <summary>
/// How a packed family's parts become its run summary (<see cref="RunSummaries"/>): its part and summary partitions, its
/// packed row, its merge order and how two rows of one identity combine, and how one day is sorted for readers.
/// </summary>
internal sealed record MergedFamily<T>(char Parts, char Summary, Func<PackedReader, T> Read, Action<PackedWriter, T> Write,
    IComparer<T> Order, Func<T, T, T> Combine, Func<T, DateOnly> Day, Action<List<T>> SortDay);
