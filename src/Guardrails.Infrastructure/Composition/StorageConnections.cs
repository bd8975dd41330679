using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// Reads a storage connection the way the Functions host reads a trigger's <c>Connection</c>: a connection string in
/// <c>{name}</c> (or <c>ConnectionStrings:{name}</c>), or the identity-based <c>{name}__accountName</c> /
/// <c>__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c> / <c>__credential</c> / <c>__clientId</c>.
/// Outside local development a missing connection, or one that resolves to the storage emulator, is an error naming
/// the setting: the app never talks to 127.0.0.1 by accident.
/// </summary>
public static class StorageConnections
{
    [Flags]
    public enum Services { Blob = 1, Queue = 2, Table = 4, All = Blob | Queue | Table }

    /// <summary>The connection, or null when nothing is set (only for optional connections).</summary>
    public static StorageConnectionOptions? TryRead(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(name);
        var value = section.Value is { Length: > 0 } v ? v : configuration.GetConnectionString(name);
        var options = new StorageConnectionOptions { Name = name };
        if (!string.IsNullOrWhiteSpace(value))
        {
            if (AppSettings.IsUnresolvedKeyVaultReference(value))
                throw new AppSettingException($"Setting '{name}' is an unresolved Key Vault reference: check that the secret exists and the app's identity may read it.");
            options.ConnectionString = value.Trim();
            return options;
        }
        options.AccountName = Trimmed(section["accountName"]);
        options.BlobServiceUri = Uri(name, "blobServiceUri", section["blobServiceUri"] ?? section["serviceUri"]) ?? Derived(options.AccountName, "blob");
        options.QueueServiceUri = Uri(name, "queueServiceUri", section["queueServiceUri"]) ?? Derived(options.AccountName, "queue");
        options.TableServiceUri = Uri(name, "tableServiceUri", section["tableServiceUri"]) ?? Derived(options.AccountName, "table");
        options.Credential = Trimmed(section["credential"]);
        options.ClientId = Trimmed(section["clientId"]);
        var any = options.AccountName is not null || options.BlobServiceUri is not null || options.QueueServiceUri is not null || options.TableServiceUri is not null;
        return any ? options : null;
    }

    /// <summary>
    /// The connection <paramref name="name"/> for the services it must reach. Locally an unset connection is the storage
    /// emulator; elsewhere it is an error, and so is an emulator connection.
    /// </summary>
    public static StorageConnectionOptions Read(IConfiguration configuration, string name, HostEnvironment environment, Services services = Services.All)
    {
        var options = TryRead(configuration, name);
        if (options is null)
        {
            if (environment.IsLocalDevelopment)
                return new StorageConnectionOptions { Name = name, ConnectionString = StorageConnectionOptions.DevelopmentStorage };
            throw new AppSettingException(
                $"Setting '{name}' is missing: set '{name}__accountName' (or '{name}__blobServiceUri' / '__queueServiceUri' / '__tableServiceUri') " +
                $"for the app's managed identity, or '{name}' to a connection string.");
        }
        Check(options, environment, services);
        return options;
    }

    /// <summary>Throws <see cref="AppSettingException"/> when the connection cannot reach what it must, or reaches the emulator outside local development.</summary>
    public static void Check(StorageConnectionOptions options, HostEnvironment environment, Services services)
    {
        if (!environment.IsLocalDevelopment && options.IsDevelopmentStorage)
            throw new AppSettingException(
                $"Setting '{options.Name}' points at the local storage emulator, but the app is not running in local development " +
                $"({AppSettings.WebsiteInstanceId} is set and {AppSettings.FunctionsEnvironment} is not 'Development'): set '{options.Name}__accountName' " +
                "or a connection string of the Azure storage account.");
        if (options.UsesConnectionString) return;
        var missing = new List<string>();
        if (services.HasFlag(Services.Blob) && options.BlobServiceUri is null) missing.Add("blobServiceUri");
        if (services.HasFlag(Services.Queue) && options.QueueServiceUri is null) missing.Add("queueServiceUri");
        if (services.HasFlag(Services.Table) && options.TableServiceUri is null) missing.Add("tableServiceUri");
        if (missing.Count > 0)
            throw new AppSettingException(
                $"Setting '{options.Name}' is incomplete: set '{options.Name}__accountName' or " + string.Join(", ", missing.Select(m => $"'{options.Name}__{m}'")) + ".");
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? Derived(string? account, string service) =>
        account is null ? null : new Uri($"https://{account}.{service}.core.windows.net/", UriKind.Absolute);

    private static Uri? Uri(string name, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return System.Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new AppSettingException($"Setting '{name}__{key}' is not an http(s) URL: '{value}'.");
    }
}
