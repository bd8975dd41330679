using System.Globalization;
using Azure.Storage.Blobs;
using Guardrails.Core.Telemetry;

namespace Guardrails.Infrastructure.Idle;

/// <summary>
/// Pushed nvidia-smi CSV (from a cron on plain VMs) kept raw in a blob container, named
/// {host}/{yyyyMMddHHmmss}-{id}.csv so a time range is read by listing names.
/// </summary>
public sealed class BlobPushedTelemetry(BlobContainerClient container, TimeProvider time) : ITelemetrySource
{
    public async Task<int> StoreAsync(string host, string csv, CancellationToken cancellationToken = default)
    {
        // Parse first: a bad payload is rejected with its line and field, nothing stored.
        var builder = new TelemetryBuilder();
        NvidiaSmiCsvParser.Parse(new StringReader(csv), host, $"push from {host}", builder);
        if (builder.Quarantined.Count > 0) // the pusher is told now, rather than the rows being quarantined at every evaluation
            throw new TelemetryFormatException($"push from {host}", null, null, $"{builder.Quarantined.Count} bad row(s), nothing stored; first: {builder.Quarantined[0]}");
        var readings = builder.Build().Hosts.Values.Sum(h => h.Gpus.Values.Sum(g => g.Readings.Count));
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = $"{host.ToLowerInvariant()}/{time.GetUtcNow().UtcDateTime:yyyyMMddHHmmss}-{Guid.NewGuid():N}.csv";
        await container.UploadBlobAsync(name, BinaryData.FromString(csv), cancellationToken).ConfigureAwait(false);
        return readings;
    }

    public async Task<TelemetrySet> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var builder = new TelemetryBuilder();
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false)) return builder.Build();
        var lo = from.AddHours(-1).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var hi = to.AddMinutes(5).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var slash = blob.Name.IndexOf('/');
            if (slash <= 0 || blob.Name.Length < slash + 15) continue;
            var stamp = blob.Name.Substring(slash + 1, 14);
            if (string.CompareOrdinal(stamp, lo) < 0 || string.CompareOrdinal(stamp, hi) > 0) continue;
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                NvidiaSmiCsvParser.Parse(new StringReader(content.Value.Content.ToString()), blob.Name[..slash], blob.Name, builder);
            }
            catch (TelemetryFormatException e)
            {
                builder.Quarantine($"{e.Message} (blob skipped)"); // one bad blob never stops the estate's evaluation
            }
        }
        return builder.Build();
    }
}
