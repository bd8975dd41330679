using Azure.Storage.Queues;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Exports;

/// <summary>The export-parts Storage queue: each message JSON, Base64-encoded as the Functions queue trigger expects (the client's encoding).</summary>
public sealed class StorageExportPartQueue(QueueClient queue) : IExportPartQueue
{
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default) =>
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public async Task SendAsync(ExportPartMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await queue.SendMessageAsync(message.ToJson(), cancellationToken);
    }
}
