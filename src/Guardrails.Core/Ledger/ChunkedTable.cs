using System.Collections;
using System.Runtime.CompilerServices;

namespace Guardrails.Core.Ledger;

/// <summary>
/// A hash table for the aggregate stage's facts: like <see cref="Dictionary{TKey,TValue}"/>, but entries live in
/// fixed chunks of 256 (about 40 KB for a fact) that never move. Growing only rebuilds the bucket array, so a table of
/// 100,000 facts is never copied and never needs a 10 MB array on the large object heap: a dictionary's resizes left
/// tens of MB of dead large arrays behind, collected only by full GCs, which measured as a quarter of the ingest's peak
/// memory and most of its GC pauses. Add-only (plus <see cref="Clear"/>); entries enumerate in insertion order.
/// Not thread-safe.
/// </summary>
internal sealed class ChunkedTable<TKey, TValue> : IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : struct, IEquatable<TKey>
{
    private const int ChunkShift = 8;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private struct Entry
    {
        public TKey Key;
        public TValue Value;
        public int Hash;
        public int Next; // index of the next entry in the bucket's chain, -1 at its end
    }

    private Entry[][] _chunks = [];
    private int[] _buckets = new int[16]; // index of the bucket's first entry + 1; 0 = empty
    private int _count;

    public int Count => _count;

    /// <summary>A reference to the key's value, added with the default value when the key is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetValueRefOrAddDefault(in TKey key, out bool exists) => ref GetValueRefOrAddDefault(key, out exists, out _);

    /// <summary>As <see cref="GetValueRefOrAddDefault(in TKey, out bool)"/>, with the entry's index (stable: entries never move).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue GetValueRefOrAddDefault(in TKey key, out bool exists, out int index)
    {
        var hash = key.GetHashCode();
        ref TValue found = ref Find(key, hash, out index);
        if (!Unsafe.IsNullRef(ref found))
        {
            exists = true;
            return ref found;
        }

        exists = false;
        index = _count;
        return ref Insert(key, hash);
    }

    /// <summary>The value of the <paramref name="index"/>-th entry when its key is <paramref name="key"/>, else a null reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref TValue EntryAt(int index, in TKey key)
    {
        if ((uint)index >= (uint)_count) return ref Unsafe.NullRef<TValue>();
        ref var e = ref _chunks[index >> ChunkShift][index & ChunkMask];
        return ref e.Key.Equals(key) ? ref e.Value : ref Unsafe.NullRef<TValue>();
    }

    /// <summary>A reference to the key's value, or a null reference (<see cref="Unsafe.IsNullRef{T}(ref readonly T)"/>).</summary>
    public ref TValue GetValueRefOrNullRef(in TKey key) => ref Find(key, key.GetHashCode(), out _);

    /// <summary>Adds a key that is not in the table (not checked).</summary>
    public void AddNew(in TKey key, in TValue value) => Insert(key, key.GetHashCode()) = value;

    /// <summary>Drops every entry and the memory behind them.</summary>
    public void Clear()
    {
        _chunks = [];
        _buckets = new int[16];
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref TValue Find(in TKey key, int hash, out int index)
    {
        for (var i = _buckets[hash & (_buckets.Length - 1)] - 1; i >= 0;)
        {
            ref var e = ref _chunks[i >> ChunkShift][i & ChunkMask];
            if (e.Hash == hash && e.Key.Equals(key))
            {
                index = i;
                return ref e.Value;
            }

            i = e.Next;
        }

        index = -1;
        return ref Unsafe.NullRef<TValue>();
    }

    private ref TValue Insert(in TKey key, int hash)
    {
        if (_count == _buckets.Length) Rehash(_buckets.Length * 2);
        var chunk = _count >> ChunkShift;
        if (chunk == _chunks.Length) Array.Resize(ref _chunks, Math.Max(4, _chunks.Length * 2));
        _chunks[chunk] ??= new Entry[ChunkSize];

        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        ref var e = ref _chunks[chunk][_count & ChunkMask];
        e.Key = key;
        e.Value = default!;
        e.Hash = hash;
        e.Next = bucket - 1;
        bucket = ++_count;
        return ref e.Value;
    }

    private void Rehash(int size)
    {
        var buckets = new int[size];
        for (var i = 0; i < _count; i++)
        {
            ref var e = ref _chunks[i >> ChunkShift][i & ChunkMask];
            ref var bucket = ref buckets[e.Hash & (size - 1)];
            e.Next = bucket - 1;
            bucket = i + 1;
        }

        _buckets = buckets;
    }

    /// <summary>The key of the <paramref name="index"/>-th entry added (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public ref readonly TKey KeyAt(int index) => ref _chunks[index >> ChunkShift][index & ChunkMask].Key;

    /// <summary>The value of the <paramref name="index"/>-th entry added (0 ≤ index &lt; <see cref="Count"/>).</summary>
    public ref readonly TValue ValueAt(int index) => ref _chunks[index >> ChunkShift][index & ChunkMask].Value;

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            var e = _chunks[i >> ChunkShift][i & ChunkMask];
            yield return new KeyValuePair<TKey, TValue>(e.Key, e.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
