using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Configuration;

/// <summary>
/// One budget in guardrails.yaml (<c>budgets:</c>). Example:
/// <code>
/// - name: vision
///   scope: { team: vision }            # allocation values; or subscription: / resourceGroup:
///   amount: 5000
///   currency: USD
///   thresholds: [50, 80, 100]          # % of amount, on actual spend
///   forecastThresholds: [100]          # % of amount, on forecast month-end spend
///   owners: [ana@contoso.com]
///   channels: [oncall-teams]           # names from the channels: section
///   severity: warning                  # info | warning | critical
///   onBreach: { action: deallocate, scope: { env: dev }, threshold: 100, dryRun: true }
/// </code>
/// </summary>
public sealed class BudgetConfig : IValidatableConfig
{
    /// <summary>Scope keys that are not allocation values.</summary>
    public const string SubscriptionScopeKey = "subscription";
    public const string ResourceGroupScopeKey = "resourceGroup";

    public string Name { get; set; } = "";

    /// <summary>
    /// What the budget covers: allocation values (e.g. <c>team: vision</c>), and/or <c>subscription</c> (id) and
    /// <c>resourceGroup</c>. Empty means the whole ledger.
    /// </summary>
    public Dictionary<string, string> Scope { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Monthly amount in <see cref="Currency"/>.</summary>
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "USD";

    /// <summary>Which cost is measured: <c>effective</c> (amortized, default) or <c>billed</c>.</summary>
    public string CostMetric { get; set; } = "effective";

    /// <summary>Count declared fixed costs (people, licences; category Fixed) against this budget. Off by default: a
    /// budget watches the cloud bill.</summary>
    public bool IncludeFixedCosts { get; set; }

    /// <summary>Percentages of the amount on actual spend.</summary>
    public List<decimal> Thresholds { get; set; } = [50m, 80m, 100m];

    /// <summary>Percentages of the amount on forecast month-end spend.</summary>
    public List<decimal> ForecastThresholds { get; set; } = [100m];

    public List<string> Owners { get; set; } = [];
    public List<string> Channels { get; set; } = [];
    public string Severity { get; set; } = "warning";

    /// <summary>Anomaly detection for this budget's scope (on by default).</summary>
    public AnomalyConfig Anomalies { get; set; } = new();

    /// <summary>Spending limit: what to do when actual spend crosses <see cref="OnBreachConfig.Threshold"/>.</summary>
    public OnBreachConfig? OnBreach { get; set; }

    public static readonly IReadOnlyList<string> Severities = ["info", "warning", "critical"];
    public static readonly IReadOnlyList<string> CostMetrics = ["effective", "billed"];

    public bool UsesBilledCost => string.Equals(CostMetric, "billed", StringComparison.OrdinalIgnoreCase);

    public string? SubscriptionId => ScopeValue(k => string.Equals(k, SubscriptionScopeKey, StringComparison.OrdinalIgnoreCase));
    public string? ResourceGroupName => ScopeValue(k => IsLocationKey(k) && !string.Equals(k, SubscriptionScopeKey, StringComparison.OrdinalIgnoreCase));

    private string? ScopeValue(Func<string, bool> key) => Scope.FirstOrDefault(kv => key(kv.Key)).Value;

    /// <summary>The allocation part of the scope (everything except subscription / resourceGroup).</summary>
    public IReadOnlyDictionary<string, string> AllocationScope =>
        Scope.Where(kv => !IsLocationKey(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    internal static bool IsLocationKey(string key) =>
        string.Equals(key, SubscriptionScopeKey, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, ResourceGroupScopeKey, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, "resource_group", StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, "resourcegroupname", StringComparison.OrdinalIgnoreCase);

    public void Validate(ConfigValidationContext context, string path)
    {
        var who = string.IsNullOrWhiteSpace(Name) ? path : $"{path} (budget '{Name}')";
        if (string.IsNullOrWhiteSpace(Name))
            context.Add($"{path}.name", "a budget needs a name");
        else if (Name.Length > 64 || Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            context.Add($"{path}.name", $"budget '{Name}': use 1-64 letters, digits, '-', '_' or '.'");

        if (Amount <= 0)
            context.Add($"{path}.amount", $"{who}: amount must be greater than 0 (got {Amount.ToString(CultureInfo.InvariantCulture)})");
        if (!CurrencyCode.IsValid(Currency))
            context.Add($"{path}.currency", $"{who}: currency must be a 3-letter ISO code such as USD (got '{Currency}')");
        if (!CostMetrics.Contains(CostMetric, StringComparer.OrdinalIgnoreCase))
            context.Add($"{path}.costMetric", $"{who}: costMetric must be one of {string.Join(", ", CostMetrics)} (got '{CostMetric}')");
        if (!Severities.Contains(Severity, StringComparer.OrdinalIgnoreCase))
            context.Add($"{path}.severity", $"{who}: severity must be one of {string.Join(", ", Severities)} (got '{Severity}')");

        ValidateThresholds(context, $"{path}.thresholds", who, Thresholds);
        ValidateThresholds(context, $"{path}.forecastThresholds", who, ForecastThresholds);

        foreach (var (key, value) in Scope)
        {
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value))
                context.Add($"{path}.scope.{key}", $"{who}: scope entries need a key and a value");
        }

        for (var i = 0; i < Owners.Count; i++)
            if (string.IsNullOrWhiteSpace(Owners[i]))
                context.Add($"{path}.owners[{i}]", $"{who}: owner must not be empty");
        for (var i = 0; i < Channels.Count; i++)
            if (string.IsNullOrWhiteSpace(Channels[i]))
                context.Add($"{path}.channels[{i}]", $"{who}: channel name must not be empty");

        Anomalies.Validate(context, $"{path}.anomalies", who);
        OnBreach?.Validate(context, $"{path}.onBreach", who);
    }

    private static void ValidateThresholds(ConfigValidationContext context, string field, string who, List<decimal> values)
    {
        for (var i = 0; i < values.Count; i++)
            if (values[i] <= 0 || values[i] > 1000)
                context.Add($"{field}[{i}]", $"{who}: threshold must be a percentage in (0, 1000] (got {values[i].ToString(CultureInfo.InvariantCulture)})");
        if (values.Distinct().Count() != values.Count)
            context.Add(field, $"{who}: thresholds must not repeat");
    }

    /// <summary>
    /// Checks what a single budget cannot: unique names and that every channel a budget names exists in
    /// <c>channels:</c>. Call after each section validated itself (the loader does; so does the evaluation).
    /// </summary>
    /// <summary>
    /// The checks across budgets that the loader makes for every host and command: a budget name is declared once, and
    /// every channel a budget names is declared in channels:.
    /// </summary>
    public static void CrossCheck(IReadOnlyList<BudgetConfig> budgets, IReadOnlyDictionary<string, ChannelConfig> channels,
        ConfigValidationContext context, string path = "budgets")
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < budgets.Count; i++)
        {
            var b = budgets[i];
            if (!string.IsNullOrWhiteSpace(b.Name) && !seen.Add(b.Name))
                context.Add($"{path}[{i}].name", $"budget '{b.Name}' is declared more than once");
            for (var c = 0; c < (b.Channels?.Count ?? 0); c++)
                if (!string.IsNullOrWhiteSpace(b.Channels![c]) && !channels.ContainsKey(b.Channels[c]))
                    context.Add($"{path}[{i}].channels[{c}]", $"budget '{b.Name}': channel '{b.Channels[c]}' is not declared in channels:");
        }
    }

    public static void ValidateAll(IReadOnlyList<BudgetConfig> budgets, IReadOnlyDictionary<string, ChannelConfig> channels,
        ConfigValidationContext context, string path = "budgets")
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < budgets.Count; i++)
        {
            var b = budgets[i];
            b.Validate(context, $"{path}[{i}]");
            if (!string.IsNullOrWhiteSpace(b.Name) && !seen.Add(b.Name))
                context.Add($"{path}[{i}].name", $"budget '{b.Name}' is declared more than once");
            for (var c = 0; c < b.Channels.Count; c++)
                if (!string.IsNullOrWhiteSpace(b.Channels[c]) && !channels.ContainsKey(b.Channels[c]))
                    context.Add($"{path}[{i}].channels[{c}]", $"budget '{b.Name}': channel '{b.Channels[c]}' is not declared in channels:");
        }
        foreach (var (name, channel) in channels)
            channel.Validate(context, $"channels.{name}");
    }
}

/// <summary>Anomaly detection settings of a budget's scope.</summary>
public sealed class AnomalyConfig
{
    public bool Enabled { get; set; } = true;
    /// <summary>How many robust standard deviations (1.4826 × MAD) above the median count as an anomaly.</summary>
    public decimal Sensitivity { get; set; } = 3m;
    /// <summary>Ignore increases smaller than this amount (in the budget's currency) over the median.</summary>
    public decimal MinimumIncrease { get; set; } = 10m;
    /// <summary>Days of history the baseline uses (median and MAD).</summary>
    public int BaselineDays { get; set; } = 28;
    /// <summary>Alert when a GPU SKU appears in the scope that was not seen during the baseline.</summary>
    public bool NewGpuSku { get; set; } = true;

    internal void Validate(ConfigValidationContext context, string path, string who)
    {
        if (Sensitivity <= 0) context.Add($"{path}.sensitivity", $"{who}: sensitivity must be greater than 0");
        if (MinimumIncrease < 0) context.Add($"{path}.minimumIncrease", $"{who}: minimumIncrease must not be negative");
        if (BaselineDays is < 7 or > 90) context.Add($"{path}.baselineDays", $"{who}: baselineDays must be between 7 and 90");
    }
}

/// <summary>A spending limit: <c>onBreach: { action: deallocate, scope: { env: dev } }</c>.</summary>
public sealed class OnBreachConfig
{
    public static readonly IReadOnlyList<string> Actions = ["deallocate", "mark", "notify"];

    public string Action { get; set; } = "deallocate";
    /// <summary>Which resources of the budget's scope to act on (allocation values); empty means all of them.</summary>
    public Dictionary<string, string> Scope { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>% of the amount (actual spend) at which the action is requested.</summary>
    public decimal Threshold { get; set; } = 100m;
    /// <summary>Requests are dry-run unless this is explicitly false (and the executor is enabled).</summary>
    public bool DryRun { get; set; } = true;

    internal void Validate(ConfigValidationContext context, string path, string who)
    {
        if (!Actions.Contains(Action, StringComparer.OrdinalIgnoreCase))
            context.Add($"{path}.action", $"{who}: onBreach action must be one of {string.Join(", ", Actions)} (got '{Action}')");
        if (Threshold <= 0 || Threshold > 1000)
            context.Add($"{path}.threshold", $"{who}: onBreach threshold must be a percentage in (0, 1000]");
        foreach (var (key, value) in Scope)
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value))
                context.Add($"{path}.scope.{key}", $"{who}: onBreach scope entries need a key and a value");
    }
}
