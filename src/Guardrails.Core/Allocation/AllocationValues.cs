using Guardrails.Core.Configuration;

namespace Guardrails.Core.Allocation;

/// <summary>
/// Normalises allocation values as <c>allocation.valueCase</c> and <c>allocation.valueAliases</c> say: lower-cased when
/// the case is <c>lower</c>, then an alias replaced by its value (aliases match ignoring case). With the defaults
/// (exact, no aliases) every value is returned as given: <c>Vision</c> and <c>vision</c> stay two teams.
/// </summary>
public sealed class AllocationValues
{
    private readonly bool _lower;
    private readonly Dictionary<string, string>?[] _aliases;

    /// <param name="config">The allocation section (validated).</param>
    /// <param name="keyNames">The allocation key names in key order.</param>
    public AllocationValues(AllocationConfig config, IReadOnlyList<string> keyNames)
    {
        ArgumentNullException.ThrowIfNull(config);
        _lower = config.ValueCase == AllocationValueCase.Lower;
        _aliases = new Dictionary<string, string>?[keyNames.Count];
        foreach (var (key, values) in config.ValueAliases ?? [])
        {
            var index = IndexOf(keyNames, key);
            if (index < 0 || values is null) continue;
            var map = _aliases[index] ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (value, aliases) in values)
            {
                var canonical = Case(value.Trim());
                map.TryAdd(canonical, canonical);
                foreach (var alias in aliases ?? [])
                    if (!string.IsNullOrWhiteSpace(alias)) map.TryAdd(alias.Trim(), canonical);
            }
        }
        IsIdentity = !_lower && _aliases.All(a => a is null);
    }

    /// <summary>True when nothing is normalised (exact case, no aliases).</summary>
    public bool IsIdentity { get; }

    /// <summary>The value of key <paramref name="keyIndex"/> that <paramref name="value"/> (trimmed) stands for.</summary>
    public string Normalize(int keyIndex, string value)
    {
        if (IsIdentity || AllocationKey.Unallocated.Equals(value, StringComparison.Ordinal)) return value;
        var cased = Case(value);
        return keyIndex >= 0 && keyIndex < _aliases.Length && _aliases[keyIndex] is { } map && map.TryGetValue(cased, out var canonical)
            ? canonical
            : cased;
    }

    /// <summary>True for the value allocation reserves for "no value" (<see cref="AllocationKey.Unallocated"/>), in any case.</summary>
    public static bool IsReserved(string value) => AllocationConfig.IsReserved(value);

    private string Case(string value) => _lower ? value.ToLowerInvariant() : value;

    private static int IndexOf(IReadOnlyList<string> keyNames, string key)
    {
        for (var i = 0; i < keyNames.Count; i++)
            if (string.Equals(keyNames[i], key.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
