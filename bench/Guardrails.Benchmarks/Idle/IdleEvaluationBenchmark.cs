using System.Diagnostics;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Benchmarks.Idle;

/// <summary>
/// `idle --vms 10000 --gpus 1 --hours 24`: evaluates the idle policy (60-minute window, coverage rule) for every VM and
/// rolls 24 hours of 1-minute samples per GPU up into hourly rollups (the idle-cost input). The telemetry is
/// generated in memory first (not timed): 64 distinct series patterns (idle, busy, gaps, bursts, unknown values)
/// shared by the VMs, so memory stays small while every VM's samples are walked.
/// </summary>
internal static class IdleEvaluationBenchmark
{
    public static async Task<int> RunAsync(Args options)
    {
        var vms = options.GetInt("vms", 10_000);
        var gpus = options.GetInt("gpus", 1);
        var hours = options.GetInt("hours", 24);
        var now = new DateTimeOffset(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
        var size = gpus == 8 ? "Standard_ND96isr_H100_v5" : "Standard_NC24ads_A100_v4";
        if (gpus != 1 && gpus != 8) throw new ArgumentException("--gpus must be 1 or 8");

        var patterns = Enumerable.Range(0, 64).Select(p => Pattern(p, hours, now)).ToArray();
        var telemetry = new TelemetrySet();
        var machines = new List<ComputeMachine>(vms);
        for (var v = 0; v < vms; v++)
        {
            var name = $"vm{v:D5}";
            var host = telemetry.GetOrAdd(name);
            for (var g = 0; g < gpus; g++)
                host.Gpus[g.ToString(System.Globalization.CultureInfo.InvariantCulture)] = patterns[(v * 7 + g) % patterns.Length];
            machines.Add(new ComputeMachine
            {
                ResourceId = $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/bench/providers/Microsoft.Compute/virtualMachines/{name}",
                Name = name,
                SubscriptionId = "00000000-0000-0000-0000-000000000001",
                ResourceGroup = "bench",
                Location = "eastus",
                VmSize = size,
                PowerState = MachinePowerState.Running,
                ComputerName = name,
            });
        }
        var samples = (long)vms * gpus * hours * 60;
        var policy = new IdlePolicyConfig { Name = "bench", Action = "deallocate", MaxActionsPerRun = int.MaxValue };
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, SnapshotPriceCatalog.Default, new FixedTime(now));
        var criteria = new IdleCriteria();

        // Warm-up (JIT) on a slice, then the measured run.
        await engine.EvaluateAsync([policy], machines.Take(200).ToList(), telemetry);
        var sw = Stopwatch.StartNew();
        var result = await engine.EvaluateAsync([policy], machines, telemetry);
        var evaluate = sw.Elapsed;
        sw.Restart();
        long rollups = 0;
        decimal idleMinutes = 0;
        foreach (var host in telemetry.Hosts.Values)
            foreach (var series in host.Gpus.Values)
                foreach (var r in TelemetryRollup.Hourly(series, now.AddHours(-hours), now, criteria))
                {
                    rollups++;
                    idleMinutes += r.IdleMinutes;
                }
        var rollup = sw.Elapsed;
        var acting = result.Decisions.Count(d => d.Decision != IdleDecisionKind.Skip);
        Console.WriteLine($"idle: {vms:N0} VMs × {gpus} GPU(s) × {hours} h of 1-minute samples = {samples:N0} samples");
        Console.WriteLine($"  policy evaluation (60-min window, coverage rule): {evaluate.TotalSeconds:0.000} s  ({acting:N0} idle, {vms - acting:N0} skipped)");
        Console.WriteLine($"  hourly rollups over {hours} h:                      {rollup.TotalSeconds:0.000} s  ({rollups:N0} rollups, {idleMinutes / 60m:N0} idle GPU-hours)");
        Console.WriteLine($"  total:                                          {(evaluate + rollup).TotalSeconds:0.000} s");
        return 0;
    }

    private static GpuSeries Pattern(int p, int hours, DateTimeOffset now)
    {
        var series = new GpuSeries("pattern", p.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Model = "bench" };
        var minutes = hours * 60;
        for (var i = minutes - 1; i >= 0; i--)
        {
            var at = now.AddMinutes(-i).AddSeconds(p % 7);
            if (p % 8 == 3 && i % 13 == 0) continue; // gaps
            decimal? work = (p % 4) switch
            {
                0 => 0.1m,                               // idle
                1 => 85m + (i % 10),                     // busy
                2 => i % 30 == 5 ? 70m : 0.3m,           // bursty
                _ => i > 300 ? 60m : 0.2m,               // went idle 5 h ago
            };
            if (p % 16 == 15 && i % 97 == 0) work = null; // unknown readings
            series.Readings.Add(new GpuReading(at, work, work is null ? null : Math.Min(100m, work.Value * 1.1m), 500m, 81920m, 70m));
        }
        return series;
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
