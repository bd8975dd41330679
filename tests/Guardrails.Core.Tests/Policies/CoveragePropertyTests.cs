using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Configuration;
using Guardrails.Core.Policies;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using static Guardrails.Core.Tests.Policies.TelemetryFactory;

namespace Guardrails.Core.Tests.Policies;

/// <summary>
/// Property: the engine never decides to act (deallocate, mark, notify) unless, recomputed independently from the
/// raw readings, every GPU of the SKU reported a known, idle reading in at least 90% of the window's minutes,
/// no reading in the window was busy, and nothing was stamped in the future.
/// </summary>
public sealed class CoveragePropertyTests
{
    public sealed record Scenario(int Seed, int Gpus, int DropPercent, int UnknownPercent, int BusyPermille, int SkewMinutes, int StaleMinutes);

    public static class Generators
    {
        public static Arbitrary<Scenario> Scenarios() =>
            (from seed in Gen.Choose(0, int.MaxValue)
             from gpus in Gen.Choose(6, 8)
             from drop in Gen.Elements(0, 0, 2, 5, 8, 10, 12, 20, 50)
             from unknown in Gen.Elements(0, 0, 1, 5, 10)
             from busy in Gen.Elements(0, 0, 0, 1, 5, 20)
             from skew in Gen.Elements(0, 0, 0, 2, 10)
             from stale in Gen.Elements(0, 0, 0, 3, 6)
             select new Scenario(seed, gpus, drop, unknown, busy, skew, stale)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Generators)], MaxTest = 300)]
    public bool No_action_without_full_coverage_of_every_gpu(Scenario s)
    {
        var rng = new Random(s.Seed);
        var telemetry = Host("gpu01", s.Gpus, (g, ago, at) =>
        {
            if (ago < s.StaleMinutes) return null;
            if (rng.Next(100) < s.DropPercent) return null;
            var stamped = at.AddMinutes(s.SkewMinutes);
            if (rng.Next(100) < s.UnknownPercent) return new GpuReading(stamped, null, null, 100m, 81559m, 70m);
            return rng.Next(1000) < s.BusyPermille ? Busy(stamped, 5m + rng.Next(90)) : Idle(stamped);
        });
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        var policy = new IdlePolicyConfig { Name = "p", Action = "deallocate", DryRun = false };
        var decision = engine.EvaluateAsync([policy], [Vm("gpu01")], telemetry).GetAwaiter().GetResult().Decisions.Single();
        if (decision.Decision == IdleDecisionKind.Skip) return true;

        // Independent check over the raw readings.
        var host = telemetry.Find("gpu01")!;
        if (host.Gpus.Count != 8) return false; // ND96isr_H100_v5 has 8 GPUs
        foreach (var series in host.Gpus.Values)
        {
            var inWindow = series.Readings.Where(r => r.Timestamp > Now.AddMinutes(-60)).ToList();
            if (inWindow.Any(r => r.Timestamp > Now.AddMinutes(1))) return false;
            var known = inWindow.Where(r => r.Timestamp <= Now && (r.WorkPercent ?? r.UtilizationPercent) is not null && r.MemoryUsedMiB is not null).ToList();
            if (known.Select(r => (int)Math.Ceiling((r.Timestamp - Now.AddMinutes(-60)).TotalMinutes)).Distinct().Count() < 54) return false;
            if (known.Any(r => (r.WorkPercent ?? r.UtilizationPercent) >= 5m || r.MemoryUsedMiB * 100m >= 10m * r.MemoryTotalMiB)) return false;
            if (Now - known.Max(r => r.Timestamp) > TimeSpan.FromMinutes(5)) return false;
        }
        return true;
    }

    [Fact]
    public void The_property_can_find_acting_scenarios()
    {
        // Guard against a vacuous property: clean scenarios do act.
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        var policy = new IdlePolicyConfig { Name = "p", Action = "deallocate", DryRun = false };
        var d = engine.EvaluateAsync([policy], [Vm("gpu01")], AllIdle("gpu01", 8)).GetAwaiter().GetResult().Decisions.Single();
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
    }
}
