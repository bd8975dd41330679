namespace Guardrails.Core.Telemetry;

/// <summary>
/// utkuozdemir/nvidia_gpu_exporter metric names (the nvidia-smi based exporter): utilization as a ratio 0..1, memory in
/// bytes, power in watts. Its series carry only a <c>uuid</c> label (the host is Prometheus' <c>instance</c>, or the
/// recorded file's name); with MIG enabled it emits no utilization series at all, which stays unknown.
/// </summary>
public static class NvidiaGpuExporterMetrics
{
    public const string UtilizationGpu = "nvidia_smi_utilization_gpu_ratio";
    public const string MemoryUsed = "nvidia_smi_memory_used_bytes";
    public const string MemoryFree = "nvidia_smi_memory_free_bytes";
    public const string MemoryReserved = "nvidia_smi_memory_reserved_bytes";
    public const string MemoryTotal = "nvidia_smi_memory_total_bytes";
    public const string PowerDraw = "nvidia_smi_power_draw_watts";

    private const decimal BytesPerMiB = 1024m * 1024m;

    /// <summary>
    /// Maps a sample to a GPU field in the units of <see cref="GpuReading"/> (ratio → %, bytes → MiB); false for the
    /// exporter's other metrics. A negative value or a ratio above 1 is unknown (null), never a reading.
    /// </summary>
    public static bool TryMap(string metric, decimal? raw, out GpuField field, out decimal? value)
    {
        value = raw is >= 0m ? raw : null;
        switch (metric)
        {
            case UtilizationGpu:
                field = GpuField.Utilization;
                value = value is { } u && u <= 1m ? u * 100m : null;
                return true;
            case MemoryUsed: field = GpuField.MemoryUsedMiB; value /= BytesPerMiB; return true;
            case MemoryFree: field = GpuField.MemoryFreeMiB; value /= BytesPerMiB; return true;
            case MemoryReserved: field = GpuField.MemoryReservedMiB; value /= BytesPerMiB; return true;
            case MemoryTotal: field = GpuField.MemoryTotalMiB; value /= BytesPerMiB; return true;
            case PowerDraw: field = GpuField.PowerWatts; return true;
            default:
                field = default;
                return false;
        }
    }
}
