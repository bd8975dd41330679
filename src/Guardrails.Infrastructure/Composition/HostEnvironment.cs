
namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// Where the app runs. Local development is <c>AZURE_FUNCTIONS_ENVIRONMENT=Development</c> (what <c>func start</c> and
/// local.settings.json set) or a machine without <c>WEBSITE_INSTANCE_ID</c> (which Azure sets on every instance). Only
/// there may a connection fall back to, or point at, the storage emulator.
/// </summary>
public sealed record HostEnvironment(bool IsLocalDevelopment)
{
    public static HostEnvironment Local { get; } = new(true);

    public static HostEnvironment From(IConfiguration configuration) =>
        new(string.Equals(configuration[AppSettings.FunctionsEnvironment], "Development", StringComparison.OrdinalIgnoreCase) ||
            string.IsNullOrWhiteSpace(configuration[AppSettings.WebsiteInstanceId]));
}

/// <summary>A setting that cannot work: start-up stops with one message naming the setting.</summary>
public sealed class AppSettingException(string message) : InvalidOperationException(message);
