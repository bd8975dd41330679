using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;

namespace Guardrails.Infrastructure.Exports;

/// <summary>One data file of an export run to upload.</summary>
public sealed record ExportPartContent(string FileName, byte[] Content, long? DataRowCount = null);

/// <summary>
/// Writes an export run the way Cost Management does ("improved exports"):
/// <c>{directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/{runId}/part_*.csv</c> plus <c>manifest.json</c>
/// (manifestVersion 2024-04-01) written last. For the local demo (`guardrails pipeline run`) and the tests.
/// </summary>
public static class ExportLayoutWriter
{
    public static string RunFolder(string directory, string exportName, DateOnly periodStart, DateOnly periodEnd, string runId) =>
        string.Join('/', new[] { directory.Trim('/'), exportName, $"{periodStart:yyyyMMdd}-{periodEnd:yyyyMMdd}", runId }.Where(s => s.Length > 0));

    /// <summary>Uploads the parts, then the manifest; returns the manifest's blob name.</summary>
    public static async Task<string> UploadRunAsync(BlobContainerClient container, string directory, string exportName,
        DateOnly periodStart, DateOnly periodEnd, string runId, DateTimeOffset submittedTime, IReadOnlyList<ExportPartContent> parts,
        CancellationToken cancellationToken = default)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var folder = RunFolder(directory, exportName, periodStart, periodEnd, runId);
        foreach (var part in parts)
        {
            await container.GetBlobClient($"{folder}/{part.FileName}").UploadAsync(BinaryData.FromBytes(part.Content), overwrite: true, cancellationToken);
        }
        return await UploadManifestAsync(container, directory, exportName, periodStart, periodEnd, runId, submittedTime,
            parts.Select(p => ($"{folder}/{p.FileName}", (long)p.Content.Length, p.DataRowCount)).ToList(), cancellationToken);
    }

    /// <summary>As <see cref="UploadRunAsync"/>, streaming each part from its file (<see cref="CsvPartSplitter"/>): a 1 GB part is never in memory.</summary>
    /// <param name="uploadedRows">Each part's data rows once it is in the container (for a progress bar).</param>
    public static async Task<string> UploadRunFilesAsync(BlobContainerClient container, string directory, string exportName,
        DateOnly periodStart, DateOnly periodEnd, string runId, DateTimeOffset submittedTime, IReadOnlyList<ExportPartFile> parts,
        CancellationToken cancellationToken = default, IProgress<long>? uploadedRows = null)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var folder = RunFolder(directory, exportName, periodStart, periodEnd, runId);
        foreach (var part in parts)
        {
            await using (var content = File.OpenRead(part.Path))
                await container.GetBlobClient($"{folder}/{part.FileName}").UploadAsync(content, overwrite: true, cancellationToken);
            uploadedRows?.Report(part.DataRowCount);
        }
        return await UploadManifestAsync(container, directory, exportName, periodStart, periodEnd, runId, submittedTime,
            parts.Select(p => ($"{folder}/{p.FileName}", new FileInfo(p.Path).Length, (long?)p.DataRowCount)).ToList(), cancellationToken);
    }

    /// <summary>The manifest is written last, as Cost Management does: a run is complete once it exists.</summary>
    private static async Task<string> UploadManifestAsync(BlobContainerClient container, string directory, string exportName,
        DateOnly periodStart, DateOnly periodEnd, string runId, DateTimeOffset submittedTime,
        IReadOnlyList<(string BlobName, long ByteCount, long? DataRowCount)> blobs, CancellationToken cancellationToken)
    {
        var manifest = BuildManifest(container.Name, directory, exportName, periodStart, periodEnd, runId, submittedTime, blobs);
        var name = $"{RunFolder(directory, exportName, periodStart, periodEnd, runId)}/manifest.json";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(manifest), overwrite: true, cancellationToken);
        return name;
    }

    public static string BuildManifest(string containerName, string directory, string exportName, DateOnly periodStart, DateOnly periodEnd,
        string runId, DateTimeOffset submittedTime, IReadOnlyList<(string BlobName, long ByteCount, long? DataRowCount)> blobs)
    {
        var inv = CultureInfo.InvariantCulture;
        var doc = new JsonObject
        {
            ["manifestVersion"] = "2024-04-01",
            ["byteCount"] = blobs.Sum(b => b.ByteCount),
            ["blobCount"] = blobs.Count,
            ["dataRowCount"] = blobs.Sum(b => b.DataRowCount ?? 0),
            ["exportConfig"] = new JsonObject
            {
                ["exportName"] = exportName,
                ["resourceId"] = $"/providers/Microsoft.CostManagement/exports/{exportName}",
                ["dataVersion"] = "1.0r2",
                ["apiVersion"] = "2023-07-01-preview",
                ["type"] = "FocusCost",
                ["timeFrame"] = "MonthToDate",
                ["granularity"] = null,
            },
            ["deliveryConfig"] = new JsonObject
            {
                ["partitionData"] = true,
                ["dataOverwriteBehavior"] = "OverwritePreviousReport",
                ["fileFormat"] = "Csv",
                ["compressionMode"] = "None",
                ["containerUri"] = $"/containers/{containerName}",
                ["rootFolderPath"] = directory,
            },
            ["runInfo"] = new JsonObject
            {
                ["executionType"] = "OnDemand",
                ["submittedTime"] = submittedTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", inv),
                ["runId"] = runId,
                // As Cost Management writes it: startDate without a zone, endDate with Z.
                ["startDate"] = periodStart.ToString("yyyy-MM-dd", inv) + "T00:00:00",
                ["endDate"] = periodEnd.ToString("yyyy-MM-dd", inv) + "T00:00:00Z",
            },
            ["blobs"] = new JsonArray([.. blobs.Select(b => (JsonNode)new JsonObject
            {
                ["blobName"] = b.BlobName,
                ["byteCount"] = b.ByteCount,
                ["dataRowCount"] = b.DataRowCount ?? 0,
            })]),
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Splits a CSV into up to <paramref name="parts"/> files of whole records, each with the header (a newline
    /// inside quotes does not end a record). Returns the parts and their data row counts.
    /// </summary>
    public static IReadOnlyList<ExportPartContent> SplitCsv(byte[] csv, int parts, string extension = ".csv")
    {
        var text = Encoding.UTF8.GetString(csv);
        var records = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') inQuotes = !inQuotes;
            else if (c == '\n' && !inQuotes)
            {
                records.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length) records.Add(text[start..] + "\n");
        if (records.Count == 0) return [new ExportPartContent($"part_0_0001{extension}", csv, 0)];
        var header = records[0];
        var data = records.Skip(1).Where(r => r.Trim().Length > 0).ToList();
        parts = Math.Clamp(parts, 1, Math.Max(1, data.Count));
        var result = new List<ExportPartContent>();
        var per = (int)Math.Ceiling(data.Count / (double)parts);
        for (var p = 0; p < parts; p++)
        {
            var slice = data.Skip(p * per).Take(per).ToList();
            if (slice.Count == 0 && p > 0) break;
            var sb = new StringBuilder(header);
            foreach (var r in slice) sb.Append(r);
            result.Add(new ExportPartContent($"part_0_{p + 1:D4}{extension}", Encoding.UTF8.GetBytes(sb.ToString()), slice.Count));
        }
        return result;
    }
}
