using System.Text;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Tests.Pricing;

public class SnapshotPriceCatalogTests
{
    private static readonly SnapshotPriceCatalog s_catalog = SnapshotPriceCatalog.Default;

    [Fact]
    public void Reads_every_row_of_the_sourced_snapshot() => Assert.Equal(723, s_catalog.Count);

    [Fact]
    public async Task Known_price_keeps_source_and_date()
    {
        var q = await s_catalog.GetHourlyPriceAsync("Standard_NC24ads_A100_v4", "westeurope");
        Assert.NotNull(q);
        Assert.Equal(4.775m, q.HourlyPrice);
        Assert.Equal("USD", q.Currency);
        Assert.Equal(new DateOnly(2026, 8, 22), q.AsOf);
        Assert.StartsWith("azure-pricing-radar@cf741f25:data/latest/vm-eu-west.json", q.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sku_names_match_in_any_case()
    {
        var q = await s_catalog.GetHourlyPriceAsync("STANDARD_NC4AS_T4_V3", "EastUS");
        Assert.Equal(0.526m, q?.HourlyPrice);
    }

    [Theory]
    [InlineData("Standard_NC24ads_A100_v4", "westeurope", PriceOption.Spot, VmOs.Linux, "1.097295")]
    [InlineData("Standard_NC24ads_A100_v4", "westeurope", PriceOption.LowPriority, VmOs.Linux, "0.955")]
    [InlineData("Standard_NC24ads_A100_v4", "westeurope", PriceOption.SavingsPlan1Year, VmOs.Linux, "3.97471")]
    [InlineData("Standard_NC24ads_A100_v4", "westeurope", PriceOption.OnDemand, VmOs.Windows, "5.879")]
    public async Task Spot_low_priority_savings_plan_and_windows_rows(string sku, string region, PriceOption option, VmOs os, string expected)
    {
        var q = await s_catalog.GetHourlyPriceAsync(sku, region, option, os);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), q?.HourlyPrice);
    }

    [Theory]
    [InlineData("Standard_NC24ads_A100_v4", "eastus", PriceOption.Spot)] // US regions: Linux pay-as-you-go only
    [InlineData("Standard_NC24ads_A100_v4", "westeurope", PriceOption.Reserved1Year)] // no reservation rows at all
    [InlineData("Standard_NC6_Promo", "eastus", PriceOption.Spot)] // retired: the wide table lists its Linux on-demand price only
    [InlineData("Standard_D4s_v55", "eastus", PriceOption.OnDemand)] // a typo
    [InlineData("Standard_ND96isr_H100_v5", "northeurope", PriceOption.OnDemand)] // not offered there
    public async Task Unknown_prices_are_null_never_invented(string sku, string region, PriceOption option) =>
        Assert.Null(await s_catalog.GetHourlyPriceAsync(sku, region, option));

    [Fact]
    public void Snapshot_date_and_regions()
    {
        Assert.Equal(new DateOnly(2026, 8, 22), s_catalog.AsOf);
        Assert.Equal(9, s_catalog.Regions.Count);
    }

    [Fact]
    public void Reservation_terms_become_hourly_prices()
    {
        // The Retail Prices API gives the whole-term total for reservations (unit "1 Hour" notwithstanding).
        Assert.Equal(7740m / 8760m, RetailPriceMapping.ToHourly(7740m, "1 Hour", PriceOption.Reserved1Year));
        Assert.Equal(11297m / 26280m, RetailPriceMapping.ToHourly(11297m, "1 Hour", PriceOption.Reserved3Year));
        Assert.Equal(PriceOption.Reserved3Year, RetailPriceMapping.ToOption("Reservation", "3 Years"));
        Assert.Null(RetailPriceMapping.ToHourly(1m, "1/Month", PriceOption.OnDemand));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    public void A_price_of_zero_or_less_is_no_price_so_the_vm_stays_unpriced(double price)
    {
        Assert.Null(RetailPriceMapping.ToHourly((decimal)price, "1 Hour", PriceOption.OnDemand));
        Assert.Null(RetailPriceMapping.ToHourly((decimal)price, "1 Hour", PriceOption.Reserved1Year));
        var csv = "armSkuName,armRegionName,os,priceType,term,unitPrice,unitOfMeasure,currency,effectiveDate,source\n" +
                  $"Standard_NC24ads_A100_v4,eastus,Linux,Consumption,,{((decimal)price).ToString(System.Globalization.CultureInfo.InvariantCulture)},1 Hour,USD,2026-08-22,x\n";
        var e = Assert.Throws<FormatException>(() => SnapshotPriceCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)), "prices.csv"));
        Assert.StartsWith("prices.csv, line 2, field 'unitPrice'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_row_names_file_and_line()
    {
        var csv = "armSkuName,armRegionName,os,priceType,term,unitPrice,unitOfMeasure,currency,effectiveDate,source\n" +
                  "Standard_D2s_v5,eastus,Linux,Consumption,,0.096,1 Hour,USD,2026-06-18,x\n" +
                  "Standard_D2s_v5,eastus,Linux,Consumption,,abc,1 Hour,USD,2026-06-18,x\n";
        var e = Assert.Throws<FormatException>(() => SnapshotPriceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "prices.csv"));
        Assert.StartsWith("prices.csv, line 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fallback_catalog_uses_the_first_that_knows()
    {
        var first = new SnapshotPriceCatalog([new PriceQuote("Standard_D2s_v5", "eastus", VmOs.Linux, PriceOption.OnDemand, 0.1m, "USD", new DateOnly(2026, 11, 1), "live")]);
        var fallback = new FallbackPriceCatalog(first, s_catalog);
        Assert.Equal("live", (await fallback.GetHourlyPriceAsync("standard_d2s_v5", "eastus"))?.Source);
        Assert.Equal(4.775m, (await fallback.GetHourlyPriceAsync("Standard_NC24ads_A100_v4", "westeurope"))?.HourlyPrice);
    }

    [Theory]
    [InlineData("NVIDIA H100 80GB", "H100 SXM", "989.5")]
    [InlineData("NVIDIA H100 94GB PCIe", "H100 NVL", "835.5")]
    [InlineData("NVIDIA A100 80GB PCIe", "A100", "312")]
    [InlineData("NVIDIA A10 24GB", "A10", "125")]
    [InlineData("NVIDIA Tesla T4 16GB", "T4", "65")]
    [InlineData("AMD Instinct MI300X 192GB", "MI300X", "1307.4")]
    public void Peak_flops_table(string model, string family, string tflops)
    {
        var p = GpuPeakFlops.ForModel(model);
        Assert.Equal(family, p?.Family);
        Assert.Equal(decimal.Parse(tflops, System.Globalization.CultureInfo.InvariantCulture), p?.PeakTflops);
        Assert.Null(GpuPeakFlops.ForModel("NVIDIA Tesla P40 24GB"));
    }
}
