using Guardrails.Core.Configuration;

namespace Guardrails.Core.Idle;

/// <summary>
/// Loads idle policies from YAML: the <c>policies:</c> section of guardrails.yaml (or a file holding only that section).
/// Errors name file, line and field.
/// </summary>
public static class IdlePolicyFile
{
    public static IReadOnlyList<IdlePolicyConfig> Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>The shared loader checks keys, types, each section's own validation and that policy names are unique (with lines).</summary>
    public static IReadOnlyList<IdlePolicyConfig> Parse(string yaml, string fileName) => GuardrailsConfigLoader.LoadFromYaml(yaml, fileName).Policies;
}
