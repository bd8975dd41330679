using Guardrails.Core.Pricing;

namespace Guardrails.Core.Tests.Pricing;

/// <summary>The bundled snapshot's wide table (samples/prices/linux-ondemand.csv) behind the detailed rows.</summary>
public class LinuxOnDemandPriceTableTests
{
    private static readonly SnapshotPriceCatalog s_catalog = SnapshotPriceCatalog.Default;
    private static readonly DateOnly s_tableAsOf = new(2026, 6, 18);

    [Theory]
    [InlineData("Standard_D4s_v5", "australiaeast", "0.24")] // a common CPU size in a region outside the detailed 9
    [InlineData("Standard_B2s", "westeurope", "0.048")]
    [InlineData("Standard_F2", "westeurope", "0.114")]
    [InlineData("standard_d4s_v5", "Brazil South", "0.306")] // display names and any case, as IaC writes them
    public async Task A_common_cpu_size_anywhere_is_priced_from_the_wide_table_with_its_own_as_of(string sku, string region, string expected)
    {
        var q = await s_catalog.GetHourlyPriceAsync(sku, region);
        Assert.NotNull(q);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), q.HourlyPrice);
        Assert.Equal((VmOs.Linux, PriceOption.OnDemand, "USD"), (q.Os, q.Option, q.Currency));
        Assert.Equal(s_tableAsOf, q.AsOf);
        Assert.Equal("karpenter-provider-azure@2b431da1:pkg/providers/pricing/zz_generated.pricing.go", q.Source);
    }

    [Fact]
    public async Task The_detailed_rows_keep_precedence_over_the_wide_table()
    {
        // westeurope D4s v5: the detailed row (azure-pricing-radar, 2026-08-22) wins over the wide table's 2026-06-18 value.
        var q = await s_catalog.GetHourlyPriceAsync("Standard_D4s_v5", "westeurope");
        Assert.Equal(new DateOnly(2026, 8, 22), q?.AsOf);
        Assert.StartsWith("azure-pricing-radar@", q?.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Windows_and_spot_prices_absent_from_the_detailed_rows_stay_unpriced_with_the_reason()
    {
        var windows = await s_catalog.LookupAsync("Standard_D4s_v5", "australiaeast", PriceOption.OnDemand, VmOs.Windows);
        Assert.Null(windows.Quote);
        Assert.Contains("Windows OnDemand prices only for 32 sizes in 9 regions", windows.MissReason, StringComparison.Ordinal);
        Assert.Null(await s_catalog.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast", PriceOption.Spot));
    }

    [Theory]
    [InlineData("Standard_D4s_v55")]
    [InlineData("Standard_D4sv5")]
    public async Task A_typod_size_stays_unpriced_and_says_so(string sku)
    {
        var lookup = await s_catalog.LookupAsync(sku, "eastus");
        Assert.Null(lookup.Quote);
        Assert.Contains($"has no size {sku}: a typo, a retired size, or one newer than the list", lookup.MissReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_not_offered_in_a_region_stays_unpriced()
    {
        var lookup = await s_catalog.LookupAsync("Standard_ND96isr_H100_v5", "northeurope");
        Assert.Null(lookup.Quote);
        Assert.Contains("has no price for Standard_ND96isr_H100_v5 in northeurope", lookup.MissReason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bundled_table_covers_every_size_and_region_it_was_made_from()
    {
        var table = s_catalog.LinuxOnDemand!;
        Assert.Equal((1747, 57, 65049), (table.SizeCount, table.RegionCount, table.PriceCount));
        Assert.Equal(s_tableAsOf, table.AsOf);
    }

    [Theory]
    [InlineData("armSkuName,eastus\nStandard_B2s,1\n", "line 1: expected '# generated-at yyyy-MM-dd'")]
    [InlineData("# generated-at 2026-06-18\narmSkuName,eastus\n", "line 2: expected '# source")]
    [InlineData("# generated-at 2026-06-18\n# source x\narmSkuName,eastus\nStandard_B2s,0\n", "line 4: eastus: 0 is not a price")]
    [InlineData("# generated-at 2026-06-18\n# source x\narmSkuName,eastus\nStandard_B2s,abc\n", "line 4: eastus: 'abc'")]
    [InlineData("# generated-at 2026-06-18\n# source x\narmSkuName,eastus\nStandard_B2s,1,2\n", "line 4: expected 2 values, found 3")]
    [InlineData("# generated-at 2026-06-18\n# source x\narmSkuName,eastus\nStandard_B2s,1\nstandard_b2s,2\n", "line 5: size 'standard_b2s' is empty or repeated")]
    [InlineData("# generated-at 2026-06-18\n# source x\narmSkuName,eastus,EastUS\n", "line 3: region 'EastUS' is empty or repeated")]
    public void A_table_that_cannot_be_read_whole_is_not_used(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LinuxOnDemandPriceTable.Load(new StringReader(text), "t.csv"));
        Assert.Contains("t.csv, " + expected, e.Message, StringComparison.Ordinal);
    }
}
