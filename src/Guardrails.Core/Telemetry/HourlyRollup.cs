
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
        var readings = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(series.Readings);
        var i = 0;
        while (i < readings.Length && readings[i].Timestamp < firstHour) i++;
        var sums = new HourSums(c);
        for (var hour = firstHour; hour < to; hour = hour.AddHours(1))
        {
            var end = hour.AddHours(1);
            sums.Reset();
            for (; i < readings.Length && readings[i].Timestamp < end; i++) sums.Add(readings[i], hour);
            if (sums.Samples == 0) continue;
            result.Add(sums.ToRollup(series, hour));
        }
        return result;
    }

    /// <summary>One hour's readings of one GPU: averages and maxima of work, memory and power, and which sample slots are
    /// known and busy (a slot is idle when it is known and not busy).</summary>
    private sealed class HourSums(IdleCriteria c)
    {
        private readonly long _slotTicks = c.SampleInterval.Ticks;
        private readonly bool[] _known = new bool[(int)(TimeSpan.TicksPerHour / c.SampleInterval.Ticks)];
        private readonly bool[] _busy = new bool[(int)(TimeSpan.TicksPerHour / c.SampleInterval.Ticks)];
        private int _workN, _memN, _powN, _tensorN;
        private decimal _workSum, _memUsedSum, _memTotalSum, _powSum, _memMaxTotal = 1m, _tensorSum;
        private decimal? _workMax, _memMaxUsed, _powMax;

        public int Samples { get; private set; }

        public void Reset()
        {
            Array.Clear(_known);
            Array.Clear(_busy);
            Samples = _workN = _memN = _powN = _tensorN = 0;
            _workSum = _memUsedSum = _memTotalSum = _powSum = _tensorSum = 0;
            _memMaxTotal = 1m;
            _workMax = _memMaxUsed = _powMax = null;
        }

        public void Add(in GpuReading r, DateTimeOffset hour)
        {
            Samples++;
            var slot = (int)((r.Timestamp - hour).Ticks / _slotTicks);
            if (r.HasOutOfRangeValue) return; // unknown: neither averaged nor an idle minute (as in the idle rule)
            var work = c.WorkSignal switch
            {
                WorkSignalMode.Profiling => r.WorkPercent,
                WorkSignalMode.Utilization => r.UtilizationPercent,
                _ => r.WorkPercent ?? r.UtilizationPercent,
            };
            if (work is { } w) { _workSum += w; _workN++; if (_workMax is null || w > _workMax) _workMax = w; }
            // No per-reading division (the hot path): used/total ratios are compared by cross-multiplication,
            // and the average is Σused / Σtotal (exact while the GPU's memory total is constant).
            var memKnown = r.MemoryUsedMiB is { } u && r.MemoryTotalMiB is { } t && t > 0;
            if (memKnown)
            {
                _memUsedSum += r.MemoryUsedMiB!.Value; _memTotalSum += r.MemoryTotalMiB!.Value; _memN++;
                if (_memMaxUsed is null || r.MemoryUsedMiB!.Value * _memMaxTotal > _memMaxUsed.Value * r.MemoryTotalMiB!.Value)
                {
                    _memMaxUsed = r.MemoryUsedMiB; _memMaxTotal = r.MemoryTotalMiB!.Value;
                }
            }
            if (r.PowerWatts is { } p) { _powSum += p; _powN++; if (_powMax is null || p > _powMax) _powMax = p; }
            if (r.TensorActivePercent is { } te and >= 0m and <= 100m) { _tensorSum += te; _tensorN++; }
            if (work is null || !memKnown) return;
            _known[slot] = true;
            if (work >= c.GpuWorkBelowPercent || r.MemoryUsedMiB!.Value * 100m >= c.GpuMemoryBelowPercent * r.MemoryTotalMiB!.Value) _busy[slot] = true;
        }

        public GpuHourlyRollup ToRollup(GpuSeries series, DateTimeOffset hour)
        {
            int knownCount = 0, idleCount = 0;
            for (var s = 0; s < _known.Length; s++)
            {
                if (!_known[s]) continue;
                knownCount++;
                if (!_busy[s]) idleCount++;
            }

            return new GpuHourlyRollup
            {
                Host = series.Host,
                GpuId = series.GpuId,
                Model = series.Model,
                Hour = hour,
                Samples = Samples,
                KnownSlots = knownCount,
                Slots = _known.Length,
                CoveragePercent = Math.Round(knownCount * 100m / _known.Length, 1),
                AvgWorkPercent = _workN == 0 ? null : Math.Round(_workSum / _workN, 2),
                MaxWorkPercent = _workMax,
                AvgMemoryPercent = _memN == 0 ? null : Math.Round(_memUsedSum * 100m / _memTotalSum, 2),
                MaxMemoryPercent = _memMaxUsed is { } mm ? Math.Round(mm * 100m / _memMaxTotal, 2) : null,
                AvgPowerWatts = _powN == 0 ? null : Math.Round(_powSum / _powN, 2),
                MaxPowerWatts = _powMax,
                AvgTensorActivePercent = _tensorN == 0 ? null : Math.Round(_tensorSum / _tensorN, 2),
                IdleMinutes = idleCount * (decimal)c.SampleInterval.TotalMinutes,
            };
        }
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
