using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>A sink that is done with each record when Accept returns gets one record refilled per row.</summary>
public class RecordReuseTests
{
    [Fact]
    public async Task A_sink_that_keeps_no_records_sees_one_instance_refilled_with_each_rows_values()
    {
        var path = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var keeping = await ReadAsync(IngestSource.FromFile(path), new CostReadOptions { Pipeline = false });
        var snapshots = new SnapshotSink();
        await new CostExportReader().ReadAsync(IngestSource.FromFile(path), new CostReadOptions { Pipeline = false }, snapshots);

        Assert.Single(snapshots.Instances);
        Assert.Equal(keeping.Records.Count, snapshots.Copies.Count);
        // Every value of every row (Tags compared by content: each read has its own tag dictionaries).
        Assert.Equal(keeping.Records.Select(WithoutTags), snapshots.Copies.Select(WithoutTags));
        Assert.Equal(keeping.Records.Select(r => r.Tags.OrderBy(t => t.Key)), snapshots.Copies.Select(r => r.Tags.OrderBy(t => t.Key)));
        Assert.Equal(keeping.Records.Count, keeping.Records.Distinct(ReferenceEqualityComparer.Instance).Count()); // the default: one record per row
    }

    [Fact]
    public async Task Through_the_pipeline_a_sink_that_keeps_records_gets_one_per_row_and_one_that_does_not_gets_pooled_ones()
    {
        var csv = Focus(Enumerable.Range(0, 20_000).Select(i => Row(cost: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".25",
            currency: i % 3 == 0 ? "EUR" : "USD", start: $"2024-09-01 {i % 24:D2}:00:00")).ToArray()); // ChargePeriodEnd is 2024-09-02
        var direct = await ReadTextAsync(csv, new CostReadOptions { Pipeline = false });
        var keeping = await ReadTextAsync(csv, new CostReadOptions { Pipeline = true });
        var pooled = new SnapshotSink();
        await new CostExportReader().ReadAsync(FromText("test.csv", csv), new CostReadOptions { Pipeline = true }, pooled);

        Assert.Equal(keeping.Records.Count, keeping.Records.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(direct.Records.Select(WithoutTags), keeping.Records.Select(WithoutTags));
        Assert.Equal(20_000, pooled.Copies.Count);
        Assert.InRange(pooled.Instances.Count, 1, pooled.Copies.Count / 2); // batches of records are reused
        Assert.Equal(direct.Records.Select(WithoutTags), pooled.Copies.Select(WithoutTags));
    }

    private static CostRecord WithoutTags(CostRecord r) => r with { Tags = CostRecord.EmptyTags };

    /// <summary>Says it keeps no record, copies each one at Accept and remembers which instances it was given.</summary>
    private sealed class SnapshotSink : ICostRecordSink
    {
        public HashSet<CostRecord> Instances { get; } = new(ReferenceEqualityComparer.Instance);
        public List<CostRecord> Copies { get; } = [];
        public bool KeepsRecords => false;

        public void Accept(CostRecord record)
        {
            Instances.Add(record);
            Copies.Add(record with { });
        }
    }
}
