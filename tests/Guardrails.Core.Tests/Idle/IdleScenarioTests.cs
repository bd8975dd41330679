using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Idle;

/// <summary>
/// Adversarial scenarios: the bar is zero false deallocations. Each scenario builds minute-level telemetry for an
/// 8×H100 machine and checks the decision of a deallocate policy with dryRun off.
/// </summary>
public sealed class IdleScenarioTests
{
    private readonly FakeTimeProvider _time = new(Now);

    private static IdlePolicyConfig Policy(string action = "deallocate", Action<IdlePolicyConfig>? edit = null)
    {
        var p = new IdlePolicyConfig { Name = "idle-gpu", Action = action, DryRun = false };
        edit?.Invoke(p);
        return p;
    }

    private async Task<IdleDecision> DecideAsync(TelemetrySet telemetry, ComputeMachine? vm = null, IdlePolicyConfig? policy = null, IPriceCatalog? prices = null)
    {
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, prices, _time);
        var result = await engine.EvaluateAsync([policy ?? Policy()], [vm ?? Vm("gpu01")], telemetry);
        return Assert.Single(result.Decisions);
    }

    [Fact]
    public async Task All_eight_gpus_idle_for_the_window_is_deallocated()
    {
        var d = await DecideAsync(AllIdle("gpu01", 8));
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
        Assert.Equal(GuardrailActionKind.Deallocate, d.Action);
        Assert.Equal(100m, d.CoveragePercent);
        Assert.Equal(60, d.IdleMinutes);
        Assert.Contains("8/8 GPUs idle", d.Reasons[0]);
    }

    [Fact]
    public async Task One_of_eight_gpus_busy_is_not_idle()
    {
        var d = await DecideAsync(Host("gpu01", 8, (g, _, at) => g == 5 ? Busy(at) : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Null(d.Action);
        Assert.Contains(d.Reasons, r => r.StartsWith("GPU 5: busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gpu_missing_from_telemetry_is_not_idle()
    {
        var d = await DecideAsync(AllIdle("gpu01", 7));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("only 7 of 8 GPUs", StringComparison.Ordinal));
        Assert.Equal(0m, d.CoveragePercent);
    }

    [Fact]
    public async Task Telemetry_gap_below_coverage_is_not_idle()
    {
        // GPU 3 lost 10 of the last 60 minutes (83% coverage < 90%).
        var d = await DecideAsync(Host("gpu01", 8, (g, ago, at) => g == 3 && ago is >= 20 and < 30 ? null : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("GPU 3: telemetry covers 83.3%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Small_gap_within_coverage_is_still_idle()
    {
        var d = await DecideAsync(Host("gpu01", 8, (g, ago, at) => g == 3 && ago is >= 20 and < 25 ? null : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
        Assert.Equal(91.7m, d.CoveragePercent);
    }

    [Fact]
    public async Task Stale_samples_are_not_idle()
    {
        // The exporter died 10 minutes ago: the last hour is 83% covered and the newest sample is 10 min old.
        var d = await DecideAsync(Host("gpu01", 8, (_, ago, at) => ago < 10 ? null : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stale_even_when_the_coverage_rule_is_relaxed()
    {
        var policy = Policy(edit: p => p.Condition.MinCoveragePercent = 80m);
        var d = await DecideAsync(Host("gpu01", 8, (_, ago, at) => ago < 8 ? null : IdleSample(at)), policy: policy);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("newest reading 8 min old (stale", StringComparison.Ordinal));
        Assert.DoesNotContain(d.Reasons, r => r.Contains("covers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bursty_job_is_not_averaged_away()
    {
        // 1 busy minute in every 15: the average is ~6%... and even a 1-in-30 burst (avg < 5%) must keep it busy.
        var d = await DecideAsync(Host("gpu01", 8, (_, ago, at) => ago % 30 == 7 ? Busy(at, 90m) : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("max work 90%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Checkpoint_phase_gpus_quiet_network_busy_is_not_idle()
    {
        var telemetry = AllIdle("gpu01", 8);
        var host = telemetry.Find("gpu01")!;
        for (var ago = 119; ago >= 0; ago--)
            host.System.Add(new HostReading(Now.AddMinutes(-ago), 12m, ago < 40 ? 250_000_000m : 10_000m)); // 2 Gbit/s upload
        var policy = Policy(edit: p => { p.Condition.NetworkBelowMbps = 50m; p.Condition.CpuBelowPercent = 50m; });
        var d = await DecideAsync(telemetry, policy: policy);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("host busy", StringComparison.Ordinal) && r.Contains("2000 Mbit/s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Network_threshold_without_host_telemetry_is_not_idle()
    {
        var policy = Policy(edit: p => p.Condition.NetworkBelowMbps = 50m);
        var d = await DecideAsync(AllIdle("gpu01", 8), policy: policy);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("host CPU/network telemetry covers 0%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exempt_vm_is_skipped()
    {
        var vm = Vm("gpu01", tags: new() { ["guardrails:exempt"] = "true" });
        var d = await DecideAsync(AllIdle("gpu01", 8), vm);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains("exempt", d.Reasons[0]);
    }

    [Fact]
    public async Task Snoozed_vm_is_skipped_until_the_snooze_ends()
    {
        var vm = Vm("gpu01", tags: new() { ["guardrails:snooze-until"] = "2026-07-15T08:00:00Z" });
        Assert.Equal(IdleDecisionKind.Skip, (await DecideAsync(AllIdle("gpu01", 8), vm)).Decision);
        _time.SetUtcNow(new DateTimeOffset(2026, 7, 15, 9, 0, 0, TimeSpan.Zero));
        var later = await DecideAsync(AllIdle("gpu01", 8, _time.GetUtcNow()), vm);
        Assert.Equal(IdleDecisionKind.Deallocate, later.Decision);
    }

    [Fact]
    public async Task Unreadable_snooze_counts_as_snoozed()
    {
        var vm = Vm("gpu01", tags: new() { ["guardrails:snooze-until"] = "next tuesday" });
        var d = await DecideAsync(AllIdle("gpu01", 8), vm);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains("treated as snoozed", d.Reasons[0]);
    }

    [Theory]
    [InlineData(MachinePowerState.Deallocated, "already deallocated")]
    [InlineData(MachinePowerState.Stopped, "stopped but still allocated")]
    public async Task Power_state_is_respected(MachinePowerState state, string reason)
    {
        var d = await DecideAsync(AllIdle("gpu01", 8), Vm("gpu01", power: state));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.StartsWith(reason, d.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clock_skew_ahead_leaves_a_hole_and_is_not_idle()
    {
        // The VM's clock runs 15 minutes ahead: its newest 15 minutes look like the future.
        var d = await DecideAsync(AllIdle("gpu01", 8, Now.AddMinutes(15)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("clock skew", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Clock_skew_behind_looks_stale_and_is_not_idle()
    {
        var d = await DecideAsync(AllIdle("gpu01", 8, Now.AddMinutes(-15)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Small_clock_skew_within_tolerance_is_accepted()
    {
        var d = await DecideAsync(AllIdle("gpu01", 8, Now.AddSeconds(40)));
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
    }

    [Fact]
    public async Task Dcgm_blank_sentinels_are_unknown_not_zero()
    {
        // A scrape where GR_ENGINE_ACTIVE and FB_USED are blank on every GPU would look like a perfectly idle
        // machine if blanks were read as 0.
        var b = new TelemetryBuilder();
        for (var ago = 90; ago >= 0; ago--)
            for (var g = 0; g < 8; g++)
            {
                var at = Now.AddMinutes(-ago);
                var gpu = g.ToString(System.Globalization.CultureInfo.InvariantCulture);
                foreach (var (metric, raw) in new[] { (DcgmMetrics.GrEngineActive, 9223372036854775794m), (DcgmMetrics.GpuUtil, 2147483647m),
                             (DcgmMetrics.FbUsed, 9223372036854775794m), (DcgmMetrics.FbFree, 81000m) })
                {
                    Assert.True(DcgmMetrics.TryMap(metric, raw, out var field, out var value));
                    b.Add("gpu01", gpu, "H100", at, field, value);
                }
            }
        var d = await DecideAsync(b.Build());
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("no known readings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mig_gpu_with_unknown_utilization_is_not_idle()
    {
        // nvidia-smi under MIG: utilization.gpu is [N/A] → no work signal at all.
        var d = await DecideAsync(Host("gpu01", 8, (_, _, at) => new GpuReading(at, null, null, 300m, 81559m, 70m)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
    }

    [Fact]
    public async Task Profiling_signal_missing_falls_back_to_utilization_in_auto_mode_only()
    {
        var telemetry = Host("gpu01", 8, (_, _, at) => new GpuReading(at, null, 0m, 300m, 81559m, 70m));
        Assert.Equal(IdleDecisionKind.Deallocate, (await DecideAsync(telemetry)).Decision);
        var strict = Policy(edit: p => p.Condition.WorkSignal = "profiling");
        Assert.Equal(IdleDecisionKind.Skip, (await DecideAsync(telemetry, policy: strict)).Decision);
    }

    [Fact]
    public async Task Memory_held_by_a_paused_job_is_not_idle()
    {
        var d = await DecideAsync(Host("gpu01", 8, (_, _, at) => new GpuReading(at, 0m, 0m, 40000m, 81559m, 90m)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("max memory 49", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_telemetry_at_all_is_not_idle()
    {
        var d = await DecideAsync(new TelemetrySet());
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains("missing data is never idle", d.Reasons[1]);
    }

    [Fact]
    public async Task Job_finished_recently_is_not_yet_idle_for_the_window()
    {
        var d = await DecideAsync(Host("gpu01", 8, (_, ago, at) => ago > 20 ? Busy(at) : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Equal(21, d.IdleMinutes); // the last busy reading was 21 minutes ago
    }

    [Fact]
    public async Task Scale_set_instance_is_judged_like_a_vm()
    {
        var vm = Vm("gpu01") with
        {
            ResourceId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachineScaleSets/pool/virtualMachines/3",
            ScaleSetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachineScaleSets/pool",
            InstanceId = "3",
            ComputerName = "pool000003",
        };
        var busy = await DecideAsync(Host("pool000003", 8, (g, _, at) => g == 0 ? Busy(at) : IdleSample(at)), vm);
        Assert.Equal(IdleDecisionKind.Skip, busy.Decision);
        var idle = await DecideAsync(AllIdle("pool000003", 8), vm, Policy("mark-for-op"));
        Assert.Equal(IdleDecisionKind.Mark, idle.Decision);
        Assert.Contains(idle.Reasons, r => r.Contains("guardrails:deallocate-at:3=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mark_for_op_marks_then_deallocates_only_if_still_idle_at_the_deadline()
    {
        var policy = Policy("mark-for-op", p => p.Grace = "4h");
        var first = await DecideAsync(AllIdle("gpu01", 8), policy: policy);
        Assert.Equal(IdleDecisionKind.Mark, first.Decision);
        Assert.Equal(Now.AddHours(4), first.NotBefore);

        var marked = Vm("gpu01", tags: new() { ["guardrails:deallocate-at"] = "2026-07-15T02:00:00Z" });
        var waiting = await DecideAsync(AllIdle("gpu01", 8), marked, policy);
        Assert.Equal(IdleDecisionKind.Skip, waiting.Decision);
        Assert.Null(waiting.Action);

        _time.SetUtcNow(Now.AddHours(4));
        var due = await DecideAsync(AllIdle("gpu01", 8, _time.GetUtcNow()), marked, policy);
        Assert.Equal(IdleDecisionKind.Deallocate, due.Decision);

        var busyAgain = await DecideAsync(Host("gpu01", 8, (g, ago, at) => ago < 3 ? Busy(at) : IdleSample(at), _time.GetUtcNow()), marked, policy);
        Assert.Equal(IdleDecisionKind.Skip, busyAgain.Decision);
        Assert.Equal(GuardrailActionKind.ClearMark, busyAgain.Action);
    }

    [Fact]
    public async Task Off_hours_schedule_limits_when_the_policy_applies()
    {
        var policy = Policy(edit: p => p.Schedule = new OffHoursConfig { TimeZone = "Europe/Paris", Start = "0 19 * * *", End = "0 7 * * *" });
        // 22:00 UTC = 00:00 in Paris (summer): inside off-hours.
        var night = await DecideAsync(AllIdle("gpu01", 8), policy: policy);
        Assert.True(night.Decision == IdleDecisionKind.Deallocate, string.Join(" / ", night.Reasons));
        _time.SetUtcNow(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero)); // 14:00 in Paris
        var day = await DecideAsync(AllIdle("gpu01", 8, _time.GetUtcNow()), policy: policy);
        Assert.Equal(IdleDecisionKind.Skip, day.Decision);
        Assert.StartsWith("outside off-hours", day.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scope_filters_select_the_policy()
    {
        var policy = Policy(edit: p => { p.Scope.ResourceGroups = ["ml-dev"]; p.Scope.Tags = new() { ["env"] = "dev" }; });
        var tagged = await DecideAsync(AllIdle("gpu01", 8), Vm("gpu01", tags: new() { [" env"] = "dev" }), policy);
        Assert.Equal(IdleDecisionKind.Deallocate, tagged.Decision);
        var untagged = await DecideAsync(AllIdle("gpu01", 8), Vm("gpu01"), policy);
        Assert.Equal("no idle policy's scope covers this machine", Assert.Single(untagged.Reasons));
        var otherRg = await DecideAsync(AllIdle("gpu01", 8), Vm("gpu01", rg: "prod", tags: new() { ["env"] = "dev" }), policy);
        Assert.Equal(IdleDecisionKind.Skip, otherRg.Decision);
    }

    [Fact]
    public async Task Max_actions_per_run_keeps_the_most_expensive()
    {
        var prices = Substitute.For<IPriceCatalog>();
        prices.GetHourlyPriceAsync("Standard_ND96isr_H100_v5", Arg.Any<string>(), Arg.Any<PriceOption>(), Arg.Any<VmOs>(), Arg.Any<CancellationToken>())
            .Returns(new PriceQuote("Standard_ND96isr_H100_v5", "eastus", VmOs.Linux, PriceOption.OnDemand, 98.32m, "USD", new DateOnly(2026, 6, 1), "test"));
        prices.GetHourlyPriceAsync("Standard_NC4as_T4_v3", Arg.Any<string>(), Arg.Any<PriceOption>(), Arg.Any<VmOs>(), Arg.Any<CancellationToken>())
            .Returns(new PriceQuote("Standard_NC4as_T4_v3", "eastus", VmOs.Linux, PriceOption.OnDemand, 0.526m, "USD", new DateOnly(2026, 6, 1), "test"));
        var telemetry = AllIdle("t4-a", 1);
        telemetry.Merge(AllIdle("h100", 8));
        telemetry.Merge(AllIdle("t4-b", 1));
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, prices, _time);
        var result = await engine.EvaluateAsync([Policy(edit: p => p.MaxActionsPerRun = 1)],
            [Vm("t4-a", "Standard_NC4as_T4_v3"), Vm("h100"), Vm("t4-b", "Standard_NC4as_T4_v3")], telemetry);
        var acting = Assert.Single(result.Decisions, d => d.Decision == IdleDecisionKind.Deallocate);
        Assert.Equal("h100", acting.Machine.Name);
        Assert.Equal(98.32m, acting.HourlyCost);
        Assert.All(result.Decisions.Where(d => d != acting), d => Assert.StartsWith("idle, but maxActionsPerRun (1)", d.Reasons[0], StringComparison.Ordinal));
        Assert.Single(result.ToActionRequests());
    }

    [Fact]
    public async Task Dry_run_is_the_default_and_flows_into_the_request()
    {
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, _time);
        var result = await engine.EvaluateAsync([new IdlePolicyConfig { Name = "p", Action = "deallocate" }], [Vm("gpu01")], AllIdle("gpu01", 8));
        var d = Assert.Single(result.Decisions);
        Assert.True(d.DryRun);
        Assert.Contains(d.Reasons, r => r.StartsWith("dry-run", StringComparison.Ordinal));
        var request = Assert.Single(result.ToActionRequests());
        Assert.True(request.DryRun);
        Assert.Equal(ActionOrigin.IdlePolicy, request.Origin);
    }

    [Fact]
    public async Task Host_alias_from_config_maps_telemetry_to_the_vm()
    {
        var vm = Vm("gpu01") with { ComputerName = "something-else" };
        var policy = Policy(edit: p => p.Hosts = new() { ["424773df46e0"] = vm.ResourceId });
        Assert.Equal(IdleDecisionKind.Deallocate, (await DecideAsync(AllIdle("424773df46e0", 8), vm, policy)).Decision);
    }
}
