using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Guardrails.Core.Configuration;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Composition;

/// <summary>Where the export blobs are read from: the <c>GuardrailsExports</c> connection, else the app's storage.</summary>
public sealed record ExportStorage(BlobServiceClient Blobs);

/// <summary>
/// What every feature shares, registered once whichever feature comes first: the host environment, the clock, the metrics, one
/// <see cref="TokenCredential"/> (the app's managed identity in Azure), the app's storage clients (setting
/// <c>GuardrailsStorage</c>, either form), the export storage, and guardrails.yaml (setting <c>GuardrailsConfigPath</c>).
/// A host plugs in its own by registering it first (tests: a fake credential, a fixed configuration).
/// </summary>
public static class FoundationRegistration
{
    private sealed class Marker;

    public static IServiceCollection AddGuardrailsFoundation(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker))) return services;
        services.AddSingleton<Marker>();

        var environment = services.FirstOrDefault(d => d.ServiceType == typeof(HostEnvironment))?.ImplementationInstance as HostEnvironment
            ?? HostEnvironment.From(configuration);
        services.TryAddSingleton(environment);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GuardrailsMetrics>();
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = configuration[AppSettings.AzureClientId] is { Length: > 0 } id ? id : null,
        }));

        // Read now: a missing or emulator connection outside local development stops start-up, naming the setting.
        if (!services.Any(d => d.ServiceType == typeof(StorageClients)))
        {
            var storage = StorageConnections.Read(configuration, AppSettings.Storage, environment);
            services.TryAddSingleton(storage);
            services.TryAddSingleton(sp => new StorageClients(storage, sp.GetRequiredService<TokenCredential>()));
        }
        var exports = StorageConnections.TryRead(configuration, AppSettings.Exports);
        if (exports is not null) StorageConnections.Check(exports, environment, StorageConnections.Services.Blob);
        services.TryAddSingleton(sp => new ExportStorage(exports is null
            ? sp.GetRequiredService<StorageClients>().Blobs
            : StorageClients.CreateBlobClient(exports, sp.GetRequiredService<TokenCredential>())));

        // A configuration object registered by the host (tests, a CLI run) is the source; otherwise the file.
        services.TryAddSingleton(_ => services.LastOrDefault(d => d.ServiceType == typeof(GuardrailsConfig))?.ImplementationInstance is GuardrailsConfig given
            ? GuardrailsConfigSource.Fixed(given)
            : new GuardrailsConfigSource(GuardrailsConfigSource.ResolvePath(configuration)));
        services.TryAddSingleton<GuardrailsConfig>(sp => sp.GetRequiredService<GuardrailsConfigSource>().Current);
        return services;
    }
}
