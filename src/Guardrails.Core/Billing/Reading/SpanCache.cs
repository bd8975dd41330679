using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// A small span-keyed cache: turns a repeated field value (a span into the parser's buffer) into one shared object
/// without allocating a string per row. Checks the previous value first (rows of one resource come together), then a
/// direct-mapped front table indexed by a cheap hash of the value's length and last characters (an ARM resource id is
/// 150 characters; hashing all of them per row measured as the largest single cost of the row mapper), then the
/// dictionary. Values that collide in the front table only fall through to the dictionary, so a bad spread costs
/// speed, never correctness. Bounded: when full it starts over, so memory stays flat whatever the number of rows.
/// </summary>
internal sealed class SpanCache<T>
{
    private readonly Dictionary<string, T> _map = new(StringComparer.Ordinal);
    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Func<string, T> _factory;
    private readonly int _capacity;
    private readonly (string? Key, T Value)[] _front;
    private readonly int _frontMask;
    private string? _lastKey;
    private T _lastValue = default!;

    /// <param name="frontSize">Slots of the front table (rounded up to a power of two): about four per value expected
    /// to recur, since values that share a slot push each other out.</param>
    public SpanCache(Func<string, T> factory, int capacity = 65_536, int frontSize = 1024)
    {
        _factory = factory;
        _capacity = capacity;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
        _front = new (string?, T)[(int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(frontSize, 16, 1 << 16))];
        _frontMask = _front.Length - 1;
    }

    public T Get(ReadOnlySpan<char> key) => Get(key, out _);

    /// <summary>Also returns the cached key string (equal to <paramref name="key"/>), allocated once per distinct key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Get(ReadOnlySpan<char> key, out string keyString)
    {
        if (_lastKey is not null && key.SequenceEqual(_lastKey))
        {
            keyString = _lastKey;
            return _lastValue;
        }

        ref var front = ref _front[TailHash.Of(key) & _frontMask];
        if (front.Key is { } frontKey && key.SequenceEqual(frontKey))
        {
            _lastKey = keyString = frontKey;
            return _lastValue = front.Value;
        }

        if (!_lookup.TryGetValue(key, out var storedKey, out var value))
        {
            storedKey = key.ToString();
            value = _factory(storedKey);
            if (_map.Count >= _capacity)
            {
                _map.Clear();
                Array.Clear(_front);
            }

            _map[storedKey] = value;
        }

        front = (storedKey, value);
        _lastKey = keyString = storedKey;
        _lastValue = value;
        return value;
    }

    /// <summary>
    /// Looks <paramref name="key"/> up without adding it; on a hit also returns the stored key string, which callers may
    /// keep instead of a copy of their own (one string per distinct value, shared by everything that holds it).
    /// </summary>
    public bool TryGet(ReadOnlySpan<char> key, out T value, out string keyString)
    {
        if (_lastKey is not null && key.SequenceEqual(_lastKey))
        {
            (keyString, value) = (_lastKey, _lastValue);
            return true;
        }

        ref var front = ref _front[TailHash.Of(key) & _frontMask];
        if (front.Key is { } frontKey && key.SequenceEqual(frontKey))
        {
            _lastKey = keyString = frontKey;
            _lastValue = value = front.Value;
            return true;
        }

        if (!_lookup.TryGetValue(key, out var storedKey, out value!))
        {
            keyString = null!;
            return false;
        }

        front = (storedKey, value);
        _lastKey = keyString = storedKey;
        _lastValue = value;
        return true;
    }

    /// <summary>Adds <paramref name="key"/> (not yet cached: see <see cref="TryGet"/>) with its value; returns the stored key string.</summary>
    public string Add(ReadOnlySpan<char> key, T value)
    {
        var storedKey = key.ToString();
        if (_map.Count >= _capacity)
        {
            _map.Clear();
            Array.Clear(_front);
        }

        _map[storedKey] = value;
        _front[TailHash.Of(key) & _frontMask] = (storedKey, value);
        (_lastKey, _lastValue) = (storedKey, value);
        return storedKey;
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
