using System.ComponentModel.DataAnnotations;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Infrastructure.PullRequests;

/// <summary>
/// Settings <c>BicepRegistry__*</c>: which Bicep registries the deployed PR check may fetch modules from (validated at
/// start-up). A pull request names the registry in its own files, so the check never requests a host that is not listed
/// here (it would otherwise make the Function App send requests wherever a PR points, inside its network too); a module of
/// another registry stays unknown on its call's line.
/// </summary>
public sealed class BicepRegistryOptions : IValidatableObject
{
    public const string SectionName = "BicepRegistry";

    /// <summary>Registry host names, comma-separated (default: the public registry, <c>mcr.microsoft.com</c>); empty turns fetching off.</summary>
    public string AllowedHosts { get; set; } = BicepRegistryReference.PublicRegistry;

    /// <summary>The listed hosts, lower case.</summary>
    public IReadOnlySet<string> Hosts => AllowedHosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(h => h.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var host in Hosts.Where(h => BicepRegistryReference.TryParse($"br:{h}/x:1") is not { } r || r.Registry != h))
            yield return new ValidationResult($"{SectionName}__{nameof(AllowedHosts)}: '{host}' is not a registry host name", [nameof(AllowedHosts)]);
    }
}
