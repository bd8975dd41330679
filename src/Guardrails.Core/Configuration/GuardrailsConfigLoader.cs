namespace Guardrails.Core.Configuration;

/// <summary>Loads guardrails.yaml. Validation errors name the file, line and field.</summary>
public static class GuardrailsConfigLoader
{
    public static GuardrailsConfig Load(string path) => throw new NotImplementedException(path);
}
