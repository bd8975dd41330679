using Guardrails.Core.Pricing;

namespace Guardrails.Core.Configuration;

/// <summary>
/// The <c>pullRequests:</c> section of guardrails.yaml: usage assumptions for estimates, when to comment, the gate,
/// and cost policies. Every field has a safe default (730 h/month, on-demand Linux, worst-case autoscale = max nodes).
/// </summary>
public sealed class PullRequestConfig : IValidatableConfig
{
    /// <summary>Region used when a resource's location is not a literal.</summary>
    public string DefaultRegion { get; set; } = "eastus";
    public decimal HoursPerMonth { get; set; } = 730m;
    public VmOs DefaultOs { get; set; } = VmOs.Linux;
    /// <summary>
    /// Unset (default): autoscaled clusters are priced by expected node-hours (the jobs that target them, else
    /// guardrails-usage.yml, else the worst case, stated as such) and AKS pools at node_count, else min_count.
    /// <c>max</c> or <c>min</c> force every autoscaled resource to that node count.
    /// </summary>
    public string? AutoscaleNodes { get; set; }
    /// <summary>Regions compared for "cheapest region"; empty = every region the catalog has.</summary>
    public List<string> CompareRegions { get; set; } = [];
    /// <summary>The team that owns resources without a <c>team</c> tag.</summary>
    public string? DefaultTeam { get; set; }
    /// <summary>Per-resource overrides, keyed by resource name.</summary>
    public Dictionary<string, ResourceUsage> Usage { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Azure ML computes referenced by jobs as <c>azureml:NAME</c> → SKU, when not defined in the repo.</summary>
    public Dictionary<string, string> Computes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Per-job run assumptions, keyed by job display name or file path.</summary>
    public Dictionary<string, JobUsage> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public QuietConfig Quiet { get; set; } = new();
    public GateConfig Gate { get; set; } = new();
    public CostPolicyConfig Policies { get; set; } = new();
    /// <summary>Paths (prefix match) the check reads; empty = every .bicep/.tf/.yml/.yaml file in the PR.</summary>
    public List<string> Paths { get; set; } = [];

    public void Validate(ConfigValidationContext context, string path)
    {
        if (HoursPerMonth is <= 0 or > 744) context.Add($"{path}.hoursPerMonth", "must be between 0 and 744 hours");
        if (AutoscaleNodes is not (null or "max" or "min")) context.Add($"{path}.autoscaleNodes", "must be 'max' or 'min' (or unset)");
        if (string.IsNullOrWhiteSpace(DefaultRegion)) context.Add($"{path}.defaultRegion", "is required");
        foreach (var (name, u) in Usage)
        {
            if (u.Nodes is < 0) context.Add($"{path}.usage.{name}.nodes", "must not be negative");
            if (u.HoursPerMonth is < 0 or > 744) context.Add($"{path}.usage.{name}.hoursPerMonth", "must be between 0 and 744 hours");
        }
        foreach (var (name, j) in Jobs)
        {
            if (j.ExpectedHours is < 0) context.Add($"{path}.jobs.{name}.expectedHours", "must not be negative");
            if (j.RunsPerMonth is < 0) context.Add($"{path}.jobs.{name}.runsPerMonth", "must not be negative");
            if (j.Mfu is <= 0 or > 1) context.Add($"{path}.jobs.{name}.mfu", "must be in (0, 1]");
        }
        if (Quiet.BelowAmount is < 0) context.Add($"{path}.quiet.belowAmount", "must not be negative");
        if (Quiet.BelowPercent is < 0) context.Add($"{path}.quiet.belowPercent", "must not be negative");
        if (Gate.MaxIncreaseAmount is < 0) context.Add($"{path}.gate.maxIncreaseAmount", "must not be negative");
        if (Gate.OnUnpriced is not ("fail" or "warn")) context.Add($"{path}.gate.onUnpriced", "must be 'fail' or 'warn'");
        if (Gate.MaxIncreasePercent is < 0) context.Add($"{path}.gate.maxIncreasePercent", "must not be negative");
        for (var i = 0; i < Policies.GpuQuotas.Count; i++)
        {
            var q = Policies.GpuQuotas[i];
            if (string.IsNullOrWhiteSpace(q.Team)) context.Add($"{path}.policies.gpuQuotas[{i}].team", "is required");
            if (string.IsNullOrWhiteSpace(q.GpuModel)) context.Add($"{path}.policies.gpuQuotas[{i}].gpuModel", "is required (e.g. A100)");
            if (q.MaxGpus < 0) context.Add($"{path}.policies.gpuQuotas[{i}].maxGpus", "must not be negative");
        }
    }
}

public sealed class ResourceUsage
{
    public decimal? Nodes { get; set; }
    public decimal? HoursPerMonth { get; set; }
}

public sealed class JobUsage
{
    public decimal? ExpectedHours { get; set; }
    public decimal RunsPerMonth { get; set; } = 1m;
    public decimal? Parameters { get; set; }
    public decimal? Tokens { get; set; }
    public decimal? Mfu { get; set; }
}

/// <summary>Stay quiet (no comment) when the change is below both thresholds (infracost#3051).</summary>
public sealed class QuietConfig
{
    public decimal? BelowAmount { get; set; }
    public decimal? BelowPercent { get; set; }
}

public sealed class GateConfig
{
    /// <summary>Fail when the monthly increase is above this amount (currency of the prices).</summary>
    public decimal? MaxIncreaseAmount { get; set; }
    public decimal? MaxIncreasePercent { get; set; }
    public bool FailOnBudgetBreach { get; set; } = true;
    public bool FailOnPolicy { get; set; } = true;
    /// <summary>A label that approves the cost (the gate passes; the comment records who and when).</summary>
    public string ApprovalLabel { get; set; } = "cost-approved";
    /// <summary>
    /// What a compute resource that cannot be read or priced does to the gate: <c>fail</c> (default; unknown is never
    /// free) or <c>warn</c> (listed in the comment, the gate judges the priced part only).
    /// </summary>
    public string OnUnpriced { get; set; } = "fail";
    /// <summary>
    /// Whether the approval label survives a new push. Default false: an approval is for the head it was given on; a
    /// push (synchronize) after it removes the label and the gate judges the new head again.
    /// </summary>
    public bool KeepApprovalOnPush { get; set; }
    /// <summary>
    /// Also post a check run (Checks API) with a summary and annotations on the lines that add cost (default true;
    /// only GitHub App credentials can create check runs, so with a token the commit status alone is set).
    /// </summary>
    public bool CheckRun { get; set; } = true;
    /// <summary>Status context shown on the commit.</summary>
    public string StatusContext { get; set; } = "guardrails/cost";
}

public sealed class CostPolicyConfig
{
    public List<GpuQuota> GpuQuotas { get; set; } = [];
    /// <summary>Tags every new resource must carry (tag compliance feeds allocation).</summary>
    public List<string> RequiredTags { get; set; } = [];
    /// <summary>Allowed SKUs (case-insensitive; '*' wildcards). Empty = any.</summary>
    public List<string> AllowedSkus { get; set; } = [];
    public List<string> AllowedRegions { get; set; } = [];
}

/// <summary>At most <see cref="MaxGpus"/> GPUs of a model (matched in the SKU's GPU model name, e.g. "A100") for a team.</summary>
public sealed class GpuQuota
{
    public string Team { get; set; } = "";
    public string GpuModel { get; set; } = "";
    public decimal MaxGpus { get; set; }
}
