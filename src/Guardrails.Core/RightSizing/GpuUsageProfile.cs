using Guardrails.Core.Idle;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// Turns a VM's hourly GPU rollups (the same rollups the idle collector stores) into the evidence of
/// <see cref="GpuUsageEvidence"/>. Coverage follows the idle rule: a slot is known when both the work signal and the
/// memory reading are known; each GPU's coverage is its known slots over the window's slots; the machine's is the
/// lowest, and 0 when fewer GPUs report than the size has.
/// </summary>
public static class GpuUsageProfile
{
    public const decimal HoursPerMonth = 730m;

    /// <summary>Hourly rollups of every GPU of <paramref name="host"/> over [start, end), as the collector computes them.</summary>
    public static List<GpuHourlyRollup> Rollups(HostTelemetry? host, RightSizingCriteria criteria, DateTimeOffset start, DateTimeOffset end)
    {
        var list = new List<GpuHourlyRollup>();
        if (host is null) return list;
        var idle = criteria.RollupCriteria;
        foreach (var series in host.Gpus.Values) list.AddRange(TelemetryRollup.Hourly(series, start, end, idle));
        return list;
    }

    public static GpuUsageEvidence Build(IReadOnlyList<GpuHourlyRollup> rollups, int expectedGpus, decimal memoryPerGpuGiB,
        RightSizingCriteria c, DateTimeOffset end, decimal? billedHours)
    {
        var start = end - c.Window;
        var inWindow = rollups.Where(r => r.Hour >= start && r.Hour < end).ToList();
        var byGpu = inWindow.GroupBy(r => r.GpuId, StringComparer.OrdinalIgnoreCase).ToList();
        var slotsPerHour = (int)(TimeSpan.TicksPerHour / c.SampleInterval.Ticks);
        var windowSlots = (long)Math.Round((decimal)c.Window.TotalHours) * slotsPerHour;
        var coverage = byGpu.Count == 0 || byGpu.Count < expectedGpus ? 0m
            : byGpu.Min(g => Math.Round(Math.Min(100m, g.Sum(r => (long)r.KnownSlots) * 100m / windowSlots), 1));
        var used = byGpu.Where(g => g.Any(r => r.MaxWorkPercent >= c.GpuWorkBusyPercent || r.MaxMemoryPercent >= c.GpuMemoryInUsePercent))
            .SelectMany(g => g).ToList();
        var usedGpus = used.Select(r => r.GpuId).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var running = inWindow.Where(r => r.KnownSlots > 0).Select(r => r.Hour).Distinct().Count();
        var busy = inWindow.Where(r => r.AvgWorkPercent >= c.GpuWorkBusyPercent).Select(r => r.Hour).Distinct().Count();
        var memory = used.Where(r => r.MaxMemoryPercent is not null).Select(r => r.MaxMemoryPercent!.Value * memoryPerGpuGiB / 100m).ToList();
        var work = used.Where(r => r.AvgWorkPercent is not null && r.KnownSlots > 0).ToList();
        var peak = memory.Count == 0 ? (decimal?)null : Math.Round(memory.Max(), 2);
        var hours = billedHours ?? running;
        return new GpuUsageEvidence
        {
            WindowStart = start,
            WindowEnd = end,
            WindowDays = Math.Round((decimal)c.Window.TotalDays, 2),
            CoveragePercent = coverage,
            MinCoveragePercent = c.MinCoveragePercent,
            Gpus = expectedGpus,
            GpusReporting = byGpu.Count,
            GpusUsed = usedGpus,
            MeanWorkPercent = work.Count == 0 ? null
                : Math.Round(work.Sum(r => r.AvgWorkPercent!.Value * r.KnownSlots) / work.Sum(r => (decimal)r.KnownSlots), 1),
            P95WorkPercent = Percentile95(work.Select(r => r.AvgWorkPercent!.Value)),
            PeakWorkPercent = used.Max(r => r.MaxWorkPercent),
            PeakMemoryGiB = peak,
            P95MemoryGiB = Percentile95(memory) is { } p ? Math.Round(p, 2) : null,
            RequiredMemoryGiB = peak is { } pk ? Math.Round(pk * (1m + c.HeadroomPercent / 100m), 2) : null,
            RunningHours = running,
            BusyHours = busy,
            BusyPercent = running == 0 ? 0m : Math.Round(busy * 100m / running, 1),
            MonthlyHours = Math.Round(hours * HoursPerMonth / (decimal)c.Window.TotalHours, 1),
            HoursBasis = billedHours is null ? "hours with telemetry in the window" : "hours billed in the ledger in the window",
        };
    }

    /// <summary>The nearest-rank 95th percentile, or null for no values.</summary>
    public static decimal? Percentile95(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return null;
        var rank = (int)Math.Ceiling(0.95m * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
