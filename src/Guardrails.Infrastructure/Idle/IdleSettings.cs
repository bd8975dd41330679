using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Infrastructure.Compute;

namespace Guardrails.Infrastructure.Idle;

/// <summary>
/// What both hosts derive the same way from the settings and guardrails.yaml: the ARM scopes to inventory (given, else
/// the policies' subscriptions × resource groups) and the idle-cost allocation keys (given, else the ledger's allocation
/// keys, so idle cost lines up with the ledger's facts).
/// </summary>
public static class IdleSettings
{
    /// <summary>Scopes given (settings or --scope), else from the policies; trimmed, deduplicated, each checked to be an ARM scope.</summary>
    public static List<string> ResolveScopes(IEnumerable<string> given, IReadOnlyList<IdlePolicyConfig> policies)
    {
        List<string> scopes = [.. given];
        if (scopes.Count == 0)
            scopes = [.. policies.SelectMany(p => p.Scope.ResourceGroups.Count == 0
                ? p.Scope.Subscriptions.Select(s => $"/subscriptions/{s}")
                : p.Scope.Subscriptions.SelectMany(s => p.Scope.ResourceGroups.Select(rg => $"/subscriptions/{s}/resourceGroups/{rg}")))];
        scopes = scopes.Select(s => s.Trim().TrimEnd('/')).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (scopes.FirstOrDefault(s => !ArmCompute.IsScope(s)) is { } bad)
            throw new FormatException($"scope '{bad}' is not an ARM scope: expected /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>.");
        return scopes;
    }

    /// <summary>The options completed from the configuration: scopes from the policies when none is set, allocation keys from the ledger's.</summary>
    public static IdleOptions Complete(IdleOptions options, GuardrailsConfig config, bool allocationKeysGiven)
    {
        options.Scopes = ResolveScopes(options.Scopes, config.Policies);
        if (!allocationKeysGiven && config.Allocation.Keys.Count > 0)
            options.AllocationKeys = config.Allocation.Keys.Select(k => k.Name).ToList();
        return options;
    }
}
