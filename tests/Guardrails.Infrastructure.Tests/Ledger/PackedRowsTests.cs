using System.Security.Cryptography;
using Azure.Data.Tables;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Infrastructure.Tests.Ledger;

public sealed class PackedRowsTests
{
    private static List<TableEntity> Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new TableEntity
        {
            ["Day"] = $"2026-11-{1 + i % 30:D2}",
            ["Part"] = i % 7,
            ["RowCount"] = (long)i * 1_000_003,
            // Hex of random bytes: hardly compressible, so a large part spans several entities.
            ["ResourceId"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)) + "/é/|'%",
            ["BilledCost"] = (random.Next() / 1e6m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Flag"] = i % 2 == 0,
        }).ToList();
    }

    private static void AssertSameRows(IReadOnlyList<TableEntity> expected, IReadOnlyList<TableEntity> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            foreach (var key in new[] { "Day", "Part", "RowCount", "ResourceId", "BilledCost", "Flag" })
                Assert.Equal(expected[i][key], actual[i][key]);
    }

    [Fact]
    public void A_large_part_spans_several_entities_within_the_property_and_entity_limits_and_round_trips_with_its_types()
    {
        var rows = Rows(40_000, 1);
        var entities = PackedRows.Pack("pk", rows);

        Assert.True(entities.Count > 1, $"{entities.Count} entity");
        Assert.Equal(entities.Count, entities[0].GetInt32("Entities"));
        Assert.Equal(40_000, entities[0].GetInt32("Rows"));
        Assert.All(entities, e => Assert.All(e.Keys.Where(k => k.StartsWith('D')), k => Assert.True(((byte[])e[k]).Length <= PackedRows.BytesPerProperty)));
        Assert.All(entities, e => Assert.True(e.Keys.Count(k => k.StartsWith('D')) <= PackedRows.PropertiesPerEntity));
        Assert.All(entities, e => Assert.Equal("pk", e.PartitionKey));
        AssertSameRows(rows, PackedRows.Unpack(entities.AsEnumerable().Reverse().ToList()));
    }

    [Fact]
    public void A_retry_that_wrote_fewer_entities_ignores_the_stale_ones_and_a_missing_one_is_an_error()
    {
        var large = PackedRows.Pack("pk", Rows(40_000, 2));
        var small = PackedRows.Pack("pk", Rows(10, 3));
        var mixed = small.Concat(large.Skip(1)).ToList(); // the retry replaced entity 0 only

        var back = PackedRows.Unpack(mixed);
        Assert.Equal(10, back.Count);
        Assert.Equal(small[0].GetInt32("Rows"), back.Count);
        Assert.Throws<InvalidDataException>(() => PackedRows.Unpack(large.Take(1).ToList()));
        Assert.Throws<InvalidDataException>(() => PackedRows.Unpack(large.Skip(1).ToList()));
    }

    [Fact]
    public void No_rows_is_one_entity_that_reads_back_as_none()
    {
        var entities = PackedRows.Pack("pk", []);
        Assert.Single(entities);
        Assert.Empty(PackedRows.Unpack(entities));
    }

    [Fact]
    public void A_large_part_streamed_row_by_row_reads_back_the_rows_it_was_packed_from()
    {
        var rows = Rows(40_000, 4);
        var entities = PackedRows.Pack("pk", rows);

        Assert.True(entities.Count > 1, $"{entities.Count} entity");
        AssertSameRows(rows, PackedRows.Stream(entities.AsEnumerable().Reverse().ToList(), PackedRows.ReadEntity).ToList());
    }

    [Fact]
    public void Parts_decoded_with_one_string_pool_share_each_string_and_read_back_the_same_rows()
    {
        // Two parts that name the same resources (as every part of a run does), each with its own string table.
        var first = Rows(500, 5);
        var second = first.Select(r => new TableEntity(r.ToDictionary(kv => kv.Key, kv => kv.Value is string text ? (object)new string(text) : kv.Value))).ToList();
        var (a, b) = (PackedRows.Pack("p1", first), PackedRows.Pack("p2", second));

        var pool = new StringPool();
        var pooled = (PackedRows.Stream(a, PackedRows.ReadEntity, pool).ToList(), PackedRows.Stream(b, PackedRows.ReadEntity, pool).ToList());
        var apart = (PackedRows.Stream(a, PackedRows.ReadEntity).ToList(), PackedRows.Stream(b, PackedRows.ReadEntity).ToList());

        AssertSameRows(first, pooled.Item1);
        AssertSameRows(first, pooled.Item2);
        Assert.All(Enumerable.Range(0, first.Count), i => Assert.Same(pooled.Item1[i]["ResourceId"], pooled.Item2[i]["ResourceId"]));
        Assert.All(Enumerable.Range(0, first.Count), i => Assert.NotSame(apart.Item1[i]["ResourceId"], apart.Item2[i]["ResourceId"]));
    }
}
