using Guardrails.Core.Idle;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// Turns a VM's hourly GPU rollups (the same rollups the idle collector stores) into the evidence of
/// <see cref="GpuUsageEvidence"/>. Coverage follows the idle rule's slots (a slot is known when both the work signal and
/// the memory reading are known), measured over the time the VM <b>ran</b>, not the wall-clock window: a deallocated
/// VM's nights are not missing telemetry. Running time is the hours with readings (any reading, even an unknown one;
/// gaps of up to <see cref="MaxRunningGapHours"/> hours between them count as running, with nothing known), or the
/// hours billed in the ledger when those are more. Each GPU's coverage is its known slots over the running slots; the
/// machine's is the lowest, and 0 when fewer GPUs report than the size has.
/// </summary>
public static class GpuUsageProfile
{
    public const decimal HoursPerMonth = 730m;

    /// <summary>A gap in the readings this short (hours) between two hours with readings counts as running: a restart is rarer than a dropped exporter.</summary>
    public const int MaxRunningGapHours = 2;

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
        var (runningHours, telemetrySlots) = Running(inWindow, slotsPerHour);
        var billedSlots = billedHours is { } b ? (long)Math.Round(b * slotsPerHour) : 0L;
        var runningSlots = Math.Min(windowSlots, Math.Max(telemetrySlots, billedSlots));
        var coverage = runningSlots == 0 ? 0m : LowestCoverage(byGpu, expectedGpus, runningSlots);
        var windowCoverage = LowestCoverage(byGpu, expectedGpus, windowSlots);
        var used = UsedGpuHours(byGpu, c);
        var usedGpus = used.Select(r => r.GpuId).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        var running = Math.Max(runningHours, billedSlots > telemetrySlots ? (int)Math.Round(billedHours!.Value) : 0);
        var busy = inWindow.Where(r => r.AvgWorkPercent >= c.GpuWorkBusyPercent).Select(r => r.Hour).Distinct().Count();
        var memory = used.Where(r => r.MaxMemoryPercent is not null).Select(r => r.MaxMemoryPercent!.Value * memoryPerGpuGiB / 100m).ToList();
        var work = used.Where(r => r.AvgWorkPercent is not null && r.KnownSlots > 0).ToList();
        // Rounded up, never to the nearest: a size is chosen by the requirement, and a requirement rounded down (14.16 GiB
        // + 13 % = 16.0008 shown as 16.00) would pick a 16 GiB GPU the peak does not fit in.
        var peak = memory.Count == 0 ? (decimal?)null : UpToCents(memory.Max());
        var hours = billedHours ?? running;
        return new GpuUsageEvidence
        {
            WindowStart = start,
            WindowEnd = end,
            WindowDays = Math.Round((decimal)c.Window.TotalDays, 2),
            CoveragePercent = coverage,
            WindowCoveragePercent = windowCoverage,
            CoverageBasis = billedSlots > telemetrySlots ? "hours billed in the ledger" : "hours with readings",
            MinCoveragePercent = c.MinCoveragePercent,
            Gpus = expectedGpus,
            GpusReporting = byGpu.Count,
            GpusUsed = usedGpus,
            MeanWorkPercent = MeanWork(work),
            P95WorkPercent = Percentile95(work.Select(r => r.AvgWorkPercent!.Value)),
            PeakWorkPercent = used.Max(r => r.MaxWorkPercent),
            PeakMemoryGiB = peak,
            P95MemoryGiB = Percentile95(memory) is { } p ? Math.Round(p, 2) : null,
            RequiredMemoryGiB = peak is { } pk ? UpToCents(pk * (1m + c.HeadroomPercent / 100m)) : null,
            TensorActivePercent = TensorActivity(used, c),
            RunningHours = running,
            BusyHours = busy,
            BusyPercent = running == 0 ? 0m : Math.Round(busy * 100m / running, 1),
            MonthlyHours = Math.Round(hours * HoursPerMonth / (decimal)c.Window.TotalHours, 1),
            HoursBasis = billedHours is null ? "hours with telemetry in the window" : "hours billed in the ledger in the window",
        };
    }

    /// <summary>Rounded up to two decimals (GiB): 16.0008 → 16.01.</summary>
    private static decimal UpToCents(decimal value) => Math.Ceiling(value * 100m) * 0.01m; // × 0.01 keeps two decimals (75.20)

    /// <summary>The machine's coverage: its least covered GPU's known slots over <paramref name="slots"/>; 0 when fewer GPUs report than it has.</summary>
    private static decimal LowestCoverage(List<IGrouping<string, GpuHourlyRollup>> byGpu, int expectedGpus, long slots) =>
        byGpu.Count == 0 || byGpu.Count < expectedGpus ? 0m
            : byGpu.Min(g => Math.Round(Math.Min(100m, g.Sum(r => (long)r.KnownSlots) * 100m / slots), 1));

    /// <summary>The hours of the GPUs that did work or held memory at least once in the window.</summary>
    private static List<GpuHourlyRollup> UsedGpuHours(List<IGrouping<string, GpuHourlyRollup>> byGpu, RightSizingCriteria c) =>
        byGpu.Where(g => g.Any(r => r.MaxWorkPercent >= c.GpuWorkBusyPercent || r.MaxMemoryPercent >= c.GpuMemoryInUsePercent))
            .SelectMany(g => g).ToList();

    /// <summary>Mean work weighted by each hour's known slots; null when no hour's work is known.</summary>
    private static decimal? MeanWork(List<GpuHourlyRollup> work) => work.Count == 0 ? null
        : Math.Round(work.Sum(r => r.AvgWorkPercent!.Value * r.KnownSlots) / work.Sum(r => (decimal)r.KnownSlots), 1);

    /// <summary>Tensor-pipe activity while working (busy hours), else over every hour that has it; null when the exporter has none.</summary>
    private static decimal? TensorActivity(List<GpuHourlyRollup> used, RightSizingCriteria c)
    {
        var tensor = used.Where(r => r.AvgTensorActivePercent is not null).ToList();
        var tensorBusy = tensor.Where(r => r.AvgWorkPercent >= c.GpuWorkBusyPercent).ToList();
        if (tensorBusy.Count > 0) tensor = tensorBusy;
        return tensor.Count == 0 ? null : Math.Round(tensor.Average(r => r.AvgTensorActivePercent!.Value), 1);
    }

    /// <summary>
    /// Hours the VM ran and their slots: every hour with a reading of any GPU, plus gaps of at most
    /// <see cref="MaxRunningGapHours"/> between such hours. Hours inside a run count all their slots; the first and last
    /// hour of a run (a start or stop within the hour) count the slots that had a reading.
    /// </summary>
    private static (int Hours, long Slots) Running(List<GpuHourlyRollup> rollups, int slotsPerHour)
    {
        var sampled = rollups.Where(r => r.Samples > 0).GroupBy(r => r.Hour)
            .ToDictionary(g => g.Key, g => g.Max(r => Math.Min(r.Samples, slotsPerHour)));
        var hours = sampled.Keys.Order().ToList();
        var running = new HashSet<DateTimeOffset>(hours);
        for (var i = 1; i < hours.Count; i++)
        {
            var gap = (int)(hours[i] - hours[i - 1]).TotalHours - 1;
            if (gap is > 0 and <= MaxRunningGapHours)
                for (var h = 1; h <= gap; h++) running.Add(hours[i - 1].AddHours(h));
        }
        long slots = 0;
        foreach (var hour in running)
        {
            var edge = !running.Contains(hour.AddHours(-1)) || !running.Contains(hour.AddHours(1));
            slots += edge ? sampled.GetValueOrDefault(hour) : slotsPerHour;
        }
        return (running.Count, slots);
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
