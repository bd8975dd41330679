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
    public async Task Records_that_cross_to_the_pipeline_thread_are_never_refilled()
    {
        var path = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var sink = new SnapshotSink();
        await new CostExportReader().ReadAsync(IngestSource.FromFile(path), new CostReadOptions { Pipeline = true }, sink);

        Assert.Equal(sink.Copies.Count, sink.Instances.Count);
        Assert.Equal(sink.Copies, sink.Originals);
    }

    private static CostRecord WithoutTags(CostRecord r) => r with { Tags = CostRecord.EmptyTags };

    /// <summary>Says it keeps no record, copies each one at Accept and remembers which instances it was given.</summary>
    private sealed class SnapshotSink : ICostRecordSink
    {
        public HashSet<CostRecord> Instances { get; } = new(ReferenceEqualityComparer.Instance);
        public List<CostRecord> Copies { get; } = [];
        public List<CostRecord> Originals { get; } = [];
        public bool KeepsRecords => false;

        public void Accept(CostRecord record)
        {
            Instances.Add(record);
            Copies.Add(record with { });
            Originals.Add(record);
        }
    }
}
