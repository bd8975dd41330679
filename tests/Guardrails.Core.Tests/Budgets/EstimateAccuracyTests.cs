using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using static Guardrails.Core.Tests.Budgets.TelemetryFreshSpendTests;

namespace Guardrails.Core.Tests.Budgets;

/// <summary>Issue 16 item 7: the fresh-spend estimate for hours that have since been billed, next to the bill.</summary>
public sealed class EstimateAccuracyTests
{
    private static readonly DateOnly Month = new(2026, 11, 1);
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static FreshSpendMachine Machine(string name, string team, int hours, decimal? hourly, string currency = "USD", string sku = "Standard_NC24ads_A100_v4")
    {
        var vm = Vm(name, sku, tags: new() { ["team"] = team });
        var price = hourly is { } h ? new PriceQuote(sku, "eastus", VmOs.Linux, PriceOption.OnDemand, h, currency, new DateOnly(2026, 6, 18), "test") : null;
        return new(vm, new AllocationKey([new("team", team)]), Enumerable.Range(0, hours).Select(i => Start.AddHours(i)).ToList(), price);
    }

    private static ResourceDailyCost Bill(FreshSpendMachine m, int day, decimal effective, string currency = "USD",
        CostCategory category = CostCategory.GpuCompute, decimal gpuHours = 0m) => new()
        {
            GpuHours = gpuHours,
            Day = Month.AddDays(day - 1),
            ResourceId = m.Machine.ResourceId,
            Allocation = m.Allocation,
            Category = category,
            Currency = currency,
            BilledCost = effective,
            EffectiveCost = effective,
        };

    [Fact]
    public void Per_vm_error_is_estimate_minus_bill_over_bill_for_the_billed_days_only()
    {
        // 30 running hours: 24 on the 1st, 6 on the 2nd. Billed through the 1st only: 24 h × $2 = $48 against $40 billed.
        var a = Machine("a", "vision", 30, 2m);
        var result = EstimateAccuracy.Compare([a], [Bill(a, 1, 30m), Bill(a, 1, 10m), Bill(a, 1, 99m, category: CostCategory.Storage)], Month, VmSkuCatalog.Default);
        var vm = Assert.Single(result.PerVm);
        Assert.Equal((24m, 48m, 40m, 20m), (vm.TelemetryHours, vm.Estimated, vm.Billed, vm.ErrorPercent));
        Assert.Equal(new DateOnly(2026, 11, 1), vm.Through);
        Assert.True(vm.Gpu);
        Assert.Equal(20m, result.GpuVmErrorPercent);
    }

    [Fact]
    public void No_bill_yet_is_unknown_not_zero_percent_and_stays_out_of_the_team_and_gpu_figures()
    {
        var billed = Machine("billed", "speech", 10, 3m);
        var fresh = Machine("fresh", "speech", 10, 3m);
        var result = EstimateAccuracy.Compare([billed, fresh], [Bill(billed, 1, 25m)], Month, VmSkuCatalog.Default);
        var unknown = result.PerVm.Single(v => v.Name == "fresh");
        Assert.Null(unknown.ErrorPercent);
        Assert.Null(unknown.Billed);
        Assert.Equal("no bill yet for these hours", unknown.Unknown);
        var team = Assert.Single(result.PerTeam);
        Assert.Equal((1, 1, 30m, 25m, 20m), (team.Vms, team.UnknownVms, team.Estimated, team.Billed, team.ErrorPercent));
        Assert.Equal(20m, result.GpuVmErrorPercent);
    }

    [Fact]
    public void An_unpriced_vm_is_unknown_and_an_unbilled_month_gives_no_gpu_figure()
    {
        var unpriced = Machine("u", "nlp", 5, null);
        var result = EstimateAccuracy.Compare([unpriced], [Bill(unpriced, 1, 12m)], Month, VmSkuCatalog.Default);
        var vm = Assert.Single(result.PerVm);
        Assert.Null(vm.Estimated);
        Assert.Null(vm.ErrorPercent);
        Assert.Contains("no price", vm.Unknown);
        Assert.Null(result.GpuVmErrorPercent);
        Assert.Null(EstimateAccuracy.Compare([Machine("x", "nlp", 5, 1m)], [], Month, VmSkuCatalog.Default).GpuVmErrorPercent);
    }

    [Fact]
    public void Teams_add_their_vms_and_two_currencies_are_never_added()
    {
        var usd = Machine("usd", "vision", 10, 1m);
        var eur = Machine("eur", "vision", 10, 1m, currency: "EUR");
        var result = EstimateAccuracy.Compare([usd, eur], [Bill(usd, 1, 8m), Bill(eur, 1, 12.5m, currency: "EUR")], Month, VmSkuCatalog.Default);
        Assert.Equal([("vision", "EUR", -20m), ("vision", "USD", 25m)], result.PerTeam.Select(t => (t.Team, t.Currency, t.ErrorPercent!.Value)));
        Assert.Null(result.GpuVmErrorPercent); // USD and EUR VMs: no single figure
    }

    [Fact]
    public void Each_vms_gap_is_told_by_its_hours_and_its_rate_with_each_factors_share_of_the_error()
    {
        // One A100 (1 GPU) each, 24 telemetry hours on the 1st.
        var hours = Machine("hours", "speech", 24, 2m);
        var rate = Machine("rate", "speech", 24, 3.673m);
        var exact = Machine("exact", "speech", 24, 2m);
        var noGpuHours = Machine("nogpuhours", "speech", 24, 2m);
        var result = EstimateAccuracy.Compare([hours, rate, exact, noGpuHours],
            [Bill(hours, 1, 46m, gpuHours: 23m), Bill(rate, 1, 60m, gpuHours: 24m), Bill(exact, 1, 48m, gpuHours: 24m), Bill(noGpuHours, 1, 40m)],
            Month, VmSkuCatalog.Default);
        EstimateAccuracyVm Of(string name) => result.PerVm.Single(v => v.Name == name);

        Assert.Equal((23m, 2m, 4.35m), (Of("hours").BilledHours, Of("hours").BilledRate, Of("hours").ErrorPercent));
        Assert.StartsWith("hours +4.35 %: telemetry counts 24 h, the bill 23 h", Of("hours").Gap);
        Assert.DoesNotContain("rate", Of("hours").Gap);

        Assert.Equal((2.5m, 46.92m), (Of("rate").BilledRate, Of("rate").ErrorPercent));
        Assert.StartsWith("rate +46.92 %: priced at 3.673 USD/h (on-demand price), billed at 2.50 USD/h", Of("rate").Gap);
        Assert.Contains("a discount the price list does not know", Of("rate").Gap);

        Assert.StartsWith("hours and rate match the bill (24 h", Of("exact").Gap);
        Assert.Null(Of("nogpuhours").BilledHours);
        Assert.Contains("cannot be told apart", Of("nogpuhours").Gap);
    }

    [Fact]
    public void Recorded_running_hours_are_the_hours_with_a_reading_of_the_machines_host()
    {
        var set = new TelemetrySet();
        var gpu = new GpuSeries("a", "0");
        foreach (var minutes in new[] { 0, 30, 60, 150 }) gpu.Readings.Add(new GpuReading(Start.AddMinutes(minutes), 50m, 50m, null, null, null));
        set.GetOrAdd("a").Gpus["0"] = gpu;
        var hours = new RecordedRunningHours(set).GetRunningHoursAsync(Vm("a"), Start, Start.AddDays(1)).Result;
        Assert.Equal([Start, Start.AddHours(1), Start.AddHours(2)], hours);
        Assert.Empty(new RecordedRunningHours(set).GetRunningHoursAsync(Vm("b"), Start, Start.AddDays(1)).Result);
    }
}
