using System.IO.Compression;
using System.Text;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>Issue 2 §5: every class of bad input gets a clear error (whole file) or a quarantined row, and nothing is lost.</summary>
public class BadInputTests
{
    [Fact]
    public async Task Empty_file_is_a_whole_file_error_naming_the_file()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("", name: "empty.csv"));
        Assert.Contains("empty.csv", e.Message);
        Assert.Contains("empty file", e.Message);
    }

    [Fact]
    public async Task File_with_only_blank_lines_is_empty()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("\r\n\r\n", name: "blank.csv"));
        Assert.Contains("empty file", e.Message);
    }

    [Fact]
    public async Task Header_only_reads_zero_rows_and_detects_the_format()
    {
        var result = await ReadTextAsync(FocusHeader + "\r\n");

        Assert.Equal(0, result.Summary.RowsRead);
        Assert.Equal(ExportFormat.Focus, result.Summary.Format);
        Assert.Equal("1.0", result.Summary.FormatVersion);
        Assert.Empty(result.Summary.Totals);
    }

    [Fact]
    public async Task Not_a_cost_export_names_the_missing_mandatory_columns()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("name,age\nbob,3\n", name: "people.csv"));

        Assert.Contains("people.csv", e.Message);
        Assert.Contains("not a cost export", e.Message);
        Assert.Contains("ChargePeriodStart", e.Message);
        Assert.Contains("BilledCost", e.Message);
        Assert.Equal(1, e.Line);
        Assert.Contains("EffectiveCost", e.MissingColumns);
    }

    [Fact]
    public async Task Missing_mandatory_FOCUS_column_is_named()
    {
        var csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency\n2024-09-01,2024-09-02,1,USD\n";
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv, name: "partial.csv"));

        Assert.Contains("partial.csv, line 1", e.Message);
        Assert.Contains("missing mandatory column(s) EffectiveCost", e.Message);
        Assert.Equal(["EffectiveCost"], e.MissingColumns);
    }

    [Fact]
    public async Task Missing_mandatory_legacy_column_is_named_with_its_alternatives()
    {
        var csv = "Date,MeterCategory,Cost,Quantity\n09/01/2023,Storage,1,1\n";
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv));

        Assert.Contains("Azure EA", e.Message);
        Assert.Contains("BillingCurrencyCode or BillingCurrency", e.Message);
    }

    [Fact]
    public async Task Forcing_a_format_that_does_not_match_the_header_names_the_missing_columns()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() =>
            ReadTextAsync(Focus(Row()), new CostReadOptions { Format = ExportFormat.AzureEa }));

        Assert.Contains("Date or UsageDateTime", e.MissingColumns);
    }

    [Fact]
    public async Task Missing_mandatory_value_quarantines_the_row()
    {
        var result = await ReadTextAsync(Focus(Row(), Row(cost: "NULL"), Row(cost: "")));

        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal(1, result.Summary.RowsAccepted);
        Assert.Equal([3L, 4L], result.Rejected.Select(r => r.Line));
        Assert.All(result.Rejected, r =>
        {
            Assert.Equal("BilledCost", r.Field);
            Assert.Equal("missing mandatory value", r.Reason);
        });
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("$1.00")]
    [InlineData("1e400")]
    public async Task Bad_decimal_quarantines_the_row_with_field_line_and_value(string bad)
    {
        var result = await ReadTextAsync(Focus(Row(), Row(cost: "\"" + bad + "\""), Row()));

        Assert.Equal(2, result.Summary.RowsAccepted);
        var r = Assert.Single(result.Rejected);
        Assert.Equal("test.csv", r.File);
        Assert.Equal(3, r.Line);
        Assert.Equal("BilledCost", r.Field);
        Assert.StartsWith("not a decimal number", r.Reason); // with what was wrong where it is recognisable (ValueParserTests)
        Assert.Equal(bad, r.RawValue);
        Assert.Equal(3m, Assert.Single(result.Summary.Totals).BilledCost);
    }

    [Theory]
    [InlineData("2024-13-01 00:00:00")]
    [InlineData("2024-02-30")]
    [InlineData("yesterday")]
    [InlineData("13/45/2023")]
    [InlineData("2024-09-01 25:00:00")]
    public async Task Bad_date_quarantines_the_row(string bad)
    {
        var result = await ReadTextAsync(Focus(Row(start: bad), Row()));

        var r = Assert.Single(result.Rejected);
        Assert.Equal(2, r.Line);
        Assert.Equal("ChargePeriodStart", r.Field);
        Assert.Equal("not a date", r.Reason);
        Assert.Equal(bad, r.RawValue);
        Assert.Single(result.Records);
    }

    [Theory]
    [InlineData("{\"\"team\"\": \"\"a\"\"")]
    [InlineData("{\"\"team\"\": {\"\"nested\"\": 1}}")]
    [InlineData("{team: a}")]
    [InlineData("{\"\"team\"\" \"\"a\"\"}")]
    [InlineData("{\"\"team\"\": \"\"a\"\"} trailing")]
    [InlineData("{\"\"team\"\": \"\"a\\q\"\"}")]
    public async Task Malformed_tags_quarantine_the_row(string tags)
    {
        var result = await ReadTextAsync(Focus(Row(tags: "\"" + tags + "\""), Row()));

        var r = Assert.Single(result.Rejected);
        Assert.Equal("Tags", r.Field);
        Assert.StartsWith("malformed Tags: ", r.Reason);
        Assert.Equal(tags.Replace("\"\"", "\""), r.RawValue);
    }

    [Theory]
    [InlineData("{team: ml}", "unquoted key 'team' at position 2")]
    [InlineData("costcenter: 1234, team: ml", "unquoted key 'costcenter' at position 1")]
    [InlineData("{\"\"team\"\": ml}", "unquoted value 'ml' at position 10")]
    [InlineData("{\"\"costcenter\"\": \"\"1234\"\", team: ml}", "unquoted key 'team' at position 24")]
    public async Task Unquoted_legacy_tags_are_quarantined_with_a_reason_naming_line_field_and_position(string tags, string reason)
    {
        var result = await ReadTextAsync(Focus(Row(), Row(tags: "\"" + tags + "\"")));

        var r = Assert.Single(result.Rejected);
        Assert.Equal((3L, "Tags"), (r.Line, r.Field));
        Assert.StartsWith("malformed Tags: " + reason + ": tag keys and values must be JSON strings", r.Reason, StringComparison.Ordinal);
        Assert.Single(result.Records);
    }

    [Fact]
    public async Task Unterminated_quote_is_a_whole_file_error_with_the_line()
    {
        var csv = Focus(Row(), Row()) + "2024-09-01,2024-09-02,1,1,USD,Usage,\"/subscriptions/oops,{}\n" + Row() + "\n";
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv, name: "cut.csv"));

        Assert.Contains("cut.csv, line 4", e.Message);
        Assert.Contains("unterminated quoted field", e.Message);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public async Task Unterminated_quote_on_the_last_line_without_newline_is_caught()
    {
        var csv = Focus(Row()) + "2024-09-01,2024-09-02,1,1,USD,Usage,x,\"{";
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(csv));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public async Task Embedded_newlines_commas_and_quotes_keep_physical_line_numbers_right()
    {
        var csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ResourceName,Tags\r\n" +
                  "2024-09-01,2024-09-02,1,1,USD,\"multi\r\nline, with \"\"quotes\"\"\",\"{\"\"note\"\": \"\"a,\nb\"\"}\"\r\n" +
                  "2024-09-01,2024-09-02,oops,1,USD,x,\r\n" +
                  "2024-09-01,2024-09-02,2,2,USD,\"y\",\r\n";
        var result = await ReadTextAsync(csv);

        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal("multi\r\nline, with \"quotes\"", result.Records[0].ResourceName);
        Assert.Equal("a,\nb", result.Records[0].Tags["note"]);
        Assert.Equal(2, result.Records[0].SourceLine);
        Assert.Equal(5, Assert.Single(result.Rejected).Line); // the multi-line row spans physical lines 2-4
        Assert.Equal(6, result.Records[1].SourceLine);
    }

    [Fact]
    public async Task Mixed_currencies_are_totalled_per_currency()
    {
        var result = await ReadTextAsync(Focus(Row("1.10", currency: "USD"), Row("2.20", currency: "EUR"),
            Row("3.30", currency: "USD"), Row("4.40", currency: "eur")));

        Assert.Equal(
            [new CurrencyTotal("EUR", 6.60m, 6.60m), new CurrencyTotal("USD", 4.40m, 4.40m)],
            result.Summary.Totals);
        Assert.Equal(["USD", "EUR", "USD", "EUR"], result.Records.Select(r => r.BillingCurrency));
    }

    [Theory]
    [InlineData("US Dollars")]
    [InlineData("$")]
    [InlineData("€")]
    [InlineData("US$")]
    [InlineData("USDX")]
    [InlineData("84O")]
    public async Task A_billing_currency_that_is_not_an_ISO_code_quarantines_the_row_instead_of_starting_a_currency_of_its_own(string bad)
    {
        var result = await ReadTextAsync(Focus(Row("1.10"), Row("2.20", currency: bad), Row("3.30", currency: " usd ")));

        var r = Assert.Single(result.Rejected);
        Assert.Equal((3, "BillingCurrency", bad), (r.Line, r.Field, r.RawValue));
        Assert.Equal("not an ISO 4217 currency code (three letters, e.g. USD)", r.Reason);
        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.Equal([new CurrencyTotal("USD", 4.40m, 4.40m)], result.Summary.Totals);
    }

    [Theory]
    [InlineData("iso-8859-1", "Z\u00fcrich")]
    [InlineData("windows-1252", "caf\u00e9 \u20ac")]
    [InlineData("shift_jis", "\u6771\u4eac")]
    public async Task Tags_in_bytes_that_are_not_UTF8_quarantine_the_row_instead_of_allocating_to_a_mangled_key(string encoding, string team)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var utf8 = System.Text.Encoding.UTF8;
        var bytes = utf8.GetBytes(Focus(Row("1.10"), Row("2.20", tags: "\"{\"\"team\"\":\"\"")).TrimEnd('\n'))
            .Concat(System.Text.Encoding.GetEncoding(encoding).GetBytes(team))
            .Concat(utf8.GetBytes("\"\"}\"\n" + Row("3.30", tags: "\"{\"\"team\"\":\"\"Z\u00fcrich\"\"}\"") + "\n"))
            .ToArray();

        var result = await ReadAsync(FromBytes("latin1.csv", bytes));

        var r = Assert.Single(result.Rejected);
        Assert.Equal((3, "Tags"), (r.Line, r.Field));
        Assert.StartsWith("Tags are not UTF-8 text", r.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.Equal("Z\u00fcrich", result.Records[^1].Tags["team"]); // the same name in UTF-8 is read as written
    }

    [Fact]
    public async Task Negative_costs_refunds_and_credits_are_valid_and_kept()
    {
        var result = await ReadTextAsync(Focus(Row("10.00"), Row("-2.50", category: "Credit"), Row("-0.0000001", category: "Adjustment")));

        Assert.Empty(result.Rejected);
        Assert.Equal(7.4999999m, Assert.Single(result.Summary.Totals).BilledCost);
        Assert.Equal([ChargeCategory.Usage, ChargeCategory.Credit, ChargeCategory.Adjustment], result.Records.Select(r => r.ChargeCategory));
    }

    [Fact]
    public async Task Unknown_columns_any_order_and_any_case_are_fine()
    {
        var csv = "Id,x_Whatever,tags,billingcurrency,EFFECTIVECOST,chargePeriodEnd,Foo,billedcost,ChargePeriodStart\n" +
                  "7,zzz,\"{\"\"Team\"\": \"\"ml\"\"}\",USD,2.5,2024-09-02,bar,3.5,2024-09-01\n";
        var result = await ReadTextAsync(csv);

        var r = Assert.Single(result.Records);
        Assert.Equal(3.5m, r.BilledCost);
        Assert.Equal(2.5m, r.EffectiveCost);
        Assert.Equal("ml", r.Tags["team"]);
        Assert.Equal(new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), r.ChargePeriodStart);
    }

    [Fact]
    public async Task Duplicate_header_names_use_the_first_occurrence()
    {
        var csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency, billedcost ,Tags,Tags\n" +
                  "2024-09-01,2024-09-02,1.00,1.00,USD,999,\"{\"\"team\"\": \"\"first\"\"}\",not json\n";
        var result = await ReadTextAsync(csv);

        var r = Assert.Single(result.Records);
        Assert.Equal(1.00m, r.BilledCost);
        Assert.Equal("first", r.Tags["team"]);
    }

    [Fact]
    public async Task Row_with_a_different_number_of_fields_is_quarantined()
    {
        var result = await ReadTextAsync(Focus(Row(), Row() + ",extra", "2024-09-01,2024-09-02,1"));

        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal([3L, 4L], result.Rejected.Select(r => r.Line));
        Assert.Contains("the header has 8", result.Rejected[0].Reason);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_not_counted()
    {
        var result = await ReadTextAsync(FocusHeader + "\r\n\r\n" + Row() + "\r\n\r\n\r\n" + Row() + "\r\n");

        Assert.Equal(2, result.Summary.RowsRead);
        Assert.Equal([3L, 6L], result.Records.Select(r => r.SourceLine));
    }

    [Fact]
    public async Task Truncated_gzip_is_a_whole_file_error_naming_the_file()
    {
        var bytes = Gzip(await File.ReadAllBytesAsync(Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv")));

        foreach (var cut in new[] { bytes.Length / 2, bytes.Length - 4, bytes.Length - 1, 10 })
        {
            var e = await Assert.ThrowsAsync<CostExportException>(() =>
                ReadAsync(FromBytes("export.csv.gz", bytes[..cut])));
            Assert.Contains("export.csv.gz", e.Message);
            Assert.Contains("gzip", e.Message);
        }
    }

    [Fact]
    public async Task Gzip_that_is_not_gzip_is_a_whole_file_error()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromText("plain.csv.gz", Focus(Row()))));
        Assert.Contains("plain.csv.gz", e.Message);
    }

    [Fact]
    public async Task Ten_megabyte_field_in_a_mapped_column_quarantines_the_row_without_crashing()
    {
        var huge = "{\"\"k\"\": \"\"" + new string('x', 10 * 1024 * 1024) + "\"\"}";
        var result = await ReadTextAsync(Focus(Row(), Row(tags: "\"" + huge + "\""), Row()));

        Assert.Equal(2, result.Summary.RowsAccepted);
        var r = Assert.Single(result.Rejected);
        Assert.Equal("Tags", r.Field);
        Assert.Contains("more than the 1048576 allowed", r.Reason);
        Assert.Equal(3, r.Line);
        Assert.True(r.RawValue!.Length <= 256);
    }

    [Fact]
    public async Task Ten_megabyte_field_in_an_ignored_column_is_accepted()
    {
        var csv = FocusHeader + ",ChargeDescription\n" + Row() + ",\"" + new string('d', 10 * 1024 * 1024) + "\"\n" + Row() + ",short\n";
        var result = await ReadTextAsync(csv);

        Assert.Equal(2, result.Summary.RowsAccepted);
        Assert.Equal(3, result.Records[1].SourceLine);
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public async Task Gzip_of_a_sample_reads_the_same_as_the_csv()
    {
        var path = Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var plain = await ReadAsync(IngestSource.FromFile(path));
        var progress = new List<long>();
        var gz = Gzip(await File.ReadAllBytesAsync(path));
        var zipped = await ReadAsync(FromBytes("focus.csv.gz", gz), new CostReadOptions { BytesRead = new SyncProgress(progress) });

        Assert.Equal(plain.Summary.Totals, zipped.Summary.Totals);
        Assert.Equal(plain.Summary.RowsAccepted, zipped.Summary.RowsAccepted);
        Assert.Equal(gz.Length, progress[^1]);
    }

    [Fact]
    public async Task Bom_and_crlf_do_not_change_the_result()
    {
        var lf = Focus(Row("1.25"), Row("2.5"));
        var crlf = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n"))).ToArray();
        var a = await ReadTextAsync(lf);
        var b = await ReadAsync(FromBytes("bom.csv", crlf));

        Assert.Equal(a.Summary.Totals, b.Summary.Totals);
        Assert.Equal(a.Records.Select(r => r.Tags["team"]), b.Records.Select(r => r.Tags["team"]));
        Assert.Equal(a.Records.Select(r => r.SourceLine), b.Records.Select(r => r.SourceLine));
    }

    private sealed class SyncProgress(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }

    [Fact]
    public async Task Source_that_cannot_be_opened_is_a_whole_file_error()
    {
        var source = new IngestSource("missing.csv", _ => throw new FileNotFoundException("no such file", "missing.csv"));
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(source));
        Assert.StartsWith("missing.csv: cannot open", e.Message);
    }

    [Fact]
    public async Task Cancellation_stops_the_read()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var csv = Focus(Enumerable.Range(0, 10_000).Select(_ => Row()).ToArray());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new CostExportReader().ReadAsync(FromText("big.csv", csv), new CostReadOptions(), new ListSink(), cts.Token));
    }

    [Fact]
    public async Task Valid_gzip_of_a_file_that_is_not_a_cost_export_says_so()
    {
        var text = "name,age\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"person{i},{i}\n"));
        var e = await Assert.ThrowsAsync<CostExportException>(() =>
            ReadAsync(FromBytes("people.csv.gz", Gzip(Encoding.UTF8.GetBytes(text)))));

        Assert.Contains("not a cost export", e.Message);
    }

    [Fact]
    public async Task Truncated_gzip_of_a_non_cost_file_reports_the_gzip()
    {
        var text = "name,age\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"person{i},{i}\n"));
        var gz = Gzip(Encoding.UTF8.GetBytes(text));
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadAsync(FromBytes("people.csv.gz", gz[..(gz.Length / 2)])));

        Assert.Contains("gzip", e.Message);
    }
}
