namespace Guardrails.Core.Configuration;

/// <summary>
/// <c>rightsizing:</c> in guardrails.yaml: how GPU VMs are right-sized from their own telemetry (see docs/rightsizing.md).
/// The coverage rule is the idle rule's: the window is cut into <see cref="SampleInterval"/> slots and each GPU needs
/// known readings (work and memory) in at least <see cref="MinCoveragePercent"/> of them.
/// </summary>
public sealed class RightSizingConfig : IValidatableConfig
{
    /// <summary>Series that are retired (Microsoft Learn: NCv3 retired 2025-09-30) are never recommended.</summary>
    public static readonly string[] RetiredSizes = ["Standard_NC6s_v3", "Standard_NC12s_v3", "Standard_NC24s_v3", "Standard_NC24rs_v3"];

    /// <summary>How far back the telemetry is read (default 14 days).</summary>
    public string Window { get; set; } = "14d";
    /// <summary>Expected sampling interval of the telemetry: the slot size of the coverage rule.</summary>
    public string SampleInterval { get; set; } = "1m";
    /// <summary>Coverage rule: each GPU needs known readings in at least this share of the window's slots.</summary>
    public decimal MinCoveragePercent { get; set; } = 90m;
    /// <summary>A VM that ran fewer hours than this in the window is not sized (coverage is measured over the hours it ran).</summary>
    public int MinRunningHours { get; set; } = 24;
    /// <summary>A recommended size must have at least (peak memory per GPU × (1 + headroom)) per GPU.</summary>
    public decimal HeadroomPercent { get; set; } = 20m;
    /// <summary>A GPU whose work signal reaches this (%) in an hour is busy in that hour (the idle rule's work threshold).</summary>
    public decimal GpuWorkBusyPercent { get; set; } = 5m;
    /// <summary>A GPU that never reaches the work threshold but holds at least this share of its memory (%) is still in use.</summary>
    public decimal GpuMemoryInUsePercent { get; set; } = 10m;
    /// <summary>Above this share of busy running hours (%), only fewer GPUs of the same model are considered, never a smaller GPU.</summary>
    public decimal MaxBusyPercentForSmallerGpu { get; set; } = 30m;
    /// <summary>
    /// Where DCGM reports tensor-pipe activity, it decides instead of the busy share: at or below this (%) while busy the work
    /// is light (inference, notebooks) and a smaller GPU model may take it; above it only fewer GPUs of the same model.
    /// </summary>
    public decimal MaxTensorActivePercentForSmallerGpu { get; set; } = 20m;
    /// <summary>Tag whose value "true" says the VM's work checkpoints and may run on Spot (evidence, never assumed).</summary>
    public string CheckpointTag { get; set; } = "guardrails:checkpoints";
    /// <summary>The machine tag naming its team, for the weekly digest.</summary>
    public string TeamTag { get; set; } = "team";
    /// <summary>Sizes never recommended (besides the retired series).</summary>
    public List<string> ExcludeSizes { get; set; } = [];
    /// <summary>Channels (see channels:) that get the weekly right-sizing digest, one card per team.</summary>
    public List<string> Channels { get; set; } = [];
    /// <summary>Checkpoint storage: which accounts hold checkpoints and how long data may stay in Hot.</summary>
    public CheckpointStorageConfig Checkpoints { get; set; } = new();

    public TimeSpan WindowTime => ConfigDuration.Parse(Window);
    public TimeSpan SampleIntervalTime => ConfigDuration.Parse(SampleInterval);

    public void Validate(ConfigValidationContext context, string path)
    {
        var okWindow = ConfigDuration.TryParse(Window, out var window) && window >= TimeSpan.FromDays(1);
        if (!okWindow) context.Add($"{path}.window", $"'{Window}' is not a duration of at least one day (e.g. 14d).");
        if (!ConfigDuration.TryParse(SampleInterval, out var interval) || interval <= TimeSpan.Zero || interval > TimeSpan.FromHours(1)
            || TimeSpan.TicksPerHour % interval.Ticks != 0)
            context.Add($"{path}.sampleInterval", $"'{SampleInterval}' must be a positive duration that divides an hour (e.g. 1m, 30m).");
        if (MinCoveragePercent < 50m || MinCoveragePercent > 100m)
            context.Add($"{path}.minCoveragePercent", $"{MinCoveragePercent} must be between 50 and 100: sizing on less than half the window is a guess.");
        if (MinRunningHours < 1) context.Add($"{path}.minRunningHours", $"{MinRunningHours} must be at least 1.");
        if (HeadroomPercent < 0m || HeadroomPercent > 200m) context.Add($"{path}.headroomPercent", $"{HeadroomPercent} must be between 0 and 200.");
        Percent(context, $"{path}.gpuWorkBusyPercent", GpuWorkBusyPercent);
        Percent(context, $"{path}.gpuMemoryInUsePercent", GpuMemoryInUsePercent);
        Percent(context, $"{path}.maxBusyPercentForSmallerGpu", MaxBusyPercentForSmallerGpu);
        Percent(context, $"{path}.maxTensorActivePercentForSmallerGpu", MaxTensorActivePercentForSmallerGpu);
        if (string.IsNullOrWhiteSpace(CheckpointTag)) context.Add($"{path}.checkpointTag", "must not be empty.");
        if (string.IsNullOrWhiteSpace(TeamTag)) context.Add($"{path}.teamTag", "must not be empty.");
        for (var i = 0; i < ExcludeSizes.Count; i++)
            if (string.IsNullOrWhiteSpace(ExcludeSizes[i])) context.Add($"{path}.excludeSizes[{i}]", "is empty.");
        (Checkpoints ??= new()).Validate(context, $"{path}.checkpoints");
    }

    /// <summary>Every channel the digest names is declared in <c>channels:</c>.</summary>
    public void ValidateChannels(IReadOnlyDictionary<string, ChannelConfig> channels, ConfigValidationContext context, string path = "rightsizing")
    {
        for (var i = 0; i < Channels.Count; i++)
            if (!channels.ContainsKey(Channels[i] ?? ""))
                context.Add($"{path}.channels[{i}]", $"channel '{Channels[i]}' is not declared in channels:");
    }

    private static void Percent(ConfigValidationContext context, string field, decimal value)
    {
        if (value <= 0m || value > 100m) context.Add(field, $"{value} must be a percentage above 0 and at most 100.");
    }
}
