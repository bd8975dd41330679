using System.Globalization;
using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Billing.Reading;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing.Reading;

/// <summary>
/// The UTF-8 byte reader (<see cref="CsvCostReader.ReadUtf8"/>, what the parallel read's workers use) against the reader
/// over Sep (<see cref="CsvCostReader.Read"/>): every bundled CSV export and a generated corpus of hostile files (quotes
/// inside and after fields, line ends of every kind inside quotes, stray and unterminated quotes, blank lines, a byte
/// order mark, non-ASCII and invalid UTF-8, NUL, wrong field counts, no final line end) give the same records (every
/// field, tags, line), the same rejected rows (line, field, reason, raw value), the same counts and totals, or the same
/// error — with the byte reader's buffer at its smallest too, so rows and line ends straddle every refill.
/// </summary>
public class Utf8CsvRowsTests
{
    public static TheoryData<string> BundledExports()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "samples"), "*.csv", SearchOption.AllDirectories)
                     .Where(f => f.Contains("billing", StringComparison.Ordinal) || f.Contains("export", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepositoryRoot, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(BundledExports))]
    public void A_bundled_export_reads_the_same_as_bytes(string file)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepositoryRoot, file));
        var expected = ReadWithSep(bytes);
        Assert.Equal(expected, ReadAsBytes(bytes, 1 << 18));
        Assert.Equal(expected, ReadAsBytes(bytes, 128));
    }

    [Fact]
    public void The_bundled_exports_are_found()
    {
        Assert.True(BundledExports().Count >= 20);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void A_hostile_file_reads_the_same_as_bytes(int seed)
    {
        var random = new Random(seed);
        var errors = 0;
        for (var file = 0; file < 150; file++)
        {
            var bytes = HostileFile(random);
            var expected = ReadWithSep(bytes);
            if (expected.StartsWith("error", StringComparison.Ordinal)) errors++;
            Assert.Equal(expected, ReadAsBytes(bytes, 1 << 18));
            Assert.Equal(expected, ReadAsBytes(bytes, 128 + random.Next(200)));
        }

        Assert.InRange(errors, 1, 149); // the corpus has both files that fail and files that are read
    }

    [Fact]
    public void Line_ends_inside_quotes_count_as_lines_across_refills()
    {
        // A "\r\n" inside a quoted field whose '\r' ends one 64-byte block (and one buffer) and '\n' starts the next.
        for (var pad = 0; pad < 140; pad++)
        {
            var text = FocusHeader + "\n" +
                       Row(tags: "\"" + new string('x', pad) + "\r\n\"") + "\r\n" +
                       Row(cost: "bad") + "\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            var expected = ReadWithSep(bytes);
            Assert.Contains("rejected f.csv|4|BilledCost|", expected, StringComparison.Ordinal); // the bad row is on line 4 (header, 2 lines, then it)
            Assert.Equal(expected, ReadAsBytes(bytes, 128));
        }
    }

    [Fact]
    public void Both_ways_of_finding_the_quoted_bytes_agree_with_counting()
    {
        // The carry-less multiply (used when the CPU has it) and the shifts (used otherwise, e.g. by a native build for
        // a baseline without it) must both give, for each bit, the parity of the set bits up to it.
        var random = new Random(11);
        var buffer = new byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var x = BitConverter.ToUInt64(buffer) & BitConverter.ToUInt64(buffer) >> (i % 7); // sparse and dense masks
            ulong expected = 0, parity = 0;
            for (var bit = 0; bit < 64; bit++)
            {
                parity ^= (x >> bit) & 1;
                expected |= parity << bit;
            }

            Assert.Equal(expected, Utf8CsvRows.PrefixXorByShifts(x));
            Assert.Equal(expected, Utf8CsvRows.PrefixXor(x));
        }
    }

    private static string ReadWithSep(byte[] bytes) =>
        Read(bytes, (stream, state) => CsvCostReader.Read(stream, state, CancellationToken.None));

    private static string ReadAsBytes(byte[] bytes, int bufferSize) =>
        Read(bytes, (stream, state) => CsvCostReader.ReadUtf8(stream, state, CancellationToken.None, bufferSize: bufferSize));

    /// <summary>Everything a read produced, as text: records, rejected rows, counts and totals (or the error).</summary>
    private static string Read(byte[] bytes, Action<Stream, CostReadState> read)
    {
        var sink = new ListSink();
        var quarantine = new ListQuarantine();
        var state = new CostReadState("f.csv", new CostReadOptions { Quarantine = quarantine }, sink);
        var text = new StringBuilder();
        try
        {
            read(new MemoryStream(bytes, writable: false), state);
        }
        catch (CostExportException e)
        {
            return $"error {e.Line}: {e.Message}";
        }

        foreach (var r in sink.Records) text.AppendLine(Shape(r));
        foreach (var q in quarantine.Rows) text.AppendLine(CultureInfo.InvariantCulture, $"rejected {q.File}|{q.Line}|{q.Field}|{q.Reason}|{q.RawValue}");
        var s = state.Summary();
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.RowsRead} {s.RowsAccepted} {s.RowsRejected} {s.Format} {s.FormatVersion}");
        foreach (var t in s.Totals) text.AppendLine(CultureInfo.InvariantCulture, $"{t.Currency} {t.BilledCost} {t.EffectiveCost}");
        return text.ToString();
    }

    private static string Shape(CostRecord r)
    {
        var f = r.Fields;
        var tags = string.Join(";", f.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
        return string.Join("|", f.ChargePeriodStart.ToString("O", CultureInfo.InvariantCulture), f.ChargePeriodEnd.ToString("O", CultureInfo.InvariantCulture),
            f.BilledCost, f.EffectiveCost, f.ListCost, f.ContractedCost, f.BillingCurrency, f.ChargeCategory, f.PricingCategory,
            f.PricingSubcategory, f.ResourceId, f.ResourceName, f.ResourceType, f.RegionId, f.ServiceName, f.ServiceCategory,
            f.SkuName, f.SkuId, f.SkuMeterCategory, f.ConsumedQuantity, f.ConsumedUnit, f.SubAccountId, f.SubAccountName,
            f.ResourceGroupName, tags, f.SourceFile, f.SourceLine);
    }

    private static readonly string[] Header =
        ["ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost", "BillingCurrency", "ChargeCategory", "ResourceId",
         "ResourceName", "RegionId", "x_SkuMeterName", "Tags"];

    /// <summary>A FOCUS file of a few rows built from hostile pieces (as bytes: some are not UTF-8).</summary>
    private static byte[] HostileFile(Random random)
    {
        var bytes = new List<byte>();
        void Text(string s) => bytes.AddRange(Encoding.UTF8.GetBytes(s));
        string LineEnd() => random.Next(6) switch { 0 => "\r\n", 1 => "\r", 2 => "\n\n", 3 => "\r\n\r\n", _ => "\n" };

        if (random.Next(4) == 0) bytes.AddRange([0xEF, 0xBB, 0xBF]);
        if (random.Next(10) == 0) Text(LineEnd()); // blank lines before the header
        Text(string.Join(",", Header.Select(h => random.Next(12) == 0 ? "\"" + h + "\"" : h)));
        Text(LineEnd());
        var rows = random.Next(1, 25);
        for (var i = 0; i < rows; i++)
        {
            var fields = random.Next(25) == 0 ? Header.Length + random.Next(-2, 3) : Header.Length;
            for (var c = 0; c < fields; c++)
            {
                if (c > 0) bytes.Add((byte)',');
                Field(c);
            }

            if (i < rows - 1 || random.Next(3) != 0) Text(LineEnd()); // sometimes no line end after the last row
        }

        return [.. bytes];

        void Field(int column)
        {
            var hostile = random.Next(4) == 0;
            if (!hostile)
            {
                Text(column switch
                {
                    0 => "2024-09-0" + random.Next(1, 4),
                    1 => "2024-09-0" + random.Next(4, 7),
                    2 or 3 => (random.Next(-500, 100_000) / 100m).ToString(CultureInfo.InvariantCulture),
                    4 => random.Next(3) == 0 ? "EUR" : "USD",
                    5 => "Usage",
                    6 => "/subscriptions/s/resourceGroups/rg" + random.Next(3) + "/providers/x/y/vm" + random.Next(4),
                    10 => "\"{\"\"team\"\": \"\"t" + random.Next(3) + "\"\"}\"",
                    _ => "v" + random.Next(5),
                });
                return;
            }

            switch (random.Next(16))
            {
                case 0: Text("\"a,b\""); break; // a comma inside quotes
                case 1: Text("\"x\"\"y\"\"\""); break; // doubled quotes
                case 2: Text("\"line\nbreak\""); break;
                case 3: Text("\"cr\r\nlf\""); break;
                case 4: Text("\"lone\rcr\""); break;
                case 5: Text("ab\"c"); break; // a stray quote inside an unquoted field
                case 6: Text("\"a\"b"); break; // text after the closing quote
                case 7: Text("Zürich 😀"); break;
                case 8: bytes.AddRange([0x5A, 0xFC, 0x72, 0x69, 0x63, 0x68]); break; // Latin-1 "Zürich": not UTF-8
                case 9: bytes.AddRange([0x61, 0xE2, 0x82]); break; // a sequence cut short
                case 10: bytes.AddRange([0x80, 0x61, 0xFF]); break; // a lone continuation byte and 0xFF
                case 11: Text("1.5\0"); break;
                case 12: Text(""); break;
                case 13: Text("\"" + new string('q', random.Next(50, 300)) + "\""); break; // longer than a block
                case 14: Text(random.Next(20) == 0 ? "\"open" : "\"\""); break; // rarely: a quote never closed
                default: Text(" " + (column == 2 ? "1,5" : "padded") + " "); break;
            }
        }
    }
}
