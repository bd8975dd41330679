using Guardrails.Core.Common;
namespace Guardrails.Core.Configuration;

/// <summary>
/// <c>rightsizing.checkpoints:</c> in guardrails.yaml: which storage accounts hold training checkpoints (a tag, or a name
/// pattern), how long checkpoint data may stay in the Hot tier, and optional storage prices per GB-month (see
/// docs/rightsizing.md, "Checkpoint storage"). Recommendations only: no blob is ever moved.
/// </summary>
public sealed class CheckpointStorageConfig
{
    /// <summary>Tag key that marks a storage account as checkpoint storage (matched case-insensitively, key trimmed).</summary>
    public string TagKey { get; set; } = "purpose";
    /// <summary>Values of <see cref="TagKey"/> that mean "checkpoints" (case-insensitive).</summary>
    public List<string> TagValues { get; set; } = ["checkpoints", "checkpoint"];
    /// <summary>Wildcard patterns (<c>*</c>, <c>?</c>) matched against the account's name and the last segments of its resource id.</summary>
    public List<string> NamePatterns { get; set; } = ["*checkpoint*", "*ckpt*"];
    /// <summary>Checkpoint data held in Hot longer than this is flagged (default 14 days: training resumes from recent checkpoints).</summary>
    public string MaxHotAge { get; set; } = "14d";
    /// <summary>The tier the headline saving is priced at: cool, cold or archive (the others are listed too).</summary>
    public string TargetTier { get; set; } = "cool";
    /// <summary>Accounts whose Hot data older than the age is below this (GB) are not flagged.</summary>
    public decimal MinHotGb { get; set; } = 100m;
    /// <summary>
    /// Optional prices per GB-month (cool, cold, archive) and per GB read back (coolRetrieval, coldRetrieval,
    /// archiveRetrieval) in <see cref="PriceCurrency"/>, e.g. from the Azure pricing page for your region and redundancy.
    /// A tier not given here is priced from the built-in table (its source is named in every recommendation).
    /// </summary>
    public Dictionary<string, decimal> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Currency of <see cref="Prices"/> (default USD, the built-in table's).</summary>
    public string PriceCurrency { get; set; } = "USD";

    public static readonly string[] PriceKeys = ["hot", "cool", "cold", "archive", "coolRetrieval", "coldRetrieval", "archiveRetrieval"];
    public static readonly string[] Tiers = ["cool", "cold", "archive"];

    public TimeSpan MaxHotAgeTime => ConfigDuration.Parse(MaxHotAge);

    public void Validate(ConfigValidationContext context, string path)
    {
        if (string.IsNullOrWhiteSpace(TagKey)) context.Add($"{path}.tagKey", "must not be empty.");
        for (var i = 0; i < (TagValues ?? []).Count; i++)
            if (string.IsNullOrWhiteSpace(TagValues![i])) context.Add($"{path}.tagValues[{i}]", "is empty.");
        for (var i = 0; i < (NamePatterns ?? []).Count; i++)
            if (string.IsNullOrWhiteSpace(NamePatterns![i]) || NamePatterns[i].Trim('*', '?').Length == 0)
                context.Add($"{path}.namePatterns[{i}]", $"'{NamePatterns[i]}' matches every account: give a pattern with a name part (e.g. *ckpt*).");
        if (!ConfigDuration.TryParse(MaxHotAge, out var age) || age < TimeSpan.FromDays(1))
            context.Add($"{path}.maxHotAge", $"'{MaxHotAge}' is not a duration of at least one day (e.g. 14d).");
        if (!Tiers.Contains(TargetTier?.Trim().ToLowerInvariant()))
            context.Add($"{path}.targetTier", $"'{TargetTier}' is not one of cool, cold, archive.");
        if (MinHotGb < 0m) context.Add($"{path}.minHotGb", $"{MinHotGb} must not be negative.");
        foreach (var (key, price) in Prices ?? [])
        {
            if (!PriceKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                context.Add($"{path}.prices.{key}", $"unknown price; use {string.Join(", ", PriceKeys)}.");
            else if (price < 0m) context.Add($"{path}.prices.{key}", $"{price} must not be negative.");
        }
        if (!CurrencyCode.IsValid(PriceCurrency))
            context.Add($"{path}.priceCurrency", $"'{PriceCurrency}' is not a three-letter currency code.");
    }
}
