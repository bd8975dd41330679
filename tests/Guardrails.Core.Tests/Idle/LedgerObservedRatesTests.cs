using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Idle;

/// <summary>The price fallback: the effective hourly rate seen in billing, from the ledger's per-resource costs.</summary>
public sealed class LedgerObservedRatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
    private const string Rg = "/subscriptions/00000000-0000-0000-0000-0000000000c1/resourceGroups/ml";

    private static ComputeMachine Machine(string id, string size = "Standard_ND96isr_H100_v5", string? scaleSet = null) => new()
    {
        ResourceId = id,
        Name = id.Split('/')[^1],
        SubscriptionId = "00000000-0000-0000-0000-0000000000c1",
        ResourceGroup = "ml",
        Location = "brazilsouth",
        VmSize = size,
        ScaleSetId = scaleSet,
        InstanceId = scaleSet is null ? null : "0",
    };

    private static ResourceDailyCost Cost(string resourceId, DateOnly day, decimal effective, decimal gpuHours, string currency = "USD") => new()
    {
        Day = day,
        ResourceId = resourceId,
        Allocation = AllocationKey.Empty,
        Category = CostCategory.GpuCompute,
        Currency = currency,
        BilledCost = effective * 1.1m,
        EffectiveCost = effective,
        GpuHours = gpuHours,
    };

    private static LedgerObservedRateSource Source(params ResourceDailyCost[] costs) =>
        new(new LedgerSnapshot([], costs), VmSkuCatalog.Default, new FakeTimeProvider(Now));

    [Fact]
    public async Task Rate_is_effective_cost_per_machine_hour_over_the_last_week()
    {
        var vm = $"{Rg}/providers/Microsoft.Compute/virtualMachines/h100";
        var day = new DateOnly(2026, 7, 13);
        // 8 GPUs: 192 GPU-hours = 24 machine-hours; 48 GPU-hours = 6 machine-hours. (1800 + 450) / 30 = 75.
        var source = Source(Cost(vm.ToUpperInvariant(), day, 1800m, 192m), Cost(vm, day.AddDays(-1), 450m, 48m),
            Cost(vm, day.AddDays(-30), 99999m, 8m)); // outside the window
        var quote = await source.GetObservedHourlyRateAsync(Machine(vm));
        Assert.NotNull(quote);
        Assert.Equal(75m, quote.HourlyPrice);
        Assert.Equal("USD", quote.Currency);
        Assert.Contains("billing", quote.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scale_set_instance_gets_its_scale_set_rate_per_instance_hour()
    {
        var set = $"{Rg}/providers/Microsoft.Compute/virtualMachineScaleSets/pool";
        var source = Source(Cost(set, new DateOnly(2026, 7, 14), 120m, 48m)); // 6 instance-hours of 8 GPUs
        var quote = await source.GetObservedHourlyRateAsync(Machine(set + "/virtualMachines/0", scaleSet: set));
        Assert.Equal(20m, quote!.HourlyPrice);
    }

    [Fact]
    public async Task No_hours_or_unknown_machine_is_no_rate()
    {
        var vm = $"{Rg}/providers/Microsoft.Compute/virtualMachines/h100";
        var source = Source(Cost(vm, new DateOnly(2026, 7, 14), 50m, 0m));
        Assert.Null(await source.GetObservedHourlyRateAsync(Machine(vm)));
        Assert.Null(await source.GetObservedHourlyRateAsync(Machine($"{Rg}/providers/Microsoft.Compute/virtualMachines/other")));
    }

    [Fact]
    public async Task The_engine_uses_it_only_when_the_catalog_has_no_price()
    {
        var vm = $"{Rg}/providers/Microsoft.Compute/virtualMachines/h100";
        var source = Source(Cost(vm, new DateOnly(2026, 7, 14), 240m, 32m)); // 4 machine-hours → 60/hour
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, SnapshotPriceCatalog.Default, new FakeTimeProvider(Now), source);
        var policy = new Guardrails.Core.Configuration.IdlePolicyConfig { Name = "p" };
        var result = await engine.EvaluateAsync([policy], [Machine(vm) with { PowerState = MachinePowerState.Running }], new Guardrails.Core.Telemetry.TelemetrySet());
        // brazilsouth is not in the bundled price snapshot: the billing rate is used.
        Assert.Equal(60m, Assert.Single(result.Decisions).HourlyCost);
        var inCatalog = await engine.EvaluateAsync([policy], [Machine(vm) with { Location = "eastus", PowerState = MachinePowerState.Running }], new Guardrails.Core.Telemetry.TelemetrySet());
        var catalogPrice = Assert.Single(inCatalog.Decisions).Price;
        Assert.NotNull(catalogPrice);
        Assert.NotEqual(60m, catalogPrice.HourlyPrice);
        Assert.DoesNotContain("billing", catalogPrice.Source, StringComparison.Ordinal);
    }
}
