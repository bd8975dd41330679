using System.Globalization;
using Azure.Storage.Blobs;
using Guardrails.Core.Telemetry;

namespace Guardrails.Infrastructure.Idle;

/// <summary>
/// Pushed telemetry (from a cron on plain VMs) kept raw in a blob container, named
/// {host}/{yyyyMMddHHmmss}-{id}{.csv|.xml|.prom|.json} (the format of <see cref="TelemetryDocuments"/>), so a time range is read
/// by listing names and each blob is parsed as it was pushed; exposition lines without a timestamp take the push's time.
/// </summary>
public sealed class BlobPushedTelemetry(BlobContainerClient container, TimeProvider time) : ITelemetrySource
{
    /// <summary>An nvidia-smi CSV push (what the cron of docs/idle-policies.md sends).</summary>
    public Task<int> StoreAsync(string host, string csv, CancellationToken cancellationToken = default) =>
        StoreAsync(host, System.Text.Encoding.UTF8.GetBytes(csv), TelemetryFormat.NvidiaSmiCsv, cancellationToken);

    /// <summary>
    /// Parses first: a push with a bad row or snapshot, or with no GPU reading at all, is rejected with the count and the
    /// first problem (file, line, field), and nothing is stored; else the readings are counted and the body kept.
    /// </summary>
    public async Task<int> StoreAsync(string host, byte[] body, TelemetryFormat format, CancellationToken cancellationToken = default)
    {
        var source = $"push from {host}";
        var now = time.GetUtcNow();
        var builder = new TelemetryBuilder();
        TelemetryDocuments.Parse(format, new MemoryStream(body, writable: false), host, source, now, builder);
        if (builder.Quarantined.Count > 0) // the pusher is told now, rather than the rows being quarantined at every evaluation
            throw new TelemetryFormatException(source, null, null, $"{builder.Quarantined.Count} bad row(s), nothing stored; first: {builder.Quarantined[0]}");
        var readings = builder.Build().Hosts.Values.Sum(h => h.Gpus.Values.Sum(g => g.Readings.Count));
        if (format != TelemetryFormat.NvidiaSmiCsv && readings == 0)
            throw new TelemetryFormatException(source, null, null, "no GPU readings (no series of a known GPU metric with host and GPU labels), nothing stored");
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = $"{host.ToLowerInvariant()}/{now.UtcDateTime:yyyyMMddHHmmss}-{Guid.NewGuid():N}{TelemetryDocuments.Extension(format)}";
        await container.UploadBlobAsync(name, BinaryData.FromBytes(body), cancellationToken).ConfigureAwait(false);
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
            // A blob this store did not name (no push time, or no telemetry extension) is never guessed at: a wrong time
            // could make old readings look fresh.
            if (!DateTimeOffset.TryParseExact(stamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var pushedAt)
                || TelemetryDocuments.FromExtension(blob.Name) is not { } format)
            {
                builder.Quarantine($"{blob.Name}: not a pushed-telemetry blob ({{host}}/{{yyyyMMddHHmmss}}-{{id}}.csv|.xml|.prom|.json) (blob skipped)");
                continue;
            }
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                TelemetryDocuments.Parse(format, content.Value.Content.ToStream(), blob.Name[..slash], blob.Name, pushedAt, builder);
            }
            catch (TelemetryFormatException e)
            {
                builder.Quarantine($"{e.Message} (blob skipped)"); // one bad blob never stops the estate's evaluation
            }
        }
        return builder.Build();
    }
}
