using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.Ledger;

/// <summary>What the aggregate stage produced: facts (direct, unallocated, shared, fixed), per-resource daily costs
/// and the input totals per currency (fixed costs excluded: they were not in the input).</summary>
public sealed record AggregationResult(
    IReadOnlyList<DailyCostFact> Facts,
    IReadOnlyList<ResourceDailyCost> ResourceCosts,
    IReadOnlyList<CurrencyTotal> Totals)
{
    /// <summary>Storage accounts' capacity meters and other costs per day (see <see cref="StorageTierDailyCost"/>).</summary>
    public IReadOnlyList<StorageTierDailyCost> StorageCosts { get; init; } = [];
}

/// <summary>
/// The aggregate stage: sums <see cref="AllocatedCost"/>s into <see cref="DailyCostFact"/>s and
/// <see cref="ResourceDailyCost"/>s. Memory grows with distinct facts and resource-days, never with rows; keys are
/// structs of interned references, so no string is built or hashed per row.
/// <para>
/// Shared rows are pooled per fact key and rule, and split in <see cref="Complete"/> when every direct cost of the
/// day is known, by the rule (<see cref="SharedCostSplitter"/>): per day and currency direct + unallocated + shared =
/// the input, exactly. A shared pool with nobody to split to stays a Shared fact with the value <c>unallocated</c>.
/// </para>
/// Fixed monthly costs (<see cref="FixedCostSpreader"/>) are added per day from the first of each month seen up to the
/// last day seen in that month.
/// </summary>
public sealed class DailyCostAggregator
{
    private readonly CostAllocator _allocator;
    private readonly AllocationConfig _config;
    private readonly bool _includeResourceCosts;
    private readonly bool _includeScopeDetail;
    private ChunkedTable<FactKey, CostSums> _facts = new();
    private readonly ResourceDailyCostTable _resources = new();
    private readonly StorageTierCostTable _storage = new();
    private readonly MonthsSeen _months = new();

    /// <summary>Facts merged from a later range whose keys this aggregator did not have: kept aside rather than added,
    /// so the merge never grows (and copies) the fact table; folded in by <see cref="Complete"/> or the next
    /// <see cref="Add"/>. Keys are distinct from <see cref="_facts"/>' and from each other.</summary>
    private List<KeyValuePair<FactKey, CostSums>>? _pending;

    public DailyCostAggregator(CostAllocator allocator, AllocationConfig config, bool includeResourceCosts = true, bool includeScopeDetail = true)
    {
        _allocator = allocator;
        _config = config;
        _includeResourceCosts = includeResourceCosts;
        _includeScopeDetail = includeScopeDetail;
    }

    /// <summary>The part of the file the rows now added come from (see <see cref="ICostRecordSink.BeginPart"/>).</summary>
    internal int CurrentPart { get; set; }

    /// <summary>True until the first row, merge or fixed cost: nothing summed yet.</summary>
    internal bool IsEmpty => RowsAdded == 0 && _facts.Count == 0 && _pending is null && _resources.Count == 0;

    public long RowsAdded { get; private set; }

    public int DistinctFacts => _facts.Count + (_pending?.Count ?? 0);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first row, not after a warm-up
    public void Add(in AllocatedCost cost)
    {
        if (_pending is not null) FoldPending();
        var r = cost.Record;
        var day = cost.Day.DayNumber;
        var key = new FactKey(day, cost.Allocation, cost.Kind, cost.Category, r.PricingCategory, cost.SharedRuleIndex,
            cost.ServiceName, cost.Currency, _includeScopeDetail ? cost.SubAccountId : null, _includeScopeDetail ? cost.ResourceGroupName : null);
        ref var sums = ref FactOf(key, r.Fields.Resource.Slot);
        sums.Billed += r.BilledCost;
        sums.Effective += r.EffectiveCost;
        sums.List += r.ListCost;
        sums.Quantity += r.ConsumedQuantity ?? 0m;
        sums.GpuHours += cost.GpuHours;
        sums.Rows++;

        if (_includeResourceCosts && cost.ResourceId is { Length: > 0 } resourceId)
        {
            _resources.Add(cost, resourceId, day, CurrentPart);
            _storage.Add(cost, resourceId, day, CurrentPart);
        }
        _months.Add(cost.Day);
        RowsAdded++;
    }

    /// <summary>
    /// The sums of <paramref name="key"/>'s fact. Rows of one resource and day mostly add to the fact its previous row
    /// added to: the reader's slot for the resource remembers where that fact is, and its key is compared there before
    /// the table is searched (no hash, no bucket walk).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref CostSums FactOf(in FactKey key, ResourceSlot? slot)
    {
        if (slot is null) return ref _facts.GetValueRefOrAddDefault(key, out _);
        if (ReferenceEquals(slot.FactTable, _facts))
        {
            ref var last = ref _facts.EntryAt(slot.FactIndex, key);
            if (!Unsafe.IsNullRef(ref last)) return ref last;
        }

        ref var sums = ref _facts.GetValueRefOrAddDefault(key, out _, out var index);
        (slot.FactTable, slot.FactIndex) = (_facts, index);
        return ref sums;
    }

    /// <summary>
    /// Adds everything <paramref name="later"/> has summed (rows read by another allocator) to this one, before
    /// <see cref="Complete"/>: sums are added exactly (decimal), a resource-day keeps the descriptive fields of its first
    /// row in the file — this aggregator's when both have it, or, <paramref name="byPart"/> (two workers of one parallel
    /// read, whose parts interleave), the one from the earlier part — and strings and
    /// allocation keys are mapped to this aggregator's instances so that keys still compare by reference. Shared splits
    /// and fixed costs happen in <see cref="Complete"/>, after the merge, so the result equals a sequential run's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once, with loops over every fact
    internal void MergeFrom(DailyCostAggregator later, bool byPart = false)
    {
        ArgumentNullException.ThrowIfNull(later);
        if (_pending is not null) FoldPending();
        if (later._pending is not null) later.FoldPending(); // it may itself have merged another worker's aggregate
        var mapAllocation = AllocationMap();
        MergeFacts(later, mapAllocation);
        _resources.MergeFrom(later._resources, byPart, _allocator, mapAllocation);
        _storage.MergeFrom(later._storage, byPart, _allocator, mapAllocation);
        _months.MergeFrom(later._months);
        RowsAdded += later.RowsAdded;
    }

    /// <summary>
    /// Maps another allocator's allocation keys to this one's. Names go through this aggregator's allocator, whose pools
    /// hold every instance its keys use: a name only the later range had becomes the instance this allocator hands out
    /// for the rows it allocates after the merge (the next file of the same ingest), so equal keys stay equal by reference.
    /// </summary>
    private Func<AllocationKey, AllocationKey> AllocationMap()
    {
        var allocations = new Dictionary<AllocationKey, AllocationKey>();
        return key =>
        {
            ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(allocations, key, out var exists);
            if (!exists)
            {
                var values = new string[key.Pairs.Count];
                for (var i = 0; i < values.Length; i++) values[i] = key.Pairs[i].Value;
                mine = _allocator.GetAllocationKey(values);
            }

            return mine!;
        };
    }

    /// <summary>Adds the later aggregator's facts to the ones with the same key; keeps the others aside (see <see cref="_pending"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MergeFacts(DailyCostAggregator later, Func<AllocationKey, AllocationKey> mapAllocation)
    {
        _pending = new List<KeyValuePair<FactKey, CostSums>>(later._facts.Count);
        foreach (var (k, s) in later._facts)
        {
            var key = k with
            {
                Allocation = mapAllocation(k.Allocation),
                Service = _allocator.InternService(k.Service),
                Currency = _allocator.InternCurrency(k.Currency),
                SubAccountId = k.SubAccountId is null ? null : _allocator.InternScope(k.SubAccountId),
                ResourceGroup = k.ResourceGroup is null ? null : _allocator.InternScope(k.ResourceGroup),
            };
            ref var sums = ref _facts.GetValueRefOrNullRef(key);
            if (Unsafe.IsNullRef(ref sums))
            {
                _pending.Add(new(key, s));
                continue;
            }

            try
            {
                sums.Add(s);
            }
            catch (OverflowException e)
            {
                throw new SumOutOfRangeException(key.Currency, e);
            }
        }

        later._facts.Clear(); // its chunks are garbage now, not kept until the end of the ingest
    }

    private void FoldPending()
    {
        foreach (var (key, sums) in _pending!) _facts.AddNew(key, sums);
        _pending = null;
    }

    /// <summary>Every fact: the table's, then the pending ones (no key in both).</summary>
    private IEnumerable<KeyValuePair<FactKey, CostSums>> AllFacts() => _pending is null ? _facts : _facts.Concat(_pending);

    /// <summary>Splits shared pools, adds fixed costs and returns everything, sorted deterministically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public AggregationResult Complete()
    {
        try
        {
            return CompleteSums();
        }
        catch (OverflowException e) when (e is not SumOutOfRangeException)
        {
            throw new SumOutOfRangeException(null, e); // a shared split or fixed cost beyond the decimal range
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private AggregationResult CompleteSums()
    {
        var totals = new Dictionary<string, (decimal Billed, decimal Effective)>(StringComparer.Ordinal);
        var weights = DirectWeights();
        // Direct and unallocated sums are final facts already (their keys are unique) and stay where they are: the result
        // reads them from this aggregator's table (a DailyCostFact is made only when read), so completing does not copy
        // 100,000 facts into as many objects. Only shared splits and fixed costs need merging.
        var merged = new Dictionary<FactKey, CostSums>();
        var table = _facts;
        var pending = _pending ?? [];
        var order = new List<int>(DistinctFacts);
        for (var i = 0; i < table.Count; i++)
        {
            ref readonly var key = ref table.KeyAt(i);
            ref readonly var sums = ref table.ValueAt(i);
            AddTotal(totals, key.Currency, sums);
            if (key.RuleIndex < 0) order.Add(i);
            else SplitShared(merged, key, sums, weights);
        }

        for (var i = 0; i < pending.Count; i++)
        {
            var (key, sums) = pending[i];
            AddTotal(totals, key.Currency, sums);
            if (key.RuleIndex < 0) order.Add(table.Count + i);
            else SplitShared(merged, key, sums, weights);
        }

        AddFixedCosts(merged);
        var extra = merged.ToList();
        for (var i = 0; i < extra.Count; i++) order.Add(table.Count + pending.Count + i);
        var facts = new DailyCostFactList(table, pending, extra, [.. order]);
        facts.Sort();
        _facts = new ChunkedTable<FactKey, CostSums>(); // the table now belongs to the result
        _pending = null;

        return new AggregationResult(facts, _resources.TakeSorted(),
            totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new CurrencyTotal(t.Key, t.Value.Billed, t.Value.Effective)).ToList())
        {
            StorageCosts = _storage.TakeSorted(),
        };
    }

    private static void AddTotal(Dictionary<string, (decimal Billed, decimal Effective)> totals, string currency, in CostSums sums)
    {
        ref var t = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, currency, out _);
        try
        {
            t = (t.Billed + sums.Billed, t.Effective + sums.Effective);
        }
        catch (OverflowException e)
        {
            throw new SumOutOfRangeException(currency, e);
        }
    }

    private static void Merge(Dictionary<FactKey, CostSums> output, FactKey key, in CostSums sums)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(output, key with { RuleIndex = -1 }, out _).Add(sums);
    }

    /// <summary>The direct costs the shared rules split by: every direct fact of the aggregate.</summary>
    private SharedCostWeights DirectWeights()
    {
        var weights = new SharedCostWeights(_allocator, _config.Shared);
        if (!weights.Counts) return weights;
        foreach (var (key, sums) in AllFacts())
            if (key.Kind == AllocationKind.Direct && key.RuleIndex < 0) weights.AddDirect(key.Day, key.Currency, key.Allocation, sums.Effective);
        return weights;
    }

    private void SplitShared(Dictionary<FactKey, CostSums> output, FactKey key, in CostSums sums, SharedCostWeights directWeights)
    {
        var shared = key with { Kind = AllocationKind.Shared, RuleIndex = -1 };
        var shares = SharedCostSplitter.Split(_allocator, _config.Shared[key.RuleIndex], key.Allocation, sums, directWeights, key.Day, key.Currency);
        foreach (var (allocation, share) in shares) Merge(output, shared with { Allocation = allocation }, share);
    }

    private void AddFixedCosts(Dictionary<FactKey, CostSums> output)
    {
        if (_config.FixedCosts.Count == 0) return;
        foreach (var (first, lastDay) in _months.Months)
            foreach (var f in FixedCostSpreader.Spread(_allocator, _config.FixedCosts, first, lastDay))
                Merge(output, new FactKey(f.DayNumber, f.Allocation, AllocationKind.Fixed, CostCategory.Fixed, PricingCategory.Other, -1,
                        f.Name, f.Currency, null, null),
                    new CostSums { Billed = f.Amount, Effective = f.Amount, List = f.Amount });
    }
}
