using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Idle;

/// <summary>
/// Missing, stale or partial telemetry is "skip: not enough telemetry" (never idle); a busy GPU is "not idle" even when
/// another GPU's data is also incomplete. And the CLI's forced dry-run overrides a policy's dryRun: false.
/// </summary>
public sealed class NotEnoughTelemetryTests
{
    private static async Task<IdleDecision> DecideAsync(TelemetrySet telemetry, string? forceDryRun = null)
    {
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now)) { ForceDryRunReason = forceDryRun };
        var result = await engine.EvaluateAsync([new IdlePolicyConfig { Name = "p", Action = "deallocate", DryRun = false }], [Vm("gpu01")], telemetry);
        return Assert.Single(result.Decisions);
    }

    public static TheoryData<string> Incomplete => ["none", "stale", "partial", "gpu-missing"];

    [Theory]
    [MemberData(nameof(Incomplete))]
    public async Task Incomplete_telemetry_is_skip_not_enough_telemetry(string kind)
    {
        var telemetry = kind switch
        {
            "none" => new TelemetrySet(),
            "stale" => AllIdle("gpu01", 8, Now.AddMinutes(-20)), // newest reading 20 minutes old
            "partial" => Host("gpu01", 8, (g, ago, at) => g == 3 && ago % 3 == 0 ? null : IdleSample(at)), // GPU 3 covers 2/3 of the window
            _ => AllIdle("gpu01", 7),
        };
        var d = await DecideAsync(telemetry);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Null(d.Action);
        Assert.Equal(IdlePolicyEngine.NotEnoughTelemetry, d.Reasons[0]);
    }

    [Fact]
    public async Task A_busy_gpu_is_not_idle_even_when_another_has_gaps()
    {
        var d = await DecideAsync(Host("gpu01", 8, (g, ago, at) => g == 0 ? Busy(at) : g == 3 && ago % 3 == 0 ? null : IdleSample(at)));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Equal("not idle", d.Reasons[0]);
    }

    [Fact]
    public async Task Forced_dry_run_overrides_the_policy_and_says_why()
    {
        var acting = await DecideAsync(AllIdle("gpu01", 8));
        Assert.False(acting.DryRun);
        var forced = await DecideAsync(AllIdle("gpu01", 8), "dry-run: forced by the host");
        Assert.Equal(IdleDecisionKind.Deallocate, forced.Decision);
        Assert.True(forced.DryRun);
        Assert.Contains("dry-run: forced by the host", forced.Reasons);
        Assert.DoesNotContain(forced.Reasons, r => r.Contains("set dryRun: false", StringComparison.Ordinal));
    }
}
