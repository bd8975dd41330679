using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Configuration;

/// <summary>
/// The <c>allocation:</c> section of guardrails.yaml: which tags say who a cost belongs to, how missing tags are
/// inherited, which costs are shared and how they are split, and which fixed monthly costs complete the picture.
/// See docs/allocation.md.
/// </summary>
public sealed class AllocationConfig : IValidatableConfig
{
    /// <summary>The value allocation reserves for "no value"; no tag value or alias may be it.</summary>
    public const string Unallocated = "unallocated";

    /// <summary>True for <see cref="Unallocated"/> in any case.</summary>
    public static bool IsReserved(string value) => string.Equals(value.Trim(), Unallocated, StringComparison.OrdinalIgnoreCase);

    /// <summary>The allocation keys in order (e.g. team, project, model). Each fact carries one value per key.</summary>
    public List<AllocationKeyConfig> Keys { get; set; } = [];

    /// <summary>Shared-cost rules; the first rule whose scope matches a row wins.</summary>
    public List<SharedCostRuleConfig> Shared { get; set; } = [];

    /// <summary>Declared fixed monthly costs (personnel, licences) spread over the days of the month.</summary>
    public List<FixedCostConfig> FixedCosts { get; set; } = [];

    /// <summary>Extra GPU counts for SKUs that are not in the bundled catalog (ARM SKU name → GPUs, fractions allowed).</summary>
    public Dictionary<string, decimal> GpuSkus { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How tag values are compared: <c>exact</c> (the default: <c>Vision</c> and <c>vision</c> are two teams) or <c>lower</c>.</summary>
    public AllocationValueCase ValueCase { get; set; } = AllocationValueCase.Exact;

    /// <summary>
    /// Value aliases per allocation key: key → value → the other spellings that mean it (matched ignoring case), e.g.
    /// <c>team: { vision: [Vision, cv-team] }</c>. Applied after <see cref="ValueCase"/>, to tags and to inherited values.
    /// </summary>
    public Dictionary<string, Dictionary<string, List<string>>> ValueAliases { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tag-key prefixes that mark the same tag (e.g. <c>user:</c>: AWS FOCUS exports write user-defined tags as
    /// <c>user:team</c>): every alias also matches with each prefix, at its own rank. A row whose plain and prefixed
    /// spellings disagree leaves the key unallocated, with the conflict named (docs/allocation.md). Empty by default.
    /// </summary>
    public List<string> TagPrefixes { get; set; } = [];

    public void Validate(ConfigValidationContext context, string path)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var p = $"{path}.keys[{i}]";
            if (key is null) { context.Add(p, "must not be empty"); continue; }
            key.Validate(context, p);
            if (!string.IsNullOrWhiteSpace(key.Name) && !names.Add(key.Name.Trim()))
                context.Add($"{p}.name", $"duplicate allocation key '{key.Name}'");
        }

        var aliasOwner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Keys.Where(k => k is not null))
            for (var a = 0; a < key.EffectiveAliases.Count; a++)
            {
                var alias = key.EffectiveAliases[a];
                if (aliasOwner.TryGetValue(alias, out var owner) && !string.Equals(owner, key.Name, StringComparison.OrdinalIgnoreCase))
                    context.Add($"{path}.keys[{Keys.IndexOf(key)}].aliases",
                        $"tag '{alias}' is already an alias of key '{owner}'");
                else aliasOwner[alias] = key.Name;
            }

        var ruleNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Shared.Count; i++)
        {
            var p = $"{path}.shared[{i}]";
            if (Shared[i] is null) { context.Add(p, "must not be empty"); continue; }
            Shared[i].Validate(context, p, names);
            if (!string.IsNullOrWhiteSpace(Shared[i].Name) && !ruleNames.Add(Shared[i].Name))
                context.Add($"{p}.name", $"duplicate shared rule '{Shared[i].Name}'");
        }

        for (var i = 0; i < FixedCosts.Count; i++)
        {
            var p = $"{path}.fixedCosts[{i}]";
            if (FixedCosts[i] is null) { context.Add(p, "must not be empty"); continue; }
            FixedCosts[i].Validate(context, p, names);
        }

        foreach (var (sku, gpus) in GpuSkus)
            if (gpus < 0) context.Add($"{path}.gpuSkus.{sku}", "GPU count must not be negative");

        ValidateValueAliases(context, path, names);
        for (var i = 0; i < (TagPrefixes ?? []).Count; i++)
            if (string.IsNullOrWhiteSpace(TagPrefixes![i])) context.Add($"{path}.tagPrefixes[{i}]", "a prefix must not be empty (e.g. 'user:')");
    }

    private void ValidateValueAliases(ConfigValidationContext context, string path, ISet<string> keyNames)
    {
        if (!Enum.IsDefined(ValueCase)) context.Add($"{path}.valueCase", "must be lower or exact");
        foreach (var (key, values) in ValueAliases ?? [])
        {
            var p = $"{path}.valueAliases.{key}";
            if (!keyNames.Contains(key.Trim())) context.Add(p, $"'{key}' is not one of the allocation keys ({string.Join(", ", keyNames)})");
            var owner = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var value in (values ?? []).Keys) owner[value.Trim()] = value.Trim();
            foreach (var (value, aliases) in values ?? [])
            {
                if (string.IsNullOrWhiteSpace(value) || IsReserved(value))
                    context.Add($"{p}.{value}", $"'{value}' cannot be an alias target (empty or the reserved value '{Unallocated}')");
                for (var i = 0; i < (aliases ?? []).Count; i++)
                    ValidateValueAlias(context, $"{p}.{value}[{i}]", value.Trim(), aliases![i], owner);
            }
        }
    }

    private static void ValidateValueAlias(ConfigValidationContext context, string field, string value, string? alias, Dictionary<string, string> owner)
    {
        if (string.IsNullOrWhiteSpace(alias) || IsReserved(alias))
            context.Add(field, $"an alias must not be empty or the reserved value '{Unallocated}'");
        else if (owner.TryGetValue(alias.Trim(), out var other) && !string.Equals(other, value, StringComparison.OrdinalIgnoreCase))
            context.Add(field, $"'{alias}' already means '{other}'");
        else owner[alias.Trim()] = value;
    }
}

/// <summary>How tag values are compared by allocation (<c>allocation.valueCase</c>).</summary>
public enum AllocationValueCase
{
    /// <summary>As written: <c>Vision</c> and <c>vision</c> are two values (the default).</summary>
    Exact,

    /// <summary>Lower-cased (invariant culture): <c>Vision</c> and <c>vision</c> are one value, <c>vision</c>.</summary>
    Lower,
}

/// <summary>One allocation key (e.g. team) and the tags that carry it.</summary>
public sealed class AllocationKeyConfig
{
    /// <summary>The key's name as it appears in facts and reports (e.g. "team").</summary>
    public string Name { get; set; } = "";

    /// <summary>Tag keys that carry this key, matched case-insensitively on trimmed tag keys; the first present wins.
    /// The key's own name is always an alias (tried last).</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Values inherited when a row lacks the tag.</summary>
    public AllocationDefaultsConfig Defaults { get; set; } = new();

    /// <summary>Aliases (trimmed), then the name itself when not listed.</summary>
    public IReadOnlyList<string> EffectiveAliases
    {
        get
        {
            var list = new List<string>();
            foreach (var a in Aliases)
                if (!string.IsNullOrWhiteSpace(a) && !list.Contains(a.Trim(), StringComparer.OrdinalIgnoreCase)) list.Add(a.Trim());
            if (!string.IsNullOrWhiteSpace(Name) && !list.Contains(Name.Trim(), StringComparer.OrdinalIgnoreCase)) list.Add(Name.Trim());
            return list;
        }
    }

    internal void Validate(ConfigValidationContext context, string path)
    {
        if (string.IsNullOrWhiteSpace(Name)) context.Add($"{path}.name", "an allocation key needs a name");
        else if (Name.IndexOfAny([';', '=', '|']) >= 0) context.Add($"{path}.name", "must not contain ';', '=' or '|'");
        for (var i = 0; i < Aliases.Count; i++)
            if (string.IsNullOrWhiteSpace(Aliases[i])) context.Add($"{path}.aliases[{i}]", "an alias must not be empty");
        Defaults ??= new();
        foreach (var (rg, value) in Defaults.ResourceGroups)
            if (string.IsNullOrWhiteSpace(value)) context.Add($"{path}.defaults.resourceGroups.{rg}", "needs a value");
        foreach (var (sub, value) in Defaults.Subscriptions)
            if (string.IsNullOrWhiteSpace(value)) context.Add($"{path}.defaults.subscriptions.{sub}", "needs a value");
    }
}

/// <summary>Inherited values: resource group first, then subscription (by id or name), case-insensitive.</summary>
public sealed class AllocationDefaultsConfig
{
    public Dictionary<string, string> ResourceGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, string> Subscriptions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>How a shared scope's cost is split across the values of a key.</summary>
public enum SharedSplitMethod { Proportional, Even, Fixed }

/// <summary>
/// A shared-cost rule: rows in <see cref="Scope"/> are split across the values of <see cref="Key"/>, proportionally
/// to each value's direct cost that day (in the same currency), evenly, or by fixed percentages.
/// </summary>
public sealed class SharedCostRuleConfig
{
    public string Name { get; set; } = "";
    public SharedScopeConfig Scope { get; set; } = new();
    /// <summary>The allocation key whose values receive the cost (e.g. "team").</summary>
    public string Key { get; set; } = "";
    public SharedSplitMethod Method { get; set; } = SharedSplitMethod.Proportional;
    /// <summary>Restricts the receivers (proportional, even). Empty: every value with direct cost that day.</summary>
    public List<string> Values { get; set; } = [];
    /// <summary>For <see cref="SharedSplitMethod.Fixed"/>: value → percentage, summing to 100.</summary>
    public Dictionary<string, decimal> Percentages { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal void Validate(ConfigValidationContext context, string path, ISet<string> keyNames)
    {
        if (string.IsNullOrWhiteSpace(Name)) context.Add($"{path}.name", "a shared rule needs a name");
        if (string.IsNullOrWhiteSpace(Key)) context.Add($"{path}.key", "name the allocation key to split across");
        else if (!keyNames.Contains(Key.Trim())) context.Add($"{path}.key", $"'{Key}' is not one of the allocation keys ({string.Join(", ", keyNames)})");
        Scope ??= new();
        if (Scope.IsEmpty) context.Add($"{path}.scope", "needs a resourceGroup, subscription or tag");
        if (Scope.Tag is { Count: > 1 }) context.Add($"{path}.scope.tag", "give exactly one tag key and value");
        if (Method == SharedSplitMethod.Fixed)
        {
            if (Percentages.Count == 0) context.Add($"{path}.percentages", "the fixed method needs percentages");
            else
            {
                foreach (var (value, pct) in Percentages)
                    if (pct <= 0) context.Add($"{path}.percentages.{value}", "a percentage must be positive");
                var sum = Percentages.Values.Sum();
                if (sum != 100m) context.Add($"{path}.percentages", $"percentages add up to {sum.ToString(CultureInfo.InvariantCulture)}, not 100");
            }
        }
        else if (Percentages.Count > 0)
            context.Add($"{path}.percentages", $"percentages only apply to method: fixed (this rule is {Method.ToString().ToLowerInvariant()})");
    }
}

/// <summary>What makes a row shared. All given conditions must hold; strings compare case-insensitively.</summary>
public sealed class SharedScopeConfig
{
    public string? ResourceGroup { get; set; }
    /// <summary>Subscription id or name.</summary>
    public string? Subscription { get; set; }
    /// <summary>One tag key → value (e.g. <c>{ shared: "true" }</c>).</summary>
    public Dictionary<string, string>? Tag { get; set; }

    internal bool IsEmpty => string.IsNullOrWhiteSpace(ResourceGroup) && string.IsNullOrWhiteSpace(Subscription) && (Tag is null || Tag.Count == 0);
}

/// <summary>A declared fixed monthly cost (personnel, licences) for one allocation.</summary>
public sealed class FixedCostConfig
{
    public string Name { get; set; } = "";
    public decimal MonthlyAmount { get; set; }
    public string Currency { get; set; } = "";
    /// <summary>Allocation values (key → value); keys not given are <c>unallocated</c>.</summary>
    public Dictionary<string, string> Allocation { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>First month (yyyy-MM), inclusive; empty = always.</summary>
    public string? From { get; set; }
    /// <summary>Last month (yyyy-MM), inclusive; empty = open-ended.</summary>
    public string? To { get; set; }

    internal static bool TryParseMonth(string? text, out DateOnly month)
    {
        month = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
    }

    /// <summary>Whether the cost applies in the month starting at <paramref name="monthStart"/>.</summary>
    public bool AppliesTo(DateOnly monthStart) =>
        (!TryParseMonth(From, out var from) || monthStart >= from) && (!TryParseMonth(To, out var to) || monthStart <= to);

    internal void Validate(ConfigValidationContext context, string path, ISet<string> keyNames)
    {
        if (string.IsNullOrWhiteSpace(Name)) context.Add($"{path}.name", "a fixed cost needs a name");
        if (MonthlyAmount == 0) context.Add($"{path}.monthlyAmount", "needs a non-zero monthly amount");
        if (!CurrencyCode.IsValid(Currency))
            context.Add($"{path}.currency", $"'{Currency}' is not a three-letter ISO currency code (e.g. USD)");
        if (Allocation.Count == 0) context.Add($"{path}.allocation", "say whose cost it is (e.g. team: vision)");
        foreach (var (key, value) in Allocation)
        {
            if (!keyNames.Contains(key.Trim())) context.Add($"{path}.allocation.{key}", $"'{key}' is not one of the allocation keys ({string.Join(", ", keyNames)})");
            if (string.IsNullOrWhiteSpace(value)) context.Add($"{path}.allocation.{key}", "needs a value");
        }
        if (!string.IsNullOrWhiteSpace(From) && !TryParseMonth(From, out _)) context.Add($"{path}.from", $"'{From}' is not a month (yyyy-MM)");
        if (!string.IsNullOrWhiteSpace(To) && !TryParseMonth(To, out _)) context.Add($"{path}.to", $"'{To}' is not a month (yyyy-MM)");
        if (TryParseMonth(From, out var f) && TryParseMonth(To, out var t) && t < f) context.Add($"{path}.to", "is before from");
    }
}
