using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Parquet;
using Parquet.Schema;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// Issue 15, "Billing input": the classes of hostile input that crashed the reader (overflow, dates at the edges of
/// the calendar, rows longer than the CSV reader's limit, corrupt Parquet) or were wrong silently (an end before the
/// start, offsets beyond ±14:00, trailing NUL, a stray quote that swallowed lines). Each gets a quarantined row or one
/// <see cref="CostExportException"/> naming the file, never another exception.
/// </summary>
public class HostileInputTests
{
    private const string Max = "79228162514264337593543950335";

    private static Task<IngestResult> IngestTextAsync(string text, string name = "test.csv") =>
        new CostLedgerIngestor(new AllocationConfig()).IngestAsync([FromText(name, text)], new IngestOptions());

    // ---- 1. Overflow -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("50000000000000000000000000000", 4)]
    [InlineData(Max, 2)]
    [InlineData("-" + Max, 2)]
    [InlineData("79000000000000000000000000000", 3)]
    public async Task A_total_beyond_the_decimal_range_is_one_error_naming_the_file_and_currency(string value, int rows)
    {
        var csv = Focus([.. Enumerable.Repeat(Row(value, currency: "EUR"), rows), Row()]);

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv, name: "big.csv"));
        Assert.Contains("big.csv", e.Message);
        Assert.Contains("EUR", e.Message);
        Assert.Contains("decimal range", e.Message);

        var ingest = await Assert.ThrowsAsync<CostExportException>(() => IngestTextAsync(csv, "big.csv"));
        Assert.Contains("EUR", ingest.Message);
    }

    [Fact]
    public async Task A_fact_that_overflows_while_the_file_total_does_not_is_one_error_naming_file_and_currency()
    {
        // The file's running total stays in range (+5e28, 0, +5e28) but the first day's fact would reach 1e29.
        var plus = "50000000000000000000000000000";
        var csv = Focus(Row(plus, currency: "CHF"), $"2024-09-03,2024-09-04,-{plus},-{plus},CHF,Usage,x,", Row(plus, currency: "CHF"));

        var read = await ReadTextAsync(csv);
        Assert.Equal(3, read.Summary.RowsAccepted);

        var e = await Assert.ThrowsAsync<CostExportException>(() => IngestTextAsync(csv, "facts.csv"));
        Assert.Contains("facts.csv", e.Message);
        Assert.Contains("CHF", e.Message);
        Assert.Contains("decimal range", e.Message);
    }

    [Fact]
    public async Task A_list_cost_total_that_overflows_is_an_error_too()
    {
        var csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ListCost,BillingCurrency\n" +
                  $"2024-09-01,2024-09-02,1,1,{Max},USD\n2024-09-01,2024-09-02,1,1,{Max},USD\n";

        var e = await Assert.ThrowsAsync<CostExportException>(() => IngestTextAsync(csv, "list.csv"));
        Assert.Contains("list.csv", e.Message);
        Assert.Contains("USD", e.Message);
    }

    private const string EaHeader = "Date,MeterCategory,CostInBillingCurrency,BillingCurrencyCode,Quantity,PayGPrice,UnitPrice,ResourceId";

    [Theory]
    [InlineData("100000000000000000000", "10000000000", "1", "PayGPrice")]
    [InlineData("1", "10000000000", "100000000000000000000", "UnitPrice")]
    [InlineData(Max, "2", "1", "PayGPrice")]
    [InlineData("-" + Max, "1.5", "1", "PayGPrice")]
    public async Task EA_price_times_quantity_beyond_the_decimal_range_quarantines_the_row(string payg, string quantity, string unit, string field)
    {
        var csv = EaHeader + "\n" +
                  "09/01/2023,Storage,1.5,USD,1,1,1,/x/a\n" +
                  $"09/01/2023,Storage,2,USD,{quantity},{payg},{unit},/x/b\n" +
                  "09/02/2023,Storage,2.5,USD,1,1,1,/x/c\n";

        var result = await ReadTextAsync(csv);

        var r = Assert.Single(result.Rejected);
        Assert.Equal((3L, field), (r.Line, r.Field));
        Assert.Contains("decimal range", r.Reason);
        Assert.Equal(4m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    internal static async Task<byte[]> ParquetWithDoubleCostsAsync(double[] costs)
    {
        var fields = new DataField[]
        {
            new DataField<string>("ChargePeriodStart"), new DataField<string>("ChargePeriodEnd"),
            new DataField<double>("BilledCost"), new DataField<float>("EffectiveCost"), new DataField<string>("BillingCurrency"),
        };
        using var ms = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), ms))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], costs.Select(_ => "2024-09-01").ToArray());
            await group.WriteAsync(fields[1], costs.Select(_ => "2024-09-02").ToArray());
            await group.WriteAsync<double>(fields[2], costs.AsMemory());
            await group.WriteAsync<float>(fields[3], costs.Select(c => double.IsFinite(c) && Math.Abs(c) > 1e30 ? 1f : (float)c).ToArray().AsMemory());
            await group.WriteAsync(fields[4], costs.Select(_ => "USD").ToArray());
        }

        return ms.ToArray();
    }

    [Fact]
    public async Task Parquet_doubles_that_are_not_decimals_are_quarantined()
    {
        var parquet = await ParquetWithDoubleCostsAsync([1.25, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e30, -1e30, 2.5]);

        var result = await ReadAsync(FromBytes("doubles.parquet", parquet));

        Assert.Equal(7, result.Summary.RowsRead);
        Assert.Equal([3L, 4L, 5L, 6L, 7L], result.Rejected.Select(r => r.Line));
        Assert.All(result.Rejected, r => Assert.Equal(("BilledCost", "not a decimal number"), (r.Field, r.Reason)));
        Assert.Equal(["NaN", "Infinity", "-Infinity", "1E+30", "-1E+30"], result.Rejected.Select(r => r.RawValue));
        Assert.Equal(3.75m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    // ---- 2. Dates at the edges of the calendar -------------------------------------------------------------------

    [Theory]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("0001-01-01T00:59:59.9999999+01:00")]
    [InlineData("9999-12-31T23:30:00-01:00")]
    [InlineData("9999-12-31T23:59:59.9999999-00:01")]
    public async Task Dates_that_fall_outside_the_calendar_in_UTC_are_quarantined(string date)
    {
        var result = await ReadTextAsync(Focus(Row(start: date), Row()));

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("ChargePeriodStart", 2L, date), (r.Field, r.Line, r.RawValue));
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task ChargePeriodEnd_outside_the_calendar_is_quarantined()
    {
        var csv = FocusHeader + "\n" +
                  "9999-12-31 22:00:00,9999-12-31T23:30:00-01:00,1,1,USD,Usage,x,\n" +
                  "9999-12-31 22:00:00,9999-12-31 23:00:00,1,1,USD,Usage,x,\n";

        var result = await ReadTextAsync(csv);

        Assert.Equal(("ChargePeriodEnd", 2L), (Assert.Single(result.Rejected).Field, result.Rejected[0].Line));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 22, 0, 0, TimeSpan.Zero), Assert.Single(result.Records).ChargePeriodStart);
    }

    [Theory]
    [InlineData("12/31/9999")]
    [InlineData("12/31/9999 10:00:00")]
    public async Task EA_date_on_the_last_day_of_the_calendar_is_quarantined(string date)
    {
        var csv = EaHeader + "\n" + $"09/01/2023,Storage,1.5,USD,1,1,1,/x/a\n\"{date}\",Storage,2,USD,1,1,1,/x/b\n";

        var result = await ReadTextAsync(csv);

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("Date", 3L), (r.Field, r.Line));
        Assert.Equal(1.5m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    [Fact]
    public async Task The_first_and_last_whole_days_of_the_calendar_are_still_dates()
    {
        var csv = FocusHeader + "\n" +
                  "0001-01-01T00:00:00Z,0001-01-02T00:00:00Z,1,1,USD,Usage,x,\n" +
                  "9999-12-30T00:00:00Z,9999-12-31T00:00:00Z,2,2,USD,Usage,x,\n";

        var result = await ReadTextAsync(csv);

        Assert.Empty(result.Rejected);
        var ingest = await IngestTextAsync(csv);
        Assert.Equal(3m, Assert.Single(ingest.Totals).BilledCost);
    }

    // ---- 3. Rows longer than the CSV reader's limit ---------------------------------------------------------------

    [Fact]
    public async Task A_field_longer_than_the_csv_readers_limit_is_an_error_naming_its_line()
    {
        var csv = FocusHeader + ",ChargeDescription\n" + Row() + ",short\n" + Row() + ",\"" + new string('d', 17 * 1024 * 1024) + "\"\n" + Row() + ",x\n";

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv, name: "long.csv"));

        Assert.Contains("long.csv, line 3", e.Message);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public async Task A_stray_quote_early_in_a_large_file_is_an_unterminated_quoted_field_on_its_line()
    {
        var sb = new StringBuilder(FocusHeader).Append('\n');
        sb.Append(Row(tags: "")).Append('\n');
        sb.Append(Row(tags: "\"{")).Append('\n'); // line 3: the quote is never closed
        var plain = Row(tags: "") + "\n";
        while (sb.Length < 18 * 1024 * 1024) sb.Append(plain);

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(sb.ToString(), name: "stray.csv"));

        Assert.Contains("stray.csv, line 3", e.Message);
        Assert.Contains("unterminated quoted field", e.Message);
    }

    [Fact]
    public async Task Storage_capacity_summed_across_files_beyond_the_decimal_range_is_one_error_naming_the_file()
    {
        // One storage account's Hot capacity on one day in two files, each in range, each for another team: the facts
        // (one per team) and the resource-day (costs only) stay in range; the account's capacity sum does not.
        static string Export(string team) =>
            "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ConsumedQuantity,ConsumedUnit,RegionId,ResourceId,ResourceName,ResourceType,ServiceName,SkuMeter,Tags\n" +
            $"2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,1.00,1.00,USD,Usage,{Max},1 GB/Month,eastus,/subscriptions/s/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/ckpt,ckpt,Storage account,Storage,Hot LRS Data Stored,\"{{\"\"team\"\": \"\"{team}\"\"}}\"\n";
        var ingest = new CostLedgerIngestor(new AllocationConfig());

        var e = await Assert.ThrowsAsync<CostExportException>(() =>
            ingest.IngestAsync([FromText("a.csv", Export("vision")), FromText("b.csv", Export("speech"))], new IngestOptions()));

        Assert.Contains("b.csv", e.Message); // the file whose rows took the sum out of range
        Assert.Contains("decimal range", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stray_quote_in_a_large_file_read_in_parallel_parts_is_named_by_the_sequential_read(bool inHeader)
    {
        var sb = new StringBuilder(inHeader ? FocusHeader.Replace("Tags", "\"Tags") : FocusHeader).Append('\n');
        sb.Append(Row(tags: "")).Append('\n');
        sb.Append(Row(tags: inHeader ? "" : "\"{")).Append('\n');
        var plain = Row(tags: "") + "\n";
        while (sb.Length < 18 * 1024 * 1024) sb.Append(plain);
        var ingest = new CostLedgerIngestor(new AllocationConfig());

        var e = await Assert.ThrowsAsync<CostExportException>(() =>
            ingest.IngestAsync([FromText("parts.csv", sb.ToString())], new IngestOptions { Split = true, PartSize = 1 << 20, Workers = 2 }));

        Assert.Contains(inHeader ? "parts.csv, line 1" : "parts.csv, line 3", e.Message);
        Assert.Contains("unterminated quoted field", e.Message);
    }

    // ---- 4. Corrupt Parquet --------------------------------------------------------------------------------------

    private static async Task<byte[]> SampleParquetAsync() =>
        await ParquetWithDoubleCostsAsync(Enumerable.Range(0, 200).Select(i => i * 0.25).ToArray());

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    [InlineData(0x7FFF_FFF0)]
    [InlineData(0)]
    public async Task Parquet_with_an_impossible_footer_length_is_one_error_naming_the_file(int footerLength)
    {
        var bytes = await SampleParquetAsync();
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8, 4), footerLength);

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("broken.parquet", bytes)));

        Assert.StartsWith("broken.parquet: ", e.Message);
        Assert.Contains("Parquet", e.Message);
    }

    /// <summary>
    /// The sample file with every row count in its footer (the file's and the row group's num_rows, each column chunk's
    /// num_values: Thrift compact i64 fields one after the field before) rewritten to <paramref name="rows"/>, and the
    /// footer length fixed: a file that lies only about how many rows it has.
    /// </summary>
    private static async Task<byte[]> ParquetClaimingRowsAsync(long rows)
    {
        var original = await SampleParquetAsync();
        var footerLength = BitConverter.ToInt32(original.AsSpan(original.Length - 8, 4));
        var footerStart = original.Length - 8 - footerLength;
        byte[] Varint(long v)
        {
            var z = (ulong)((v << 1) ^ (v >> 63));
            var bytes = new List<byte>();
            do { var b = (byte)(z & 0x7F); z >>= 7; bytes.Add(z == 0 ? b : (byte)(b | 0x80)); } while (z != 0);
            return [.. bytes];
        }
        byte[] from = [0x16, .. Varint(200)], to = [0x16, .. Varint(rows)];
        var footer = original.AsSpan(footerStart, footerLength).ToArray().ToList();
        var replaced = 0;
        for (var i = 0; i + from.Length <= footer.Count; i++)
        {
            if (!footer.Skip(i).Take(from.Length).SequenceEqual(from)) continue;
            footer.RemoveRange(i, from.Length);
            footer.InsertRange(i, to);
            i += to.Length - 1;
            replaced++;
        }
        Assert.Equal(7, replaced); // FileMetaData.num_rows, RowGroup.num_rows and the 5 column chunks' num_values: a consistent liar
        return [.. original.AsSpan(0, footerStart), .. footer, .. BitConverter.GetBytes(footer.Count), .. "PAR1"u8];
    }

    [Theory]
    [InlineData(int.MaxValue, "claims 2,147,483,647 rows in a file of")]
    [InlineData(100_000_000_000L, "claims 100,000,000,000 rows in a file of")]
    [InlineData(-5, "claims -5 rows in a file of")]
    public async Task A_parquet_footer_claiming_more_rows_than_the_file_can_hold_is_one_error_before_any_buffer_is_sized(long rows, string message)
    {
        var bytes = await ParquetClaimingRowsAsync(rows);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("liar.parquet", bytes)));

        Assert.StartsWith("liar.parquet: not a readable Parquet file: row group 1 of 1 ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "no buffer sized by the claimed row count"); // 2^31 rows would be 16 GB per column
    }

    [Fact]
    public async Task The_rewritten_footer_is_read_when_it_tells_the_truth()
    {
        var result = await ReadAsync(FromBytes("honest.parquet", await ParquetClaimingRowsAsync(200)));
        Assert.Equal(200, result.Summary.RowsRead);
    }

    [Fact]
    public async Task Parquet_with_damaged_bytes_is_read_or_one_error_naming_the_file_never_another_exception()
    {
        var original = await SampleParquetAsync();
        var footerLength = BitConverter.ToInt32(original.AsSpan(original.Length - 8, 4));
        var footerStart = original.Length - 8 - footerLength;
        var random = new Random(15);
        for (var i = 0; i < 150; i++)
        {
            var bytes = (byte[])original.Clone();
            // Column chunks (pages, page headers) and, every third case, the footer (thrift metadata).
            var (from, to) = i % 3 == 2 ? (footerStart, original.Length - 8) : (4, footerStart);
            var at = random.Next(from, to);
            var count = random.Next(1, 9);
            for (var k = 0; k < count && at + k < to; k++) bytes[at + k] = (byte)random.Next(256);
            try
            {
                var result = await ReadAsync(FromBytes($"damaged-{i}.parquet", bytes));
                Assert.Equal(result.Summary.RowsRead, result.Summary.RowsAccepted + result.Summary.RowsRejected);
            }
            catch (CostExportException e)
            {
                Assert.StartsWith($"damaged-{i}.parquet", e.Message);
            }
        }
    }

    [Fact]
    public async Task Truncated_parquet_is_one_error_naming_the_file()
    {
        var bytes = await SampleParquetAsync();
        foreach (var cut in new[] { 3, 12, bytes.Length / 2, bytes.Length - 1 })
        {
            var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("cut.parquet", bytes[..cut])));
            Assert.StartsWith("cut.parquet: ", e.Message);
        }
    }

    // ---- 5. Silent wrongs -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2024-09-01 00:00:00", "2024-09-01 00:00:00")]
    [InlineData("2024-09-02 00:00:00", "2024-09-01 00:00:00")]
    [InlineData("2024-09-01T10:00:00+02:00", "2024-09-01T08:00:00Z")]
    public async Task ChargePeriodEnd_not_after_ChargePeriodStart_is_quarantined(string start, string end)
    {
        var csv = FocusHeader + "\n" + Row() + "\n" + $"{start},{end},7,7,USD,Usage,x,\n";

        var result = await ReadTextAsync(csv);

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("ChargePeriodEnd", 3L, end), (r.Field, r.Line, r.RawValue));
        Assert.Contains("not after ChargePeriodStart", r.Reason);
        Assert.Equal(1.5m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    [Theory]
    [InlineData("2024-09-01T00:00:00+99:00")]
    [InlineData("2024-09-01T00:00:00+14:01")]
    [InlineData("2024-09-01T00:00:00-15:00")]
    [InlineData("2024-09-01T00:00:00+05:60")]
    [InlineData("2024-09-01T00:00+99:00")]
    [InlineData("2024-09-01+99:00")]
    public async Task Offsets_beyond_fourteen_hours_are_not_dates(string date)
    {
        var result = await ReadTextAsync(Focus(Row(start: date), Row()));

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("ChargePeriodStart", "not a date"), (r.Field, r.Reason));
    }

    [Theory]
    [InlineData("2024-09-01T00:00:00+14:00", 2024, 8, 31, 10)]
    [InlineData("2024-09-01T00:00:00-14:00", 2024, 9, 1, 14)]
    public async Task Offsets_of_fourteen_hours_are_dates(string date, int y, int m, int d, int h)
    {
        var csv = FocusHeader + "\n" + $"{date},2024-09-03 00:00:00,1,1,USD,Usage,x,\n";
        var result = await ReadTextAsync(csv);
        Assert.Equal(new DateTimeOffset(y, m, d, h, 0, 0, TimeSpan.Zero), Assert.Single(result.Records).ChargePeriodStart);
    }

    [Theory]
    [InlineData("1.5\0")]
    [InlineData("1.5\0\0")]
    [InlineData("\01.5")]
    [InlineData("1.5\u00a0")]
    [InlineData("1.5 x")]
    [InlineData("1.5e")]
    [InlineData("0x10")]
    [InlineData("1_000")]
    public async Task Numbers_with_trailing_or_leading_garbage_are_not_numbers(string bad)
    {
        var result = await ReadTextAsync(Focus(Row(), Row(cost: "\"" + bad + "\"")));

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("BilledCost", "not a decimal number", bad), (r.Field, r.Reason, r.RawValue));
    }

    [Theory]
    [InlineData("2024-09-01\0")]
    [InlineData("2024-09-01 00:00:00\0")]
    [InlineData("09/01/2024\0")]
    [InlineData("9/1/2024 10:00:00 AM\0")]
    public async Task Dates_with_a_trailing_NUL_are_not_dates(string bad)
    {
        var result = await ReadTextAsync(Focus(Row(), Row(start: "\"" + bad + "\"")));

        var r = Assert.Single(result.Rejected);
        Assert.Equal(("ChargePeriodStart", "not a date"), (r.Field, r.Reason));
    }

    /// <summary>
    /// 20 rows; a literal quote inside an unquoted field on line 6 opens a "quoted" run that a later quote closes, so
    /// the CSV reader returns lines 6–9 as one row. Every physical line must be accepted, quarantined or named.
    /// </summary>
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public async Task A_literal_quote_inside_an_unquoted_field_does_not_swallow_the_next_lines(string newline)
    {
        var lines = new List<string> { FocusHeader };
        for (var i = 2; i <= 21; i++)
        {
            var tags = i == 9 ? "odd\"tag" : i % 2 == 0 ? "" : "\"{\"\"team\"\":\"\"a\"\"}\"";
            var id = i == 6 ? "/sub/vm\"6" : "/sub/vm" + i;
            lines.Add($"2024-09-01 00:00:00,2024-09-02 00:00:00,{i},{i},USD,Usage,{id},{tags}");
        }

        var csv = string.Join(newline, lines) + newline;
        var result = await ReadTextAsync(csv);

        var accounted = result.Records.Select(r => r.SourceLine).Concat(result.Rejected.Select(r => r.Line)).Order().ToList();
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), accounted);
        Assert.Equal(20, result.Summary.RowsRead);
        // The rows without a stray quote are read as they are, with their own values.
        var expected = Enumerable.Range(2, 20).Where(i => i is not 6 and not 9).Sum(i => (decimal)i);
        Assert.Equal(expected, result.Records.Where(r => r.SourceLine is not 6 and not 9).Sum(r => r.BilledCost));
        Assert.Equal(result.Records.Sum(r => r.BilledCost), Assert.Single(result.Summary.Totals).BilledCost);
        Assert.Contains(result.Records, r => r.SourceLine == 7 && r.Tags["team"] == "a");
    }

    [Fact]
    public async Task A_stray_quote_in_a_number_field_quarantines_only_its_own_line()
    {
        var csv = Focus(Row("1"), Row("2\"x"), Row("3"), Row("4"), Row("5\""));

        var result = await ReadTextAsync(csv);

        var accounted = result.Records.Select(r => r.SourceLine).Concat(result.Rejected.Select(r => r.Line)).Order();
        Assert.Equal([2L, 3L, 4L, 5L, 6L], accounted);
        Assert.Equal([3L, 6L], result.Rejected.Select(r => r.Line));
        Assert.Equal(8m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    // ---- 7. The older Azure usage export -------------------------------------------------------------------------

    private static string UsageHeader(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "billing", "azure-headers", file)).TrimEnd();

    [Theory]
    [InlineData("usage-legacy.header.csv")]
    [InlineData("usage-legacy-camelcase.header.csv")]
    public async Task Older_usage_export_is_read_as_a_legacy_export(string headerFile)
    {
        var header = UsageHeader(headerFile);
        var names = header.Split(',');
        string RowOf(Dictionary<string, string> values) =>
            string.Join(",", names.Select(n => values.TryGetValue(n, out var v) ? v : values.GetValueOrDefault(char.ToUpperInvariant(n[0]) + n[1..], "")));
        var rows = new[]
        {
            RowOf(new()
            {
                ["SubscriptionGuid"] = "00000000-0000-0000-0000-000000000001", ["ResourceGroup"] = "ml-rg", ["ResourceLocation"] = "EastUS",
                ["UsageDateTime"] = "2019-05-01T00:00:00.0000000Z", ["MeterCategory"] = "Virtual Machines", ["MeterName"] = "NC6",
                ["UsageQuantity"] = "24", ["ResourceRate"] = "0.9", ["PreTaxCost"] = "21.6", ["Currency"] = "USD",
                ["InstanceId"] = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Compute/virtualMachines/gpu1",
                ["Tags"] = "\"{\"\"team\"\": \"\"vision\"\"}\"", ["UnitOfMeasure"] = "1 Hour",
            }),
            RowOf(new()
            {
                ["UsageDateTime"] = "2019-05-02", ["MeterCategory"] = "Storage", ["PreTaxCost"] = "0.0000125", ["Currency"] = "USD",
                ["InstanceId"] = "/subscriptions/s/resourceGroups/data/providers/Microsoft.Storage/storageAccounts/st1",
            }),
            RowOf(new() { ["UsageDateTime"] = "2019-05-02", ["MeterCategory"] = "Storage", ["PreTaxCost"] = "oops", ["Currency"] = "USD" }),
        };

        var result = await ReadTextAsync(header + "\r\n" + string.Join("\r\n", rows) + "\r\n", name: headerFile);

        Assert.Equal((ExportFormat.AzureEa, "usage"), (result.Summary.Format, result.Summary.FormatVersion));
        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.Equal(("PRETAXCOST", 4L), (result.Rejected[0].Field!.ToUpperInvariant(), result.Rejected[0].Line)); // named as in the header
        Assert.Equal([new CurrencyTotal("USD", 21.6000125m, 21.6000125m)], result.Summary.Totals);
        var vm = result.Records[0];
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), vm.ChargePeriodStart);
        Assert.Equal(new DateTimeOffset(2019, 5, 2, 0, 0, 0, TimeSpan.Zero), vm.ChargePeriodEnd);
        Assert.Equal(("eastus", "ml-rg", "vision", 24m), (vm.RegionId, vm.ResourceGroupName, vm.Tags["team"], vm.ConsumedQuantity));
        Assert.Equal("Virtual Machines", vm.ServiceName);
        Assert.Equal("data", result.Records[1].ResourceGroupName);
    }

    [Theory]
    [InlineData("usage-legacy.header.csv")]
    [InlineData("usage-legacy-camelcase.header.csv")]
    public async Task Header_only_older_usage_export_reads_zero_rows(string headerFile)
    {
        var result = await ReadTextAsync(UsageHeader(headerFile) + "\n", name: headerFile);

        Assert.Equal((0L, ExportFormat.AzureEa, "usage"), (result.Summary.RowsRead, result.Summary.Format, result.Summary.FormatVersion));
        Assert.Empty(result.Summary.Totals);
    }

    [Fact]
    public async Task The_three_mandatory_usage_columns_are_enough_and_their_absence_is_named()
    {
        var ok = await ReadTextAsync("UsageDateTime,PreTaxCost,Currency\n2019-05-01,1.25,EUR\n");
        Assert.Equal([new CurrencyTotal("EUR", 1.25m, 1.25m)], ok.Summary.Totals);

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("UsageDateTime,MeterCategory,PreTaxCost\n2019-05-01,x,1\n"));
        Assert.Contains("BillingCurrency", e.Message);
        Assert.Contains("Currency", e.MissingColumns.Single());
    }
}
