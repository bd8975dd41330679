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
