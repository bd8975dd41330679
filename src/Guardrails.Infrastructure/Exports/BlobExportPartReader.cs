using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Exports;

/// <summary>The Function App's part reader: the part's blob, streamed through the registered ingestor.</summary>
public sealed class BlobExportPartReader(BlobServiceClient blobs, ICostLedgerIngestor ingestor) : IExportPartReader
{
    public Task<IngestResult> ReadAsync(ExportPartMessage part, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(part);
        var blob = blobs.GetBlobContainerClient(part.Container).GetBlobClient(part.Blob);
        var source = new IngestSource(part.Blob, async ct =>
            await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct));
        return ingestor.IngestAsync([source], new IngestOptions(), cancellationToken);
    }
}
