using System.Globalization;
using System.Xml;
using Cronos;

namespace Guardrails.Core.Configuration;

/// <summary>
/// One idle policy of guardrails.yaml (<c>policies:</c>), Cloud Custodian-like: which machines (scope), when they are
/// idle (condition, with the coverage rule), when the policy applies (off-hours schedule), and what to do (action).
/// Real actions need <c>dryRun: false</c>; dry-run is the default.
/// </summary>
public sealed class IdlePolicyConfig : IValidatableConfig
{
    public static readonly string[] Actions = ["notify", "deallocate", "mark-for-op"];

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>Only "idle-gpu" today; kept so other resource policies can share the section later.</summary>
    public string Resource { get; set; } = "idle-gpu";
    public IdleScopeConfig Scope { get; set; } = new();
    public IdleConditionConfig Condition { get; set; } = new();
    public OffHoursConfig? Schedule { get; set; }
    /// <summary>notify | deallocate | mark-for-op.</summary>
    public string Action { get; set; } = "notify";
    /// <summary>For mark-for-op: how long the owner has after the mark (e.g. "4h").</summary>
    public string Grace { get; set; } = "4h";
    public int MaxActionsPerRun { get; set; } = 10;
    public bool DryRun { get; set; } = true;
    /// <summary>Channel names (see channels:) told about marks and actions.</summary>
    public List<string> Notify { get; set; } = [];
    /// <summary>Channel names (see channels:) that get the owner card for marks and notify actions (teams/slack).</summary>
    public List<string> Channels { get; set; } = [];
    /// <summary>The machine tag whose value is the owner to mention on the card (default <c>owner</c>).</summary>
    public string OwnerTag { get; set; } = "owner";
    /// <summary>Telemetry hostname → VM resource id, for hosts whose name is neither the VM name, its computer name nor tagged guardrails:hostname.</summary>
    public Dictionary<string, string> Hosts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan GraceTime => ConfigDuration.Parse(Grace);

    /// <summary>Every channel the owner card goes to: <see cref="Channels"/> then <see cref="Notify"/>, without repeats.</summary>
    public IReadOnlyList<string> NoticeChannels =>
        Channels.Concat(Notify).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Checks what one policy cannot: every channel it names is declared in <c>channels:</c>.</summary>
    public static void ValidateChannels(IReadOnlyList<IdlePolicyConfig> policies, IReadOnlyDictionary<string, ChannelConfig> channels,
        ConfigValidationContext context, string path = "policies")
    {
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            foreach (var (field, list) in new[] { ("channels", p.Channels), ("notify", p.Notify) })
                for (var c = 0; c < list.Count; c++)
                {
                    if (string.IsNullOrWhiteSpace(list[c]))
                        context.Add($"{path}[{i}].{field}[{c}]", $"policy '{p.Name}': channel name must not be empty");
                    else if (!channels.ContainsKey(list[c]))
                        context.Add($"{path}[{i}].{field}[{c}]", $"policy '{p.Name}': channel '{list[c]}' is not declared in channels:");
                }
        }
    }

    public void Validate(ConfigValidationContext context, string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) context.Add($"{path}.name", "is required (a short policy name, e.g. idle-gpu-dev).");
        if (!string.Equals(Resource, "idle-gpu", StringComparison.OrdinalIgnoreCase))
            context.Add($"{path}.resource", $"'{Resource}' is not supported; use 'idle-gpu'.");
        if (!Actions.Contains(Action, StringComparer.OrdinalIgnoreCase))
            context.Add($"{path}.action", $"'{Action}' is not one of {string.Join(", ", Actions)} (power-off is deliberately not offered: a stopped VM keeps billing).");
        if (!ConfigDuration.TryParse(Grace, out var grace) || grace <= TimeSpan.Zero)
            context.Add($"{path}.grace", $"'{Grace}' is not a positive duration (e.g. 30m, 4h, PT4H).");
        if (string.IsNullOrWhiteSpace(OwnerTag)) context.Add($"{path}.ownerTag", "must not be empty (the tag naming the owner, e.g. owner).");
        if (MaxActionsPerRun < 0) context.Add($"{path}.maxActionsPerRun", "must be 0 or more.");
        foreach (var (host, id) in Hosts)
            if (!id.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase))
                context.Add($"{path}.hosts.{host}", $"'{id}' is not an Azure resource id (/subscriptions/...).");
        Scope.Validate(context, $"{path}.scope");
        Condition.Validate(context, $"{path}.condition");
        Schedule?.Validate(context, $"{path}.schedule");
    }
}

/// <summary>Which machines a policy looks at. Empty lists match everything.</summary>
public sealed class IdleScopeConfig : IValidatableConfig
{
    public List<string> Subscriptions { get; set; } = [];
    public List<string> ResourceGroups { get; set; } = [];
    /// <summary>Every listed tag must match (value "*" = tag present).</summary>
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public void Validate(ConfigValidationContext context, string path)
    {
        for (var i = 0; i < Subscriptions.Count; i++)
            if (!Guid.TryParse(Subscriptions[i], out _))
                context.Add($"{path}.subscriptions[{i}]", $"'{Subscriptions[i]}' is not a subscription id (GUID).");
        for (var i = 0; i < ResourceGroups.Count; i++)
            if (string.IsNullOrWhiteSpace(ResourceGroups[i])) context.Add($"{path}.resourceGroups[{i}]", "is empty.");
    }
}

/// <summary>When a machine counts as idle. All thresholds must hold on EVERY GPU for the whole window.</summary>
public sealed class IdleConditionConfig : IValidatableConfig
{
    public static readonly string[] WorkSignals = ["auto", "profiling", "utilization"];

    public string Window { get; set; } = "60m";
    /// <summary>Work signal (GR_ENGINE_ACTIVE/SM_ACTIVE, or utilization) must stay below this, in %.</summary>
    public decimal GpuWorkBelowPercent { get; set; } = 5m;
    /// <summary>GPU memory used must stay below this share of the GPU's memory, in %.</summary>
    public decimal GpuMemoryBelowPercent { get; set; } = 10m;
    /// <summary>Optional: VM CPU (Azure Monitor "Percentage CPU") must stay below this.</summary>
    public decimal? CpuBelowPercent { get; set; }
    /// <summary>Optional: VM network in+out must stay below this (a checkpoint upload keeps the VM busy).</summary>
    public decimal? NetworkBelowMbps { get; set; }
    /// <summary>Coverage rule: each GPU needs known readings in at least this share of the window's slots.</summary>
    public decimal MinCoveragePercent { get; set; } = 90m;
    /// <summary>Expected sampling interval: the window is cut into slots of this size for coverage.</summary>
    public string SampleInterval { get; set; } = "1m";
    /// <summary>The newest reading must be at most this old, else the telemetry is stale.</summary>
    public string MaxStaleness { get; set; } = "5m";
    /// <summary>auto (profiling metric, else utilization) | profiling (only GR/SM_ACTIVE) | utilization.</summary>
    public string WorkSignal { get; set; } = "auto";

    public TimeSpan WindowTime => ConfigDuration.Parse(Window);
    public TimeSpan SampleIntervalTime => ConfigDuration.Parse(SampleInterval);
    public TimeSpan MaxStalenessTime => ConfigDuration.Parse(MaxStaleness);

    public void Validate(ConfigValidationContext context, string path)
    {
        var okWindow = ConfigDuration.TryParse(Window, out var window) && window > TimeSpan.Zero;
        if (!okWindow) context.Add($"{path}.window", $"'{Window}' is not a positive duration (e.g. 60m, 1h, PT1H).");
        if (!ConfigDuration.TryParse(SampleInterval, out var interval) || interval <= TimeSpan.Zero)
            context.Add($"{path}.sampleInterval", $"'{SampleInterval}' is not a positive duration (e.g. 1m, 30s).");
        else if (okWindow && (interval > window || window.Ticks % interval.Ticks != 0))
            context.Add($"{path}.sampleInterval", $"must divide the window ({Window}) into whole slots.");
        if (!ConfigDuration.TryParse(MaxStaleness, out var stale) || stale <= TimeSpan.Zero)
            context.Add($"{path}.maxStaleness", $"'{MaxStaleness}' is not a positive duration.");
        Percent(context, $"{path}.gpuWorkBelowPercent", GpuWorkBelowPercent);
        Percent(context, $"{path}.gpuMemoryBelowPercent", GpuMemoryBelowPercent);
        if (CpuBelowPercent is { } cpu) Percent(context, $"{path}.cpuBelowPercent", cpu);
        if (NetworkBelowMbps is { } net && net <= 0) context.Add($"{path}.networkBelowMbps", "must be greater than 0.");
        if (MinCoveragePercent < 50m || MinCoveragePercent > 100m)
            context.Add($"{path}.minCoveragePercent", $"{MinCoveragePercent} must be between 50 and 100: deciding on less than half the window is not safe.");
        if (!WorkSignals.Contains(WorkSignal, StringComparer.OrdinalIgnoreCase))
            context.Add($"{path}.workSignal", $"'{WorkSignal}' is not one of {string.Join(", ", WorkSignals)}.");
    }

    private static void Percent(ConfigValidationContext context, string field, decimal value)
    {
        if (value <= 0m || value > 100m) context.Add(field, $"{value} must be a percentage above 0 and at most 100.");
    }
}

/// <summary>
/// Off-hours: the policy applies between <see cref="Start"/> and the next <see cref="End"/> (cron expressions in
/// <see cref="TimeZone"/>, e.g. start "0 19 * * 1-5", end "0 7 * * 1-5", timeZone "Europe/Paris").
/// </summary>
public sealed class OffHoursConfig : IValidatableConfig
{
    public string TimeZone { get; set; } = "UTC";
    public string Start { get; set; } = "";
    public string End { get; set; } = "";

    public void Validate(ConfigValidationContext context, string path)
    {
        try { TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            context.Add($"{path}.timeZone", $"'{TimeZone}' is not a known time zone (use an IANA id such as Europe/Paris).");
        }
        Cron(context, $"{path}.start", Start);
        Cron(context, $"{path}.end", End);
    }

    private static void Cron(ConfigValidationContext context, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) { context.Add(field, "is required (a 5-field cron expression, e.g. \"0 19 * * 1-5\")."); return; }
        try { CronExpression.Parse(text); }
        catch (CronFormatException e) { context.Add(field, $"'{text}' is not a cron expression: {e.Message}"); }
    }
}

/// <summary>Durations as written in guardrails.yaml: "90s", "60m", "4h", "2d" or ISO 8601 ("PT1H").</summary>
public static class ConfigDuration
{
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var t) ? t : throw new FormatException($"'{text}' is not a duration (e.g. 60m, 4h, PT1H).");

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.StartsWith('P'))
        {
            try { value = XmlConvert.ToTimeSpan(text); return true; }
            catch (FormatException) { return false; }
        }
        var unit = text[^1];
        if (!decimal.TryParse(text[..^1], NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || n < 0) return false;
        double? seconds = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => null };
        if (seconds is null) return false;
        value = TimeSpan.FromSeconds((double)n * seconds.Value);
        return true;
    }
}
