using Guardrails.Core.Actions;
using Guardrails.Core.Pricing;
using Guardrails.Core.RightSizing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.RightSizing;

public sealed class RightSizingEngineTests
{
    private const decimal A100MiB = 81920m;
    private static readonly RightSizingCriteria Criteria = new() { SampleInterval = RecordedGpus.Interval };
    private static readonly RightSizingEngine Engine = new(VmSkuCatalog.Default, SnapshotPriceCatalog.Default, Criteria);

    private static Task<RightSizingRecommendation> Evaluate(ComputeMachine machine, HostTelemetry host, decimal? billedHours = null) =>
        Engine.RecommendAsync(machine, GpuUsageProfile.Rollups(host, Criteria, RecordedGpus.End - Criteria.Window, RecordedGpus.End),
            RecordedGpus.End, billedHours);

    private static decimal Price(string size, PriceOption option = PriceOption.OnDemand) =>
        SnapshotPriceCatalog.Default.Find(size, "eastus", option)!.HourlyPrice;

    [Fact]
    public async Task An_A100_busy_8_percent_with_a_6_GB_peak_gets_a_smaller_gpu_with_the_saving()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 8) ? (90m, 6144m) : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Equal("Standard_NC4as_T4_v3", r.RecommendedSize); // 16 GiB ≥ 6 × 1.2; the 1/3-A10 (8 GiB) costs more, the 1/6 (4 GiB) is too small
        Assert.Equal("smaller-gpu", r.Kind);
        Assert.Equal("USD", r.Currency);
        var e = r.Evidence!;
        Assert.Equal(6m, e.PeakMemoryGiB);
        Assert.Equal(7.2m, e.RequiredMemoryGiB);
        Assert.Equal(1, e.GpusUsed);
        Assert.InRange(e.BusyPercent, 7m, 9m);
        Assert.Equal(100m, e.CoveragePercent);
        Assert.Equal(336, e.RunningHours);
        Assert.Equal(730m, e.MonthlyHours);
        Assert.Equal(Math.Round((Price("Standard_NC24ads_A100_v4") - Price("Standard_NC4as_T4_v3")) * 730m, 2), r.MonthlySavings);
        Assert.Contains(r.Reasons, x => x.Contains("MIG profile 1g.10gb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_saving_is_priced_at_the_hours_billed_when_the_ledger_knows_them()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 8) ? (90m, 6144m) : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host, billedHours: 168m);

        Assert.Equal(365m, r.Evidence!.MonthlyHours); // half the window billed → half a month
        Assert.Equal(Math.Round((Price("Standard_NC24ads_A100_v4") - Price("Standard_NC4as_T4_v3")) * 365m, 2), r.MonthlySavings);
        Assert.Contains("ledger", r.Evidence.HoursBasis, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_8_gpu_vm_whose_job_uses_2_gpus_gets_the_2_gpu_size_of_the_same_family()
    {
        var host = RecordedGpus.Host("train-a100", 8, A100MiB, (g, _) => g < 2 ? (92m, 61440m) : (0m, 0m));

        var r = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_ND96amsr_A100_v4"), host);

        Assert.Equal("Standard_NC48ads_A100_v4", r.RecommendedSize);
        Assert.Equal("fewer-gpus", r.Kind);
        Assert.Equal("high", r.Confidence);
        Assert.Equal(2, r.Evidence!.GpusUsed);
        Assert.Equal(8, r.Evidence.Gpus);
        Assert.Equal(Math.Round((Price("Standard_ND96amsr_A100_v4") - Price("Standard_NC48ads_A100_v4")) * 730m, 2), r.MonthlySavings);
    }

    [Fact]
    public async Task A_vm_85_percent_busy_with_a_70_GB_peak_gets_none_and_says_why()
    {
        var host = RecordedGpus.Host("train-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 85) ? (95m, 71680m) : (2m, 40960m));

        var r = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.Null(r.MonthlySavings);
        Assert.Equal("none", r.Confidence);
        Assert.Contains(r.Reasons, x => x.StartsWith("no cheaper size fits", StringComparison.Ordinal) && x.Contains("84 GiB", StringComparison.Ordinal)
            && x.Contains("busy peaks", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vm_with_60_percent_coverage_gets_none_with_the_reason()
    {
        // The same quiet A100 as above, but only 60 % of the slots have a reading.
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => SlotIndex(t) % 5 < 3 ? (0m, 2048m) : null);

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.InRange(r.Evidence!.CoveragePercent, 59.9m, 60.1m);
        Assert.Equal([$"telemetry covers {r.Evidence.CoveragePercent:0.#}% of the 336 hours the VM ran (hours with readings) in the 14-day window " +
            "(< 90%, the idle coverage rule): no recommendation, never a guess"], r.Reasons);
        Assert.Null(r.MonthlySavings);
    }

    /// <summary>Weekdays 08:00–18:00 UTC: a VM deallocated at night and at weekends.</summary>
    private static bool OfficeHours(DateTimeOffset t) => t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && t.Hour is >= 8 and < 18;

    [Fact]
    public async Task An_office_hours_a100_is_covered_over_the_hours_it_ran_and_gets_a_recommendation()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => !OfficeHours(t) ? null : t.Hour == 14 ? (90m, 6144m) : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Equal("Standard_NC4as_T4_v3", r.RecommendedSize);
        var e = r.Evidence!;
        Assert.Equal(100m, e.CoveragePercent);
        Assert.Equal(100, e.RunningHours); // 10 weekdays × 10 hours
        Assert.InRange(e.WindowCoveragePercent, 29m, 30m); // the wall-clock window would have refused it
        Assert.Equal("hours with readings", e.CoverageBasis);
        Assert.Equal(Math.Round(100m * 730m / 336m, 1), e.MonthlyHours); // the saving at the VM's real hours
        Assert.Equal(Math.Round((Price("Standard_NC24ads_A100_v4") - Price("Standard_NC4as_T4_v3")) * e.MonthlyHours, 2), r.MonthlySavings);
    }

    [Fact]
    public async Task An_office_hours_a100_with_half_its_readings_missing_while_running_gets_none()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => !OfficeHours(t) || t.Minute % 10 >= 5 ? null : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        // Inside a day's run every slot counts (half known); the first and last hour count only the slots with a reading.
        Assert.Equal(Math.Round(60m * 100m / (8 * 12 + 2 * 6), 1), r.Evidence!.CoveragePercent);
        Assert.Contains("hours the VM ran", Assert.Single(r.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hours_billed_beyond_the_readings_count_as_running_without_telemetry()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => !OfficeHours(t) ? null : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host, billedHours: 200m);

        Assert.Null(r.RecommendedSize);
        Assert.Equal(50m, r.Evidence!.CoveragePercent); // 100 hours of readings in 200 billed
        Assert.Equal("hours billed in the ledger", r.Evidence.CoverageBasis);
        Assert.Contains("(hours billed in the ledger)", Assert.Single(r.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vm_that_ran_less_than_a_day_in_the_window_gets_none()
    {
        var host = RecordedGpus.Host("dev-a100", 1, A100MiB, (_, t) => t > RecordedGpus.End.AddHours(-10) ? (0m, 2048m) : null);

        var r = await Evaluate(RecordedGpus.Machine("dev-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.Equal(100m, r.Evidence!.CoveragePercent);
        Assert.Contains("ran 10 hour(s)", Assert.Single(r.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_a100_whose_tensor_pipes_are_barely_used_gets_a_smaller_gpu_for_light_inference()
    {
        // Busy 60 % of the hours (the busy-share rule alone would keep the A100), 6 GB peak, tensor pipes 4 % active while busy.
        var host = RecordedGpus.Host("infer-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 60) ? (70m, 6144m) : (0m, 2048m), tensorWhenBusy: 4m);

        var r = await Evaluate(RecordedGpus.Machine("infer-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Equal(4m, r.Evidence!.TensorActivePercent);
        Assert.Equal("Standard_NC4as_T4_v3", r.RecommendedSize);
        Assert.Equal("smaller-gpu", r.Kind);
        Assert.Contains("tensor pipes active 4% while busy", r.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_busy_a100_without_tensor_readings_keeps_its_model()
    {
        var host = RecordedGpus.Host("infer-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 60) ? (70m, 6144m) : (0m, 2048m));

        var r = await Evaluate(RecordedGpus.Machine("infer-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.Evidence!.TensorActivePercent);
        Assert.Null(r.RecommendedSize);
        Assert.Contains("busy peaks", r.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rarely_busy_a100_with_tensor_heavy_work_keeps_its_model()
    {
        var host = RecordedGpus.Host("train-a100", 1, A100MiB, (_, t) => RecordedGpus.BusyHour(t, 8) ? (90m, 6144m) : (0m, 2048m), tensorWhenBusy: 65m);

        var r = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.Contains("tensor pipes active 65% while busy (> 20%)", r.Reasons[0], StringComparison.Ordinal);
    }

    private static long SlotIndex(DateTimeOffset t) => ((long)Math.Floor((t - RecordedGpus.End).TotalMinutes / 5) % 5 + 5) % 5;

    [Fact]
    public async Task A_gpu_that_never_reports_makes_it_no_recommendation()
    {
        var host = RecordedGpus.Host("train-a100", 8, A100MiB, (g, _) => g < 2 ? (92m, 61440m) : (0m, 0m));
        host.Gpus.Remove("7");

        var r = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_ND96amsr_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.Contains("only 7 of 8 GPUs report telemetry", r.Reasons.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spot_is_recommended_only_when_a_tag_says_the_work_checkpoints()
    {
        var host = RecordedGpus.Host("train-a100", 8, A100MiB, (g, _) => g < 2 ? (92m, 61440m) : (0m, 0m));
        var untagged = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_ND96amsr_A100_v4", region: "westeurope"), host);
        var tagged = await Evaluate(RecordedGpus.Machine("train-a100", "Standard_ND96amsr_A100_v4", region: "westeurope",
            tags: new() { ["team"] = "vision", ["guardrails:checkpoints"] = "true" }), host);

        Assert.Equal("on-demand", untagged.RecommendedPriority);
        Assert.Contains(untagged.Reasons, x => x.StartsWith("Spot would cost", StringComparison.Ordinal));
        Assert.Equal("Standard_NC48ads_A100_v4", tagged.RecommendedSize);
        Assert.Equal("spot", tagged.RecommendedPriority);
        Assert.Equal(SnapshotPriceCatalog.Default.Find("Standard_NC48ads_A100_v4", "westeurope", PriceOption.Spot)!.HourlyPrice, tagged.RecommendedHourlyPrice);
        Assert.True(tagged.MonthlySavings > untagged.MonthlySavings);
    }

    [Fact]
    public async Task An_unknown_size_or_price_is_never_sized()
    {
        var host = RecordedGpus.Host("x", 1, A100MiB, (_, _) => (50m, 1024m));

        var unknownSize = await Evaluate(RecordedGpus.Machine("x", "Standard_NX999_v9"), host);
        var unpriced = await Evaluate(RecordedGpus.Machine("x", "Standard_NC24ads_A100_v4", region: "antarctica"), host);

        Assert.Null(unknownSize.RecommendedSize);
        Assert.Contains("not a GPU size in the SKU catalog", unknownSize.Reasons.Single(), StringComparison.Ordinal);
        Assert.Null(unpriced.RecommendedSize);
        Assert.Contains("no on-demand price", unpriced.Reasons.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vm_whose_gpus_never_work_is_left_to_the_idle_policy()
    {
        var host = RecordedGpus.Host("idle", 1, A100MiB, (_, _) => (0m, 4m));

        var r = await Evaluate(RecordedGpus.Machine("idle", "Standard_NC24ads_A100_v4"), host);

        Assert.Null(r.RecommendedSize);
        Assert.Contains("idle policy", r.Reasons.Single(), StringComparison.Ordinal);
    }
}
