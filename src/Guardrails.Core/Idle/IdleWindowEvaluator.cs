using Guardrails.Core.Configuration;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Idle;

/// <summary>What one GPU did in the window.</summary>
public sealed record GpuWindowResult
{
    public required string GpuId { get; init; }
    public string? Model { get; init; }
    public int Slots { get; init; }
    public int KnownSlots { get; init; }
    /// <summary>Share of the window's slots with a known work signal and memory reading, 0–100.</summary>
    public decimal CoveragePercent { get; init; }
    public decimal? MaxWorkPercent { get; init; }
    public decimal? MaxMemoryPercent { get; init; }
    public int Samples { get; init; }
    public int FutureSamples { get; init; }
    /// <summary>Readings with a value out of range (negative, above 100 %, memory used beyond the total): unknown, not readings.</summary>
    public int OutOfRangeSamples { get; init; }
    public DateTimeOffset? LastSample { get; init; }
    /// <summary>"profiling" (GR/SM_ACTIVE), "utilization" (fallback), "mixed" or "none".</summary>
    public string Signal { get; init; } = "none";
    /// <summary>Minutes since the last busy reading (up to the newest known reading), within the window.</summary>
    public int IdleMinutes { get; init; }
    public bool Busy { get; init; }
    public bool Stale { get; init; }
}

/// <summary>The machine-level verdict: idle only if every GPU (and CPU/network when configured) is idle and covered.</summary>
public sealed record MachineWindowResult
{
    public required bool Idle { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required IReadOnlyList<GpuWindowResult> Gpus { get; init; }
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public int ExpectedGpus { get; init; }
    /// <summary>The lowest GPU coverage (0 when a GPU reports nothing), 0–100.</summary>
    public decimal CoveragePercent { get; init; }
    public int IdleMinutes { get; init; }
    public decimal? MaxCpuPercent { get; init; }
    public decimal? MaxNetworkMbps { get; init; }
    /// <summary>
    /// True when the GPU telemetry is missing, partial (fewer GPUs, low coverage, no known readings), stale or skewed:
    /// the verdict is "not enough telemetry", which is never idle.
    /// </summary>
    public bool TelemetryIncomplete { get; init; }
}

/// <summary>
/// The idle test for one machine over one window. Safety first: missing, stale, partial or unknown data means NOT
/// idle — a GPU with no readings, fewer GPUs reporting than the SKU has, coverage below the minimum on any GPU, a
/// newest reading older than the staleness limit, or readings ahead of the clock (skew) all keep the machine busy.
/// The condition is evaluated on every reading (maximum, not average) so bursty jobs are never averaged away.
/// </summary>
public static class IdleWindowEvaluator
{
    public static MachineWindowResult Evaluate(HostTelemetry? host, int expectedGpus, IdleCriteria c, DateTimeOffset now)
    {
        var start = now - c.Window;
        var reasons = new List<string>();
        var gpus = new List<GpuWindowResult>();
        if (host is null || host.Gpus.Count == 0) return NoTelemetry(start, now, expectedGpus);
        foreach (var series in host.Gpus.Values.OrderBy(g => g.GpuId, GpuIdComparer.Instance))
            gpus.Add(EvaluateGpu(series, c, start, now));

        var idle = true;
        var incomplete = false;
        if (expectedGpus > 0 && gpus.Count < expectedGpus)
        {
            idle = false;
            incomplete = true;
            reasons.Add($"only {gpus.Count} of {expectedGpus} GPUs report telemetry: not idle");
        }
        foreach (var g in gpus) JudgeGpu(g, c, now, reasons, ref idle, ref incomplete);

        decimal? maxCpu = null, maxNet = null;
        if (c.CpuBelowPercent is not null || c.NetworkBelowMbps is not null)
            idle &= EvaluateHost(host, c, start, now, reasons, out maxCpu, out maxNet);

        var coverage = gpus.Count == 0 ? 0m : gpus.Min(g => g.CoveragePercent);
        if (expectedGpus > gpus.Count) coverage = 0m;
        var idleMinutes = gpus.Count == 0 || expectedGpus > gpus.Count ? 0 : gpus.Min(g => g.IdleMinutes);
        if (idle) reasons.Insert(0, IdleSummary(gpus, expectedGpus, c, coverage));
        return new MachineWindowResult
        {
            Idle = idle,
            Reasons = reasons,
            Gpus = gpus,
            WindowStart = start,
            WindowEnd = now,
            ExpectedGpus = expectedGpus,
            CoveragePercent = coverage,
            IdleMinutes = idleMinutes,
            MaxCpuPercent = maxCpu,
            MaxNetworkMbps = maxNet,
            TelemetryIncomplete = incomplete,
        };
    }

    /// <summary>A machine without GPU telemetry: never idle (missing data is never idle).</summary>
    private static MachineWindowResult NoTelemetry(DateTimeOffset start, DateTimeOffset now, int expectedGpus) => new()
    {
        Idle = false,
        Reasons = ["no GPU telemetry for this machine: not idle (missing data is never idle)"],
        Gpus = [],
        WindowStart = start,
        WindowEnd = now,
        ExpectedGpus = expectedGpus,
        TelemetryIncomplete = true,
    };

    /// <summary>The first reason of an idle machine: how many GPUs, the highest readings against the thresholds, the lowest coverage.</summary>
    private static string IdleSummary(List<GpuWindowResult> gpus, int expectedGpus, IdleCriteria c, decimal coverage) =>
        $"{gpus.Count}/{Math.Max(expectedGpus, gpus.Count)} GPUs idle for the whole {c.Window.TotalMinutes:0}-min window: " +
        $"max work {Fmt(gpus.Max(g => g.MaxWorkPercent))}% < {c.GpuWorkBelowPercent:0.#}%, " +
        $"max memory {Fmt(gpus.Max(g => g.MaxMemoryPercent))}% < {c.GpuMemoryBelowPercent:0.#}%, lowest coverage {coverage:0.#}%";

    /// <summary>One GPU's part of the decision: unknown (clock skew, no known readings, low coverage, stale) and busy GPUs
    /// make the machine not idle, each with its reason; out-of-range readings are noted.</summary>
    private static void JudgeGpu(GpuWindowResult g, IdleCriteria c, DateTimeOffset now, List<string> reasons, ref bool idle, ref bool incomplete)
    {
        if (g.FutureSamples > 0)
        {
            // The newest activity may be hiding in the "future": a skewed clock makes the whole window unknown.
            idle = false;
            incomplete = true;
            reasons.Add($"GPU {g.GpuId}: {g.FutureSamples} sample(s) stamped more than {c.ClockSkewTolerance.TotalMinutes:0.#} min ahead of now (clock skew): not idle until the clocks agree");
        }
        if (g.OutOfRangeSamples > 0)
            reasons.Add($"GPU {g.GpuId}: {g.OutOfRangeSamples} reading(s) out of range (negative, above 100% or memory used beyond the total) taken as unknown");
        if (g.KnownSlots == 0)
        {
            idle = false;
            incomplete = true;
            reasons.Add($"GPU {g.GpuId}: no known readings in the window (unknown is not idle)");
            return;
        }
        if (g.CoveragePercent < c.MinCoveragePercent)
        {
            idle = false;
            incomplete = true;
            reasons.Add($"GPU {g.GpuId}: telemetry covers {g.CoveragePercent:0.#}% of the window (< {c.MinCoveragePercent:0.#}%)");
        }
        if (g.Stale)
        {
            idle = false;
            incomplete = true;
            reasons.Add($"GPU {g.GpuId}: newest reading {(now - g.LastSample!.Value).TotalMinutes:0} min old (stale, limit {c.MaxStaleness.TotalMinutes:0} min)");
        }
        if (g.Busy)
        {
            idle = false;
            reasons.Add($"GPU {g.GpuId}: busy (max work {Fmt(g.MaxWorkPercent)}%, max memory {Fmt(g.MaxMemoryPercent)}%; thresholds {c.GpuWorkBelowPercent:0.#}% / {c.GpuMemoryBelowPercent:0.#}%)");
        }
    }

    internal static string Fmt(decimal? v) => v is { } d ? d.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) : "unknown";

    public static GpuWindowResult EvaluateGpu(GpuSeries series, IdleCriteria c, DateTimeOffset start, DateTimeOffset now)
    {
        var slotTicks = c.SampleInterval.Ticks;
        var slots = (int)(c.Window.Ticks / slotTicks);
        var tally = new GpuWindowTally(slots <= 4096 ? stackalloc bool[slots] : new bool[slots]);
        var skewLimit = now + c.ClockSkewTolerance;
        var readings = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(series.Readings);
        var i = LowerBound(readings, start);
        for (; i < readings.Length; i++)
        {
            ref readonly var r = ref readings[i];
            if (r.Timestamp > skewLimit) { tally.Future++; continue; }
            if (r.Timestamp == start) continue; // the window is (start, now]; slot k is (start + k·i, start + (k+1)·i]
            var slot = r.Timestamp >= now ? slots - 1 : (int)(((r.Timestamp - start).Ticks - 1) / slotTicks);
            tally.Read(in r, slot, c);
        }
        return tally.Result(series, c, now);
    }

    /// <summary>
    /// One GPU's readings in one window, slot by slot: which slots are known, the last busy and last known slot, the
    /// peaks, and the readings that count for nothing (from the future, out of range).
    /// </summary>
    private ref struct GpuWindowTally(Span<bool> known)
    {
        private readonly Span<bool> _known = known;
        private int _lastBusySlot = -1, _lastKnownSlot = -1, _samples, _profiling, _utilization, _outOfRange;
        private decimal? _maxWork, _maxMemPct;
        private DateTimeOffset? _last;

        public int Future;

        /// <summary>Counts one reading of <paramref name="slot"/>; only a reading with work and memory known covers it.</summary>
        public void Read(in GpuReading r, int slot, IdleCriteria c)
        {
            _samples++;
            // Out-of-range values are unknown, never readings: a negative utilization is not "idle", 140% is not a measure,
            // and a reading with one of them is not a reading at all (a garbage work signal never falls back to utilization).
            if (r.HasOutOfRangeValue)
            {
                _outOfRange++;
                return;
            }
            decimal? work;
            switch (c.WorkSignal)
            {
                case WorkSignalMode.Profiling: work = r.WorkPercent; break;
                case WorkSignalMode.Utilization: work = r.UtilizationPercent; break;
                default: work = r.WorkPercent ?? r.UtilizationPercent; break;
            }
            decimal? usedMiB = r.MemoryUsedMiB, totalMiB = r.MemoryTotalMiB;
            if (work is not { } w || usedMiB is not { } used || totalMiB is not { } total)
                return; // unknown: the slot stays uncovered
            if (r.WorkPercent is not null && c.WorkSignal != WorkSignalMode.Utilization) _profiling++; else _utilization++;
            _known[slot] = true;
            if (slot > _lastKnownSlot) _lastKnownSlot = slot;
            if (_last is null || r.Timestamp > _last) _last = r.Timestamp;
            if (_maxWork is null || w > _maxWork) _maxWork = w;
            var usedScaled = used * 100m;
            if (_maxMemPct is null || usedScaled > _maxMemPct.Value * total) _maxMemPct = usedScaled / total;
            if (w >= c.GpuWorkBelowPercent || usedScaled >= c.GpuMemoryBelowPercent * total)
                if (slot > _lastBusySlot) _lastBusySlot = slot;
        }

        /// <summary>Coverage, peaks and idle minutes (the known slots after the last busy one) of the window ending at <paramref name="now"/>.</summary>
        public readonly GpuWindowResult Result(GpuSeries series, IdleCriteria c, DateTimeOffset now)
        {
            var slots = _known.Length;
            var knownCount = 0;
            foreach (var k in _known) if (k) knownCount++;
            var coverage = slots == 0 ? 0m : Math.Round(knownCount * 100m / slots, 1);
            var idleSlots = _lastKnownSlot < 0 ? 0 : _lastKnownSlot - _lastBusySlot;
            return new GpuWindowResult
            {
                GpuId = series.GpuId,
                Model = series.Model,
                Slots = slots,
                KnownSlots = knownCount,
                CoveragePercent = coverage,
                MaxWorkPercent = _maxWork is { } mw ? Math.Round(mw, 2) : null,
                MaxMemoryPercent = _maxMemPct is { } mm ? Math.Round(mm, 2) : null,
                Samples = _samples,
                FutureSamples = Future,
                OutOfRangeSamples = _outOfRange,
                LastSample = _last,
                Signal = _profiling > 0 && _utilization > 0 ? "mixed" : _profiling > 0 ? "profiling" : _utilization > 0 ? "utilization" : "none",
                IdleMinutes = (int)(idleSlots * c.SampleInterval.TotalMinutes),
                Busy = _lastBusySlot >= 0,
                Stale = _last is null || now - _last.Value > c.MaxStaleness,
            };
        }
    }

    /// <summary>A percentage, or null (unknown) when it is outside 0–100; <paramref name="bad"/> is set then.</summary>
    private static decimal? Percent(decimal? value, ref bool bad)
    {
        if (value is not { } v) return null;
        if (v is >= 0m and <= 100m) return v;
        bad = true;
        return null;
    }

    private static bool EvaluateHost(HostTelemetry host, IdleCriteria c, DateTimeOffset start, DateTimeOffset now,
        List<string> reasons, out decimal? maxCpu, out decimal? maxNetMbps)
    {
        var slots = (int)(c.Window.Ticks / c.SampleInterval.Ticks);
        var known = new bool[slots];
        maxCpu = null;
        maxNetMbps = null;
        var busy = false;
        foreach (var r in host.System)
        {
            if (r.Timestamp <= start || r.Timestamp > now + c.ClockSkewTolerance) continue;
            var slot = r.Timestamp >= now ? slots - 1 : (int)(((r.Timestamp - start).Ticks - 1) / c.SampleInterval.Ticks);
            var ignored = false;
            var cpuPct = Percent(r.CpuPercent, ref ignored);
            var netBps = r.NetworkBytesPerSecond is >= 0m ? r.NetworkBytesPerSecond : null; // out of range: unknown
            if (c.CpuBelowPercent is not null && cpuPct is null) continue;
            if (c.NetworkBelowMbps is not null && netBps is null) continue;
            known[slot] = true;
            if (cpuPct is { } cpu)
            {
                maxCpu = maxCpu is null || cpu > maxCpu ? cpu : maxCpu;
                if (c.CpuBelowPercent is { } ct && cpu >= ct) busy = true;
            }
            if (netBps is { } bps)
            {
                var mbps = bps * 8m / 1_000_000m;
                maxNetMbps = maxNetMbps is null || mbps > maxNetMbps ? mbps : maxNetMbps;
                if (c.NetworkBelowMbps is { } nt && mbps >= nt) busy = true;
            }
        }
        var coverage = Math.Round(known.Count(k => k) * 100m / slots, 1);
        var ok = true;
        if (coverage < c.MinCoveragePercent)
        {
            ok = false;
            reasons.Add($"host CPU/network telemetry covers {coverage:0.#}% of the window (< {c.MinCoveragePercent:0.#}%)");
        }
        if (busy)
        {
            ok = false;
            reasons.Add($"host busy: max CPU {Fmt(maxCpu)}%, max network {Fmt(maxNetMbps is { } m ? Math.Round(m, 1) : null)} Mbit/s " +
                $"(thresholds {Fmt(c.CpuBelowPercent)}% / {Fmt(c.NetworkBelowMbps)} Mbit/s) — e.g. a checkpoint upload");
        }
        return ok;
    }

    private static int LowerBound(ReadOnlySpan<GpuReading> readings, DateTimeOffset t)
    {
        int lo = 0, hi = readings.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (readings[mid].Timestamp < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}

/// <summary>Orders GPU ids numerically when they are indexes ("2" before "10").</summary>
public sealed class GpuIdComparer : IComparer<string>
{
    public static GpuIdComparer Instance { get; } = new();
    public int Compare(string? x, string? y) =>
        int.TryParse(x, out var a) && int.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
}
