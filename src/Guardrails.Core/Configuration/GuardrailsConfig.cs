namespace Guardrails.Core.Configuration;

/// <summary>
/// The whole of guardrails.yaml. Each section lives in its own file beside this one and is owned by the
/// feature that reads it. Loaded and validated by <see cref="GuardrailsConfigLoader"/>.
/// </summary>
public sealed class GuardrailsConfig
{
    public AllocationConfig Allocation { get; set; } = new();
    public List<BudgetConfig> Budgets { get; set; } = [];
    public List<IdlePolicyConfig> Policies { get; set; } = [];
    public PullRequestConfig PullRequests { get; set; } = new();
    [YamlDotNet.Serialization.YamlMember(Alias = "rightsizing")]
    public RightSizingConfig RightSizing { get; set; } = new();
    public Dictionary<string, ChannelConfig> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
