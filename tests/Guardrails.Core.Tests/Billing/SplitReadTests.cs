using System.Globalization;
using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Billing.Reading;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// A plain CSV file read in parts by several workers gives exactly what the sequential read gives: the same records in
/// file order across the workers' sinks (by part), the same rejected rows with the same physical lines in the same order,
/// counts and totals — whatever the part size, with multi-line quoted fields, CRLF and lone-CR line ends, a BOM and blank
/// lines; or, when a cut falls inside a quoted field, it declines (and the caller reads the file sequentially).
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

    /// <summary>A sink that records which part each of its rows came from.</summary>
    private sealed class PartSink : ICostRecordSink
    {
        private int _part;
        public List<(int Part, CostRecord Record)> Rows { get; } = [];
        public List<int> Parts { get; } = [];
        public void Accept(CostRecord record) => Rows.Add((_part, record));

        public void BeginPart(int part)
        {
            Parts.Add(part);
            _part = part;
        }
    }

    private static async Task<(CostReadSummary? Summary, PartSink[] Sinks, List<QuarantinedRow> Rejected)> SplitAsync(
        string text, long partSize, int workers = 2)
    {
        var sinks = Enumerable.Range(0, workers).Select(_ => new PartSink()).ToArray();
        var quarantine = new ListQuarantine();
        var summary = await new CostExportReader().TryReadSplitAsync(FromText("test.csv", text),
            new CostReadOptions { Split = true, Quarantine = quarantine, PartSize = partSize }, sinks);
        return (summary, sinks, quarantine.Rows);
    }

    /// <summary>Every field but the line: records of parts after the first carry line 0.</summary>
    private static object Shape(CostRecord r) => (r.BilledCost, r.EffectiveCost, r.BillingCurrency, r.ChargePeriodStart,
        string.Join(";", r.Tags.Select(t => t.Key + "=" + t.Value)));

    /// <summary>The records of all workers in file order: by part, then in the order the part's worker got them.</summary>
    private static List<CostRecord> InFileOrder(PartSink[] sinks) =>
        sinks.SelectMany(s => s.Rows).OrderBy(r => r.Part).Select(r => r.Record).ToList(); // OrderBy is stable

    [Theory]
    [InlineData(1, false, 2)]
    [InlineData(2, true, 2)]
    [InlineData(3, false, 3)]
    public async Task Every_part_size_gives_the_sequential_result_or_declines(int seed, bool bom, int workers)
    {
        var text = MessyFile(seed, 40, bom);
        var expected = await SequentialAsync(text);
        Assert.NotEmpty(expected.Rejected);
        var length = Encoding.UTF8.GetByteCount(text);
        int read = 0, declined = 0, severalParts = 0;
        for (long partSize = 1; partSize <= length; partSize += 1 + seed)
        {
            var actual = await SplitAsync(text, partSize, workers);
            if (actual.Summary is null)
            {
                declined++; // a cut fell inside a multi-line quoted field: the caller reads the file sequentially
                continue;
            }

            read++;
            var records = InFileOrder(actual.Sinks);
            Assert.Equal(expected.Records.Select(Shape), records.Select(Shape));
            var part0 = actual.Sinks.SelectMany(s => s.Rows).Where(r => r.Part == 0).Select(r => r.Record.SourceLine).ToList();
            Assert.Equal(expected.Records.Take(part0.Count).Select(r => r.SourceLine), part0); // part 0: file lines
            Assert.All(actual.Sinks.SelectMany(s => s.Rows).Where(r => r.Part > 0), r => Assert.Equal(0, r.Record.SourceLine));
            Assert.Equal(expected.Rejected, actual.Rejected);
            Assert.Equal(expected.Summary, actual.Summary! with { Totals = expected.Summary.Totals });
            Assert.Equal(expected.Summary.Totals, actual.Summary!.Totals);
            if (actual.Sinks.SelectMany(s => s.Parts).Distinct().Count() > 2) severalParts++;
            Assert.All(actual.Sinks, s => Assert.True(s.Parts.SequenceEqual(s.Parts.Order()) || s.Parts.SequenceEqual(s.Parts.OrderDescending()),
                "each worker takes its parts from the front or from the back"));
        }

        Assert.True(read > 10, $"the parallel read must stand for many part sizes (stood {read}, declined {declined})");
        Assert.True(declined > 0, "some cuts must fall inside the multi-line quoted fields and be caught");
        Assert.True(severalParts > 5, "the rows must actually be read in several parts");
    }

    [Fact]
    public void Cuts_come_just_after_a_line_feed_and_increase()
    {
        var text = Focus(Enumerable.Range(0, 50).Select(i => Row(i + ".5")).ToArray()) + "no-newline-at-end";
        var bytes = Encoding.UTF8.GetBytes(text);
        foreach (var size in new long[] { 1, 7, 100, 1000, bytes.Length, bytes.Length * 2L })
        {
            var cuts = CsvParts.Boundaries(new MemoryStream(bytes), bytes.Length, size);
            Assert.Equal(0, cuts[0]);
            Assert.Equal(bytes.Length, cuts[^1]);
            for (var i = 1; i < cuts.Length; i++) Assert.True(cuts[i] > cuts[i - 1]);
            for (var m = size; m < bytes.Length; m += size)
            {
                // The first line feed at or after each multiple of the size ends a part (unless it ends the file).
                var lineFeed = Array.IndexOf(bytes, (byte)'\n', (int)m);
                if (lineFeed >= 0 && lineFeed + 1 < bytes.Length) Assert.Contains(lineFeed + 1L, cuts);
            }

            for (var i = 1; i < cuts.Length - 1; i++)
            {
                Assert.Equal((byte)'\n', bytes[cuts[i] - 1]);
                var multiple = (cuts[i] - 1) / size * size; // no other cut: the line feed is the first at or after a multiple
                Assert.DoesNotContain((byte)'\n', bytes[(int)multiple..(int)(cuts[i] - 1)]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_one_pass_count_agrees_with_counting_byte_by_byte(int seed)
    {
        // Random bytes rich in quotes, CR and LF, counted in random pieces (a "\r\n" often falls across two pieces).
        var random = new Random(seed);
        var alphabet = "\"\r\nab,"u8.ToArray();
        var bytes = Enumerable.Range(0, 5000).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray();
        var counts = new PartCounts();
        for (var at = 0; at < bytes.Length;)
        {
            var n = Math.Min(bytes.Length - at, random.Next(1, 200));
            CsvParts.Count(bytes.AsSpan(at, n), ref counts);
            at += n;
        }

        long lines = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') lines++;
            else if (bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n')) lines++;
        }

        Assert.Equal(bytes.LongCount(b => b == (byte)'"'), counts.Quotes);
        Assert.Equal(lines, counts.Lines);
    }

    [Fact]
    public async Task Rejected_rows_of_every_part_keep_their_physical_lines_and_order()
    {
        var rows = Enumerable.Range(0, 200).Select(i => i % 7 == 3 ? Row("bad" + i) : Row(i + ".5")).ToArray();
        var text = Focus(rows);
        var expected = await SequentialAsync(text);
        var actual = await SplitAsync(text, partSize: 1000, workers: 3);

        Assert.NotNull(actual.Summary);
        Assert.True(actual.Sinks.SelectMany(s => s.Rows).Select(r => r.Part).Distinct().Count() > 5); // which worker took which part is up to timing
        Assert.Equal(expected.Rejected, actual.Rejected);
        Assert.Contains(actual.Rejected, r => r.Line > 150);
        Assert.Equal(expected.Records.Select(Shape), InFileOrder(actual.Sinks).Select(Shape));
    }

    [Fact]
    public async Task An_unterminated_quote_in_the_last_part_voids_the_parallel_read_and_the_ingest_fails_like_the_sequential_one()
    {
        // The back worker reads the last part first: a quote left open there would run on into the next part it takes,
        // so an odd number of quotes in the whole file voids the parallel read, and the sequential read names the line.
        var text = Focus(Enumerable.Range(0, 100).Select(i => Row(i + ".25")).ToArray()) + "2024-09-01,2024-09-02,1,1,USD,Usage,\"unterminated\n";
        var sequential = await Assert.ThrowsAsync<CostExportException>(() => SequentialAsync(text));
        Assert.Null((await SplitAsync(text, partSize: 700)).Summary);

        var ingest = await Assert.ThrowsAsync<CostExportException>(() => new CostLedgerIngestor(new AllocationConfig())
            .IngestAsync([FromText("test.csv", text)], new IngestOptions { Split = true, PartSize = 700 }));
        Assert.Equal(sequential.Message, ingest.Message);
        Assert.Equal(102, ingest.Line);
    }

    [Fact]
    public async Task A_day_first_date_in_a_later_part_fails_the_ingest_with_its_file_line_like_the_sequential_read()
    {
        // Lines of later parts are counted part by part: the parallel read declines and the sequential read names the line.
        var rows = Enumerable.Range(0, 100).Select(i => Row(i + ".25", start: i == 90 ? "15/01/2024" : "01/02/2024")).ToArray();
        var text = Focus(rows);
        var sequential = await Assert.ThrowsAsync<CostExportException>(() => SequentialAsync(text));

        var ingest = await Assert.ThrowsAsync<CostExportException>(() => new CostLedgerIngestor(new AllocationConfig())
            .IngestAsync([FromText("test.csv", text)], new IngestOptions { Split = true, PartSize = 700 }));

        Assert.Equal(92, sequential.Line);
        Assert.Equal(sequential.Message, ingest.Message);
    }

    [Fact]
    public async Task An_unterminated_quote_before_the_last_part_voids_the_parallel_read()
    {
        // Every cut after the open quote is inside a quoted field: the parallel read declines (the sequential read then
        // reports the error at its line).
        var text = Focus(Row("1.25"), "2024-09-01,2024-09-02,1,1,USD,Usage,x,\"open") + string.Concat(Enumerable.Range(0, 100).Select(i => Row(i + ".25") + "\n"));
        await Assert.ThrowsAsync<CostExportException>(() => SequentialAsync(text));
        Assert.Null((await SplitAsync(text, partSize: 500)).Summary);
    }

    [Fact]
    public async Task Files_that_are_not_plain_csv_or_not_cost_exports_are_left_to_the_sequential_read()
    {
        var reader = new CostExportReader();
        var options = new CostReadOptions { Split = true };
        ICostRecordSink[] sinks = [new ListSink(), new ListSink()];
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv.gz", Focus(Row())), options, sinks));
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv", "a,b,c\n1,2,3\n"), options, sinks));
        Assert.Null(await reader.TryReadSplitAsync(FromText("x.csv", Focus(Row())), options with { Split = false }, sinks));
        var utf16 = new IngestSource("x.csv", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Focus(Row()))).ToArray())),
            Encoding.Unicode.GetPreamble().Length + Encoding.Unicode.GetByteCount(Focus(Row())));
        Assert.Null(await reader.TryReadSplitAsync(utf16, options, sinks));
        Assert.All(sinks, s => Assert.Empty(((ListSink)s).Records));
    }
}
