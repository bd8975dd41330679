using Guardrails.Core.Configuration;

namespace Guardrails.Core.Allocation;

/// <summary>
/// The allocation values of a cost, in the configured key order, e.g. team=vision, project=llm, model=unallocated.
/// Equality and hashing are structural; <see cref="ToString"/> gives the canonical "team=vision;project=llm" form.
/// </summary>
public sealed class AllocationKey : IEquatable<AllocationKey>
{
    public const string Unallocated = AllocationConfig.Unallocated;

    private readonly KeyValuePair<string, string>[] _pairs;
    private readonly int _hash;
    private readonly string _canonical;

    public AllocationKey(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        _pairs = pairs.ToArray();
        _canonical = string.Join(';', _pairs.Select(p => $"{p.Key}={p.Value}"));
        _hash = StringComparer.Ordinal.GetHashCode(_canonical);
    }

    public static AllocationKey Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    public string? this[string key]
    {
        get
        {
            foreach (var p in _pairs)
                if (string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)) return p.Value;
            return null;
        }
    }

    /// <summary>Parses the canonical form produced by <see cref="ToString"/>.</summary>
    public static AllocationKey Parse(string canonical) =>
        string.IsNullOrEmpty(canonical)
            ? Empty
            : new(canonical.Split(';').Select(part =>
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) throw new FormatException($"Allocation key part '{part}' is not key=value.");
                return new KeyValuePair<string, string>(part[..eq], part[(eq + 1)..]);
            }));

    public IReadOnlyDictionary<string, string> ToDictionary() =>
        _pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);

    public bool Equals(AllocationKey? other) => other is not null && other._canonical == _canonical;
    public override bool Equals(object? obj) => obj is AllocationKey k && Equals(k);
    public override int GetHashCode() => _hash;
    public override string ToString() => _canonical;
}
