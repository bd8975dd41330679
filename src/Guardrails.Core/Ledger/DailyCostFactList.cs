using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Ledger;

/// <summary>
/// The facts of one <see cref="DailyCostAggregator.Complete"/>: entries of the aggregator's table, of the facts merged
/// from another aggregator, and of shared splits and fixed costs, in <see cref="DailyCostFactOrder"/>. Holds no object per
/// fact: a <see cref="DailyCostFact"/> is made when one is read (records compare by value, so equal reads are equal facts).
/// </summary>
internal sealed class DailyCostFactList(ChunkedTable<FactKey, CostSums> table, List<KeyValuePair<FactKey, CostSums>> pending,
    List<KeyValuePair<FactKey, CostSums>> extra, int[] order) : IReadOnlyList<DailyCostFact>
{
    public int Count => order.Length;

    public DailyCostFact this[int index] => DailyCostFactOrder.ToFact(Key(order[index]), Sums(order[index]));

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

    private CostSums Sums(int entry)
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
    /// Sorts <c>order</c> in <see cref="DailyCostFactOrder"/>. Comparing allocation keys as text a million times was a
    /// tenth of a second on 100k facts, so each fact's leading fields (day, currency, allocation, kind, category,
    /// service, pricing) are first packed into one number from their ranks, the facts sorted by it, and only runs
    /// with equal numbers (facts that differ by subscription or resource group) compared field by field. When a rank
    /// does not fit its bits, everything is compared field by field.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sort()
    {
        if (order.Length < 2) return;
        if (PackLeadingFields() is not { } packed)
        {
            Array.Sort(order, CompareEntries);
            return;
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

    /// <summary>Each entry's leading fields as one number that sorts as they do; null when a rank does not fit its bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong[]? PackLeadingFields()
    {
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
                return null;

            packed[i] = day << 48 | currency << 40 | (ulong)allocation << 20 | (ulong)k.Kind << 18 | (ulong)k.Category << 14 |
                        service << 2 | (ulong)k.Pricing;
        }

        return packed;
    }

    private int CompareEntries(int a, int b) => DailyCostFactOrder.CompareKeys(Key(a), Key(b));

    private static Dictionary<string, int> RanksOf(HashSet<string> distinct)
    {
        var sorted = distinct.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var ranks = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++) ranks[sorted[i]] = i;
        return ranks;
    }
}

/// <summary>
/// Ledger order of facts: day, currency, allocation (as text), kind, category, service, pricing, subscription, resource
/// group — and the conversions between a <see cref="DailyCostFact"/> and the key and sums it is aggregated as.
/// </summary>
internal static class DailyCostFactOrder
{
    /// <summary>Sorts facts in ledger order, as <see cref="DailyCostAggregator.Complete"/> orders its own.</summary>
    public static void Sort(List<DailyCostFact> facts)
    {
        var entries = facts.Select(f => new KeyValuePair<FactKey, CostSums>(KeyOf(f),
            new CostSums { Billed = f.BilledCost, Effective = f.EffectiveCost, List = f.ListCost, Quantity = f.ConsumedQuantity, GpuHours = f.GpuHours, Rows = f.RowCount })).ToList();
        var sorted = new DailyCostFactList(new ChunkedTable<FactKey, CostSums>(), [], entries, [.. Enumerable.Range(0, entries.Count)]);
        sorted.Sort();
        var copy = sorted.ToList();
        facts.Clear();
        facts.AddRange(copy);
    }

    public static int Compare(DailyCostFact a, DailyCostFact b) => CompareKeys(KeyOf(a), KeyOf(b));

    public static int CompareKeys(in FactKey x, in FactKey y)
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

    public static DailyCostFact ToFact(in FactKey key, in CostSums s) => new()
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

    private static FactKey KeyOf(DailyCostFact f) =>
        new(f.Day.DayNumber, f.Allocation, f.Kind, f.Category, f.PricingCategory, -1, f.ServiceName, f.Currency, f.SubAccountId, f.ResourceGroupName);
}
