namespace Guardrails.Core.Telemetry;

/// <summary>
/// Reads recorded telemetry files (a file or every file of a folder) by format: <c>*.csv</c> nvidia-smi
/// <c>--query-gpu --format=csv</c> and <c>*.xml</c> nvidia-smi <c>-q -x</c> (host = file name up to the first dot), <c>*.json</c> Prometheus query_range,
/// <c>*.prom</c>/<c>*.metrics</c>/<c>*.txt</c> Prometheus text exposition (dcgm-exporter or nvidia_gpu_exporter; lines
/// without a timestamp take the file's modification time, series without a host label the host of the file name). Other files (yaml, md, py) are ignored.
/// One bad file never stops the others: its bad rows (or, when it cannot be read at all, the file) are quarantined
/// in <see cref="TelemetrySet.Quarantined"/> and the other files are read; the machines of a quarantined file simply
/// have less (or no) telemetry, which is never idle.
/// </summary>
public static class TelemetryFiles
{
    public static TelemetrySet Read(string path, PrometheusLabelMap? labels = null)
    {
        var builder = new TelemetryBuilder();
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).OrderBy(f => f, StringComparer.Ordinal)
            : File.Exists(path) ? [path] : throw new FileNotFoundException($"Telemetry file or folder '{path}' does not exist.", path);
        var any = false;
        foreach (var file in files)
        {
            try
            {
                any |= ReadFile(file, builder, labels);
            }
            catch (FormatException e)
            {
                any = true;
                builder.Quarantine($"{e.Message} (file skipped)");
            }
        }
        if (!any) throw new TelemetryFormatException(path, null, null, "no telemetry files (*.csv nvidia-smi, *.xml nvidia-smi -q -x, *.json query_range, *.prom/*.metrics/*.txt exposition).");
        return builder.Build();
    }

    /// <summary>
    /// Reads one file by its extension (false when it is not a telemetry file). A telemetry file that gives no sample
    /// at all (a header-only CSV, an empty matrix, series of other metrics or without host/GPU labels) is quarantined
    /// with the reason, so an unreadable recording is never silently "no data".
    /// </summary>
    public static bool ReadFile(string file, TelemetryBuilder builder, PrometheusLabelMap? labels = null)
    {
        var (samples, unattributed) = (builder.Samples, builder.Unattributed);
        if (!ReadByFormat(file, builder, labels)) return false;
        if (builder.Samples == samples)
            builder.Quarantine(NoSamples(Path.GetFileName(file), builder.Unattributed - unattributed, labels ?? PrometheusLabelMap.Default));
        return true;
    }

    private static string NoSamples(string name, long unattributed, PrometheusLabelMap labels) => unattributed > 0
        ? $"{name}: no GPU readings: {unattributed:N0} sample(s) of GPU metrics have no host or GPU label " +
          $"(host: {string.Join(", ", labels.HostLabels)}; GPU: {string.Join(", ", labels.GpuLabels)}) (file skipped)"
        : $"{name}: no GPU readings: no data rows, or no series of a known GPU metric " +
          "(dcgm-exporter DCGM_FI_*, nvidia_gpu_exporter nvidia_smi_*) (file skipped)";

    private static bool ReadByFormat(string file, TelemetryBuilder builder, PrometheusLabelMap? labels)
    {
        var name = Path.GetFileName(file);
        if (TelemetryDocuments.FromExtension(name) is not { } format) return false;
        using var stream = File.OpenRead(file);
        TelemetryDocuments.Parse(format, stream, HostFromFileName(name), name, new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero), builder, labels);
        return true;
    }

    /// <summary>"dev-a100-01.nvidia-smi.csv" → "dev-a100-01".</summary>
    public static string HostFromFileName(string fileName)
    {
        var dot = fileName.IndexOf('.');
        return dot > 0 ? fileName[..dot] : fileName;
    }

    /// <summary>The newest reading of the set (the natural "now" for recorded files), or null when empty.</summary>
    public static DateTimeOffset? Newest(TelemetrySet set)
    {
        DateTimeOffset? newest = null;
        foreach (var h in set.Hosts.Values)
        {
            foreach (var g in h.Gpus.Values)
                if (g.Readings.Count > 0 && (newest is null || g.Readings[^1].Timestamp > newest)) newest = g.Readings[^1].Timestamp;
            if (h.System.Count > 0 && (newest is null || h.System[^1].Timestamp > newest)) newest = h.System[^1].Timestamp;
        }
        return newest;
    }
}
