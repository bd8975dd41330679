using System.Globalization;
using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Billing.Reading;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// A plain CSV file read as two byte ranges in parallel gives exactly what the sequential read gives: the same records
/// with the same physical lines, in file order across the two sinks, the same rejected rows in the same order, counts and
/// totals — wherever the cut falls, with multi-line quoted fields, CRLF and lone-CR line ends, a BOM and blank lines.
/// </summary>
public class SplitReadTests
{
    /// <summary>A messy export: tags with embedded line feeds and quotes, rejected rows, blank lines, mixed line ends.</summary>
    private static string MessyFile(int seed, int rows, bool bom)
    {
        var random = new Random(seed);
        var text = new StringBuilder(bom ? "\uFEFF" : "");
        text.Append(FocusHeader).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var cost = random.Next(10) == 0 ? "abc" : (random.Next(-500, 100_000) / 100m).ToString(CultureInfo.InvariantCulture);
            var tags = random.Next(4) switch
            {
                0 => "\"{\"\"team\"\":\"\"a\nb\"\"}\"", // a line feed inside a quoted field
                1 => "\"{\"\"team\"\":\"\"x\r\n\"\"\"\"y\"\"}\"", // CRLF and a doubled quote inside
                2 => "\"{\"\"team\"\":\"\"c\rd\"\"}\"", // a lone CR inside
                _ => "",
            };
            var day = 1 + random.Next(3);
            text.Append(Row(cost, tags, random.Next(3) == 0 ? "EUR" : "USD", $"2024-09-0{day} 00:00:00"));
            text.Append(random.Next(5) switch
            {
                0 => "\r\n",
                1 => "\n\n", // a blank line
                _ => "\n",
            });
        }

        return text.ToString();
    }

    private static async Task<(CostReadSummary Summary, List<CostRecord> Records, List<QuarantinedRow> Rejected)> SequentialAsync(string text)
    {
        var r = await ReadTextAsync(text, new CostReadOptions { Pipeline = false, Split = false });
        return (r.Summary, r.Records, r.Rejected);
    }

    private static async Task<(CostReadSummary? Summary, List<CostRecord> First, List<CostRecord> Second, List<QuarantinedRow> Rejected)> SplitAsync(
        string text, long? middle = null)
    {
        var first = new ListSink();
        var second = new ListSink();
        var quarantine = new ListQuarantine();
        var summary = await new CostExportReader().TryReadSplitAsync(FromText("test.csv", text),
            new CostReadOptions { Split = true, Quarantine = quarantine }, first, second, middleForTests: middle);
        return (summary, first.Records, second.Records, quarantine.Rows);
    }

    private static object Shape(CostRecord r) => (r.SourceLine, r.BilledCost, r.EffectiveCost, r.BillingCurrency, r.ChargePeriodStart,
        string.Join(";", r.Tags.Select(t => t.Key + "=" + t.Value)));

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task Every_cut_point_gives_the_sequential_result(int seed, bool bom)
    {
        var text = MessyFile(seed, 40, bom);
        var expected = await SequentialAsync(text);
        Assert.NotEmpty(expected.Rejected);
        var length = Encoding.UTF8.GetByteCount(text);
        var secondNonEmpty = 0;
        for (long middle = 0; middle <= length; middle += 1 + seed)
        {
            var actual = await SplitAsync(text, middle);
            Assert.NotNull(actual.Summary);
            Assert.Equal(expected.Records.Select(Shape), actual.First.Concat(actual.Second).Select(Shape));
            Assert.Equal(expected.Rejected, actual.Rejected);
            Assert.Equal(expected.Summary, actual.Summary! with { Totals = expected.Summary.Totals });
            Assert.Equal(expected.Summary.Totals, actual.Summary!.Totals);
            if (actual.Second.Count > 0) secondNonEmpty++;
        }

        Assert.True(secondNonEmpty > 10, "the cut must actually hand rows to the second range");
    }

    [Fact]
    public async Task The_cut_never_falls_inside_a_multi_line_quoted_field()
    {
        // One long quoted value full of line feeds sits across the middle: the cut comes after the record.
        var value = string.Concat(Enumerable.Repeat("line\n", 200));
        var text = Focus(Row("1"), Row("2", "\"{\"\"team\"\":\"\"" + value + "\"\"}\""), Row("3"), Row("4"));
        var bytes = Encoding.UTF8.GetBytes(text);
        var (offset, lines) = CsvSplit.Find(new MemoryStream(bytes), bytes.Length, bytes.Length / 2);

        var row3 = text.IndexOf("2024-09-01 00:00:00,2024-09-02 00:00:00,3,", StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(text[..row3]), offset);
        Assert.Equal(text[..row3].Count(c => c == '\n'), lines);
    }

    [Fact]
    public async Task Rejected_rows_in_the_second_range_keep_their_physical_lines_and_order()
    {
        var rows = Enumerable.Range(0, 200).Select(i => i % 7 == 3 ? Row("bad" + i) : Row(i + ".5")).ToArray();
        var text = Focus(rows);
        var expected = await SequentialAsync(text);
        var actual = await SplitAsync(text);

        Assert.NotEmpty(actual.Second);
        Assert.Equal(expected.Rejected, actual.Rejected);
        Assert.Contains(actual.Rejected, r => r.Line > 150);
        Assert.Equal(expected.Records.Select(Shape), actual.First.Concat(actual.Second).Select(Shape));
    }

    [Fact]
    public async Task An_unterminated_quote_in_the_second_range_fails_like_the_sequential_read()
    {
        var text = Focus(Enumerable.Range(0, 100).Select(i => Row(i + ".25")).ToArray()) + "2024-09-01,2024-09-02,1,1,USD,Usage,\"unterminated\n";
        var sequential = await Assert.ThrowsAsync<CostExportException>(() => SequentialAsync(text));
        var split = await Assert.ThrowsAsync<CostExportException>(() => SplitAsync(text));
        Assert.Equal(sequential.Message, split.Message);
        Assert.Equal(sequential.Line, split.Line);
    }

    [Fact]
    public async Task Files_that_are_not_plain_csv_or_not_cost_exports_are_left_to_the_sequential_read()
    {
        var reader = new CostExportReader();
        var options = new CostReadOptions { Split = true };
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv.gz", Focus(Row())), options, new ListSink(), new ListSink()));
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv", "a,b,c\n1,2,3\n"), options, new ListSink(), new ListSink()));
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv", Focus(Row())), options with { Split = false }, new ListSink(), new ListSink()));
        var utf16 = new IngestSource("x.csv", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Focus(Row()))).ToArray())),
            Encoding.Unicode.GetPreamble().Length + Encoding.Unicode.GetByteCount(Focus(Row())));
        Assert.Null(await reader.TryReadSplitAsync(utf16, options, new ListSink(), new ListSink()));
    }
}
