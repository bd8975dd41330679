using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// Reads Bicep registry modules: the compiled ARM template a reference names, or null when the registry does not have it,
/// asks for credentials, or cannot be reached (the module then stays unknown on its call's line).
/// </summary>
public interface IBicepModuleRegistry
{
    Task<string?> GetCompiledTemplateAsync(BicepRegistryReference reference, CancellationToken cancellationToken = default);
}
