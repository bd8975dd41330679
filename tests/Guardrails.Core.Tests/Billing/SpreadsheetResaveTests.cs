using Guardrails.Core.Billing;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// An export opened and saved again by a spreadsheet in another locale: day-first dates, ';' or tab separators. Such a
/// file cannot be read without guessing, so it is one error that says what happened and what to do, never rows booked
/// on the wrong day.
/// </summary>
public class SpreadsheetResaveTests
{
    [Fact]
    public async Task A_day_first_date_stops_the_file_because_its_other_dates_cannot_be_told_apart()
    {
        // Lines 2 and 3 read as 2 January and 12 January month first; in this file they are 1 February and 1 December.
        var text = Focus(Row(start: "01/02/2024"), Row(start: "12/01/2024"), Row(start: "15/01/2024"), Row(start: "02/01/2024"));

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(text, name: "resaved.csv"));

        Assert.Equal("resaved.csv", e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("ChargePeriodStart '15/01/2024' is a day-first date", e.Message);
        Assert.Contains("yyyy-MM-dd", e.Message);
    }

    [Fact]
    public async Task A_legacy_export_with_a_day_first_date_is_stopped_the_same_way()
    {
        var text = "Date,CostInBillingCurrency,BillingCurrencyCode,MeterCategory,ChargeType\n" +
                   "01/09/2023,1.00,EUR,Storage,Usage\n" +
                   "21/09/2023,2.00,EUR,Storage,Usage\n";

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(text, name: "ea.csv"));

        Assert.Equal(3, e.Line);
        Assert.Contains("Date '21/09/2023' is a day-first date", e.Message);
    }

    [Theory]
    [InlineData("02/30/2024")] // month first but impossible
    [InlineData("13/13/2024")] // neither order
    [InlineData("2024-13-01")]
    public async Task A_date_that_is_wrong_in_either_order_is_only_quarantined(string date)
    {
        var result = await ReadTextAsync(Focus(Row(), Row(start: date), Row()));

        Assert.Equal(2, result.Summary.RowsAccepted);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(("ChargePeriodStart", "not a date", 3L), (rejected.Field, rejected.Reason, rejected.Line));
    }

    [Theory]
    [InlineData(';', "';'")]
    [InlineData('\t', "a tab")]
    [InlineData('|', "'|'")]
    public async Task A_header_with_another_separator_is_named_as_such(char separator, string named)
    {
        var text = Focus(Row()).Replace(',', separator).Replace("1.5", "1,5");

        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync(text, name: "excel.csv"));

        Assert.Equal(1, e.Line);
        Assert.Contains($"the header is separated by {named}, not by commas", e.Message);
    }

    [Fact]
    public async Task A_one_column_file_of_other_names_is_still_not_a_cost_export()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("Name;Age;City\nAda;36;London\n"));

        Assert.Contains("not a cost export", e.Message);
    }

    [Fact]
    public async Task A_first_line_with_the_separator_hint_of_a_spreadsheet_is_named()
    {
        var e = await Assert.ThrowsAsync<CostExportException>(() => ReadTextAsync("sep=,\n" + Focus(Row())));

        Assert.Equal(1, e.Line);
        Assert.Contains("separator hint ('sep=,'), not the header", e.Message);
    }

    [Fact]
    public async Task Utf16_without_a_byte_order_mark_is_named_and_with_one_is_read()
    {
        var text = Focus(Row(), Row(cost: "2.25"));

        var e = await Assert.ThrowsAsync<CostExportException>(() =>
            ReadAsync(FromBytes("unicode.csv", System.Text.Encoding.BigEndianUnicode.GetBytes(text))));
        var withMark = await ReadAsync(FromBytes("unicode.csv", [.. System.Text.Encoding.Unicode.GetPreamble(), .. System.Text.Encoding.Unicode.GetBytes(text)]));

        Assert.Contains("UTF-16 (or another two-byte encoding) without a byte-order mark", e.Message);
        Assert.Equal(3.75m, Assert.Single(withMark.Summary.Totals).BilledCost);
    }
}
