using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>Large files hand records to the sink on a second thread: same records, same order, errors surface.</summary>
public class PipelineTests
{
    private static string ManyRows(int n) =>
        Focus(Enumerable.Range(0, n).Select(i => Row(cost: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".01",
            currency: i % 3 == 0 ? "EUR" : "USD")).ToArray());

    [Fact]
    public async Task Pipelined_sink_sees_every_record_in_file_order()
    {
        var csv = ManyRows(5000);
        var direct = await ReadTextAsync(csv, new CostReadOptions { Pipeline = false });
        var piped = await ReadTextAsync(csv, new CostReadOptions { Pipeline = true });

        Assert.Equal(5000, piped.Records.Count);
        Assert.Equal(direct.Records.Select(r => (r.SourceLine, r.BilledCost, r.BillingCurrency)),
            piped.Records.Select(r => (r.SourceLine, r.BilledCost, r.BillingCurrency)));
        Assert.Equal(direct.Summary, piped.Summary with { Totals = direct.Summary.Totals });
        Assert.Equal(direct.Summary.Totals, piped.Summary.Totals);
    }

    [Fact]
    public async Task Pipelined_samples_match_the_direct_read()
    {
        var path = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var piped = await ReadAsync(IngestSource.FromFile(path), new CostReadOptions { Pipeline = true });

        Assert.Equal([new CurrencyTotal("USD", 20.52022672899m, 14.97651418586m)], piped.Summary.Totals);
        Assert.Equal(20.52022672899m, piped.Records.Sum(r => r.BilledCost));
    }

    [Fact]
    public async Task Sink_exception_stops_the_read_and_is_rethrown()
    {
        var sink = new ThrowingSink(after: 700);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new CostExportReader().ReadAsync(FromText("x.csv", ManyRows(20_000)), new CostReadOptions { Pipeline = true }, sink));

        Assert.Equal("sink failed", e.Message);
        Assert.Equal(700, sink.Seen);
    }

    [Fact]
    public async Task Whole_file_error_after_rows_still_throws_with_the_pipeline()
    {
        var csv = ManyRows(3000) + "2024-09-01,2024-09-02,1,1,USD,Usage,\"unterminated\n";
        var sink = new ListSink();
        await Assert.ThrowsAsync<CostExportException>(() =>
            new CostExportReader().ReadAsync(FromText("x.csv", csv), new CostReadOptions { Pipeline = true }, sink));
    }

    private sealed class ThrowingSink(int after) : ICostRecordSink
    {
        public int Seen { get; private set; }

        public void Accept(CostRecord record)
        {
            if (Seen == after) throw new InvalidOperationException("sink failed");
            Seen++;
        }
    }
}
