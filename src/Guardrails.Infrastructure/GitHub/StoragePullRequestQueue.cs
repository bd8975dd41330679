using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.GitHub;

/// <summary>The <c>pr-checks</c> Storage queue (base64 messages, as the Functions queue trigger expects by default).</summary>
public sealed class StoragePullRequestCheckQueue(QueueClient queue) : IPullRequestCheckQueue
{
    public const string DefaultQueueName = "pr-checks";
    private bool _created;

    public static QueueClient CreateClient(string connectionString, string queueName = DefaultQueueName) =>
        new(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task EnqueueAsync(PullRequestCheckRequest request, CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        await queue.SendMessageAsync(request.ToJson(), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Delivery ids in a table: inserting a second time conflicts (409), so a GitHub redelivery of the same event is
/// recognised across instances. The key is the SHA-256 of the id's UTF-8 bytes (RK = 64 hex digits, PK = its first two):
/// lossless in practice for any id (no character is dropped, so <c>probe/abc</c> and <c>probeabc</c> differ) and bounded
/// in length whatever GitHub (or a forger with the secret) sends. The id itself is kept, cut to 1,024 characters.
/// </summary>
public sealed class TableWebhookDeliveryDeduplicator(TableClient table, TimeProvider time) : IWebhookDeliveryDeduplicator
{
    public const string DefaultTableName = "webhookdeliveries";
    private bool _created;

    public static (string PartitionKey, string RowKey) Key(string deliveryId)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(deliveryId)));
        return (hash[..2], hash);
    }

    private async Task EnsureTableAsync(CancellationToken ct)
    {
        if (_created) return;
        await table.EnsureExistsAsync(ct).ConfigureAwait(false);
        _created = true;
    }

    public async Task<bool> HasSeenAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var (pk, rk) = Key(deliveryId);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return existing.HasValue;
    }

    public async Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var (pk, rk) = Key(deliveryId);
        var entity = new TableEntity(pk, rk)
        {
            ["ReceivedAt"] = time.GetUtcNow(),
            ["DeliveryId"] = deliveryId.Length <= 1024 ? deliveryId : deliveryId[..1024],
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }
}
