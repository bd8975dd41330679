namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// A small span-keyed cache: turns a repeated field value (a span into the parser's buffer) into one shared object
/// without allocating a string per row. Checks the previous value first (rows of one resource come together),
/// then a hash lookup. Bounded: when full it starts over, so memory stays flat whatever the number of rows.
/// </summary>
internal sealed class SpanCache<T>
{
    private readonly Dictionary<string, T> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Func<string, T> _factory;
    private readonly int _capacity;
    private string? _lastKey;
    private T _lastValue = default!;

    public SpanCache(Func<string, T> factory, int capacity = 65_536)
    {
        _factory = factory;
        _capacity = capacity;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public T Get(ReadOnlySpan<char> key)
    {
        if (_lastKey is not null && key.SequenceEqual(_lastKey)) return _lastValue;
        if (!_lookup.TryGetValue(key, out var storedKey, out var value))
        {
            storedKey = key.ToString();
            value = _factory(storedKey);
            if (_map.Count >= _capacity) _map.Clear();
            _map[storedKey] = value;
        }

        _lastKey = storedKey;
        _lastValue = value;
        return value;
    }
}

/// <summary>Interns strings by span: one string instance per distinct value.</summary>
internal sealed class StringCache
{
    private readonly SpanCache<string> _cache;

    public StringCache(Func<string, string>? transform = null, int capacity = 65_536) =>
        _cache = new SpanCache<string>(transform ?? (static s => s), capacity);

    public string Get(ReadOnlySpan<char> value) => _cache.Get(value);
}
