using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Billing.BillingTestSupport;

namespace Guardrails.Core.Tests.Billing;

/// <summary>Format/version detection and the column mapping to <see cref="CostRecord"/> (docs/focus-mapping.md).</summary>
public class MappingTests
{
    private static readonly DateTimeOffset Sep1 = new(2024, 9, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Header(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "billing", "azure-headers", file)).TrimEnd();

    /// <summary>One data row under <paramref name="header"/>: named values, every other column NULL.</summary>
    private static string WithRow(string header, Dictionary<string, string> values, string missing = "NULL")
    {
        var cells = header.Split(',').Select(h =>
        {
            if (!values.TryGetValue(h, out var v)) return missing;
            return "\"" + v.Replace("\"", "\"\"") + "\"";
        });
        return header + "\r\n" + string.Join(",", cells) + "\r\n";
    }

    private static Dictionary<string, string> AzureFocusValues(string version) => new()
    {
        ["ChargePeriodStart"] = "2024-09-01T00:00:00.0000000Z",
        ["ChargePeriodEnd"] = "2024-09-02T00:00:00.0000000Z",
        ["BilledCost"] = "10.5",
        ["EffectiveCost"] = "9.25",
        ["ListCost"] = "12",
        ["ContractedCost"] = "11",
        ["BillingCurrency"] = "EUR",
        ["ChargeCategory"] = "Usage",
        ["PricingCategory"] = "Standard",
        ["x_PricingSubcategory"] = "Spot",
        ["ResourceId"] = "/subscriptions/0000/resourceGroups/RG-Train/providers/Microsoft.Compute/virtualMachines/gpu1",
        ["ResourceName"] = "gpu1",
        ["ResourceType"] = "Virtual machine",
        [version == "1.0-previewv1" ? "Region" : "RegionId"] = "eastus",
        ["ServiceName"] = "Virtual Machines",
        ["ServiceCategory"] = "Compute",
        ["x_SkuMeterCategory"] = "Virtual Machines",
        [version.StartsWith("1.2", StringComparison.Ordinal) ? "SkuMeter" : "x_SkuMeterName"] = "NC24ads A100 v4 Spot",
        // 1.2-preview writes both SkuPriceDetails and x_SkuDetails; put ServiceType only in the older one there.
        [version == "1.2" ? "SkuPriceDetails" : "x_SkuDetails"] = "{\"ServiceType\": \"Standard_NC24ads_A100_v4\",\"VCPUs\":24}",
        ["SkuId"] = "DZH318Z08M9W",
        [version == "1.0-previewv1" ? "UsageQuantity" : "ConsumedQuantity"] = "24",
        [version == "1.0-previewv1" ? "UsageUnit" : "ConsumedUnit"] = "Hours",
        ["SubAccountId"] = "/subscriptions/0000",
        ["SubAccountName"] = "ml-prod",
        ["x_ResourceGroupName"] = "rg-train",
        ["Tags"] = "{\"Team\": \"vision\", \" project \": \"llm\"}",
    };

    [Theory]
    [InlineData("10.5", "10.5", "10.5", 10.5, 10.5)] // no discount: the same text in all three
    [InlineData("10.5", "\"10.5\"", "10.50", 10.5, 10.50)] // quoted, or written with another scale: parsed on its own
    [InlineData("1.05E1", "9.25", "NULL", 9.25, 0)]
    [InlineData("-3", "-3", "-3", -3, -3)] // a refund
    public async Task Effective_and_contracted_cost_equal_to_billed_text_or_not_give_their_own_values(
        string billed, string effective, string contracted, decimal expectedEffective, decimal expectedContracted)
    {
        var text = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,ContractedCost,BillingCurrency\n" +
                   $"2024-09-01,2024-09-02,{billed},{effective},{contracted},USD\n";
        var r = Assert.Single((await ReadTextAsync(text)).Records);

        Assert.Equal(decimal.Parse(billed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), r.BilledCost);
        Assert.Equal(expectedEffective, r.EffectiveCost);
        Assert.Equal(expectedContracted, r.ContractedCost);
        if (contracted != "NULL") Assert.Equal(contracted, r.ContractedCost.ToString(System.Globalization.CultureInfo.InvariantCulture)); // its own scale
    }

    [Fact]
    public async Task A_bad_effective_cost_is_rejected_even_beside_a_good_billed_cost()
    {
        var result = await ReadTextAsync("ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency\n2024-09-01,2024-09-02,1.5,1.5x,USD\n");
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(("EffectiveCost", "not a decimal number"), (rejected.Field, rejected.Reason));
    }

    [Theory]
    [InlineData("focuscost_1.0-previewv1.header.csv", "1.0-previewv1", "1.0-preview")]
    [InlineData("focuscost_1.0.header.csv", "1.0", "1.0")]
    [InlineData("focuscost_1.0r2.header.csv", "1.0r2", "1.0")]
    [InlineData("focuscost_1.2-preview.header.csv", "1.2-preview", "1.2")]
    [InlineData("focuscost_1.2.header.csv", "1.2", "1.2")]
    public async Task Azure_FOCUS_export_columns_map_for_every_data_version(string headerFile, string version, string detected)
    {
        var result = await ReadTextAsync(WithRow(Header(headerFile), AzureFocusValues(version)));

        Assert.Equal(ExportFormat.Focus, result.Summary.Format);
        Assert.Equal(detected, result.Summary.FormatVersion);
        var r = Assert.Single(result.Records);
        Assert.Equal(Sep1, r.ChargePeriodStart);
        Assert.Equal(Sep1.AddDays(1), r.ChargePeriodEnd);
        // 1.0-preview has no ContractedCost column: 0 (unknown), never invented.
        Assert.Equal((10.5m, 9.25m, 12m, version == "1.0-previewv1" ? 0m : 11m), (r.BilledCost, r.EffectiveCost, r.ListCost, r.ContractedCost));
        Assert.Equal("EUR", r.BillingCurrency);
        Assert.Equal(PricingCategory.Dynamic, r.PricingCategory); // Standard + x_PricingSubcategory Spot
        Assert.Equal("Spot", r.PricingSubcategory);
        Assert.Equal("eastus", r.RegionId);
        Assert.Equal("Standard_NC24ads_A100_v4", r.SkuName);
        Assert.Equal("Virtual Machines", r.SkuMeterCategory);
        Assert.Equal("Virtual Machines", r.ServiceName);
        Assert.Equal("Compute", r.ServiceCategory);
        Assert.Equal("Virtual machine", r.ResourceType);
        Assert.Equal(24m, r.ConsumedQuantity);
        Assert.Equal("Hours", r.ConsumedUnit);
        Assert.Equal("/subscriptions/0000", r.SubAccountId);
        Assert.Equal("ml-prod", r.SubAccountName);
        Assert.Equal("rg-train", r.ResourceGroupName); // x_ResourceGroupName wins over the id's "RG-Train"
        Assert.Equal("vision", r.Tags["team"]);
        Assert.Equal("llm", r.Tags["project"]);
        Assert.Equal(2, r.SourceLine);
    }

    [Fact]
    public async Task Sku_falls_back_to_the_meter_name_when_details_have_no_ServiceType()
    {
        var values = AzureFocusValues("1.0");
        values["x_SkuDetails"] = "{\"VCPUs\":2}";
        var r = Assert.Single((await ReadTextAsync(WithRow(Header("focuscost_1.0.header.csv"), values))).Records);

        Assert.Equal("NC24ads A100 v4 Spot", r.SkuName);
    }

    [Theory]
    [InlineData("Standard", "Committed Usage", PricingCategory.Committed)]
    [InlineData("Committed", "Committed Spend", PricingCategory.Committed)]
    [InlineData("Dynamic", "NULL", PricingCategory.Dynamic)]
    [InlineData("Other", "Standard", PricingCategory.Other)]
    [InlineData("On-Demand", "Standard", PricingCategory.Standard)]
    [InlineData("Commitment-Based", "NULL", PricingCategory.Committed)]
    [InlineData("NULL", "NULL", PricingCategory.Standard)]
    public async Task Pricing_category_rules(string category, string subcategory, PricingCategory expected)
    {
        var values = AzureFocusValues("1.0");
        values["PricingCategory"] = category;
        values["x_PricingSubcategory"] = subcategory;
        values["x_SkuMeterName"] = "NC24ads A100 v4";
        var csv = WithRow(Header("focuscost_1.0.header.csv"), values).Replace("\"NULL\"", "NULL");

        Assert.Equal(expected, Assert.Single((await ReadTextAsync(csv)).Records).PricingCategory);
    }

    [Fact]
    public async Task Low_priority_meter_is_dynamic()
    {
        var values = AzureFocusValues("1.0");
        values["x_PricingSubcategory"] = "Standard";
        values["x_SkuMeterName"] = "NC6 Low Priority";
        values["x_SkuDetails"] = "{}";

        Assert.Equal(PricingCategory.Dynamic, Assert.Single((await ReadTextAsync(WithRow(Header("focuscost_1.0.header.csv"), values))).Records).PricingCategory);
    }

    [Fact]
    public async Task Unknown_charge_category_is_quarantined()
    {
        var result = await ReadTextAsync(Focus(Row(category: "Refundish")));

        var q = Assert.Single(result.Rejected);
        Assert.Equal(("ChargeCategory", "unknown ChargeCategory", "Refundish"), (q.Field, q.Reason, q.RawValue));
    }

    [Fact]
    public async Task FinOps_Foundation_sample_maps_Microsoft_rows()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv")));

        var r = result.Records[0];
        Assert.Equal(0.000015m, r.BilledCost);
        Assert.Equal(new DateTimeOffset(2024, 9, 4, 0, 0, 0, TimeSpan.Zero), r.ChargePeriodStart);
        Assert.Equal("eastus", r.RegionId);
        Assert.Equal("Storage Accounts", r.ServiceName);
        Assert.Equal("Storage account", r.ResourceType);
        Assert.Equal("ftk-integration-tests", r.ResourceGroupName); // no x_ResourceGroupName: taken from ResourceId
        Assert.Equal(0.0003m, r.ConsumedQuantity);
        Assert.Null(r.SkuName); // the sample has no x_ columns
        // {"env": "prod", "org": "trey", " org": "trey", ...}: keys trimmed, case-insensitive
        Assert.Equal("trey", r.Tags["org"]);
        Assert.Equal("trey", r.Tags["ORG"]);
        Assert.Equal(6 - 1, r.Tags.Count);
        Assert.Equal(2, r.SourceLine);
    }

    [Fact]
    public async Task Multicloud_sample_maps_nulls_and_categories()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv")));

        var first = result.Records[0]; // AWS SQS row: ResourceName NULL, Tags NULL
        Assert.Null(first.ResourceName);
        Assert.Empty(first.Tags);
        Assert.Equal("us-west-2", first.RegionId);
        Assert.Equal(2m, first.ConsumedQuantity);
        Assert.Equal("Requests", first.ConsumedUnit);
        Assert.Equal(new DateTimeOffset(2024, 9, 18, 22, 0, 0, TimeSpan.Zero), first.ChargePeriodStart);
        // Python csv count of (ChargeCategory, PricingCategory): Usage/Standard 988, Usage/NULL 5, Usage/Committed 4,
        // Adjustment/NULL 2, Credit/Other 1.
        Assert.Equal(993, result.Records.Count(r => r.ChargeCategory == ChargeCategory.Usage && r.PricingCategory == PricingCategory.Standard));
        Assert.Equal(4, result.Records.Count(r => r.PricingCategory == PricingCategory.Committed));
        Assert.Equal(2, result.Records.Count(r => r.ChargeCategory == ChargeCategory.Adjustment));
        Assert.Equal(1, result.Records.Count(r => r.ChargeCategory == ChargeCategory.Credit && r.PricingCategory == PricingCategory.Other));
    }

    [Fact]
    public async Task Legacy_EA_actual_cost_maps_dates_sku_region_tags_and_charge_types()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv")));

        var purchase = result.Records[0];
        Assert.Equal(ChargeCategory.Purchase, purchase.ChargeCategory);
        Assert.Equal(PricingCategory.Committed, purchase.PricingCategory); // PricingModel Reservation
        Assert.Equal("Reservation", purchase.PricingSubcategory);
        Assert.Equal(new DateTimeOffset(2023, 9, 21, 0, 0, 0, TimeSpan.Zero), purchase.ChargePeriodStart);
        Assert.Equal(new DateTimeOffset(2023, 9, 22, 0, 0, 0, TimeSpan.Zero), purchase.ChargePeriodEnd);
        Assert.Equal("uksouth", purchase.RegionId);

        var vm = result.Records.Single(r => r.SkuName == "Standard_D2s_v3"); // AdditionalInfo.ServiceType
        Assert.Equal(2.64m, vm.BilledCost);
        Assert.Equal(2.64m, vm.EffectiveCost);
        Assert.Equal(24m, vm.ConsumedQuantity);
        Assert.Equal("1 Hour", vm.ConsumedUnit);
        Assert.Equal("Virtual Machines", vm.ServiceName);
        Assert.Equal("Virtual Machines", vm.SkuMeterCategory);
        Assert.Equal("Compute", vm.ServiceCategory);
        Assert.Equal(PricingCategory.Standard, vm.PricingCategory);

        var storage = result.Records[1]; // Tags without braces: "CostCenter": "1234","env": "prod",...
        Assert.Equal("1234", storage.Tags["costcenter"]);
        Assert.Equal("prod", storage.Tags["env"]);
        Assert.Equal("GRS List and Create Container Operations", storage.SkuName); // no ServiceType: meter name
        Assert.NotNull(storage.ResourceGroupName);
        Assert.NotNull(storage.SubAccountId);
    }

    [Fact]
    public async Task Legacy_EA_amortized_cost_maps_reservation_and_savings_plan_usage_to_committed()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv")));

        Assert.Equal(PricingCategory.Committed, result.Records[0].PricingCategory); // Reservation
        Assert.Equal("Standard_DS2_v2", result.Records[0].SkuName);
        Assert.Equal(PricingCategory.Committed, result.Records[1].PricingCategory); // SavingsPlan
        Assert.Equal("Standard_B2s", result.Records[1].SkuName);
        Assert.Equal(26, result.Records.Count(r => r.PricingCategory == PricingCategory.Standard));
        Assert.Equal(0.0000000072922557592391990000m, result.Records[11].BilledCost);
    }

    [Fact]
    public async Task Legacy_EA_second_header_variant_maps_spot_exponents_us_dates_and_list_cost()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("azure-cost-export", "ea-legacy", "focus-converters_sample-anonymous-ea-export-dataset.csv")));

        var second = result.Records[1];
        Assert.Equal(0.0000564902m, second.BilledCost); // 5.64902E-05
        Assert.Equal(new DateTimeOffset(2023, 9, 2, 0, 0, 0, TimeSpan.Zero), second.ChargePeriodStart); // 9/2/2023
        Assert.Equal("CAD", second.BillingCurrency);
        Assert.Equal("centralus", second.RegionId); // ResourceLocation CentralUS, lower-cased
        Assert.Equal("rg-example", second.ResourceGroupName);
        Assert.Equal("valueB", second.Tags["tagB"]);
        Assert.Equal(3, result.Records.Count(r => r.PricingCategory == PricingCategory.Dynamic)); // PricingModel Spot
        Assert.All(result.Records.Where(r => r.PricingCategory == PricingCategory.Dynamic), r => Assert.Equal("Spot", r.PricingSubcategory));
        // ListCost = PayGPrice x Quantity, ContractedCost = UnitPrice x Quantity (Python decimal: 0.027265128 x 0.40000
        // and 0.027265128 x 0.1; the anonymised sample's prices are placeholders, the arithmetic is what is checked).
        var first = result.Records[0];
        Assert.Equal(0.01090605120000m, first.ListCost);
        Assert.Equal(0.0027265128m, first.ContractedCost);
    }

    [Fact]
    public async Task Legacy_EA_header_is_detected_from_the_Microsoft_schema_columns()
    {
        var header = Header("actualcost_c360-2025-04.header.csv");
        var csv = WithRow(header, new()
        {
            ["Date"] = "09/01/2023",
            ["Cost"] = "1.5",
            ["BillingCurrency"] = "USD",
            ["MeterCategory"] = "Virtual Machines",
            ["MeterName"] = "NC6s v3",
            ["ChargeType"] = "Usage",
            ["Quantity"] = "2",
            ["UnitPrice"] = "0.5",
            ["AdditionalInfo"] = "{\"ServiceType\":\"Standard_NC6s_v3\"}",
            ["ResourceLocation"] = "East US",
        }, missing: "");
        var result = await ReadTextAsync(csv);

        Assert.Equal((ExportFormat.AzureEa, "ea"), (result.Summary.Format, result.Summary.FormatVersion));
        var r = Assert.Single(result.Records);
        Assert.Equal("Standard_NC6s_v3", r.SkuName);
        Assert.Equal(1.0m, r.ContractedCost); // UnitPrice x Quantity
        Assert.Equal("eastus", r.RegionId);
        Assert.Equal(PricingCategory.Standard, r.PricingCategory);
    }

    [Fact]
    public async Task Legacy_MCA_camelCase_header_is_detected_and_mapped()
    {
        var header = Header("mca-cost-details-2025-03-01.header.csv");
        var csv = WithRow(header, new()
        {
            ["date"] = "2025-03-04",
            ["costInBillingCurrency"] = "-3.25",
            ["billingCurrency"] = "GBP",
            ["paygCostInBillingCurrency"] = "4",
            ["meterCategory"] = "Virtual Machines",
            ["meterName"] = "ND96asr A100 v4 Spot",
            ["chargeType"] = "Refund",
            ["pricingModel"] = "OnDemand",
            ["resourceGroupName"] = "rg-ml",
            ["SubscriptionId"] = "sub-1",
            ["resourceLocation"] = "westeurope",
            ["tags"] = "{\"team\":\"nlp\"}",
            ["quantity"] = "1",
            ["unitOfMeasure"] = "1 Hour",
        }, missing: "");
        var result = await ReadTextAsync(csv);

        Assert.Equal((ExportFormat.AzureMca, "mca"), (result.Summary.Format, result.Summary.FormatVersion));
        var r = Assert.Single(result.Records);
        Assert.Equal(-3.25m, r.BilledCost);
        Assert.Equal(-3.25m, r.EffectiveCost);
        Assert.Equal(4m, r.ListCost);
        Assert.Equal("GBP", r.BillingCurrency);
        Assert.Equal(ChargeCategory.Credit, r.ChargeCategory); // Refund
        Assert.Equal(PricingCategory.Dynamic, r.PricingCategory); // OnDemand model but a Spot meter
        Assert.Equal("rg-ml", r.ResourceGroupName);
        Assert.Equal("nlp", r.Tags["team"]);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 0, 0, 0, TimeSpan.Zero), r.ChargePeriodStart);
    }

    [Fact]
    public async Task Forced_format_reads_a_legacy_file()
    {
        var result = await ReadAsync(IngestSource.FromFile(Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv")),
            new CostReadOptions { Format = ExportFormat.AzureMca });

        Assert.Equal(ExportFormat.AzureMca, result.Summary.Format);
        Assert.Equal(11, result.Summary.RowsAccepted);
    }

    [Fact]
    public async Task Tag_keys_option_keeps_only_the_named_keys_trimmed_and_case_insensitive()
    {
        var tags = "\"{\"\"Team\"\": \"\"a\"\", \"\" Project\"\": \"\"p\"\", \"\"other\"\": \"\"x\"\"}\"";
        var result = await ReadTextAsync(Focus(Row(tags: tags)), new CostReadOptions { TagKeys = new HashSet<string> { "team ", "PROJECT" } });

        var r = Assert.Single(result.Records);
        Assert.Equal(2, r.Tags.Count);
        Assert.Equal("a", r.Tags["team"]);
        Assert.Equal("p", r.Tags["project"]);
        Assert.False(r.Tags.ContainsKey("other"));
    }

    [Fact]
    public async Task Repeated_values_share_one_string_instance()
    {
        var result = await ReadTextAsync(Focus(Row(), Row(), Row()));

        Assert.Same(result.Records[0].ResourceId, result.Records[2].ResourceId);
        Assert.Same(result.Records[0].Tags, result.Records[2].Tags);
        Assert.Same(result.Records[0].BillingCurrency, result.Records[1].BillingCurrency);
    }

    [Fact]
    public async Task Values_that_change_between_rows_of_one_resource_are_read_fresh()
    {
        var csv = "ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ResourceId,ResourceName,x_SkuDetails,Tags\n" +
                  "2024-09-01,2024-09-02,1,1,USD,/r/1,a,\"{\"\"ServiceType\"\":\"\"S1\"\"}\",\"{\"\"team\"\": \"\"x\"\"}\"\n" +
                  "2024-09-01,2024-09-02,1,1,USD,/r/1,b,\"{\"\"ServiceType\"\":\"\"S2\"\"}\",\"{\"\"team\"\": \"\"y\"\"}\"\n" +
                  "2024-09-01,2024-09-02,1,1,USD,/r/2,a,NULL,NULL\n" +
                  "2024-09-01,2024-09-02,1,1,USD,/r/1,b,\"{\"\"ServiceType\"\":\"\"S2\"\"}\",{bad\n" +
                  "2024-09-01,2024-09-02,1,1,USD,/r/1,b,\"{\"\"ServiceType\"\":\"\"S2\"\"}\",\"{\"\"team\"\": \"\"y\"\"}\"\n";
        var result = await ReadTextAsync(csv);

        Assert.Equal(["a", "b", "a", "b"], result.Records.Select(r => r.ResourceName));
        Assert.Equal(["S1", "S2", null, "S2"], result.Records.Select(r => r.SkuName));
        Assert.Equal(["x", "y", null, "y"], result.Records.Select(r => r.Tags.TryGetValue("team", out var t) ? t : null));
        Assert.Equal(5, Assert.Single(result.Rejected).Line);
    }

    [Fact]
    public async Task Repeated_and_changing_charge_periods_each_get_their_own_value()
    {
        var result = await ReadTextAsync(Focus(
            Row(start: "2024-09-01 00:00:00"),
            Row(start: "2024-09-01 00:00:00"),
            Row(start: "2024-09-01T05:00:00Z"),
            Row(start: "2024-09-0x 00:00:00"),
            Row(start: "2024-09-01 00:00:00"),
            Row(start: "09/03/2024")));

        Assert.Equal(
            ["2024-09-01T00:00:00", "2024-09-01T00:00:00", "2024-09-01T05:00:00", "2024-09-01T00:00:00"],
            result.Records.Select(r => r.ChargePeriodStart.UtcDateTime.ToString("s", System.Globalization.CultureInfo.InvariantCulture)).Take(4));
        var rejected = Assert.Single(result.Rejected, r => r.Line == 5);
        Assert.Equal(("ChargePeriodStart", "2024-09-0x 00:00:00"), (rejected.Field, rejected.RawValue));
    }

    [Fact]
    public async Task Google_cloud_labels_in_the_tags_column_are_the_rows_tags()
    {
        var labels = "\"[{\"\"key\"\": \"\"team\"\", \"\"value\"\": \"\"vision\"\", \"\"inherited\"\": false}]\"";

        var result = await ReadTextAsync(Focus(Row(tags: labels), Row()));

        Assert.Equal(["vision", "a"], result.Records.Select(r => r.Tags["team"]));
    }
}
