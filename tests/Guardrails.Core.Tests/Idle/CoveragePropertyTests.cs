using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Idle;

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
            return rng.Next(1000) < s.BusyPermille ? Busy(stamped, 5m + rng.Next(90)) : IdleSample(stamped);
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

    /// <summary>An estate with random gaps and ambiguities: namesakes, unknown sizes, out-of-range readings, unknown power.</summary>
    public sealed record Estate(int Seed, int Machines, int NamesakePercent, int UnknownSizePercent, bool Declared, int UnknownPowerPercent,
        int DropPercent, int OutOfRangePercent, int ReportingGpus);

    public static class EstateGenerators
    {
        public static Arbitrary<Estate> Estates() =>
            (from seed in Gen.Choose(0, int.MaxValue)
             from machines in Gen.Choose(1, 4)
             from namesake in Gen.Elements(0, 0, 30, 100)
             from unknownSize in Gen.Elements(0, 0, 30, 100)
             from declared in Gen.Elements(false, false, true)
             from unknownPower in Gen.Elements(0, 0, 30)
             from drop in Gen.Elements(0, 0, 5, 12)
             from outOfRange in Gen.Elements(0, 0, 1, 5, 15, 100)
             from reporting in Gen.Elements(8, 8, 8, 4, 1)
             select new Estate(seed, machines, namesake, unknownSize, declared, unknownPower, drop, outOfRange, reporting)).ToArbitrary();
    }

    private const string UnknownSize = "Standard_NX999_Future_v9";

    [Property(Arbitrary = [typeof(EstateGenerators)], MaxTest = 300)]
    public bool Random_gaps_and_ambiguities_never_produce_an_act_decision(Estate e)
    {
        var rng = new Random(e.Seed);
        var machines = new List<Guardrails.Core.Actions.ComputeMachine>();
        var telemetry = new TelemetrySet();
        for (var i = 0; i < e.Machines; i++)
        {
            // A namesake: same VM name as the machine before it, in another resource group (one host file for both).
            var name = i > 0 && rng.Next(100) < e.NamesakePercent ? machines[i - 1].Name : $"gpu{i:00}";
            var size = rng.Next(100) < e.UnknownSizePercent ? UnknownSize : "Standard_ND96isr_H100_v5";
            var power = rng.Next(100) < e.UnknownPowerPercent ? Guardrails.Core.Actions.MachinePowerState.Unknown : Guardrails.Core.Actions.MachinePowerState.Running;
            machines.Add(Vm(name, size: size, power: power, rg: $"rg-{i}"));
            if (telemetry.Find(name) is not null) continue;
            telemetry.Merge(Host(name, e.ReportingGpus, (g, ago, at) =>
            {
                if (rng.Next(100) < e.DropPercent) return null;
                if (rng.Next(100) < e.OutOfRangePercent)
                    return rng.Next(4) switch
                    {
                        0 => new GpuReading(at, -rng.Next(1, 50), -1m, 300m, 81559m, 70m),
                        1 => new GpuReading(at, 100m + rng.Next(1, 900), 0m, 300m, 81559m, 70m),
                        2 => new GpuReading(at, null, -0.01m, 300m, 81559m, 70m),
                        _ => new GpuReading(at, 0.1m, 0m, 90000m, 81559m, 70m),
                    };
                return IdleSample(at);
            }));
        }
        var declared = e.Declared ? new Dictionary<string, decimal> { [UnknownSize] = 8m } : null;
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        var policy = new IdlePolicyConfig { Name = "p", Action = "deallocate", DryRun = false };
        var decisions = engine.EvaluateAsync([policy], machines, telemetry, declared).GetAwaiter().GetResult().Decisions;

        foreach (var d in decisions.Where(d => d.Decision != IdleDecisionKind.Skip))
        {
            var m = d.Machine;
            if (m.PowerState != Guardrails.Core.Actions.MachinePowerState.Running) return false;
            if (machines.Count(x => string.Equals(x.Name, m.Name, StringComparison.OrdinalIgnoreCase)) > 1) return false;
            if (m.VmSize == UnknownSize && declared is null) return false;
            // Independent recount: 8 GPUs, each with ≥ 54 of 60 minutes known and in range.
            var host = telemetry.Find(m.Name)!;
            if (host.Gpus.Count != 8) return false;
            foreach (var series in host.Gpus.Values)
            {
                var inRange = series.Readings.Where(r => r.Timestamp > Now.AddMinutes(-60) && r.Timestamp <= Now &&
                    (r.WorkPercent ?? r.UtilizationPercent) is >= 0m and <= 100m &&
                    (r.WorkPercent is null || r.WorkPercent is >= 0m and <= 100m) && (r.UtilizationPercent is null || r.UtilizationPercent is >= 0m and <= 100m) &&
                    r.MemoryUsedMiB is >= 0m && r.MemoryUsedMiB <= r.MemoryTotalMiB).ToList();
                if (inRange.Count < 54) return false;
            }
        }
        return true;
    }

    [Fact]
    public void The_estate_property_can_find_acting_scenarios()
    {
        // Guard against a vacuous property: an unambiguous, known, fully reporting machine does act.
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        var policy = new IdlePolicyConfig { Name = "p", Action = "deallocate", DryRun = false };
        var d = engine.EvaluateAsync([policy], [Vm("gpu00", size: UnknownSize)], AllIdle("gpu00", 8), new Dictionary<string, decimal> { [UnknownSize] = 8m })
            .GetAwaiter().GetResult().Decisions.Single();
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
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
