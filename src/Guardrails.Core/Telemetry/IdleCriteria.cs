using Guardrails.Core.Configuration;

namespace Guardrails.Core.Telemetry;

/// <summary>An idle condition with its durations parsed once (evaluation runs over thousands of machines).</summary>
public sealed record IdleCriteria
{
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(60);
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxStaleness { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Samples this far ahead of the evaluator's clock are accepted into the last slot; later ones are ignored.</summary>
    public TimeSpan ClockSkewTolerance { get; init; } = TimeSpan.FromMinutes(1);
    public decimal GpuWorkBelowPercent { get; init; } = 5m;
    public decimal GpuMemoryBelowPercent { get; init; } = 10m;
    public decimal? CpuBelowPercent { get; init; }
    public decimal? NetworkBelowMbps { get; init; }
    public decimal MinCoveragePercent { get; init; } = 90m;
    public WorkSignalMode WorkSignal { get; init; } = WorkSignalMode.Auto;

    public static IdleCriteria From(IdleConditionConfig c) => new()
    {
        Window = c.WindowTime,
        SampleInterval = c.SampleIntervalTime,
        MaxStaleness = c.MaxStalenessTime,
        GpuWorkBelowPercent = c.GpuWorkBelowPercent,
        GpuMemoryBelowPercent = c.GpuMemoryBelowPercent,
        CpuBelowPercent = c.CpuBelowPercent,
        NetworkBelowMbps = c.NetworkBelowMbps,
        MinCoveragePercent = c.MinCoveragePercent,
        WorkSignal = Enum.Parse<WorkSignalMode>(c.WorkSignal, ignoreCase: true),
    };
}

public enum WorkSignalMode { Auto, Profiling, Utilization }
