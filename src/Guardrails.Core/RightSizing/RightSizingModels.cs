using Guardrails.Core.Configuration;

namespace Guardrails.Core.RightSizing;

/// <summary>The right-sizing settings with their durations parsed once (from <see cref="RightSizingConfig"/>).</summary>
public sealed record RightSizingCriteria
{
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(14);
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(1);
    public decimal MinCoveragePercent { get; init; } = 90m;
    public int MinRunningHours { get; init; } = 24;
    public decimal HeadroomPercent { get; init; } = 20m;
    public decimal GpuWorkBusyPercent { get; init; } = 5m;
    public decimal GpuMemoryInUsePercent { get; init; } = 10m;
    public decimal MaxBusyPercentForSmallerGpu { get; init; } = 30m;
    public decimal MaxTensorActivePercentForSmallerGpu { get; init; } = 20m;
    public string CheckpointTag { get; init; } = "guardrails:checkpoints";
    public string TeamTag { get; init; } = "team";
    public IReadOnlySet<string> ExcludedSizes { get; init; } = new HashSet<string>(RightSizingConfig.RetiredSizes, StringComparer.OrdinalIgnoreCase);

    public static RightSizingCriteria From(RightSizingConfig c, TimeSpan? window = null) => new()
    {
        Window = window ?? c.WindowTime,
        SampleInterval = c.SampleIntervalTime,
        MinCoveragePercent = c.MinCoveragePercent,
        MinRunningHours = c.MinRunningHours,
        HeadroomPercent = c.HeadroomPercent,
        GpuWorkBusyPercent = c.GpuWorkBusyPercent,
        GpuMemoryInUsePercent = c.GpuMemoryInUsePercent,
        MaxBusyPercentForSmallerGpu = c.MaxBusyPercentForSmallerGpu,
        MaxTensorActivePercentForSmallerGpu = c.MaxTensorActivePercentForSmallerGpu,
        CheckpointTag = c.CheckpointTag,
        TeamTag = c.TeamTag,
        ExcludedSizes = new HashSet<string>(RightSizingConfig.RetiredSizes.Concat(c.ExcludeSizes), StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The idle rule's slot definition for the rollups of the window (work and memory thresholds of "in use").</summary>
    public Telemetry.IdleCriteria RollupCriteria => new()
    {
        Window = Window,
        SampleInterval = SampleInterval,
        GpuWorkBelowPercent = GpuWorkBusyPercent,
        GpuMemoryBelowPercent = GpuMemoryInUsePercent,
        MinCoveragePercent = MinCoveragePercent,
    };
}

/// <summary>What a VM's GPUs did in the window: the evidence behind a recommendation (or behind none).</summary>
public sealed record GpuUsageEvidence
{
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public decimal WindowDays { get; init; }
    /// <summary>The lowest GPU coverage of the time the VM ran (0 when a GPU of the size reports nothing), 0–100: the coverage rule.</summary>
    public decimal CoveragePercent { get; init; }
    /// <summary>The same over the whole wall-clock window (a VM that runs office hours has a low one): shown, not ruled on.</summary>
    public decimal WindowCoveragePercent { get; init; }
    /// <summary>Where the running time comes from: "hours with readings" or "hours billed in the ledger" (when more).</summary>
    public string CoverageBasis { get; init; } = "";
    public decimal MinCoveragePercent { get; init; }
    public int Gpus { get; init; }
    public int GpusReporting { get; init; }
    /// <summary>GPUs that did work or held memory at least once in the window.</summary>
    public int GpusUsed { get; init; }
    /// <summary>Mean work signal (GR_ENGINE_ACTIVE / SM_ACTIVE, else utilization) over the known hours of the used GPUs.</summary>
    public decimal? MeanWorkPercent { get; init; }
    /// <summary>95th percentile of the hourly mean work of the used GPUs.</summary>
    public decimal? P95WorkPercent { get; init; }
    public decimal? PeakWorkPercent { get; init; }
    /// <summary>Highest framebuffer memory used on one GPU, GiB.</summary>
    public decimal? PeakMemoryGiB { get; init; }
    /// <summary>95th percentile of the hourly peaks of framebuffer memory per used GPU, GiB.</summary>
    public decimal? P95MemoryGiB { get; init; }
    /// <summary>Peak × (1 + headroom): the least memory per GPU a recommended size must have, GiB.</summary>
    public decimal? RequiredMemoryGiB { get; init; }
    /// <summary>Mean tensor-pipe activity (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE) of the used GPUs in their busy hours (else all hours), %; null when the exporter has none.</summary>
    public decimal? TensorActivePercent { get; init; }
    /// <summary>Hours the VM ran in the window (hours with readings and short gaps between them, or the hours billed when more).</summary>
    public int RunningHours { get; init; }
    /// <summary>Running hours in which a GPU's mean work reached the busy threshold.</summary>
    public int BusyHours { get; init; }
    public decimal BusyPercent { get; init; }
    /// <summary>Hours per month the saving is priced at: the window's running hours scaled to 730 h.</summary>
    public decimal MonthlyHours { get; init; }
    /// <summary>Where the hours come from: "hours billed in the ledger" or "hours with telemetry".</summary>
    public string HoursBasis { get; init; } = "";
}

/// <summary>One VM's right-sizing verdict. <see cref="RecommendedSize"/> is null when no recommendation is made; the reasons say why.</summary>
public sealed record RightSizingRecommendation
{
    public required string ResourceId { get; init; }
    public required string Name { get; init; }
    public string? Team { get; init; }
    public string Region { get; init; } = "";
    public required string CurrentSize { get; init; }
    /// <summary>"on-demand" or "spot".</summary>
    public string CurrentPriority { get; init; } = "on-demand";
    public string? RecommendedSize { get; init; }
    public string? RecommendedPriority { get; init; }
    /// <summary>"fewer-gpus", "smaller-gpu", "spot", or null.</summary>
    public string? Kind { get; init; }
    public decimal? CurrentHourlyPrice { get; init; }
    public decimal? RecommendedHourlyPrice { get; init; }
    public decimal? MonthlySavings { get; init; }
    public string? Currency { get; init; }
    /// <summary>"high", "medium", or "none" (no recommendation).</summary>
    public string Confidence { get; init; } = "none";
    public required IReadOnlyList<string> Reasons { get; init; }
    public GpuUsageEvidence? Evidence { get; init; }

    public bool IsRecommended => RecommendedSize is not null;
}

/// <summary>Where recommendations are kept (Table Storage in Azure), newest evaluation per VM.</summary>
public interface IRightSizingStore
{
    Task UpsertAsync(DateTimeOffset evaluatedAt, IReadOnlyList<RightSizingRecommendation> recommendations, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<RightSizingRecommendation>> GetLatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the verdicts of VMs not in <paramref name="keep"/> (resource ids, any case): VMs that left the scopes. Returns how many.</summary>
    Task<int> DeleteOthersAsync(IReadOnlyCollection<string> keep, CancellationToken cancellationToken = default);
}
