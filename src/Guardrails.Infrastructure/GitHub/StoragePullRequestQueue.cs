using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Guardrails.Core.PullRequests;

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
/// Delivery ids in a table (PK = first two characters, RK = id): inserting a second time conflicts (409), so a GitHub
/// redelivery of the same event is recognised across instances.
/// </summary>
public sealed class TableWebhookDeliveryDeduplicator(TableClient table, TimeProvider time) : IWebhookDeliveryDeduplicator
{
    public const string DefaultTableName = "webhookdeliveries";
    private bool _created;

    public async Task<bool> TryRecordAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        var rowKey = new string(deliveryId.Where(c => c is not ('/' or '\\' or '#' or '?') && !char.IsControl(c)).ToArray());
        var entity = new TableEntity(rowKey.Length >= 2 ? rowKey[..2] : "_", rowKey) { ["ReceivedAt"] = time.GetUtcNow() };
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
