namespace Guardrails.Core.Telemetry;

/// <summary>The GPU fields a parser can report; a builder merges fields of the same host, GPU and instant.</summary>
public enum GpuField { Work, SmActive, Utilization, MemoryUsedMiB, MemoryFreeMiB, MemoryReservedMiB, MemoryTotalMiB, PowerWatts, TensorActive }

/// <summary>
/// Merges per-metric values (Prometheus series arrive one metric at a time) into <see cref="GpuReading"/>s. A null
/// value (unknown) never overwrites a known one. Memory total is derived from used + free (+ reserved) when absent.
/// Two known values of one field at one instant (a row recorded twice, two scrape jobs, two appended captures) that
/// disagree are merged to the busier reading, whichever came first: the higher activity, memory used, power, CPU and
/// network, the lower free memory and total. A conflict can only make a machine look busier, never idle.
/// </summary>
public sealed class TelemetryBuilder
{
    private sealed class Partial
    {
        public decimal? Work, Sm, Util, Used, Free, Reserved, Total, Power, Tensor;
    }

    private readonly Dictionary<(string Host, string Gpu), (string? Model, SortedDictionary<DateTimeOffset, Partial> Points)> _gpus = new();
    private readonly Dictionary<string, SortedDictionary<DateTimeOffset, (decimal? Cpu, decimal? Net)>> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Samples added so far (known or unknown values): a file that adds none gave no reading at all.</summary>
    public long Samples { get; private set; }

    /// <summary>Samples of a known GPU metric that had no host or GPU label, so belong to no machine.</summary>
    public long Unattributed { get; private set; }

    /// <summary>Counts a sample of a known GPU metric that cannot be attributed to a host and GPU.</summary>
    public void NoteUnattributed() => Unattributed++;

    public void Add(string host, string gpu, string? model, DateTimeOffset timestamp, GpuField field, decimal? value)
    {
        Samples++;
        var key = (host.ToLowerInvariant(), gpu);
        if (!_gpus.TryGetValue(key, out var entry))
        {
            entry = (model, new SortedDictionary<DateTimeOffset, Partial>());
            _gpus[key] = entry;
        }
        else if (entry.Model is null && model is not null)
        {
            _gpus[key] = entry = (model, entry.Points);
        }
        if (!entry.Points.TryGetValue(timestamp, out var p)) entry.Points[timestamp] = p = new Partial();
        if (value is null) return;
        switch (field)
        {
            case GpuField.Work: p.Work = Higher(p.Work, value); break;
            case GpuField.SmActive: p.Sm = Higher(p.Sm, value); break;
            case GpuField.Utilization: p.Util = Higher(p.Util, value); break;
            case GpuField.MemoryUsedMiB: p.Used = Higher(p.Used, value); break;
            case GpuField.MemoryFreeMiB: p.Free = Lower(p.Free, value); break;
            case GpuField.MemoryReservedMiB: p.Reserved = Higher(p.Reserved, value); break;
            case GpuField.MemoryTotalMiB: p.Total = Lower(p.Total, value); break;
            case GpuField.PowerWatts: p.Power = Higher(p.Power, value); break;
            case GpuField.TensorActive: p.Tensor = Higher(p.Tensor, value); break;
        }
    }

    /// <summary>The busier of two readings of an activity, memory used, power, CPU or network (unknown never wins).</summary>
    private static decimal? Higher(decimal? known, decimal? value) => known is { } k && value is { } v ? Math.Max(k, v) : value ?? known;

    /// <summary>The busier of two readings of free or total memory (unknown never wins).</summary>
    private static decimal? Lower(decimal? known, decimal? value) => known is { } k && value is { } v ? Math.Min(k, v) : value ?? known;

    private readonly List<string> _quarantined = [];

    /// <summary>Records a row (or file) that was not taken, with its source, line and field; it ends in <see cref="TelemetrySet.Quarantined"/>.</summary>
    public void Quarantine(string problem) => _quarantined.Add(problem);

    /// <summary>Rows and files quarantined so far.</summary>
    public IReadOnlyList<string> Quarantined => _quarantined;

    public void AddHost(string host, DateTimeOffset timestamp, decimal? cpuPercent, decimal? networkBytesPerSecond)
    {
        if (!_hosts.TryGetValue(host, out var points)) _hosts[host] = points = new();
        points.TryGetValue(timestamp, out var existing);
        points[timestamp] = (Higher(existing.Cpu, cpuPercent), Higher(existing.Net, networkBytesPerSecond));
    }

    public TelemetrySet Build()
    {
        var set = new TelemetrySet();
        set.Quarantined.AddRange(_quarantined);
        foreach (var ((host, gpu), (model, points)) in _gpus)
        {
            var h = set.GetOrAdd(host);
            var series = new GpuSeries(h.Host, gpu) { Model = model };
            foreach (var (ts, p) in points)
            {
                var total = p.Total ?? (p.Used is { } u && p.Free is { } f ? u + f + (p.Reserved ?? 0m) : null);
                series.Readings.Add(new GpuReading(ts, p.Work ?? p.Sm, p.Util, p.Used, total, p.Power, p.Tensor));
            }
            h.Gpus[gpu] = series;
        }
        foreach (var (host, points) in _hosts)
        {
            var h = set.GetOrAdd(host);
            foreach (var (ts, v) in points) h.System.Add(new HostReading(ts, v.Cpu, v.Net));
        }
        return set;
    }
}
