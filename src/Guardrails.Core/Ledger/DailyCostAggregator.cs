using System.Collections;
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
    IReadOnlyList<CurrencyTotal> Totals);

/// <summary>
/// The aggregate stage: sums <see cref="AllocatedCost"/>s into <see cref="DailyCostFact"/>s and
/// <see cref="ResourceDailyCost"/>s. Memory grows with distinct facts and resource-days, never with rows; keys are
/// structs of interned references, so no string is built or hashed per row.
/// <para>
/// Shared rows are pooled per fact key and rule, and split in <see cref="Complete"/> when every direct cost of the
/// day is known: proportionally to each value's direct EffectiveCost that day in the same currency (values with a
/// positive direct cost only; none → evenly), evenly, or by fixed percentages. Splits use
/// <see cref="MoneySplit"/>, so per day and currency direct + unallocated + shared = the input, exactly.
/// A shared pool with nobody to split to stays a Shared fact with the value <c>unallocated</c>.
/// </para>
/// Fixed monthly costs are added per day from the first of each month seen up to the last day seen in that month.
/// </summary>
public sealed class DailyCostAggregator
{
    private readonly CostAllocator _allocator;
    private readonly AllocationConfig _config;
    private ChunkedTable<FactKey, Sums> _facts = new();
    private readonly Dictionary<ResourceKey, ResourceSums> _resources = new();
    private readonly Dictionary<int, int> _lastDayOfMonthSeen = new(); // month number → last day number seen

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

    private readonly bool _includeResourceCosts;
    private readonly bool _includeScopeDetail;

    private int _lastDay = int.MinValue;

    public long RowsAdded { get; private set; }

    public int DistinctFacts => _facts.Count + (_pending?.Count ?? 0);

    /// <summary>Facts merged from a later range whose keys this aggregator did not have: kept aside rather than added,
    /// so the merge never grows (and copies) the fact table; folded in by <see cref="Complete"/> or the next
    /// <see cref="Add"/>. Keys are distinct from <see cref="_facts"/>' and from each other.</summary>
    private List<KeyValuePair<FactKey, Sums>>? _pending;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first row, not after a warm-up
    public void Add(in AllocatedCost cost)
    {
        if (_pending is not null) FoldPending();
        var r = cost.Record;
        var day = cost.Day.DayNumber;
        var key = new FactKey(day, cost.Allocation, cost.Kind, cost.Category, r.PricingCategory, cost.SharedRuleIndex,
            cost.ServiceName, cost.Currency, _includeScopeDetail ? cost.SubAccountId : null, _includeScopeDetail ? cost.ResourceGroupName : null);
        ref var sums = ref _facts.GetValueRefOrAddDefault(key, out _);
        sums.Billed += r.BilledCost;
        sums.Effective += r.EffectiveCost;
        sums.List += r.ListCost;
        sums.Quantity += r.ConsumedQuantity ?? 0m;
        sums.GpuHours += cost.GpuHours;
        sums.Rows++;

        if (_includeResourceCosts && cost.ResourceId is { Length: > 0 } resourceId)
        {
            ref var res = ref CollectionsMarshal.GetValueRefOrAddDefault(_resources, new ResourceKey(day, resourceId, cost.Currency), out var exists);
            if (!exists || res is null)
                res = new ResourceSums { ResourceName = r.ResourceName, SkuName = r.SkuName, RegionId = r.RegionId, Allocation = cost.Allocation, Category = cost.Category, FirstPart = CurrentPart };
            else if (CurrentPart < res.FirstPart)
            {
                // A worker reading parts from the back of the file: this row comes before the one that described it.
                (res.ResourceName, res.SkuName, res.RegionId, res.Allocation, res.Category, res.FirstPart) =
                    (r.ResourceName, r.SkuName, r.RegionId, cost.Allocation, cost.Category, CurrentPart);
            }
            res.Billed += r.BilledCost;
            res.Effective += r.EffectiveCost;
            res.GpuHours += cost.GpuHours;
        }

        if (day != _lastDay)
        {
            _lastDay = day;
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastDayOfMonthSeen, MonthNumber(cost.Day), out var seen);
            if (!seen || day > last) last = day;
        }
        RowsAdded++;
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
        // Names go through this aggregator's allocator, whose pools hold every instance its keys use: a name only the
        // later range had becomes the instance this allocator hands out for the rows it allocates after the merge
        // (the next file of the same ingest), so equal keys stay equal by reference.
        var allocations = new Dictionary<AllocationKey, AllocationKey>();

        AllocationKey MapAllocation(AllocationKey key)
        {
            ref var mine = ref CollectionsMarshal.GetValueRefOrAddDefault(allocations, key, out var exists);
            if (!exists)
            {
                var values = new string[key.Pairs.Count];
                for (var i = 0; i < values.Length; i++) values[i] = key.Pairs[i].Value;
                mine = _allocator.GetAllocationKey(values);
            }

            return mine!;
        }

        _pending = new List<KeyValuePair<FactKey, Sums>>(later._facts.Count);
        foreach (var (k, s) in later._facts)
        {
            var key = k with
            {
                Allocation = MapAllocation(k.Allocation),
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
        foreach (var (k, s) in later._resources)
        {
            var key = new ResourceKey(k.Day, _allocator.InternResourceId(k.ResourceId), _allocator.InternCurrency(k.Currency));
            ref var res = ref CollectionsMarshal.GetValueRefOrAddDefault(_resources, key, out var exists);
            if (!exists || res is null)
            {
                res = s;
                res.Allocation = MapAllocation(s.Allocation);
            }
            else
            {
                if (byPart && s.FirstPart < res.FirstPart)
                {
                    // The later aggregator saw this resource-day first in the file: its first row describes it.
                    (res.ResourceName, res.SkuName, res.RegionId, res.Category, res.FirstPart) = (s.ResourceName, s.SkuName, s.RegionId, s.Category, s.FirstPart);
                    res.Allocation = MapAllocation(s.Allocation);
                }

                try
                {
                    res.Billed += s.Billed;
                    res.Effective += s.Effective;
                    res.GpuHours += s.GpuHours;
                }
                catch (OverflowException e)
                {
                    throw new SumOutOfRangeException(key.Currency, e);
                }
            }
        }

        later._resources.Clear();
        later._resources.TrimExcess();
        foreach (var (month, lastDay) in later._lastDayOfMonthSeen)
        {
            ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastDayOfMonthSeen, month, out var seen);
            if (!seen || lastDay > last) last = lastDay;
        }

        _lastDay = int.MinValue;
        RowsAdded += later.RowsAdded;
    }

    private void FoldPending()
    {
        foreach (var (key, sums) in _pending!) _facts.AddNew(key, sums);
        _pending = null;
    }

    /// <summary>Every fact: the table's, then the pending ones (no key in both).</summary>
    private IEnumerable<KeyValuePair<FactKey, Sums>> AllFacts() => _pending is null ? _facts : _facts.Concat(_pending);

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
        var weights = BuildDirectWeights();
        // Direct and unallocated sums are final facts already (their keys are unique) and stay where they are: the result
        // reads them from this aggregator's table (a DailyCostFact is made only when read), so completing does not copy
        // 100,000 facts into as many objects. Only shared splits and fixed costs need merging.
        var merged = new Dictionary<FactKey, Sums>();
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
        var facts = new FactList(table, pending, extra, [.. order]);
        facts.Sort();
        _facts = new ChunkedTable<FactKey, Sums>(); // the table now belongs to the result
        _pending = null;

        var resources = new List<ResourceDailyCost>(_resources.Count);
        foreach (var (key, s) in _resources)
            resources.Add(new ResourceDailyCost
            {
                Day = DateOnly.FromDayNumber(key.Day),
                ResourceId = key.ResourceId,
                ResourceName = s.ResourceName,
                SkuName = s.SkuName,
                RegionId = s.RegionId,
                Allocation = s.Allocation,
                Category = s.Category,
                Currency = key.Currency,
                BilledCost = s.Billed,
                EffectiveCost = s.Effective,
                GpuHours = s.GpuHours,
            });
        _resources.Clear();
        _resources.TrimExcess();
        resources.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day)
            : b.EffectiveCost != a.EffectiveCost ? b.EffectiveCost.CompareTo(a.EffectiveCost)
            : string.CompareOrdinal(a.ResourceId, b.ResourceId) is var c && c != 0 ? c
            : string.CompareOrdinal(a.Currency, b.Currency));

        return new AggregationResult(facts, resources,
            totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new CurrencyTotal(t.Key, t.Value.Billed, t.Value.Effective)).ToList());
    }

    private static void AddTotal(Dictionary<string, (decimal Billed, decimal Effective)> totals, string currency, in Sums sums)
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

    /// <summary>
    /// The facts of one <see cref="Complete"/>: entries of the aggregator's table, of the facts merged from another
    /// aggregator, and of shared splits and fixed costs, in <see cref="CompareFacts"/> order. Holds no object per fact: a
    /// <see cref="DailyCostFact"/> is made when one is read (records compare by value, so equal reads are equal facts).
    /// </summary>
    internal sealed class FactList(ChunkedTable<FactKey, Sums> table, List<KeyValuePair<FactKey, Sums>> pending,
        List<KeyValuePair<FactKey, Sums>> extra, int[] order) : IReadOnlyList<DailyCostFact>
    {
        public int Count => order.Length;

        public DailyCostFact this[int index] => ToFact(Key(order[index]), Sums(order[index]));

        /// <summary>What a <see cref="DailyCostGroups"/> reads of the <paramref name="index"/>-th fact, without making it.</summary>
        internal FactRow Row(int index)
        {
            var entry = order[index];
            var k = Key(entry);
            var s = Sums(entry);
            return new FactRow(k.Day, k.Allocation, k.Currency, k.Category, s.Billed, s.Effective, s.List, s.GpuHours);
        }

        private FactKey Key(int entry)
        {
            if (entry < table.Count) return table.KeyAt(entry);
            entry -= table.Count;
            return entry < pending.Count ? pending[entry].Key : extra[entry - pending.Count].Key;
        }

        private Sums Sums(int entry)
        {
            if (entry < table.Count) return table.ValueAt(entry);
            entry -= table.Count;
            return entry < pending.Count ? pending[entry].Value : extra[entry - pending.Count].Value;
        }

        public IEnumerator<DailyCostFact> GetEnumerator()
        {
            for (var i = 0; i < order.Length; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>
        /// Sorts <c>order</c> in <see cref="CompareFacts"/> order. Comparing allocation keys as text a million times was a
        /// tenth of a second on 100k facts, so each fact's leading fields (day, currency, allocation, kind, category,
        /// service, pricing) are first packed into one number from their ranks, the facts sorted by it, and only runs
        /// with equal numbers (facts that differ by subscription or resource group) compared field by field. When a rank
        /// does not fit its bits, everything is compared field by field.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Sort()
        {
            if (order.Length < 2) return;
            var currencies = new HashSet<string>(StringComparer.Ordinal);
            var services = new HashSet<string>(StringComparer.Ordinal);
            var allocationTexts = new HashSet<string>(StringComparer.Ordinal);
            var minDay = int.MaxValue;
            foreach (var entry in order)
            {
                var k = Key(entry);
                currencies.Add(k.Currency);
                services.Add(k.Service);
                allocationTexts.Add(k.Allocation.ToString());
                minDay = Math.Min(minDay, k.Day);
            }

            var currencyRank = RanksOf(currencies);
            var serviceRank = RanksOf(services);
            var allocationRank = RanksOf(allocationTexts);
            var allocations = new Dictionary<AllocationKey, int>(ReferenceEqualityComparer.Instance);
            var packed = new ulong[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                var k = Key(order[i]);
                ref var allocation = ref CollectionsMarshal.GetValueRefOrAddDefault(allocations, k.Allocation, out var seen);
                if (!seen) allocation = allocationRank[k.Allocation.ToString()];
                ulong day = (ulong)(k.Day - minDay), currency = (ulong)currencyRank[k.Currency], service = (ulong)serviceRank[k.Service];
                if (day >= 1 << 16 || currency >= 1 << 8 || (ulong)allocation >= 1 << 20 || service >= 1 << 12 ||
                    (int)k.Kind >= 1 << 2 || (int)k.Category >= 1 << 4 || (int)k.Pricing >= 1 << 2)
                {
                    Array.Sort(order, CompareEntries);
                    return;
                }

                packed[i] = day << 48 | currency << 40 | (ulong)allocation << 20 | (ulong)k.Kind << 18 | (ulong)k.Category << 14 |
                            service << 2 | (ulong)k.Pricing;
            }

            Array.Sort(packed, order);
            for (int start = 0, end; start < order.Length; start = end)
            {
                for (end = start + 1; end < order.Length && packed[end] == packed[start]; end++)
                {
                }

                if (end - start > 1) Array.Sort(order, start, end - start, Comparer<int>.Create(CompareEntries));
            }
        }

        private int CompareEntries(int a, int b) => CompareKeys(Key(a), Key(b));

        private static Dictionary<string, int> RanksOf(HashSet<string> distinct)
        {
            var sorted = distinct.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            var ranks = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
            for (var i = 0; i < sorted.Length; i++) ranks[sorted[i]] = i;
            return ranks;
        }
    }

    private static DailyCostFact ToFact(in FactKey key, in Sums s) => new()
    {
        Day = DateOnly.FromDayNumber(key.Day),
        Allocation = key.Allocation,
        Kind = key.Kind,
        Category = key.Category,
        ServiceName = key.Service,
        PricingCategory = key.Pricing,
        Currency = key.Currency,
        SubAccountId = key.SubAccountId,
        ResourceGroupName = key.ResourceGroup,
        BilledCost = s.Billed,
        EffectiveCost = s.Effective,
        ListCost = s.List,
        ConsumedQuantity = s.Quantity,
        GpuHours = s.GpuHours,
        RowCount = s.Rows,
    };

    /// <summary>Sorts facts in <see cref="CompareFacts"/> order, as <see cref="Complete"/> orders its own (tests compare the two).</summary>
    internal static void SortFacts(List<DailyCostFact> facts)
    {
        var entries = facts.Select(f => new KeyValuePair<FactKey, Sums>(KeyOf(f),
            new Sums { Billed = f.BilledCost, Effective = f.EffectiveCost, List = f.ListCost, Quantity = f.ConsumedQuantity, GpuHours = f.GpuHours, Rows = f.RowCount })).ToList();
        var sorted = new FactList(new ChunkedTable<FactKey, Sums>(), [], entries, [.. Enumerable.Range(0, entries.Count)]);
        sorted.Sort();
        var copy = sorted.ToList();
        facts.Clear();
        facts.AddRange(copy);
    }

    /// <summary>Ledger order: day, currency, allocation (as text), kind, category, service, pricing, subscription, resource group.</summary>
    internal static int CompareFacts(DailyCostFact a, DailyCostFact b) => CompareKeys(KeyOf(a), KeyOf(b));

    private static FactKey KeyOf(DailyCostFact f) =>
        new(f.Day.DayNumber, f.Allocation, f.Kind, f.Category, f.PricingCategory, -1, f.ServiceName, f.Currency, f.SubAccountId, f.ResourceGroupName);

    private static int CompareKeys(in FactKey x, in FactKey y)
    {
        var c = x.Day.CompareTo(y.Day);
        if (c == 0) c = string.CompareOrdinal(x.Currency, y.Currency);
        if (c == 0) c = string.CompareOrdinal(x.Allocation.ToString(), y.Allocation.ToString());
        if (c == 0) c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = x.Category.CompareTo(y.Category);
        if (c == 0) c = string.CompareOrdinal(x.Service, y.Service);
        if (c == 0) c = x.Pricing.CompareTo(y.Pricing);
        if (c == 0) c = string.CompareOrdinal(x.SubAccountId, y.SubAccountId);
        if (c == 0) c = string.CompareOrdinal(x.ResourceGroup, y.ResourceGroup);
        return c;
    }

    private static void Merge(Dictionary<FactKey, Sums> output, FactKey key, in Sums sums)
    {
        CollectionsMarshal.GetValueRefOrAddDefault(output, key with { RuleIndex = -1 }, out _).Add(sums);
    }

    /// <summary>(day, currency, key index) → value → direct EffectiveCost.</summary>
    private Dictionary<(int Day, string Currency, int Key), Dictionary<string, decimal>> BuildDirectWeights()
    {
        var keyIndexes = new HashSet<int>();
        foreach (var rule in _config.Shared) keyIndexes.Add(_allocator.KeyIndex(rule.Key));
        keyIndexes.Remove(-1);
        var weights = new Dictionary<(int, string, int), Dictionary<string, decimal>>();
        if (keyIndexes.Count == 0) return weights;
        foreach (var (key, sums) in AllFacts())
        {
            if (key.Kind != AllocationKind.Direct || key.RuleIndex >= 0) continue;
            foreach (var k in keyIndexes)
            {
                var value = key.Allocation.Pairs[k].Value;
                if (ReferenceEquals(value, AllocationKey.Unallocated) || value == AllocationKey.Unallocated) continue;
                if (!weights.TryGetValue((key.Day, key.Currency, k), out var perValue))
                    weights[(key.Day, key.Currency, k)] = perValue = new Dictionary<string, decimal>(StringComparer.Ordinal);
                perValue[value] = perValue.GetValueOrDefault(value) + sums.Effective;
            }
        }
        return weights;
    }

    private void SplitShared(Dictionary<FactKey, Sums> output, FactKey key, in Sums sums,
        Dictionary<(int Day, string Currency, int Key), Dictionary<string, decimal>> directWeights)
    {
        var rule = _config.Shared[key.RuleIndex];
        var k = _allocator.KeyIndex(rule.Key);
        var values = new string[key.Allocation.Pairs.Count];
        for (var i = 0; i < values.Length; i++) values[i] = key.Allocation.Pairs[i].Value;
        var shared = key with { Kind = AllocationKind.Shared, RuleIndex = -1 };

        var (targets, weights) = SharedCostSplitter.Targets(_allocator, rule, k, k >= 0 ? directWeights.GetValueOrDefault((key.Day, key.Currency, k)) : null);
        if (k < 0 || targets.Count == 0)
        {
            if (k >= 0) values[k] = AllocationKey.Unallocated;
            Merge(output, shared with { Allocation = _allocator.GetAllocationKey(values) }, sums);
            return;
        }

        var n = targets.Count;
        Span<decimal> billed = new decimal[n], effective = new decimal[n], list = new decimal[n], quantity = new decimal[n],
            gpu = new decimal[n], rows = new decimal[n];
        MoneySplit.Split(sums.Billed, weights, billed);
        MoneySplit.Split(sums.Effective, weights, effective);
        MoneySplit.Split(sums.List, weights, list);
        MoneySplit.Split(sums.Quantity, weights, quantity);
        MoneySplit.Split(sums.GpuHours, weights, gpu);
        MoneySplit.Split(sums.Rows, weights, rows, minScale: 0);
        for (var i = 0; i < n; i++)
        {
            values[k] = targets[i];
            Merge(output, shared with { Allocation = _allocator.GetAllocationKey(values) }, new Sums
            {
                Billed = billed[i],
                Effective = effective[i],
                List = list[i],
                Quantity = quantity[i],
                GpuHours = gpu[i],
                Rows = (long)rows[i],
            });
        }
    }

    private void AddFixedCosts(Dictionary<FactKey, Sums> output)
    {
        if (_config.FixedCosts.Count == 0) return;
        foreach (var (month, lastDay) in _lastDayOfMonthSeen)
            foreach (var f in FixedCostSpreader.Spread(_allocator, _config.FixedCosts, new DateOnly(month / 12, month % 12 + 1, 1), lastDay))
                Merge(output, new FactKey(f.DayNumber, f.Allocation, AllocationKind.Fixed, CostCategory.Fixed, PricingCategory.Other, -1,
                        f.Name, f.Currency, null, null),
                    new Sums { Billed = f.Amount, Effective = f.Amount, List = f.Amount });
    }

    private static int MonthNumber(DateOnly day) => day.Year * 12 + day.Month - 1;

    internal struct Sums
    {
        public decimal Billed, Effective, List, Quantity, GpuHours;
        public long Rows;

        public void Add(in Sums other)
        {
            Billed += other.Billed;
            Effective += other.Effective;
            List += other.List;
            Quantity += other.Quantity;
            GpuHours += other.GpuHours;
            Rows += other.Rows;
        }
    }

    private sealed class ResourceSums
    {
        public string? ResourceName, SkuName, RegionId;
        public required AllocationKey Allocation;
        public CostCategory Category;
        public decimal Billed, Effective, GpuHours;
        /// <summary>The file part of the first row (parallel reads), which decides the merge of descriptive fields.</summary>
        public int FirstPart;
    }

    /// <summary>The fact key: strings are interned (compared by reference, hashed by identity).</summary>
    internal readonly record struct FactKey(
        int Day, AllocationKey Allocation, AllocationKind Kind, CostCategory Category, PricingCategory Pricing, int RuleIndex,
        string Service, string Currency, string? SubAccountId, string? ResourceGroup)
    {
        public bool Equals(FactKey other) =>
            Day == other.Day && Kind == other.Kind && Category == other.Category && Pricing == other.Pricing &&
            RuleIndex == other.RuleIndex && ReferenceEquals(Service, other.Service) && ReferenceEquals(Currency, other.Currency) &&
            ReferenceEquals(SubAccountId, other.SubAccountId) && ReferenceEquals(ResourceGroup, other.ResourceGroup) &&
            (ReferenceEquals(Allocation, other.Allocation) || Allocation.Equals(other.Allocation));

        public override int GetHashCode() =>
            HashCode.Combine(Day, Allocation.GetHashCode(), (int)Kind | ((int)Category << 8) | ((int)Pricing << 16), RuleIndex,
                Id(Service), Id(Currency), Id(SubAccountId), Id(ResourceGroup));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Id(string? s) => s is null ? 0 : RuntimeHelpers.GetHashCode(s);
    }

    private readonly record struct ResourceKey(int Day, string ResourceId, string Currency)
    {
        public bool Equals(ResourceKey other) =>
            Day == other.Day && ReferenceEquals(ResourceId, other.ResourceId) && ReferenceEquals(Currency, other.Currency);

        public override int GetHashCode() => HashCode.Combine(Day, RuntimeHelpers.GetHashCode(ResourceId), RuntimeHelpers.GetHashCode(Currency));
    }
}
