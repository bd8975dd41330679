using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Idle;

/// <summary>
/// Unknown is never idle (issue 15): a host name that matches more than one machine, a size whose GPU count nobody
/// knows, readings out of range and an unknown power state are never grounds to act.
/// </summary>
public sealed class UnknownIsNeverIdleTests
{
    private const string NewSize = "Standard_ND128isr_GB300_v6"; // not in the bundled catalog

    private static IdlePolicyConfig Policy(Action<IdlePolicyConfig>? edit = null)
    {
        var p = new IdlePolicyConfig { Name = "idle-gpu", Action = "deallocate", DryRun = false };
        edit?.Invoke(p);
        return p;
    }

    private static async Task<IReadOnlyList<IdleDecision>> DecideAsync(TelemetrySet telemetry, IReadOnlyList<ComputeMachine> machines,
        IdlePolicyConfig? policy = null, IReadOnlyDictionary<string, decimal>? gpuSkus = null)
    {
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        return (await engine.EvaluateAsync([policy ?? Policy()], machines, telemetry, gpuSkus)).Decisions;
    }

    private static void AssertNotActed(IdleDecision d, string reason)
    {
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Null(d.Action);
        Assert.Contains(d.Reasons, r => r.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_vms_with_the_same_name_in_different_resource_groups_share_one_host_file_neither_is_idle()
    {
        var decisions = await DecideAsync(AllIdle("gpu01", 8), [Vm("gpu01", rg: "team-a"), Vm("gpu01", rg: "team-b")]);

        Assert.Equal(2, decisions.Count);
        Assert.All(decisions, d =>
        {
            AssertNotActed(d, "ambiguous telemetry: host 'gpu01' matches 2 machines (team-a/gpu01, team-b/gpu01)");
            Assert.Equal(IdlePolicyEngine.NotEnoughTelemetry, d.Reasons[0]);
        });
    }

    [Fact]
    public async Task Different_vm_names_with_the_same_computer_name_are_ambiguous_too()
    {
        var a = Vm("train-a") with { ComputerName = "trainer" };
        var b = Vm("train-b", rg: "other") with { ComputerName = "trainer" };
        var decisions = await DecideAsync(AllIdle("trainer", 8), [a, b, Vm("gpu09")]);

        AssertNotActed(decisions[0], "host 'trainer' matches 2 machines");
        AssertNotActed(decisions[1], "host 'trainer' matches 2 machines");
        AssertNotActed(decisions[2], "no GPU telemetry"); // the third machine has its own (missing) telemetry, not the ambiguity
    }

    [Fact]
    public async Task A_machine_mapped_explicitly_by_the_policy_keeps_its_host_the_other_namesake_does_not()
    {
        var a = Vm("gpu01", rg: "team-a");
        var b = Vm("gpu01", rg: "team-b");
        var policy = Policy(p => p.Hosts = new Dictionary<string, string> { ["gpu01"] = a.ResourceId });

        var decisions = await DecideAsync(AllIdle("gpu01", 8), [a, b], policy);

        Assert.Equal(IdleDecisionKind.Deallocate, decisions[0].Decision);
        AssertNotActed(decisions[1], "ambiguous telemetry");
    }

    [Fact]
    public async Task Namesakes_with_their_own_hostname_tags_are_not_ambiguous()
    {
        var telemetry = AllIdle("gpu01-a", 8);
        telemetry.Merge(AllIdle("gpu01-b", 8));
        var a = Vm("gpu01", rg: "team-a", tags: new() { [GuardrailTags.Hostname] = "gpu01-a" });
        var b = Vm("gpu01", rg: "team-b", tags: new() { [GuardrailTags.Hostname] = "gpu01-b" });

        var decisions = await DecideAsync(telemetry, [a, b]);

        Assert.Equal(2, decisions.Count);
        Assert.All(decisions, d => Assert.Equal(IdleDecisionKind.Deallocate, d.Decision));
    }

    [Fact]
    public async Task A_deallocated_namesake_still_makes_the_host_ambiguous()
    {
        // Its readings may be the ones in the window (it ran until a moment ago): whose they are is unknown.
        var decisions = await DecideAsync(AllIdle("gpu01", 8), [Vm("gpu01", rg: "team-a"), Vm("gpu01", rg: "team-b", power: MachinePowerState.Deallocated)]);
        AssertNotActed(decisions[0], "ambiguous telemetry");
    }

    [Fact]
    public async Task A_size_missing_from_the_catalog_is_not_idle_even_with_one_of_four_gpus_reporting_idle()
    {
        var d = Assert.Single(await DecideAsync(AllIdle("gpu01", 1), [Vm("gpu01", size: NewSize)]));
        AssertNotActed(d, $"unknown GPU count: size '{NewSize}' is not in the SKU catalog");
        Assert.Equal(IdlePolicyEngine.NotEnoughTelemetry, d.Reasons[0]);

        // Every GPU it has reporting does not help either: nobody knows it is every GPU.
        AssertNotActed(Assert.Single(await DecideAsync(AllIdle("gpu01", 4), [Vm("gpu01", size: NewSize)])), "unknown GPU count");
    }

    [Fact]
    public async Task A_size_declared_in_gpuSkus_is_judged_with_the_declared_count()
    {
        var declared = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase) { [NewSize.ToUpperInvariant()] = 4m };

        AssertNotActed(Assert.Single(await DecideAsync(AllIdle("gpu01", 1), [Vm("gpu01", size: NewSize)], gpuSkus: declared)), "only 1 of 4 GPUs report");
        Assert.Equal(IdleDecisionKind.Deallocate, Assert.Single(await DecideAsync(AllIdle("gpu01", 4), [Vm("gpu01", size: NewSize)], gpuSkus: declared)).Decision);
    }

    [Theory]
    [InlineData(-1.0, null, 300.0, "negative work")]
    [InlineData(null, -0.5, 300.0, "negative utilization")]
    [InlineData(140.0, 0.0, 300.0, "work above 100%")]
    [InlineData(0.2, 0.0, -300.0, "negative memory")]
    [InlineData(0.2, 0.0, 90000.0, "memory used beyond the total")]
    public async Task Out_of_range_readings_are_unknown_not_readings(double? work, double? util, double used, string what)
    {
        var telemetry = Host("gpu01", 8, (_, _, at) => new GpuReading(at, (decimal?)work, (decimal?)util, (decimal)used, 81559m, 70m));

        var d = Assert.Single(await DecideAsync(telemetry, [Vm("gpu01")]));

        AssertNotActed(d, "out of range");
        Assert.True(d.Reasons[0] == IdlePolicyEngine.NotEnoughTelemetry, what);
        Assert.Equal(0m, d.CoveragePercent);
    }

    [Fact]
    public async Task A_few_out_of_range_readings_within_the_coverage_rule_are_holes_and_said_so()
    {
        // 3 negative readings in 60 minutes: 95% of the window is still known and idle.
        var telemetry = Host("gpu01", 8, (g, ago, at) => g == 2 && ago is 10 or 20 or 30 ? new GpuReading(at, -4m, -4m, 300m, 81559m, 70m) : IdleSample(at));

        var d = Assert.Single(await DecideAsync(telemetry, [Vm("gpu01")]));

        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
        Assert.Contains(d.Reasons, r => r == "GPU 2: 3 reading(s) out of range (negative, above 100% or memory used beyond the total) taken as unknown");
        Assert.Equal(95m, d.CoveragePercent);
    }

    [Fact]
    public async Task Out_of_range_cpu_is_unknown_for_a_cpu_condition()
    {
        var telemetry = AllIdle("gpu01", 8);
        var host = telemetry.Find("gpu01")!;
        for (var ago = 0; ago < 120; ago++) host.System.Add(new HostReading(Now.AddMinutes(-119 + ago), -2m, 1000m));

        var d = Assert.Single(await DecideAsync(telemetry, [Vm("gpu01")], Policy(p => p.Condition.CpuBelowPercent = 20m)));

        AssertNotActed(d, "host CPU/network telemetry covers 0% of the window");
    }

    [Fact]
    public async Task Power_state_unknown_is_never_acted_on()
    {
        var d = Assert.Single(await DecideAsync(AllIdle("gpu01", 8), [Vm("gpu01", power: MachinePowerState.Unknown)]));
        AssertNotActed(d, "power state unknown: never acted on");
    }
}

public sealed class OutOfRangeRollupTests
{
    [Fact]
    public void Hourly_rollups_count_out_of_range_readings_as_unknown_not_idle_minutes()
    {
        var hour = new DateTimeOffset(2026, 7, 14, 20, 0, 0, TimeSpan.Zero);
        var series = new GpuSeries("gpu01", "0");
        for (var m = 0; m < 60; m++)
            series.Readings.Add(m < 20
                ? new GpuReading(hour.AddMinutes(m), -1m, -1m, 300m, 81559m, 70m) // negative: unknown
                : new GpuReading(hour.AddMinutes(m), 0.2m, 0m, 300m, 81559m, 70m));

        var rollup = Assert.Single(TelemetryRollup.Hourly(series, hour, hour.AddHours(1), new IdleCriteria()));

        Assert.Equal(40, rollup.KnownSlots);
        Assert.Equal(40m, rollup.IdleMinutes); // idle cost is not charged for the 20 unknown minutes
        Assert.Equal(0.2m, rollup.MaxWorkPercent);
        Assert.Equal(60, rollup.Samples);
    }
}
