using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Guardrails.Core.Allocation;

/// <summary>
/// Interns strings so that later stages can key dictionaries by reference (identity hash, reference equality)
/// instead of hashing and comparing characters per row. A small identity cache in front makes repeated instances
/// (readers that already intern) cost one pointer compare. Memory grows with distinct values only.
/// </summary>
internal sealed class StringPool(IEqualityComparer<string>? comparer = null)
{
    private const int CacheSize = 4096; // power of two
    private readonly Dictionary<string, string> _pool = new(comparer ?? StringComparer.Ordinal);
    private readonly string?[] _cacheKeys = new string?[CacheSize];
    private readonly string?[] _cacheValues = new string?[CacheSize];

    public int Count => _pool.Count;

    [return: NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null) return null;
        var slot = RuntimeHelpers.GetHashCode(value) & (CacheSize - 1);
        if (ReferenceEquals(_cacheKeys[slot], value)) return _cacheValues[slot]!;
        if (!_pool.TryGetValue(value, out var canonical))
        {
            canonical = value;
            _pool.Add(value, value);
        }
        _cacheKeys[slot] = value;
        _cacheValues[slot] = canonical;
        return canonical;
    }
}
