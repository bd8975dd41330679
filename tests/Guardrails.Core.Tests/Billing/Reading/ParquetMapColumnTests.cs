using Guardrails.Core.Billing;
using Parquet;
using Parquet.Schema;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing.Reading;

/// <summary>
/// Parquet exports whose Tags column is a MAP&lt;string, string&gt; (as AWS Data Exports write FOCUS): before, the reader
/// took the map's leaves "key" and "value" for columns, found no Tags column and left every cost unallocated, silently.
/// </summary>
public sealed class ParquetMapColumnTests
{
    private static readonly DataField[] Flat =
    [
        new DataField<string>("ChargePeriodStart"), new DataField<string>("ChargePeriodEnd"), new DataField<string>("BilledCost"),
        new DataField<string>("EffectiveCost"), new DataField<string>("BillingCurrency"),
    ];

    private static readonly DataField Key = new("key", typeof(string), false);
    private static readonly DataField<string> Value = new("value");

    /// <summary>One row group per entry: its rows' tags as key/value slots (null key = a row with an empty map).</summary>
    private static async Task<byte[]> WithMapTagsAsync(params (string? Key, string? Value, int Repetition)[][] groups)
    {
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. Flat, new MapField("Tags", Key, Value)]), ms))
        {
            foreach (var slots in groups)
            {
                var rows = slots.Count(s => s.Repetition == 0);
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(Flat[0], Enumerable.Repeat("2026-11-01", rows).ToArray());
                await group.WriteAsync(Flat[1], Enumerable.Repeat("2026-11-02", rows).ToArray());
                await group.WriteAsync(Flat[2], Enumerable.Repeat("1.25", rows).ToArray());
                await group.WriteAsync(Flat[3], Enumerable.Repeat("1.25", rows).ToArray());
                await group.WriteAsync(Flat[4], Enumerable.Repeat("USD", rows).ToArray());
                var repetition = slots.Select(s => s.Repetition).ToArray();
                await group.WriteAsync(Key, slots.Select(s => s.Key).ToArray(), repetition);
                await group.WriteAsync(Value, slots.Select(s => s.Value).ToArray(), repetition);
            }
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task A_map_typed_Tags_column_gives_each_row_its_own_tags_across_row_groups()
    {
        var bytes = await WithMapTagsAsync(
            [("team", "vision", 0), ("env", "prod", 1), (null, null, 0), ("team", "speech", 0)],
            [("project", "asr", 0), ("team", "research", 0), ("cost-center", "cc 12", 1)]);

        var result = await ReadAsync(FromBytes("aws-focus.parquet", bytes));

        Assert.Empty(result.Rejected);
        Assert.Equal(
            [
                new Dictionary<string, string> { ["team"] = "vision", ["env"] = "prod" },
                [],
                new Dictionary<string, string> { ["team"] = "speech" },
                new Dictionary<string, string> { ["project"] = "asr" },
                new Dictionary<string, string> { ["team"] = "research", ["cost-center"] = "cc 12" },
            ],
            result.Records.Select(r => r.Tags.OrderBy(t => t.Key).ToDictionary()).Select(d => d.OrderBy(t => t.Key).ToDictionary()));
    }

    [Fact]
    public async Task Map_tags_are_the_same_tags_as_the_json_text_of_a_csv_export()
    {
        var bytes = await WithMapTagsAsync([("team", "vision \"v2\"", 0), ("owner", "ana@fabrikam.example", 1), ("ключ", "значение", 1)]);
        var csv = Focus(Row(tags: "\"{\"\"team\"\":\"\"vision \\\"\"v2\\\"\"\"\",\"\"owner\"\":\"\"ana@fabrikam.example\"\",\"\"ключ\"\":\"\"значение\"\"}\""));

        var fromParquet = Assert.Single((await ReadAsync(FromBytes("t.parquet", bytes))).Records);
        var fromCsv = Assert.Single((await ReadTextAsync(csv)).Records);

        Assert.Equal(fromCsv.Tags.OrderBy(t => t.Key), fromParquet.Tags.OrderBy(t => t.Key));
        Assert.Equal("vision \"v2\"", fromParquet.Tags["team"]);
    }

    public static TheoryData<string, Field> OtherNestedTags => new()
    {
        { "list", new ListField("Tags", new DataField<string>("element")) },
        { "struct", new StructField("Tags", new DataField<string>("team"), new DataField<string>("env")) },
        { "map", new MapField("Tags", new DataField("key", typeof(string), false), new DataField<double>("value")) },
    };

    [Theory]
    [MemberData(nameof(OtherNestedTags))]
    public async Task A_mapped_column_of_another_nested_kind_is_one_error_naming_file_and_column(string kind, Field tags)
    {
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. Flat, tags]), ms))
        {
            using var group = writer.CreateRowGroup();
            foreach (var f in Flat) await group.WriteAsync(f, new[] { f.Name == "BillingCurrency" ? "USD" : f.Name.EndsWith("Cost", StringComparison.Ordinal) ? "1" : "2026-11-01" });
        }

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("nested.parquet", ms.ToArray())));

        Assert.StartsWith($"nested.parquet: column 'Tags' is a Parquet {kind} column, which the cost reader does not map", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nested_column_the_mapper_does_not_read_is_ignored()
    {
        using var ms = new MemoryStream();
        var extra = new StructField("x_Details", new DataField<string>("a"));
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. Flat, extra]), ms))
        {
            using var group = writer.CreateRowGroup();
            foreach (var f in Flat) await group.WriteAsync(f, new[] { f.Name == "BillingCurrency" ? "USD" : f.Name.EndsWith("Cost", StringComparison.Ordinal) ? "2.5" : f.Name == "ChargePeriodEnd" ? "2026-11-02" : "2026-11-01" });
            await group.WriteAsync((DataField)extra.Fields[0], new[] { "x" });
        }

        var result = await ReadAsync(FromBytes("extra.parquet", ms.ToArray()));

        Assert.Equal([new CurrencyTotal("USD", 2.5m, 2.5m)], result.Summary.Totals);
    }

    [Fact]
    public async Task A_list_of_key_value_structs_as_google_cloud_writes_labels_gives_each_row_its_tags()
    {
        var key = new DataField<string>("key");
        var value = new DataField<string>("value");
        var ns = new DataField<string>("namespace");
        var labels = new ListField("Tags", new StructField("element", key, value, ns));
        int[] repetition = [0, 1, 0, 0];
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema([.. Flat, labels]), ms))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(Flat[0], new[] { "2026-11-01", "2026-11-01", "2026-11-02" });
            await group.WriteAsync(Flat[1], new[] { "2026-11-02", "2026-11-02", "2026-11-03" });
            await group.WriteAsync(Flat[2], new[] { "1.25", "2.50", "4" });
            await group.WriteAsync(Flat[3], new[] { "1.25", "2.50", "4" });
            await group.WriteAsync(Flat[4], new[] { "USD", "USD", "USD" });
            await group.WriteAsync(key, new[] { "team", "env", "team", "env" }, repetition);
            await group.WriteAsync(value, new[] { "vision", "prod", "speech", "dev" }, repetition);
            await group.WriteAsync(ns, new[] { "", "goog", "", "" }, repetition);
        }

        var result = await ReadAsync(FromBytes("gcp.parquet", ms.ToArray()));

        Assert.Equal(["vision", "speech", null], result.Records.Select(r => r.Tags.GetValueOrDefault("team")));
        Assert.Equal(["prod", null, "dev"], result.Records.Select(r => r.Tags.GetValueOrDefault("env")));
        Assert.Equal([new CurrencyTotal("USD", 7.75m, 7.75m)], result.Summary.Totals);
    }
}
