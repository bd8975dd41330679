using System.Numerics;
using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;
using Xunit.Abstractions;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// Issue 15: a seeded mutation fuzzer over real sample rows (the FOCUS sample's Microsoft rows and both EA header
/// variants). Each case takes some rows, puts hostile values into number, date and tag fields, then damages the text
/// (stray quotes, flipped characters, NULs, deleted ranges, duplicated and blank lines, a cut end) and reads it. The
/// invariants: nothing but <see cref="CostExportException"/> escapes; accepted + rejected = rows read; every record and
/// rejected row names its own physical line; the totals equal the file-order decimal sum of the accepted rows and, within
/// decimal's precision, their exact (BigInteger) sum; the ingest (allocation, aggregation, the parallel read) states the
/// same totals or fails the same way; the gzip of the file reads the same, and a cut gzip fails naming the file.
/// Deterministic (fixed seeds) and bounded: a few seconds in CI; a failure prints its seed and the file.
/// </summary>
public class MutationFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 400;

    private static readonly Lazy<List<(string Name, string[] Header, List<string[]> Rows)>> Seeds = new(() =>
    [
        Load("focus.csv", Sample("focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv")),
        Load("ea.csv", Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv")),
        Load("ea-amortized.csv", Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv")),
        Load("ea-cad.csv", Sample("azure-cost-export", "ea-legacy", "focus-converters_sample-anonymous-ea-export-dataset.csv")),
    ]);

    private static (string, string[], List<string[]>) Load(string name, string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).FromFile(path);
        var header = reader.Header.ColNames.ToArray();
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var values = new string[header.Length];
            for (var i = 0; i < header.Length; i++) values[i] = i < row.ColCount ? row[i].ToString() : "";
            rows.Add(values);
        }

        return (name, header, rows);
    }

    private static readonly string[] Numbers =
    [
        "79228162514264337593543950335", "-79228162514264337593543950335", "50000000000000000000000000000", "7.9e28", "1e30",
        "-1e30", "NaN", "Infinity", "-Infinity", "1.5\0", "\u00001.5", "0x10", "1,5", "1e-40", "0.00000000000000000000000000001",
        "-0", "+3.5", " 2 ", "", "NULL", "1.5E-05", "12345678901234567890.123456789", "1.5.5", "--1", "1e", "١٢",
    ];

    private static readonly string[] Dates =
    [
        "0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00", "12/31/9999", "9999-12-31", "9999-12-31T23:59:59Z", "0001-01-01",
        "2024-09-01T00:00:00+99:00", "2024-09-01T00:00:00+14:00", "2024-09-01T00:00:00-14:00", "2024-02-30", "2024-09-01\0",
        "13/13/2024", "2024-09-01T24:00:00Z", "", "NULL", "2024-09-01 00:00:00.123456789", "2023-09-01", "2/29/2023", "1/1/00",
        "2024-09-01T00:00:00+05:60", "20240901", "2024-9-1",
    ];

    private static readonly string[] Tags =
    [
        "{", "}", "{\"a\":", "{\"a\": {\"b\": 1}}", "\"a\": \"b\",\"c\": \"d\"", "{\"team\":\"x\"} trailing", "[1,2]", "{\"\":\"\"}",
        "{\"a\":\"\\u0000\"}", "{\"a\":\"\\ud800\"}", new string('{', 600), "{\"team\":\"" + new string('x', 5000) + "\"}", "NULL",
        "{\"a\":1e400}", "{\"team\":\"a\",\"team\":\"b\"}", "{\"Team \":\" ml \"}", "{'team':'x'}", "\"team\": \"a\"\"",
    ];

    private static readonly char[] HostileChars = ['"', '"', '"', ',', '\n', '\r', '\0', '\uFEFF', '\uFFFD', 'é', '\t', '{', '\\', 'E', '-', '.', '9'];

    private static readonly string[] NumberColumns =
        ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "ConsumedQuantity", "Cost", "CostInBillingCurrency", "Quantity", "PayGPrice", "UnitPrice"];

    private static readonly string[] DateColumns = ["ChargePeriodStart", "ChargePeriodEnd", "Date"];

    /// <summary>One hostile file: some real rows, hostile field values, then damaged text.</summary>
    internal static string Mutate(Random rnd, string[] header, List<string[]> source)
    {
        var rows = Enumerable.Range(0, rnd.Next(1, 21)).Select(_ => (string[])source[rnd.Next(source.Count)].Clone()).ToList();
        int Column(string[] names)
        {
            var present = names.Select(n => Array.FindIndex(header, h => h.Equals(n, StringComparison.OrdinalIgnoreCase))).Where(i => i >= 0).ToArray();
            return present.Length == 0 ? rnd.Next(header.Length) : present[rnd.Next(present.Length)];
        }

        for (var m = rnd.Next(0, 5); m > 0; m--)
        {
            var row = rows[rnd.Next(rows.Count)];
            switch (rnd.Next(5))
            {
                case 0: row[Column(NumberColumns)] = Numbers[rnd.Next(Numbers.Length)]; break;
                case 1: row[Column(DateColumns)] = Dates[rnd.Next(Dates.Length)]; break;
                case 2: row[Column(["Tags"])] = Tags[rnd.Next(Tags.Length)]; break;
                case 3:
                    var c = rnd.Next(header.Length);
                    row[c] = row[c].Length == 0 ? "\"" : row[c].Insert(rnd.Next(row[c].Length), "\"");
                    break;
                default:
                    // The same big value on many rows: the totals, not the values, leave the decimal range.
                    var big = rnd.Next(2) == 0 ? "30000000000000000000000000000" : "-30000000000000000000000000000";
                    var col = Column(NumberColumns);
                    foreach (var r in rows) r[col] = big;
                    break;
            }
        }

        var newline = rnd.Next(3) switch { 0 => "\r\n", 1 => "\r", _ => "\n" };
        var quoteAll = rnd.Next(2) == 0;
        string Field(string v) => quoteAll || v.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
        var text = new StringBuilder(string.Join(",", header.Select(Field))).Append(newline);
        foreach (var row in rows) text.Append(string.Join(",", row.Select(Field))).Append(newline);

        for (var m = rnd.Next(0, 4); m > 0; m--)
        {
            if (text.Length < 2) break;
            var at = rnd.Next(1, text.Length);
            switch (rnd.Next(6))
            {
                case 0: text[at] = HostileChars[rnd.Next(HostileChars.Length)]; break;
                case 1: text.Insert(at, '"'); break;
                case 2: text.Remove(at, Math.Min(text.Length - at, rnd.Next(1, 40))); break;
                case 3:
                    var start = text.ToString().LastIndexOf('\n', at - 1) + 1;
                    var end = text.ToString().IndexOf('\n', at);
                    if (end > start) text.Insert(start, text.ToString(start, end - start + 1));
                    break;
                case 4: text.Insert(at, newline + newline); break;
                default: if (rnd.Next(4) == 0) text.Length = at; break; // a cut file, now and then
            }
        }

        return text.ToString();
    }

    [Fact]
    public async Task Mutated_real_rows_never_crash_and_totals_are_the_sum_of_the_accepted_rows()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        int completed = 0, errors = 0, withRejects = 0;
        var errorKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long rowsRead = 0, rowsRejected = 0;
        for (var seed = 0; seed < Cases; seed++)
        {
            var rnd = new Random(seed);
            var (name, header, rows) = Seeds.Value[seed % Seeds.Value.Count];
            var text = Mutate(rnd, header, rows);
            try
            {
                var outcome = await CheckAsync(name, text, split: seed % 8 == 0, errorKinds);
                if (seed % 5 == 0) await CheckGzipAsync(name, text, outcome, cut: seed % 10 == 0);
                if (outcome is { } o)
                {
                    completed++;
                    rowsRead += o.RowsRead;
                    rowsRejected += o.RowsRejected;
                    if (o.RowsRejected > 0) withRejects++;
                }
                else errors++;
            }
            catch (Exception e)
            {
                output.WriteLine($"seed {seed} ({name}) failed; the file:\n{text.Replace("\0", "\\0")}");
                throw new InvalidOperationException($"seed {seed} ({name}): {e.GetType().Name}: {e.Message}", e);
            }
        }

        output.WriteLine($"{Cases} cases in {started.ElapsedMilliseconds} ms: {completed} read ({withRejects} with rejected rows; " +
                         $"{rowsRead} rows, {rowsRejected} rejected), {errors} whole-file errors:");
        foreach (var (kind, count) in errorKinds.OrderByDescending(k => k.Value)) output.WriteLine($"  {count} × {kind}");
        // The generator must exercise both outcomes, or the invariants are checked on nothing.
        Assert.InRange(completed, Cases / 4, Cases);
        Assert.InRange(errors, 1, Cases);
        Assert.InRange(withRejects, Cases / 10, Cases);
    }

    /// <summary>Reads <paramref name="text"/> and checks every invariant; null = a whole-file error (as allowed).</summary>
    private static async Task<CostReadSummary?> CheckAsync(string name, string text, bool split, Dictionary<string, int> errorKinds)
    {
        ReadResult read;
        try
        {
            read = await ReadTextAsync(text, name: name); // asserts accepted + rejected = read, sink and quarantine counts
        }
        catch (CostExportException e)
        {
            Assert.StartsWith(name, e.Message);
            var kind = e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..];
            kind = kind[..Math.Min(kind.Length, 48)];
            errorKinds[kind] = errorKinds.GetValueOrDefault(kind) + 1;
            // The ingest fails too (same reader), with a CostExportException and nothing else.
            await Assert.ThrowsAsync<CostExportException>(() => IngestAsync(name, text, split));
            return null;
        }

        // Every record and rejected row names its own physical line, within the file.
        var physicalLines = PhysicalLines(text);
        var lines = read.Records.Select(r => r.SourceLine).Concat(read.Rejected.Select(r => r.Line)).ToList();
        Assert.Equal(lines.Count, lines.Distinct().Count());
        Assert.All(lines, l => Assert.InRange(l, 2, physicalLines));

        // Totals = an independent decimal sum of the accepted rows in file order (checked: it cannot overflow when the
        // read did not fail), and within decimal's precision of the exact sum (BigInteger at scale 28): values near
        // 1e28 keep no fraction, so a sum of 5e28 and 2.44 rounds, as any 96-bit decimal sum does.
        var groups = read.Records.GroupBy(r => r.BillingCurrency, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(groups.Keys.Order(StringComparer.Ordinal), read.Summary.Totals.Select(t => t.Currency));
        var exact = new Dictionary<string, (BigInteger Billed, BigInteger Effective)>(StringComparer.Ordinal);
        foreach (var t in read.Summary.Totals)
        {
            var records = groups[t.Currency];
            decimal billed = 0, effective = 0;
            foreach (var r in records)
            {
                billed += r.BilledCost;
                effective += r.EffectiveCost;
            }

            Assert.Equal((billed, effective), (t.BilledCost, t.EffectiveCost));
            exact[t.Currency] = (Exact(records.Select(r => r.BilledCost)), Exact(records.Select(r => r.EffectiveCost)));
            AssertWithinPrecision(exact[t.Currency].Billed, t.BilledCost, records.Select(r => r.BilledCost));
            AssertWithinPrecision(exact[t.Currency].Effective, t.EffectiveCost, records.Select(r => r.EffectiveCost));
        }

        // The ingest (allocation, aggregation; sometimes the parallel read) states the same totals, or fails on a sum
        // beyond the decimal range (a fact, a list cost, GPU-hours) with a CostExportException.
        IngestResult ingest;
        try
        {
            ingest = await IngestAsync(name, text, split);
        }
        catch (CostExportException e)
        {
            Assert.Contains("decimal range", e.Message);
            return read.Summary;
        }

        Assert.Equal((read.Summary.RowsRead, read.Summary.RowsAccepted, read.Summary.RowsRejected), (ingest.RowsRead, ingest.RowsAccepted, ingest.RowsRejected));
        Assert.Equal(read.Summary.Totals.Select(t => t.Currency), ingest.Totals.Select(t => t.Currency));
        foreach (var t in ingest.Totals)
        {
            // Facts sum in another order than the file: equal whenever decimal did not round, else within its precision.
            if (exact[t.Currency] == (Exact([t.BilledCost]), Exact([t.EffectiveCost]))) continue;
            AssertWithinPrecision(exact[t.Currency].Billed, t.BilledCost, groups[t.Currency].Select(r => r.BilledCost));
            AssertWithinPrecision(exact[t.Currency].Effective, t.EffectiveCost, groups[t.Currency].Select(r => r.EffectiveCost));
        }

        return read.Summary;
    }

    /// <summary>|exact − total| at most one unit of the 29th significant digit of the largest magnitude met, per row.</summary>
    private static void AssertWithinPrecision(BigInteger exact, decimal total, IEnumerable<decimal> values)
    {
        var list = values.ToList();
        var largest = BigInteger.Max(BigInteger.Abs(exact), list.Select(v => BigInteger.Abs(Exact([v]))).DefaultIfEmpty().Max());
        decimal running = 0;
        foreach (var v in list)
        {
            running += v;
            largest = BigInteger.Max(largest, BigInteger.Abs(Exact([running])));
        }

        var tolerance = (largest / BigInteger.Pow(10, 27) + 1) * list.Count;
        Assert.True(BigInteger.Abs(exact - Exact([total])) <= tolerance, $"total {total} is not the sum {exact} (×1e-28) within {tolerance}");
    }

    /// <summary>The same file gzipped reads the same (or fails the same way); cut short, it fails naming the file.</summary>
    private static async Task CheckGzipAsync(string name, string text, CostReadSummary? plain, bool cut)
    {
        var gz = BadInputTests.Gzip(Encoding.UTF8.GetBytes(text));
        if (cut) gz = gz[..(gz.Length / 2)];
        ReadResult read;
        try
        {
            read = await ReadAsync(FromBytes(name + ".gz", gz));
        }
        catch (CostExportException e)
        {
            Assert.StartsWith(name + ".gz", e.Message);
            Assert.True(cut || plain is null, "the gzip of a readable file failed: " + e.Message);
            return;
        }

        Assert.False(cut, "a cut gzip was read without an error");
        Assert.NotNull(plain);
        Assert.Equal((plain.RowsRead, plain.RowsAccepted, plain.RowsRejected), (read.Summary.RowsRead, read.Summary.RowsAccepted, read.Summary.RowsRejected));
        Assert.Equal(plain.Totals, read.Summary.Totals);
    }

    private static Task<IngestResult> IngestAsync(string name, string text, bool split) =>
        new CostLedgerIngestor(new AllocationConfig()).IngestAsync([FromText(name, text)],
            split ? new IngestOptions { Split = true, PartSize = 700, Workers = 2 } : new IngestOptions());

    private static BigInteger Exact(IEnumerable<decimal> values)
    {
        var sum = BigInteger.Zero;
        Span<int> bits = stackalloc int[4];
        foreach (var v in values)
        {
            decimal.GetBits(v, bits);
            var mantissa = new BigInteger((uint)bits[0]) | new BigInteger((uint)bits[1]) << 32 | new BigInteger((uint)bits[2]) << 64;
            var scale = (bits[3] >> 16) & 0xFF;
            var scaled = mantissa * BigInteger.Pow(10, 28 - scale);
            sum += bits[3] < 0 ? -scaled : scaled;
        }

        return sum;
    }

    /// <summary>Physical lines as Sep counts them (CRLF, LF and a lone CR each end one).</summary>
    private static long PhysicalLines(string text)
    {
        long lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) lines++;
        }

        return lines;
    }
}
