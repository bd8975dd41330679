using Guardrails.Core.Carbon;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Tests.Carbon;

public class GpuEmissionsTests
{
    [Fact]
    public void Eight_h100_for_a_month_in_westeurope_match_the_hand_computed_figures()
    {
        // 8 GPUs × 730 h = 5,840 GPU-h; × 700 W ÷ 1000 × PUE 1.185 = 4,844.28 kWh; × 328.4 g/kWh ÷ 1000 = 1,590.861552 kg
        var e = GpuEmissionsCalculator.ForVmHours("Standard_ND96isr_H100_v5", 730m, "westeurope", VmSkuCatalog.Default, CarbonFactors.Default)!;
        Assert.Equal(5840m, e.GpuHours);
        Assert.Equal(8m, e.GpusPerVm);
        Assert.Equal(4844.28m, e.EnergyKWh);
        Assert.Equal(1590.862m, e.KgCO2e);
        Assert.Null(e.Unknown);
        Assert.Equal(["board power", "PUE", "grid intensity"], e.Factors.Select(f => f.Kind));
        Assert.All(e.Factors, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
    }

    [Fact]
    public void One_t4_in_swedencentral_and_eastus()
    {
        // 730 GPU-h × 70 W × 1.185 = 60.5535 kWh; × 5.67 g = 0.343338 kg; × 379.069 g = 22.95389... kg
        var se = GpuEmissionsCalculator.ForVmHours("standard_nc4as_t4_v3", 730m, "swedencentral", VmSkuCatalog.Default, CarbonFactors.Default)!;
        var us = GpuEmissionsCalculator.ForVmHours("Standard_NC4as_T4_v3", 730m, "eastus", VmSkuCatalog.Default, CarbonFactors.Default)!;
        Assert.Equal((60.554m, 0.343m), (se.EnergyKWh, se.KgCO2e));
        Assert.Equal((60.554m, 22.954m), (us.EnergyKWh, us.KgCO2e));
    }

    [Theory]
    [InlineData("brazilsouth", "no sourced grid intensity for region 'brazilsouth'")]
    [InlineData(null, "region unknown")]
    [InlineData("", "region unknown")]
    public void Unknown_region_gives_unknown_kg_never_zero(string? region, string reason)
    {
        var e = GpuEmissionsCalculator.ForVmHours("Standard_ND96isr_H100_v5", 730m, region, VmSkuCatalog.Default, CarbonFactors.Default)!;
        Assert.Null(e.KgCO2e);
        Assert.Equal(reason, e.Unknown);
        Assert.Equal(4844.28m, e.EnergyKWh); // the energy does not depend on the region
    }

    [Fact]
    public void Unknown_gpu_model_or_size_gives_unknown()
    {
        var skus = new VmSkuCatalog([new VmSku("Standard_Future_B200", 96, 1800m, 8m, "NVIDIA B200 192GB", 1536m, "test")]);
        var model = GpuEmissionsCalculator.ForVmHours("Standard_Future_B200", 730m, "westeurope", skus, CarbonFactors.Default)!;
        Assert.Equal((null, null), (model.EnergyKWh, model.KgCO2e));
        Assert.Equal("no sourced board power for GPU 'NVIDIA B200 192GB'", model.Unknown);

        var size = GpuEmissionsCalculator.ForVmHours("Standard_Nope_v9", 730m, "westeurope", VmSkuCatalog.Default, CarbonFactors.Default)!;
        Assert.Null(size.KgCO2e);
        Assert.Contains("not in the SKU catalog", size.Unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_without_gpus_is_not_a_gpu_resource()
    {
        Assert.Null(GpuEmissionsCalculator.ForVmHours("Standard_D4s_v5", 730m, "westeurope", VmSkuCatalog.Default, CarbonFactors.Default));
    }
}
