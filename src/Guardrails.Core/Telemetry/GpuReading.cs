namespace Guardrails.Core.Telemetry;

/// <summary>
/// One reading of one GPU at one instant. Every value is nullable: null means <b>unknown</b> (missing metric,
/// <c>[N/A]</c>, a dcgm blank sentinel), never zero. Percentages are 0–100.
/// </summary>
/// <param name="WorkPercent">Work signal: DCGM_FI_PROF_GR_ENGINE_ACTIVE (or SM_ACTIVE), converted from a ratio to %.</param>
/// <param name="UtilizationPercent">Liveness/fallback signal: nvidia-smi utilization.gpu or DCGM_FI_DEV_GPU_UTIL.</param>
/// <param name="TensorActivePercent">DCGM_FI_PROF_PIPE_TENSOR_ACTIVE as %, where the exporter has it (never from nvidia-smi).</param>
public readonly record struct GpuReading(
    DateTimeOffset Timestamp,
    decimal? WorkPercent,
    decimal? UtilizationPercent,
    decimal? MemoryUsedMiB,
    decimal? MemoryTotalMiB,
    decimal? PowerWatts,
    decimal? TensorActivePercent = null)
{
    /// <summary>
    /// True when a value is out of range — work or utilization below 0 or above 100 %, memory used below 0 or above the
    /// total, a total of 0 or less: such a reading is unknown as a whole, never a reading (a negative utilization is
    /// not "idle", and a garbage work signal must not fall back to a harmless-looking utilization).
    /// </summary>
    public bool HasOutOfRangeValue =>
        WorkPercent is < 0m or > 100m || UtilizationPercent is < 0m or > 100m || MemoryTotalMiB is <= 0m ||
        MemoryUsedMiB is < 0m || (MemoryUsedMiB is { } used && MemoryTotalMiB is { } total && used > total);
}

/// <summary>One reading of a machine's own counters (Azure Monitor "Percentage CPU", network bytes).</summary>
public readonly record struct HostReading(DateTimeOffset Timestamp, decimal? CpuPercent, decimal? NetworkBytesPerSecond);

/// <summary>The readings of one GPU of one host, sorted by time.</summary>
public sealed class GpuSeries(string host, string gpuId)
{
    public string Host { get; } = host;
    /// <summary>GPU index ("0".."7") when known, else UUID or PCI bus id.</summary>
    public string GpuId { get; } = gpuId;
    public string? Model { get; set; }
    public List<GpuReading> Readings { get; } = [];
}

/// <summary>All telemetry known for one host (the machine's hostname as the exporter reports it).</summary>
public sealed class HostTelemetry(string host)
{
    public string Host { get; } = host;
    public Dictionary<string, GpuSeries> Gpus { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<HostReading> System { get; } = [];
}

/// <summary>Telemetry of many hosts, keyed case-insensitively by hostname.</summary>
public sealed class TelemetrySet
{
    public Dictionary<string, HostTelemetry> Hosts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rows and files that were not taken (bad values such as NaN, unreadable files), each with source, line and field.</summary>
    public List<string> Quarantined { get; } = [];

    public HostTelemetry? Find(string? host) => host is not null && Hosts.TryGetValue(host, out var h) ? h : null;

    public HostTelemetry GetOrAdd(string host)
    {
        if (!Hosts.TryGetValue(host, out var h)) Hosts[host] = h = new HostTelemetry(host);
        return h;
    }

    /// <summary>Adds every host, GPU and reading of <paramref name="other"/> (readings re-sorted by time).</summary>
    public void Merge(TelemetrySet other)
    {
        Quarantined.AddRange(other.Quarantined);
        foreach (var (name, src) in other.Hosts)
        {
            var dst = GetOrAdd(name);
            foreach (var (id, s) in src.Gpus)
            {
                if (!dst.Gpus.TryGetValue(id, out var d)) dst.Gpus[id] = d = new GpuSeries(dst.Host, id);
                d.Model ??= s.Model;
                d.Readings.AddRange(s.Readings);
                d.Readings.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
            }
            dst.System.AddRange(src.System);
            dst.System.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        }
    }
}

/// <summary>A telemetry file or payload that cannot be read: names the source, line and field.</summary>
public sealed class TelemetryFormatException(string source, long? line, string? field, string message)
    : FormatException($"{source}{(line is { } l ? $", line {l}" : "")}{(field is null ? "" : $", field '{field}'")}: {message}")
{
    public string SourceName { get; } = source;
    public long? Line { get; } = line;
    public string? Field { get; } = field;
}
