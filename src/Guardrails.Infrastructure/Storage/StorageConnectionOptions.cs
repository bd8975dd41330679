using System.ComponentModel.DataAnnotations;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// How Guardrails reaches its storage account (ledger tables, export-parts queue, export containers).
/// Either a connection string (Azurite: <c>UseDevelopmentStorage=true</c>) or the three service URIs, in which
/// case <c>DefaultAzureCredential</c> (managed identity in Azure) is used. Bound from the app setting
/// <c>GuardrailsStorage</c> (connection string) or <c>GuardrailsStorage__blobServiceUri</c> /
/// <c>__queueServiceUri</c> / <c>__tableServiceUri</c>: the same convention the Functions host uses for the
/// queue trigger's identity-based connection, so one setting serves both.
/// </summary>
public sealed class StorageConnectionOptions : IValidatableObject
{
    public const string SettingName = "GuardrailsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public string? ConnectionString { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);

    public static StorageConnectionOptions FromConnectionString(string connectionString) =>
        new() { ConnectionString = connectionString };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesConnectionString) yield break;
        var missing = new List<string>();
        if (BlobServiceUri is null) missing.Add("blobServiceUri");
        if (QueueServiceUri is null) missing.Add("queueServiceUri");
        if (TableServiceUri is null) missing.Add("tableServiceUri");
        if (missing.Count > 0)
            yield return new ValidationResult(
                $"Set '{SettingName}' to a storage connection string (locally '{DevelopmentStorage}') or set " +
                string.Join(", ", missing.Select(m => $"'{SettingName}__{m}'")) + " for a managed identity.",
                [nameof(ConnectionString)]);
    }
}
