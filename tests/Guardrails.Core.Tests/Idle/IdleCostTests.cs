using Guardrails.Core.Allocation;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Idle;

public sealed class IdleCostTests
{
    [Fact]
    public void Hourly_rollups_count_only_known_idle_minutes()
    {
        // GPU 0: 3 hours; first hour busy, second idle with a 15-minute gap, third idle.
        var start = Now.AddHours(-3);
        var telemetry = Host("gpu01", 1, (_, ago, at) => ago >= 120 ? Busy(at) : ago is >= 75 and < 90 ? null : IdleSample(at), Now.AddMinutes(-1), 180);
        var rollups = TelemetryRollup.Hourly(telemetry.Find("gpu01")!.Gpus["0"], start, Now, new IdleCriteria());
        Assert.Equal(3, rollups.Count);
        Assert.Equal(0m, rollups[0].IdleMinutes);
        Assert.Equal(92m, rollups[0].MaxWorkPercent);
        Assert.Equal(45m, rollups[1].IdleMinutes);
        Assert.Equal(75m, rollups[1].CoveragePercent);
        Assert.Equal(60m, rollups[2].IdleMinutes);
        Assert.Equal(0.2m, rollups[2].AvgWorkPercent);
    }

    [Fact]
    public void Idle_cost_is_idle_gpu_hours_times_the_per_gpu_price()
    {
        var vm = Vm("gpu01", tags: new() { ["team"] = "vision" });
        var price = new PriceQuote(vm.VmSize, "eastus", VmOs.Linux, PriceOption.OnDemand, 98.32m, "USD", new DateOnly(2026, 6, 1), "test");
        var hour = new DateTimeOffset(2026, 7, 14, 10, 0, 0, TimeSpan.Zero);
        // 8 GPUs: GPU 0 idle 60 min, GPU 1 idle 30 min, the rest busy.
        var rollups = Enumerable.Range(0, 8).Select(g => new GpuHourlyRollup
        {
            Host = "gpu01",
            GpuId = g.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Hour = hour,
            IdleMinutes = g switch { 0 => 60m, 1 => 30m, _ => 0m },
        }).ToList();
        var facts = IdleCostCalculator.Compute([
            new IdleCostInput(vm, rollups, price, 8m, IdleCostCalculator.AllocationFromTags(vm, ["team", "project"])),
            new IdleCostInput(Vm("nopriced"), rollups, null, 8m, AllocationKey.Empty),
        ]);
        var fact = Assert.Single(facts);
        Assert.Equal(CostCategory.IdleGpu, fact.Category);
        Assert.Equal(1.5m, fact.GpuHours);
        Assert.Equal(18.435m, fact.EffectiveCost); // 1.5 GPU-hours × 98.32 / 8
        Assert.Equal("team=vision;project=unallocated", fact.Allocation.ToString());
        Assert.Equal(new DateOnly(2026, 7, 14), fact.Day);
    }
}
