using Guardrails.Core.Configuration;

namespace Guardrails.Core.Allocation;

/// <summary>
/// What a proportional shared-cost rule splits by: the direct EffectiveCost of each value of the rules' allocation keys,
/// per day and currency (unallocated values receive no share). Only the keys some shared rule names are counted.
/// </summary>
internal sealed class SharedCostWeights
{
    private readonly HashSet<int> _keyIndexes = [];
    private readonly Dictionary<(int Day, string Currency, int Key), Dictionary<string, decimal>> _weights = new();

    public SharedCostWeights(CostAllocator allocator, IReadOnlyList<SharedCostRuleConfig> rules)
    {
        foreach (var rule in rules) _keyIndexes.Add(allocator.KeyIndex(rule.Key));
        _keyIndexes.Remove(-1);
    }

    /// <summary>False when no shared rule names an allocation key: there is nothing to count.</summary>
    public bool Counts => _keyIndexes.Count > 0;

    /// <summary>Counts one direct fact's EffectiveCost for each rule key's value it has.</summary>
    public void AddDirect(int day, string currency, AllocationKey allocation, decimal effective)
    {
        foreach (var k in _keyIndexes)
        {
            var value = allocation.Pairs[k].Value;
            if (ReferenceEquals(value, AllocationKey.Unallocated) || value == AllocationKey.Unallocated) continue;
            if (!_weights.TryGetValue((day, currency, k), out var perValue))
                _weights[(day, currency, k)] = perValue = new Dictionary<string, decimal>(StringComparer.Ordinal);
            perValue[value] = perValue.GetValueOrDefault(value) + effective;
        }
    }

    /// <summary>Value → direct EffectiveCost of the key on that day in that currency; null when there was none.</summary>
    public Dictionary<string, decimal>? Of(int day, string currency, int keyIndex) => _weights.GetValueOrDefault((day, currency, keyIndex));
}
