using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Pricing;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Allocation;

public sealed class CostCategorizerTests
{
    [Theory]
    [InlineData("Standard_NC24ads_A100_v4", true)]
    [InlineData("ND96isr_H100_v5", true)]
    [InlineData("NV36ads A10 v5", true)]
    [InlineData("standard_ncc40ads_h100_v5", true)]
    [InlineData("Standard_NG32ads_V620_v1", true)]
    [InlineData("Standard_NP10s", false)] // FPGA
    [InlineData("Standard_D2s_v5", false)]
    [InlineData("Network Watcher", false)]
    [InlineData("NVMe Disk", false)]
    [InlineData("N", false)]
    public void Gpu_families_are_recognised(string sku, bool gpu) => Assert.Equal(gpu, CostCategorizer.IsGpuFamily(sku));

    [Fact]
    public void Fractional_gpus_come_from_the_catalog()
    {
        var partial = VmSkuCatalog.Default.All.FirstOrDefault(s => s.GpuCount is > 0 and < 1);
        Assert.NotNull(partial); // the bundled snapshot has 1/6-GPU sizes
        var c = new CostCategorizer();
        var (category, hours) = c.Classify(Cost(1m, sku: partial.ArmSkuName, quantity: 6m, unit: "Hours"));
        Assert.Equal(CostCategory.GpuCompute, category);
        // Kept to GpuHoursScale places, so sums of GPU-hours are exact whatever the order rows are added in.
        Assert.Equal(Math.Round(6m * partial.GpuCount, CostCategorizer.GpuHoursScale), hours);
        Assert.True(Math.Abs(6m * partial.GpuCount - hours) < 1e-12m);
        var odd = c.Classify(Cost(1m, sku: partial.ArmSkuName, quantity: 7.123456789m, unit: "Hours")).GpuHours;
        var big = c.Classify(Cost(1m, sku: partial.ArmSkuName, quantity: 12345.5m, unit: "Hours")).GpuHours;
        Assert.Equal(((big + odd) + odd) + hours, ((hours + odd) + odd) + big);
    }

    [Fact]
    public void Unknown_gpu_sku_is_gpu_compute_without_gpu_hours_unless_configured()
    {
        var record = Cost(1m, sku: "Standard_ND999_Future_v9", quantity: 2m, unit: "Hours");
        Assert.Equal((CostCategory.GpuCompute, 0m), new CostCategorizer().Classify(record));
        var configured = new CostCategorizer(extraGpuSkus: new Dictionary<string, decimal> { ["standard_nd999_future_v9"] = 8m });
        Assert.Equal((CostCategory.GpuCompute, 16m), configured.Classify(record));
    }

    [Fact]
    public void Gpu_hours_only_for_usage_in_time_units()
    {
        var c = new CostCategorizer();
        Assert.Equal(0m, c.Classify(Cost(1m, sku: "Standard_NC24ads_A100_v4", quantity: 1m, unit: "GB")).GpuHours);
        Assert.Equal(0m, c.Classify(Cost(1m, sku: "Standard_NC24ads_A100_v4", quantity: 730m, unit: "Hours") with { ChargeCategory = ChargeCategory.Purchase }).GpuHours);
        Assert.Equal(1m, c.Classify(Cost(1m, sku: "Standard_NC24ads_A100_v4", quantity: 60m, unit: "Minutes")).GpuHours);
    }

    [Theory]
    [InlineData("Compute", null, null, CostCategory.CpuCompute)]
    [InlineData("Storage", null, null, CostCategory.Storage)]
    [InlineData("Networking", null, null, CostCategory.Network)]
    [InlineData("Databases", null, null, CostCategory.Other)]
    [InlineData(null, "Virtual Machines", null, CostCategory.CpuCompute)]
    [InlineData(null, "Storage", null, CostCategory.Storage)]
    [InlineData(null, "Bandwidth", null, CostCategory.Network)]
    [InlineData(null, "Virtual Network", null, CostCategory.Network)]
    [InlineData(null, "SQL Database", null, CostCategory.Other)]
    [InlineData(null, null, "Microsoft.Compute/virtualMachines", CostCategory.CpuCompute)]
    [InlineData(null, null, null, CostCategory.Other)]
    public void Non_gpu_categories(string? serviceCategory, string? meterCategory, string? resourceType, CostCategory expected)
    {
        var r = Cost(1m, serviceCategory: serviceCategory, service: null) with { SkuMeterCategory = meterCategory, ResourceType = resourceType };
        Assert.Equal(expected, new CostCategorizer().Classify(r).Category);
    }

    [Theory]
    [InlineData("10 Hours", 3, 30)]
    [InlineData("1 Hour", 3, 3)]
    [InlineData("Hours", 2.5, 2.5)]
    [InlineData("GB/Month", 3, 0)]
    public void Hours_from_units(string unit, double quantity, double expected) =>
        Assert.Equal((decimal)expected, CostCategorizer.Hours((decimal)quantity, unit));
}
