using System.Collections;
using System.Reflection;
using Guardrails.Core.Common;

namespace Guardrails.Core.Configuration;

/// <summary>
/// Loads guardrails.yaml. Keys are camelCase; unknown keys are errors naming the key. All problems (unknown keys,
/// values of the wrong type, section validation) are collected as <see cref="ConfigError"/>s with file, line and
/// field path (e.g. <c>budgets[2].amount</c>) and thrown together as one <see cref="ConfigException"/>.
/// </summary>
public static class GuardrailsConfigLoader
{
    public static GuardrailsConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(path, null, "(file)", $"cannot read the configuration file: {e.Message}")]);
        }
        return LoadFromYaml(text, path);
    }

    public static GuardrailsConfig LoadFromYaml(string text, string fileName)
    {
        var (config, positions) = YamlDocumentReader.Read<GuardrailsConfig>(text, fileName);
        Normalize(config);

        // Semantics: each section that can check itself does.
        var errors = CheckSemantics(config, fileName, positions);
        if (errors.Count > 0) throw new ConfigException(errors);
        return config;
    }

    /// <summary>The checks each section makes of itself and of the others (channels named, policy names unique), with the
    /// line of the field each error is about.</summary>
    private static List<ConfigError> CheckSemantics(GuardrailsConfig config, string fileName, YamlFieldPositions positions)
    {
        var errors = new List<ConfigError>();
        var context = new ConfigValidationContext(fileName);
        ValidateSections(config, context);
        IdlePolicyConfig.ValidateChannels(config.Policies, config.Channels, context);
        BudgetConfig.CrossCheck(config.Budgets, config.Channels, context);
        config.RightSizing.ValidateChannels(config.Channels, context);
        var policyNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < config.Policies.Count; i++)
            if (!string.IsNullOrWhiteSpace(config.Policies[i].Name) && !policyNames.Add(config.Policies[i].Name))
                context.Add($"policies[{i}].name", $"'{config.Policies[i].Name}' is used by another policy.");
        foreach (var (field, message) in context.Errors)
            errors.Add(new ConfigError(fileName, positions.LineOf(field), field, message));
        return errors;
    }

    private static void Normalize(GuardrailsConfig config)
    {
        config.Allocation ??= new();
        config.Budgets ??= [];
        config.Policies ??= [];
        config.PullRequests ??= new();
        config.RightSizing ??= new();
        // One spelling of each currency (a budget's 'usd' is the facts' USD); a text that is not a code stays for validation to name.
        foreach (var budget in config.Budgets.OfType<BudgetConfig>()) budget.Currency = CurrencyCode.Normalize(budget.Currency) ?? budget.Currency;
        foreach (var cost in (config.Allocation.FixedCosts ?? []).OfType<FixedCostConfig>()) cost.Currency = CurrencyCode.Normalize(cost.Currency) ?? cost.Currency;
        config.Channels = config.Channels is null
            ? new(StringComparer.OrdinalIgnoreCase)
            : new(config.Channels, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Calls Validate on every top-level section (and list/map element) that implements IValidatableConfig.</summary>
    private static void ValidateSections(GuardrailsConfig config, ConfigValidationContext context)
    {
        foreach (var property in typeof(GuardrailsConfig).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = YamlDocumentReader.KeyOf(property);
            switch (property.GetValue(config))
            {
                case IValidatableConfig section:
                    section.Validate(context, name);
                    break;
                case IDictionary map:
                    foreach (DictionaryEntry entry in map)
                        if (entry.Value is IValidatableConfig v) v.Validate(context, $"{name}.{entry.Key}");
                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                        if (list[i] is IValidatableConfig v) v.Validate(context, $"{name}[{i}]");
                    break;
            }
        }
    }
}
