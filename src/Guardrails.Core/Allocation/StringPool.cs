using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Guardrails.Core.Allocation;

/// <summary>
/// Interns strings so that later stages can key dictionaries by reference (identity hash, reference equality)
/// instead of hashing and comparing characters per row. A small identity cache in front makes repeated instances
/// (readers that already intern) cost one pointer compare. Memory grows with distinct values only.
/// </summary>
internal sealed class StringPool(int cacheSize = 1024)
{
    private readonly int _mask = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)cacheSize) - 1;
    private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly string?[] _cacheKeys = new string?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)cacheSize)];
    private readonly string?[] _cacheValues = new string?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)cacheSize)];

    public int Count => _pool.Count;

    [return: NotNullIfNotNull(nameof(value))]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Intern(string? value)
    {
        if (value is null) return null;
        var slot = RuntimeHelpers.GetHashCode(value) & _mask;
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
