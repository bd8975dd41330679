using System.Globalization;
using System.Text.Json;

namespace Guardrails.Infrastructure.Exports;

/// <summary>One data blob listed in a manifest's <c>blobs[]</c>.</summary>
public sealed record ManifestBlob(string BlobName, long? ByteCount, long? DataRowCount);

/// <summary>
/// A Cost Management export manifest: <c>manifest.json</c> (manifestVersion 2024-04-01, "improved exports") or the
/// older <c>_manifest.json</c> (2021-01-01, partitioned exports, which names neither export nor run: those come
/// from the folder layout). Blob names are read from <c>blobs[]</c>, never guessed.
/// </summary>
public sealed record ExportManifest
{
    public required string ManifestVersion { get; init; }
    public string? ExportName { get; init; }
    public string? ExportResourceId { get; init; }
    public string? TimeFrame { get; init; }
    /// <summary><c>exportConfig.type</c>: the dataset (FocusCost, ActualCost, ReservationRecommendations...), or null (2021 manifests).</summary>
    public string? Dataset { get; init; }
    public string? RootFolderPath { get; init; }
    public string? RunId { get; init; }
    public DateTimeOffset? PeriodStart { get; init; }
    public DateTimeOffset? PeriodEnd { get; init; }
    public DateTimeOffset? SubmittedTime { get; init; }
    public long? DataRowCount { get; init; }
    public long? ByteCount { get; init; }
    public required IReadOnlyList<ManifestBlob> Blobs { get; init; }

    /// <summary>Parses a manifest; errors name the manifest and the field.</summary>
    public static ExportManifest Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{source}: a manifest must be a JSON object.");
            var version = Str(root, "manifestVersion")?.Trim()
                ?? throw new FormatException($"{source}: field 'manifestVersion' is missing.");
            if (!root.TryGetProperty("blobs", out var blobs) || blobs.ValueKind != JsonValueKind.Array)
                throw new FormatException($"{source}: field 'blobs' is missing or not an array.");
            var list = new List<ManifestBlob>();
            var i = 0;
            foreach (var b in blobs.EnumerateArray())
            {
                var name = Str(b, "blobName");
                if (string.IsNullOrWhiteSpace(name)) throw new FormatException($"{source}: field 'blobs[{i}].blobName' is missing or empty.");
                list.Add(new ManifestBlob(name, Long(b, "byteCount"), Long(b, "dataRowCount")));
                i++;
            }

            var export = Obj(root, "exportConfig");
            var delivery = Obj(root, "deliveryConfig");
            var run = Obj(root, "runInfo");
            return new ExportManifest
            {
                ManifestVersion = version,
                ExportName = export is { } e ? Str(e, "exportName")?.Trim() : null,
                ExportResourceId = export is { } e2 ? Str(e2, "resourceId")?.Trim() : null,
                TimeFrame = export is { } e3 ? Str(e3, "timeFrame")?.Trim() : null,
                Dataset = export is { } e4 ? (Str(e4, "type") ?? Str(e4, "dataset"))?.Trim() : null,
                RootFolderPath = delivery is { } d ? Str(d, "rootFolderPath")?.Trim() : null,
                RunId = run is { } r ? Str(r, "runId")?.Trim() : null,
                PeriodStart = run is { } r2 ? Date(r2, "startDate", source) : null,
                PeriodEnd = run is { } r3 ? Date(r3, "endDate", source) : null,
                SubmittedTime = run is { } r4 ? Date(r4, "submittedTime", source) : null,
                DataRowCount = Long(root, "dataRowCount"),
                ByteCount = Long(root, "byteCount"),
                Blobs = list,
            };
        }
    }

    /// <summary>
    /// The Cost Management datasets that are cost and usage data (what the ledger reads). The others an export can write to
    /// the same container (PriceSheet, ReservationDetails, ReservationRecommendations, ReservationTransactions) are not.
    /// </summary>
    public static readonly IReadOnlySet<string> CostDatasets =
        new HashSet<string>(["FocusCost", "ActualCost", "AmortizedCost", "Usage"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Why this manifest's run is not cost data (a dataset other than <see cref="CostDatasets"/>), or null when it is (or does not say).</summary>
    public string? NotCostDataReason =>
        Dataset is { Length: > 0 } d && !CostDatasets.Contains(d)
            ? $"dataset '{d}' is not cost data (the ledger reads {string.Join(", ", CostDatasets)})"
            : null;

    /// <summary>
    /// Blob names as they probably are in storage: the manifest's name trimmed, and with each path segment trimmed
    /// (documented manifests carry stray spaces such as "folder/sample/ 0000…/part0.csv").
    /// </summary>
    public static IEnumerable<string> CandidateNames(string blobName)
    {
        var trimmed = blobName.Trim();
        yield return trimmed;
        var segments = string.Join('/', trimmed.Split('/').Select(s => s.Trim()).Where(s => s.Length > 0));
        if (segments != trimmed) yield return segments;
    }

    // Each accessor asks the element's kind first: a manifest of another shape ("blobs": ["a.csv"], "runInfo": [])
    // is a missing field named by the caller, never an InvalidOperationException.
    private static JsonElement? Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;

    /// <summary>Dates with or without an offset; without one they are UTC (runInfo.startDate has no Z).</summary>
    private static DateTimeOffset? Date(JsonElement e, string name, string source)
    {
        var s = Str(e, name)?.Trim();
        if (string.IsNullOrEmpty(s)) return null;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            return d;
        throw new FormatException($"{source}: field 'runInfo.{name}' is not a date: '{s}'.");
    }
}
