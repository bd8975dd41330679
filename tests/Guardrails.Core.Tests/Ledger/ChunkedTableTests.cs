using System.Runtime.CompilerServices;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Ledger;

public sealed class ChunkedTableTests
{
    /// <summary>A key whose hash is chosen by the test, so chains of colliding keys can be built.</summary>
    private readonly record struct Key(int Id, int Hash)
    {
        public bool Equals(Key other) => Id == other.Id;
        public override int GetHashCode() => Hash;
    }

    [Theory]
    [InlineData(1, 1)]      // one bucket chain for everything
    [InlineData(10_000, 7)] // many chunks, several rehashes, some collisions
    public void Behaves_like_a_dictionary_across_chunks_rehashes_and_collisions(int count, int distinctHashes)
    {
        var table = new ChunkedTable<Key, long>();
        var expected = new Dictionary<Key, long>();
        var random = new Random(count);
        for (var i = 0; i < count * 3; i++)
        {
            var id = random.Next(count);
            var key = new Key(id, id % distinctHashes);
            ref var value = ref table.GetValueRefOrAddDefault(key, out var exists);
            Assert.Equal(expected.ContainsKey(key), exists);
            value += i;
            expected[key] = expected.GetValueOrDefault(key) + i;
        }

        Assert.Equal(expected.Count, table.Count);
        Assert.Equal(expected.OrderBy(p => p.Key.Id), table.OrderBy(p => p.Key.Id));
        foreach (var (key, value) in expected) Assert.Equal(value, table.GetValueRefOrNullRef(key));
        Assert.True(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef(new Key(-1, 0))));
    }

    [Fact]
    public void Enumerates_in_insertion_order_and_clears()
    {
        var table = new ChunkedTable<Key, string>();
        var ids = Enumerable.Range(0, 600).Select(i => (i * 7919) % 600).ToArray();
        foreach (var id in ids) table.AddNew(new Key(id, id), "v" + id);

        Assert.Equal(ids, table.Select(p => p.Key.Id));
        Assert.Equal("v42", table.GetValueRefOrNullRef(new Key(42, 42)));

        table.Clear();
        Assert.Equal(0, table.Count);
        Assert.Empty(table);
        Assert.True(Unsafe.IsNullRef(ref table.GetValueRefOrNullRef(new Key(42, 42))));
        table.GetValueRefOrAddDefault(new Key(1, 1), out var exists) = "again";
        Assert.False(exists);
        Assert.Equal([new KeyValuePair<Key, string>(new Key(1, 1), "again")], table);
    }

    [Fact]
    public void An_entry_found_by_its_index_answers_only_while_it_holds_the_same_key()
    {
        var table = new ChunkedTable<Key, long>();
        for (var id = 0; id < 600; id++) table.GetValueRefOrAddDefault(new Key(id, id % 5), out _, out _) = id;
        table.GetValueRefOrAddDefault(new Key(300, 0), out var exists, out var index) += 1;

        Assert.True(exists);
        Assert.Equal(300, index);
        Assert.Equal(301, table.EntryAt(index, new Key(300, 0)));
        Assert.True(Unsafe.IsNullRef(ref table.EntryAt(index, new Key(301, 1)))); // another key at that index
        Assert.True(Unsafe.IsNullRef(ref table.EntryAt(600, new Key(300, 0)))); // past the end
        table.GetValueRefOrAddDefault(new Key(9_999, 4), out exists, out index);
        Assert.False(exists);
        Assert.Equal(600, index);

        table.Clear();
        Assert.True(Unsafe.IsNullRef(ref table.EntryAt(300, new Key(300, 0))));
    }
}
