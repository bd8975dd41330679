
namespace Guardrails.Core.Telemetry;

/// <summary>
/// One hour of one GPU: averages and maxima of the known readings, sample count, coverage (share of the hour's
/// sampling slots with a known reading) and idle minutes (known slots whose readings were all below the thresholds).
/// </summary>
public sealed record GpuHourlyRollup
{
    public required string Host { get; init; }
    public required string GpuId { get; init; }
    public string? Model { get; init; }
    public required DateTimeOffset Hour { get; init; }
    public int Samples { get; init; }
    public int KnownSlots { get; init; }
    public int Slots { get; init; }
    public decimal CoveragePercent { get; init; }
    public decimal? AvgWorkPercent { get; init; }
    public decimal? MaxWorkPercent { get; init; }
    public decimal? AvgMemoryPercent { get; init; }
    public decimal? MaxMemoryPercent { get; init; }
    public decimal? AvgPowerWatts { get; init; }
    public decimal? MaxPowerWatts { get; init; }
    /// <summary>Mean tensor-pipe activity (DCGM PIPE_TENSOR_ACTIVE) of the hour's readings, %; null when the exporter has none.</summary>
    public decimal? AvgTensorActivePercent { get; init; }
    /// <summary>Minutes (slots × interval) in which the GPU was known to be idle. Unknown minutes are never idle.</summary>
    public decimal IdleMinutes { get; init; }
}

public static class TelemetryRollup
{
    /// <summary>Rolls up the readings of [from, to) into whole UTC hours.</summary>
    public static List<GpuHourlyRollup> Hourly(GpuSeries series, DateTimeOffset from, DateTimeOffset to, IdleCriteria c)
    {
        var result = new List<GpuHourlyRollup>();
        var firstHour = new DateTimeOffset(from.UtcDateTime.Date.AddHours(from.UtcDateTime.Hour), TimeSpan.Zero);
        var slotTicks = c.SampleInterval.Ticks;
        var slotsPerHour = (int)(TimeSpan.TicksPerHour / slotTicks);
        var readings = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(series.Readings);
        var i = 0;
        while (i < readings.Length && readings[i].Timestamp < firstHour) i++;
        var known = new bool[slotsPerHour];
        var busy = new bool[slotsPerHour];
        for (var hour = firstHour; hour < to; hour = hour.AddHours(1))
        {
            var end = hour.AddHours(1);
            Array.Clear(known);
            Array.Clear(busy);
            int samples = 0, workN = 0, memN = 0, powN = 0, tensorN = 0;
            decimal workSum = 0, memUsedSum = 0, memTotalSum = 0, powSum = 0, memMaxTotal = 1m, tensorSum = 0;
            decimal? workMax = null, memMaxUsed = null, powMax = null;
            for (; i < readings.Length && readings[i].Timestamp < end; i++)
            {
                ref readonly var r = ref readings[i];
                samples++;
                var slot = (int)((r.Timestamp - hour).Ticks / slotTicks);
                if (r.HasOutOfRangeValue) continue; // unknown: neither averaged nor an idle minute (as in the idle rule)
                var work = c.WorkSignal switch
                {
                    WorkSignalMode.Profiling => r.WorkPercent,
                    WorkSignalMode.Utilization => r.UtilizationPercent,
                    _ => r.WorkPercent ?? r.UtilizationPercent,
                };
                if (work is { } w) { workSum += w; workN++; if (workMax is null || w > workMax) workMax = w; }
                // No per-reading division (the hot path): used/total ratios are compared by cross-multiplication,
                // and the average is Σused / Σtotal (exact while the GPU's memory total is constant).
                var memKnown = r.MemoryUsedMiB is { } u && r.MemoryTotalMiB is { } t && t > 0;
                if (memKnown)
                {
                    memUsedSum += r.MemoryUsedMiB!.Value; memTotalSum += r.MemoryTotalMiB!.Value; memN++;
                    if (memMaxUsed is null || r.MemoryUsedMiB!.Value * memMaxTotal > memMaxUsed.Value * r.MemoryTotalMiB!.Value)
                    {
                        memMaxUsed = r.MemoryUsedMiB; memMaxTotal = r.MemoryTotalMiB!.Value;
                    }
                }
                if (r.PowerWatts is { } p) { powSum += p; powN++; if (powMax is null || p > powMax) powMax = p; }
                if (r.TensorActivePercent is { } te and >= 0m and <= 100m) { tensorSum += te; tensorN++; }
                if (work is null || !memKnown) continue;
                known[slot] = true;
                if (work >= c.GpuWorkBelowPercent || r.MemoryUsedMiB!.Value * 100m >= c.GpuMemoryBelowPercent * r.MemoryTotalMiB!.Value) busy[slot] = true;
            }
            int knownCount = 0, idleCount = 0;
            for (var s = 0; s < slotsPerHour; s++)
            {
                if (!known[s]) continue;
                knownCount++;
                if (!busy[s]) idleCount++;
            }
            if (samples == 0) continue;
            result.Add(new GpuHourlyRollup
            {
                Host = series.Host,
                GpuId = series.GpuId,
                Model = series.Model,
                Hour = hour,
                Samples = samples,
                KnownSlots = knownCount,
                Slots = slotsPerHour,
                CoveragePercent = Math.Round(knownCount * 100m / slotsPerHour, 1),
                AvgWorkPercent = workN == 0 ? null : Math.Round(workSum / workN, 2),
                MaxWorkPercent = workMax,
                AvgMemoryPercent = memN == 0 ? null : Math.Round(memUsedSum * 100m / memTotalSum, 2),
                MaxMemoryPercent = memMaxUsed is { } mm ? Math.Round(mm * 100m / memMaxTotal, 2) : null,
                AvgPowerWatts = powN == 0 ? null : Math.Round(powSum / powN, 2),
                MaxPowerWatts = powMax,
                AvgTensorActivePercent = tensorN == 0 ? null : Math.Round(tensorSum / tensorN, 2),
                IdleMinutes = idleCount * (decimal)c.SampleInterval.TotalMinutes,
            });
        }
        return result;
    }
}

/// <summary>Where hourly rollups are kept (Table Storage with retention in Azure).</summary>
public interface IRollupStore
{
    Task UpsertAsync(IReadOnlyList<GpuHourlyRollup> rollups, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<GpuHourlyRollup>> GetAsync(string host, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
    /// <summary>Deletes rollups older than <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}

/// <summary>A source of telemetry for a time range (Prometheus, Azure Monitor, pushed nvidia-smi files).</summary>
public interface ITelemetrySource
{
    Task<TelemetrySet> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
