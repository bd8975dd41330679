namespace Guardrails.Core.Telemetry;

/// <summary>
/// dcgm-exporter metric names and their meaning for idle detection. DCGM reports "blank" (no value) as huge
/// sentinel numbers (int32 0x7ffffff0.., int64 0x7ffffffffffffff0.., fp64 2^47): those are unknown, never readings.
/// </summary>
public static class DcgmMetrics
{
    public const string GrEngineActive = "DCGM_FI_PROF_GR_ENGINE_ACTIVE";
    public const string SmActive = "DCGM_FI_PROF_SM_ACTIVE";
    public const string GpuUtil = "DCGM_FI_DEV_GPU_UTIL";
    public const string FbUsed = "DCGM_FI_DEV_FB_USED";
    public const string FbFree = "DCGM_FI_DEV_FB_FREE";
    public const string FbReserved = "DCGM_FI_DEV_FB_RESERVED";
    public const string PowerUsage = "DCGM_FI_DEV_POWER_USAGE";
    /// <summary>Share of cycles the tensor (HMMA/IMMA) pipes were active, 0..1: right-sizing's evidence of how hard the work uses the GPU.</summary>
    public const string PipeTensorActive = "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE";

    /// <summary>The metrics a collector queries, in order.</summary>
    public static IReadOnlyList<string> Collected { get; } = [GrEngineActive, SmActive, GpuUtil, FbUsed, FbFree, FbReserved, PowerUsage, PipeTensorActive];

    /// <summary>DCGM_INT32_BLANK (0x7ffffff0); every int64 and fp64 blank is larger.</summary>
    public const decimal SmallestBlank = 2147483632m;

    public static bool IsBlank(decimal value) => value >= SmallestBlank;

    /// <summary>
    /// Maps a metric sample to a GPU field, normalising units (PROF ratios 0..1 → %). Returns false for metrics that
    /// idle detection does not use. The value is null when unknown (blank sentinel, NaN, out of range).
    /// GR_ENGINE_ACTIVE is preferred over SM_ACTIVE: SM_ACTIVE is only used as the work signal when GR is absent.
    /// </summary>
    public static bool TryMap(string metric, decimal? raw, out GpuField field, out decimal? value)
    {
        value = raw is { } r && !IsBlank(r) && r >= 0 ? r : null;
        switch (metric)
        {
            case GrEngineActive:
                field = GpuField.Work;
                value = value is { } g && g <= 1m ? g * 100m : null;
                return true;
            case SmActive:
                field = GpuField.SmActive;
                value = value is { } sm && sm <= 1m ? sm * 100m : null;
                return true;
            case PipeTensorActive:
                field = GpuField.TensorActive;
                value = value is { } te && te <= 1m ? te * 100m : null;
                return true;
            case GpuUtil:
                field = GpuField.Utilization;
                value = value is { } u && u <= 100m ? u : null;
                return true;
            case FbUsed: field = GpuField.MemoryUsedMiB; return true;
            case FbFree: field = GpuField.MemoryFreeMiB; return true;
            case FbReserved: field = GpuField.MemoryReservedMiB; return true;
            case PowerUsage: field = GpuField.PowerWatts; return true;
            default:
                field = default;
                return false;
        }
    }

    /// <summary>A GPU metric of either exporter: dcgm-exporter's DCGM_FI_* names, else nvidia_gpu_exporter's nvidia_smi_* names.</summary>
    public static bool TryMapAny(string metric, decimal? raw, out GpuField field, out decimal? value) =>
        TryMap(metric, raw, out field, out value) || NvidiaGpuExporterMetrics.TryMap(metric, raw, out field, out value);
}
