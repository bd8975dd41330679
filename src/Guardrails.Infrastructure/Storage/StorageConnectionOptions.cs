using System.ComponentModel.DataAnnotations;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// How Guardrails reaches a storage account (ledger tables, queues, export containers): either a connection string
/// (Azurite: <c>UseDevelopmentStorage=true</c>) or an identity-based connection in the Functions host's own convention,
/// <c>{Name}__accountName</c> or <c>{Name}__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__tableServiceUri</c>, with
/// <c>__credential</c> (<c>managedidentity</c>) and <c>__clientId</c> (a user-assigned identity). One setting therefore
/// serves both the queue triggers and the app's own clients. <see cref="Composition.StorageConnections"/> reads it.
/// </summary>
public sealed class StorageConnectionOptions : IValidatableObject
{
    public const string SettingName = "GuardrailsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The app setting this connection was read from (named in every error).</summary>
    public string Name { get; set; } = SettingName;
    public string? ConnectionString { get; set; }
    public string? AccountName { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }
    /// <summary><c>managedidentity</c> for the app's managed identity; empty for the app's default credential.</summary>
    public string? Credential { get; set; }
    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public static StorageConnectionOptions FromConnectionString(string connectionString) =>
        new() { ConnectionString = connectionString };

    /// <summary>Whether this connection reaches the local storage emulator (Azurite) rather than an Azure account.</summary>
    public bool IsDevelopmentStorage =>
        UsesConnectionString
            ? ConnectionString!.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase) ||
              ConnectionString.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase) ||
              ConnectionString.Contains("127.0.0.1", StringComparison.Ordinal) ||
              ConnectionString.Contains("localhost", StringComparison.OrdinalIgnoreCase)
            : new[] { BlobServiceUri, QueueServiceUri, TableServiceUri }.Any(u => u is not null && (u.IsLoopback || u.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesConnectionString) yield break;
        var missing = new List<string>();
        if (BlobServiceUri is null) missing.Add("blobServiceUri");
        if (QueueServiceUri is null) missing.Add("queueServiceUri");
        if (TableServiceUri is null) missing.Add("tableServiceUri");
        if (missing.Count > 0)
            yield return new ValidationResult(
                $"Set '{Name}' to a storage connection string (locally '{DevelopmentStorage}') or set '{Name}__accountName' " +
                "(or " + string.Join(", ", missing.Select(m => $"'{Name}__{m}'")) + ") for a managed identity.",
                [nameof(ConnectionString)]);
    }
}
