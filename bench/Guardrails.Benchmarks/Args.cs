namespace Guardrails.Benchmarks;

/// <summary>Minimal "--name value" / "--flag" parser for the benchmark commands.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public Args(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null) _values[pending] = null;
                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }
        if (pending is not null) _values[pending] = null;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public long GetLong(string name, long fallback) =>
        Get(name) is { } v ? ParseCount(v) : fallback;

    public int GetInt(string name, int fallback) => (int)GetLong(name, fallback);

    public IReadOnlyList<long> GetLongList(string name, long fallback) =>
        Get(name) is { } v ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseCount).ToArray() : [fallback];

    /// <summary>Accepts 1000000, 1_000_000, 1M, 500k.</summary>
    public static long ParseCount(string text)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal).Trim();
        long multiplier = 1;
        if (t.EndsWith('k') || t.EndsWith('K')) { multiplier = 1_000; t = t[..^1]; }
        else if (t.EndsWith('m') || t.EndsWith('M')) { multiplier = 1_000_000; t = t[..^1]; }
        return long.Parse(t, System.Globalization.CultureInfo.InvariantCulture) * multiplier;
    }
}
