using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Tests.Budgets;

public class AnomalyDetectorTests
{
    private static readonly DateOnly Day = new(2024, 9, 20);

    private static (Dictionary<DateOnly, decimal> Daily, List<ResourceDailyCost> Resources) Baseline(int days)
    {
        var daily = new Dictionary<DateOnly, decimal>();
        var resources = new List<ResourceDailyCost>();
        for (var i = 1; i <= days; i++)
        {
            var d = Day.AddDays(-i);
            var cost = 100m + (i % 3) * 5m; // 100, 105, 110
            daily[d] = cost;
            resources.Add(BudgetTestData.Resource(d, "vision", "gpu-train-01", cost));
        }
        return (daily, resources);
    }

    [Fact]
    public void A_spike_is_flagged_and_names_the_resource_that_drove_it()
    {
        var (daily, resources) = Baseline(28);
        daily[Day] = 105m + 400m;
        resources.Add(BudgetTestData.Resource(Day, "vision", "gpu-train-01", 105m));
        resources.Add(BudgetTestData.Resource(Day, "vision", "gpu-sweep-07", 400m));

        var found = AnomalyDetector.Detect(new AnomalyConfig(), [Day], Day.AddDays(-28), daily, resources, r => r.EffectiveCost, VmSkuCatalog.Default);

        var spike = Assert.Single(found, a => a.Kind == AnomalyKind.SpendSpike);
        Assert.Equal(105m, spike.BaselineMedian);
        Assert.Equal("gpu-sweep-07", spike.Drivers[0].ResourceName);
        Assert.Equal(400m, spike.Drivers[0].Change);
        Assert.DoesNotContain(spike.Drivers, d => d.ResourceName == "gpu-train-01"); // unchanged resources do not drive it
    }

    [Fact]
    public void Ordinary_variation_and_short_history_are_not_anomalies()
    {
        var (daily, resources) = Baseline(28);
        daily[Day] = 110m;
        Assert.Empty(AnomalyDetector.Detect(new AnomalyConfig(), [Day], Day.AddDays(-28), daily, resources, r => r.EffectiveCost));

        daily[Day] = 10_000m;
        Assert.Empty(AnomalyDetector.Detect(new AnomalyConfig(), [Day], Day.AddDays(-5), daily, resources, r => r.EffectiveCost));
    }

    [Fact]
    public void A_new_gpu_sku_in_the_scope_is_reported_once_with_its_resources()
    {
        var (daily, resources) = Baseline(28);
        daily[Day] = 105m + 50m;
        resources.Add(BudgetTestData.Resource(Day, "vision", "gpu-train-01", 105m));
        resources.Add(BudgetTestData.Resource(Day, "vision", "h100-eval", 50m, sku: "Standard_ND96isr_H100_v5") with { Category = Guardrails.Core.Allocation.CostCategory.CpuCompute });

        var found = AnomalyDetector.Detect(new AnomalyConfig { MinimumIncrease = 1000m }, [Day], Day.AddDays(-28), daily, resources,
            r => r.EffectiveCost, VmSkuCatalog.Default);

        var sku = Assert.Single(found);
        Assert.Equal(AnomalyKind.NewGpuSku, sku.Kind);
        Assert.Equal("Standard_ND96isr_H100_v5", sku.SkuName);
        Assert.Equal("h100-eval", Assert.Single(sku.Drivers).ResourceName);
        Assert.Equal("sku:Standard_ND96isr_H100_v5", sku.Key);
    }
}
