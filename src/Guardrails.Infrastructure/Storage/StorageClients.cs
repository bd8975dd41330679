using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Guardrails.Infrastructure.Storage;

/// <summary>
/// The three storage service clients, made from <see cref="StorageConnectionOptions"/>. Queue messages are
/// Base64-encoded, as the Functions queue trigger expects by default.
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
            credential ??= new DefaultAzureCredential();
            Blobs = new BlobServiceClient(options.BlobServiceUri, credential);
            Queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
            Tables = new TableServiceClient(options.TableServiceUri, credential);
        }
    }

    public StorageClients(string connectionString) : this(StorageConnectionOptions.FromConnectionString(connectionString)) { }

    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }
    public TableServiceClient Tables { get; }
}
