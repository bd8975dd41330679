using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>
/// Every bundled real export (samples/billing, see SOURCES.md there) ingests completely, with the BilledCost and
/// EffectiveCost totals per currency equal to independently computed sums.
/// The expected figures were computed once with Python 3 (csv module + decimal.Decimal, 60-digit precision):
/// the sum of the BilledCost/EffectiveCost columns (legacy: Cost or CostInBillingCurrency) per BillingCurrency
/// (legacy: BillingCurrency or BillingCurrencyCode) over all non-blank data rows; no Guardrails code involved.
/// </summary>
public class SampleExportTests
{
    public static TheoryData<string[], ExportFormat, string, long, string, string, string> Samples => new()
    {
        { ["focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv"], ExportFormat.Focus, "1.0", 1000, "USD", "20.52022672899", "14.97651418586" },
        { ["focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv"], ExportFormat.Focus, "1.0", 51, "USD", "1.97651418586", "1.97651418586" },
        { ["focus", "spec-examples", "commitment_discount_usage_scenario_3.csv"], ExportFormat.Focus, "1.1", 2, "XXX", "0.00", "1.00" },
        { ["focus", "spec-examples", "one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv"], ExportFormat.Focus, "1.1", 3, "XXX", "2.00", "2.00" },
        { ["focus", "spec-examples", "saas_spend_agreements_a2.csv"], ExportFormat.Focus, "1.1", 13, "USD", "1200", "1200" },
        { ["focus", "spec-examples", "commitment_discount_purchase_scenario_1.csv"], ExportFormat.Focus, "1.1", 1, "XXX", "8760.00", "0.00" },
        { ["focus", "spec-examples", "commitment_discount_usage_scenario_1.csv"], ExportFormat.Focus, "1.1", 1, "XXX", "0.00", "1.00" },
        { ["focus", "spec-examples", "commitment_discount_usage_scenario_2.csv"], ExportFormat.Focus, "1.1", 1, "XXX", "0.00", "1.00" },
        { ["focus", "spec-examples", "commitment_discount_usage_scenario_4.csv"], ExportFormat.Focus, "1.1", 2, "XXX", "0.50", "1.50" },
        { ["focus", "spec-examples", "one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv"], ExportFormat.Focus, "1.1", 3, "XXX", "2.75", "2.75" },
        { ["focus", "spec-examples", "one_hundred_percent_utilization_without_commitment_discount_flexibility.csv"], ExportFormat.Focus, "1.1", 2, "XXX", "1.50", "1.50" },
        { ["focus", "spec-examples", "zero_percent_utilization_without_commitment_discount_flexibility.csv"], ExportFormat.Focus, "1.1", 3, "XXX", "3.50", "3.50" },
        { ["focus", "spec-examples", "saas_spend_agreements_a1.csv"], ExportFormat.Focus, "1.1", 4, "USD", "1200", "1200" },
        { ["focus", "spec-examples", "saas_spend_agreements_b1.csv"], ExportFormat.Focus, "1.1", 5, "USD", "1200", "1200" },
        { ["focus", "spec-examples", "saas_spend_agreements_b2.csv"], ExportFormat.Focus, "1.1", 14, "USD", "1200", "1200" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_a1.csv"], ExportFormat.Focus, "1.2", 1, "USD", "200000.00", "0.00" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_a2.csv"], ExportFormat.Focus, "1.2", 3, "USD", "0.00", "1230.00" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_b1.csv"], ExportFormat.Focus, "1.2", 1, "USD", "100000.00", "0.00" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_b2.csv"], ExportFormat.Focus, "1.2", 3, "USD", "0.00", "615.00" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_b3.csv"], ExportFormat.Focus, "1.2", 3, "USD", "0.00", "495.00" },
        { ["focus", "spec-examples", "virtual_currency_pricing_model_c.csv"], ExportFormat.Focus, "1.2", 2, "USD", "53000.00", "0.00" },
        { ["azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv"], ExportFormat.AzureEa, "ea", 11, "USD", "8.5450077867419368", "8.5450077867419368" },
        { ["azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv"], ExportFormat.AzureEa, "ea", 28, "USD", "16.2969321366366446274854190000", "16.2969321366366446274854190000" },
        { ["azure-cost-export", "ea-legacy", "focus-converters_sample-anonymous-ea-export-dataset.csv"], ExportFormat.AzureEa, "ea-billing-currency", 27, "CAD", "1.26136926505726", "1.26136926505726" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_ingests_with_independently_computed_totals(string[] path, ExportFormat format, string version,
        long rows, string currency, string billed, string effective)
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample(path)));

        Assert.Empty(result.Rejected);
        Assert.Equal(rows, result.Summary.RowsRead);
        Assert.Equal(rows, result.Summary.RowsAccepted);
        Assert.Equal(format, result.Summary.Format);
        Assert.Equal(version, result.Summary.FormatVersion);
        var total = Assert.Single(result.Summary.Totals);
        Assert.Equal(currency, total.Currency);
        Assert.Equal(decimal.Parse(billed, System.Globalization.CultureInfo.InvariantCulture), total.BilledCost);
        Assert.Equal(decimal.Parse(effective, System.Globalization.CultureInfo.InvariantCulture), total.EffectiveCost);
        Assert.Equal(total.BilledCost, result.Records.Sum(r => r.BilledCost));
    }

    [Theory]
    [InlineData("commitment_discount_purchase_scenario_2.csv", 3, 4, "2.00")]
    [InlineData("commitment_discount_purchase_scenario_3.csv", 4, 5, "4381.00")]
    public async Task Spec_example_with_an_impossible_hour_quarantines_that_row_and_keeps_the_rest(string file, int rows, int line, string billed)
    {
        // The FOCUS spec examples' last row ends at "2023-02-01T30:00:00Z" (hour 30). Python's datetime.fromisoformat
        // rejects it too; the sums over the other rows are BilledCost 2.00 (scenario 2) and 4381.00 (scenario 3).
        var result = await ReadAsync(IngestSource.FromFile(Sample("focus", "spec-examples", file)));

        Assert.Equal(rows, result.Summary.RowsRead);
        Assert.Equal(rows - 1, result.Summary.RowsAccepted);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(line, rejected.Line);
        Assert.Equal("ChargePeriodEnd", rejected.Field);
        Assert.Equal("not a date", rejected.Reason);
        Assert.Equal("2023-02-01T30:00:00Z", rejected.RawValue);
        Assert.Equal(new CurrencyTotal("XXX", decimal.Parse(billed, System.Globalization.CultureInfo.InvariantCulture), 0.00m), Assert.Single(result.Summary.Totals));
        Assert.All(result.Records, r => Assert.Equal(ChargeCategory.Purchase, r.ChargeCategory));
    }

    [Theory]
    [InlineData("simple_saas_agreements_a1.csv", 1, "$10,000.00 ")]
    [InlineData("simple_saas_agreements_a2.csv", 1, "$50,000.00 ")]
    [InlineData("simple_saas_agreements_a3.csv", 1, "$1,000.00 ")]
    [InlineData("simple_saas_agreements_b.csv", 1, "$50,000.00 ")]
    [InlineData("simple_saas_agreements_c.csv", 3, "$10,100.00 ")]
    public async Task Spec_example_with_money_as_a_spreadsheet_shows_it_is_quarantined_not_guessed(string file, int rows, string firstRaw)
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("focus", "spec-examples", file)));

        Assert.Equal(rows, result.Summary.RowsRejected);
        Assert.Empty(result.Summary.Totals);
        Assert.All(result.Rejected, r => Assert.Equal("BilledCost", r.Field));
        Assert.All(result.Rejected, r => Assert.StartsWith("not a decimal number: it holds the currency symbol '$'", r.Reason));
        Assert.Equal(firstRaw, result.Rejected[0].RawValue);
        Assert.Equal(Enumerable.Range(2, rows).Select(i => (long)i), result.Rejected.Select(r => r.Line));
    }

    [Fact]
    public async Task Header_only_legacy_export_reads_zero_rows()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_NoRows_header_only.csv")));

        Assert.Equal(0, result.Summary.RowsRead);
        Assert.Equal(ExportFormat.AzureEa, result.Summary.Format);
        Assert.Empty(result.Summary.Totals);
    }
}
