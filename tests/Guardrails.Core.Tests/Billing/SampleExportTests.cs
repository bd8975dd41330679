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

    [Fact]
    public async Task Spec_example_with_an_impossible_hour_quarantines_that_row_and_keeps_the_rest()
    {
        // The FOCUS spec example's third row ends at "2023-02-01T30:00:00Z" (hour 30). Python's
        // datetime.fromisoformat rejects it too; the sums over the 2 valid rows are BilledCost 2.00, EffectiveCost 0.00.
        var result = await ReadAsync(IngestSource.FromFile(Sample("focus", "spec-examples", "commitment_discount_purchase_scenario_2.csv")));

        Assert.Equal(3, result.Summary.RowsRead);
        Assert.Equal(2, result.Summary.RowsAccepted);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(4, rejected.Line);
        Assert.Equal("ChargePeriodEnd", rejected.Field);
        Assert.Equal("not a date", rejected.Reason);
        Assert.Equal("2023-02-01T30:00:00Z", rejected.RawValue);
        Assert.Equal(new CurrencyTotal("XXX", 2.00m, 0.00m), Assert.Single(result.Summary.Totals));
        Assert.All(result.Records, r => Assert.Equal(ChargeCategory.Purchase, r.ChargeCategory));
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
