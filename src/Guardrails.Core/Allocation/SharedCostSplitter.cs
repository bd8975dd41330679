using Guardrails.Core.Configuration;

namespace Guardrails.Core.Allocation;

/// <summary>
/// The shared-cost rule: who receives a shared cost (a cluster, a storage account used by several teams) and with
/// which weights — the rule's fixed percentages, the day's direct cost of each value (proportional), or equal shares
/// (even, or proportional with no positive direct cost that day). Targets are sorted by value for determinism.
/// </summary>
public static class SharedCostSplitter
{
    /// <param name="allocator">Normalizes the rule's values as the allocation key's values are.</param>
    /// <param name="rule">The shared-cost rule.</param>
    /// <param name="keyIndex">The index of the rule's allocation key.</param>
    /// <param name="direct">The day's direct effective cost per value of the key (null when there was none).</param>
    public static (List<string> Targets, decimal[] Weights) Targets(CostAllocator allocator, SharedCostRuleConfig rule, int keyIndex,
        Dictionary<string, decimal>? direct)
    {
        if (rule.Method == SharedSplitMethod.Fixed) return FixedPercentages(allocator, rule, keyIndex);
        var allowed = rule.Values.Count > 0
            ? new HashSet<string>(rule.Values.Select(v => allocator.NormalizeValue(keyIndex, v)), StringComparer.Ordinal)
            : null;
        if (rule.Method == SharedSplitMethod.Proportional && direct is not null)
        {
            var targets = new List<string>();
            List<decimal> weights = [];
            foreach (var (value, cost) in direct.OrderBy(p => p.Key, StringComparer.Ordinal))
                if (cost > 0 && (allowed is null || allowed.Contains(value))) { targets.Add(value); weights.Add(cost); }
            if (targets.Count > 0) return (targets, weights.ToArray());
        }

        return Even(allocator, rule, keyIndex, allowed, direct);
    }

    /// <summary>
    /// Splits one day's pool of shared cost (in one currency, claimed by <paramref name="rule"/>) between the values of
    /// the rule's key: each receiving allocation with its share, the pool's allocation with that key's value replaced.
    /// Every amount is split with <see cref="MoneySplit"/>, so the shares add up to the pool exactly. With nobody to
    /// split to, the whole pool goes to the key's value <c>unallocated</c> (unchanged when the rule's key is unknown).
    /// </summary>
    internal static List<(AllocationKey Allocation, CostSums Share)> Split(CostAllocator allocator, SharedCostRuleConfig rule,
        AllocationKey pooled, in CostSums sums, SharedCostWeights direct, int day, string currency)
    {
        var k = allocator.KeyIndex(rule.Key);
        var values = new string[pooled.Pairs.Count];
        for (var i = 0; i < values.Length; i++) values[i] = pooled.Pairs[i].Value;
        var (targets, weights) = Targets(allocator, rule, k, k >= 0 ? direct.Of(day, currency, k) : null);
        if (k < 0 || targets.Count == 0)
        {
            if (k >= 0) values[k] = AllocationKey.Unallocated;
            return [(allocator.GetAllocationKey(values), sums)];
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
        var shares = new List<(AllocationKey, CostSums)>(n);
        for (var i = 0; i < n; i++)
        {
            values[k] = targets[i];
            shares.Add((allocator.GetAllocationKey(values), new CostSums
            {
                Billed = billed[i],
                Effective = effective[i],
                List = list[i],
                Quantity = quantity[i],
                GpuHours = gpu[i],
                Rows = (long)rows[i],
            }));
        }

        return shares;
    }

    private static (List<string> Targets, decimal[] Weights) FixedPercentages(CostAllocator allocator, SharedCostRuleConfig rule, int keyIndex)
    {
        var targets = new List<string>();
        List<decimal> weights = [];
        foreach (var (value, pct) in rule.Percentages.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (pct > 0) { targets.Add(allocator.NormalizeValue(keyIndex, value)); weights.Add(pct); }
        return (targets, weights.ToArray());
    }

    private static (List<string> Targets, decimal[] Weights) Even(CostAllocator allocator, SharedCostRuleConfig rule, int keyIndex,
        HashSet<string>? allowed, Dictionary<string, decimal>? direct)
    {
        IEnumerable<string> candidates = allowed is not null
            ? rule.Values.Select(v => allocator.NormalizeValue(keyIndex, v)).Distinct()
            : direct?.Keys ?? Enumerable.Empty<string>();
        var targets = candidates.Order(StringComparer.Ordinal).ToList();
        return (targets, Enumerable.Repeat(1m, targets.Count).ToArray());
    }
}
