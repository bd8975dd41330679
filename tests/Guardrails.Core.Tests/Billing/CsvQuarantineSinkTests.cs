using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

public sealed class CsvQuarantineSinkTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gr-quarantine-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Writes_quoted_csv_that_reads_back_exactly()
    {
        var path = Path.Combine(_dir, "sub", "rejected.csv");
        using (var sink = new CsvQuarantineSink(path))
        {
            Assert.Null(sink.Location);
            sink.Add(new QuarantinedRow("a,b.csv", 12, "Tags", "malformed Tags: expected ':'", "{\"x\"\n \"y\"}"));
            sink.Add(new QuarantinedRow("c.csv", 3, null, "row has 2 fields", null));
            Assert.Equal(Path.GetFullPath(path), sink.Location);
            Assert.Equal(2, sink.Count);
        }

        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        Assert.Equal(["file", "line", "field", "reason", "rawValue"], reader.Header.ColNames);
        var rows = reader.Enumerate(r => (r["file"].ToString(), r["line"].Parse<long>(), r["field"].ToString(), r["reason"].ToString(), r["rawValue"].ToString())).ToList();
        Assert.Equal(("a,b.csv", 12L, "Tags", "malformed Tags: expected ':'", "{\"x\"\n \"y\"}"), rows[0]);
        Assert.Equal(("c.csv", 3L, "", "row has 2 fields", ""), rows[1]);
    }

    [Fact]
    public void Long_raw_values_are_cut_and_marked()
    {
        var path = Path.Combine(_dir, "long.csv");
        using (var sink = new CsvQuarantineSink(path)) sink.Add(new QuarantinedRow("f", 1, "Tags", "too long", new string('x', 5000)));

        var text = File.ReadAllText(path);
        Assert.Contains("...(5000 chars)", text);
        Assert.True(text.Length < 1200);
    }

    [Fact]
    public async Task Reader_with_a_csv_quarantine_writes_every_rejected_row()
    {
        var path = Path.Combine(_dir, "q.csv");
        CostReadSummary summary;
        using (var sink = new CsvQuarantineSink(path))
        {
            summary = await new CostExportReader().ReadAsync(FromText("in.csv", Focus(Row(), Row(cost: "x"), Row(start: "nope"))),
                new CostReadOptions { Quarantine = sink }, new ListSink());
        }

        Assert.Equal(2, summary.RowsRejected);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal("in.csv,3,BilledCost,not a decimal number,x", lines[1]);
        Assert.Equal("in.csv,4,ChargePeriodStart,not a date,nope", lines[2]);
    }
}
