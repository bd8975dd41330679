using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// The three storage service clients, made from <see cref="StorageConnectionOptions"/>. Queue messages are
/// Base64-encoded, as the Functions queue trigger expects by default. An identity-based connection uses the
/// user-assigned identity its <c>__clientId</c> names, else the app's one credential.
/// </summary>
public sealed class StorageClients
{
    public StorageClients(StorageConnectionOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (options.UsesConnectionString)
        {
            Blobs = new BlobServiceClient(options.ConnectionString);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
            Tables = new TableServiceClient(options.ConnectionString);
        }
        else
        {
            foreach (var r in options.Validate(new(options)))
                throw new InvalidOperationException(r.ErrorMessage);
            credential = CredentialFor(options, credential);
            Blobs = new BlobServiceClient(options.BlobServiceUri, credential);
            Queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
            Tables = new TableServiceClient(options.TableServiceUri, credential);
        }
    }

    public StorageClients(string connectionString) : this(StorageConnectionOptions.FromConnectionString(connectionString)) { }

    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public TableServiceClient Tables { get; }

    /// <summary>A blob service client only (an export account the app reads but does not own).</summary>
    public static BlobServiceClient CreateBlobClient(StorageConnectionOptions options, TokenCredential? credential = null) =>
        options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(options.BlobServiceUri ?? throw new InvalidOperationException($"Set '{options.Name}__blobServiceUri' or '{options.Name}__accountName'."),
                CredentialFor(options, credential));

    /// <summary>The identity a connection names (<c>__credential=managedidentity</c> with <c>__clientId</c>), else the one given, else the default chain.</summary>
    public static TokenCredential CredentialFor(StorageConnectionOptions options, TokenCredential? credential)
    {
        if (string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(options.ClientId))
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return credential ?? new DefaultAzureCredential();
    }
}
