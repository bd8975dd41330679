using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Exports;

/// <summary>
/// Finds export runs in a blob container:
/// <list type="bullet">
/// <item><c>manifest.json</c> (2024-04-01): export, run, period and <c>blobs[]</c> from the manifest;</item>
/// <item><c>_manifest.json</c> (2021-01-01): <c>blobs[]</c> from the manifest, export/period/run from its folder;</item>
/// <item>no manifest: <c>{directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/[{exportTime yyyyMMddHHmm}/]{runId}/part_*.csv(.gz)|.parquet</c>, or the older
/// <c>{directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/{exportName}_{guid}.csv</c> (one file per run).</item>
/// </list>
/// A manifest whose <c>exportConfig.type</c> is not a cost dataset (the container is shared with reservation
/// recommendations, price sheets...) is skipped with its reason, and so are the blobs it lists.
/// Runs without a manifest are taken only once their newest blob is older than a settle time (a manifest is
/// written last; without one we cannot know the writer has finished).
/// </summary>
public sealed partial class BlobExportScanner(BlobServiceClient blobs, TimeProvider? timeProvider = null) : IExportRunScanner
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    [GeneratedRegex(@"^\d{8}-\d{8}$")]
    private static partial Regex DateRange();

    /// <summary>The export-time folder Cost Management writes between the date range and the run: yyyyMMddHHmm[ss].</summary>
    [GeneratedRegex(@"^\d{12}(\d{2})?$")]
    private static partial Regex ExportTime();

    [GeneratedRegex(@"^part_.*\.(csv|csv\.gz|parquet|snappy\.parquet)$", RegexOptions.IgnoreCase)]
    private static partial Regex PartFile();

    [GeneratedRegex(@"^(?<export>.+)_(?<guid>[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})\.csv(\.gz)?$")]
    private static partial Regex LegacyFile();

    public async Task<ExportScan> ScanAsync(string container, TimeSpan settleTime, CancellationToken cancellationToken = default)
    {
        var client = blobs.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken)) return new ExportScan([], []);
        var items = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        await foreach (var item in client.GetBlobsAsync(cancellationToken: cancellationToken))
            items[item.Name] = item;

        var runs = new List<DiscoveredRun>();
        var problems = new List<string>();
        var skipped = new List<string>();
        var manifestFolders = await ManifestRunsAsync(client, container, items, runs, problems, skipped, cancellationToken);
        var cutoff = _time.GetUtcNow() - settleTime;
        runs.AddRange(PartFolderRuns(container, items, manifestFolders, cutoff));
        runs.AddRange(LegacyFileRuns(container, items, manifestFolders, cutoff));
        return new ExportScan(runs.OrderBy(r => r.Export, StringComparer.Ordinal).ThenBy(r => r.SubmittedTime).ToList(), problems) { Skipped = skipped };
    }

    /// <summary>
    /// The runs the manifests describe (cost datasets only; the others go to <paramref name="skipped"/>, a broken one to
    /// <paramref name="problems"/>); returns the folders manifests and their blobs are in, which are never a manifest-less run.
    /// </summary>
    private static async Task<HashSet<string>> ManifestRunsAsync(BlobContainerClient client, string container, Dictionary<string, BlobItem> items,
        List<DiscoveredRun> runs, List<string> problems, List<string> skipped, CancellationToken cancellationToken)
    {
        var manifestFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items.Values)
        {
            var file = FileName(item.Name);
            if (file is not ("manifest.json" or "_manifest.json")) continue;
            manifestFolders.Add(Folder(item.Name));
            var json = (await client.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
            try
            {
                var manifest = ExportManifest.Parse(json, $"{container}/{item.Name}");
                var run = FromManifest(container, item, manifest, items);
                foreach (var blob in run.Blobs) manifestFolders.Add(Folder(blob)); // its blobs are never a manifest-less run
                if (manifest.NotCostDataReason is { } notCost)
                    skipped.Add($"{container}/{item.Name}: {notCost}; skipped");
                else
                    runs.Add(run);
            }
            catch (FormatException ex)
            {
                problems.Add(ex.Message); // one broken manifest must not hold up the other exports
            }
        }
        return manifestFolders;
    }

    /// <summary>Runs without a manifest, one folder of part files each, once their newest blob is older than <paramref name="cutoff"/>.</summary>
    private static IEnumerable<DiscoveredRun> PartFolderRuns(string container, Dictionary<string, BlobItem> items, HashSet<string> manifestFolders,
        DateTimeOffset cutoff)
    {
        // {directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/{runId}/part_*.csv
        foreach (var folder in items.Values.Where(i => PartFile().IsMatch(FileName(i.Name))).GroupBy(i => Folder(i.Name), StringComparer.Ordinal))
        {
            if (manifestFolders.Contains(folder.Key)) continue;
            var segments = folder.Key.Split('/');
            // {range}/{runId} or, as Cost Management writes it today, {range}/{exportTime}/{runId}
            var rangeAt = segments.Length >= 3 && DateRange().IsMatch(segments[^2]) ? segments.Length - 2
                : segments.Length >= 4 && ExportTime().IsMatch(segments[^2]) && DateRange().IsMatch(segments[^3]) ? segments.Length - 3
                : -1;
            if (rangeAt < 1) continue;
            var newest = folder.Max(i => i.Properties.LastModified ?? DateTimeOffset.MinValue);
            if (newest > cutoff) continue;
            var (start, end) = ParseRange(segments[rangeAt]);
            yield return new DiscoveredRun
            {
                Export = container + "/" + string.Join('/', segments[..rangeAt]),
                RunId = segments[^1],
                Container = container,
                PeriodStart = start,
                PeriodEnd = end,
                SubmittedTime = (rangeAt == segments.Length - 3 ? ParseExportTime(segments[^2]) : null) ?? newest,
                Blobs = folder.Select(i => i.Name).Order(StringComparer.Ordinal).ToList(),
            };
        }
    }

    /// <summary>The older layout without a manifest: one file per run, named after the export and the run's guid.</summary>
    private static IEnumerable<DiscoveredRun> LegacyFileRuns(string container, Dictionary<string, BlobItem> items, HashSet<string> manifestFolders,
        DateTimeOffset cutoff)
    {
        // {directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/{exportName}_{guid}.csv
        foreach (var item in items.Values)
        {
            var m = LegacyFile().Match(FileName(item.Name));
            if (!m.Success || manifestFolders.Contains(Folder(item.Name))) continue;
            var segments = Folder(item.Name).Split('/');
            if (segments.Length < 2 || !DateRange().IsMatch(segments[^1]) || !string.Equals(segments[^2], m.Groups["export"].Value, StringComparison.OrdinalIgnoreCase)) continue;
            var modified = item.Properties.LastModified ?? DateTimeOffset.MinValue;
            if (modified > cutoff) continue;
            var (start, end) = ParseRange(segments[^1]);
            yield return new DiscoveredRun
            {
                Export = container + "/" + string.Join('/', segments[..^1]),
                RunId = m.Groups["guid"].Value.ToLowerInvariant(),
                Container = container,
                PeriodStart = start,
                PeriodEnd = end,
                SubmittedTime = modified,
                Blobs = [item.Name],
            };
        }
    }

    private static DiscoveredRun FromManifest(string container, BlobItem manifestItem, ExportManifest manifest, IReadOnlyDictionary<string, BlobItem> items)
    {
        var source = $"{container}/{manifestItem.Name}";
        var folder = Folder(manifestItem.Name);
        var segments = folder.Length == 0 ? [] : folder.Split('/');
        // Layout {directory}/{exportName}/{yyyyMMdd-yyyyMMdd}/[{exportTime}/]{runId}/manifest.json: the run is the folder
        // after the export time when there is one (the time folder is not the run).
        var rangeAt = Array.FindLastIndex(segments, s => DateRange().IsMatch(s));
        string? layoutExport = rangeAt >= 1 ? string.Join('/', segments[..rangeAt]) : null;
        var timed = rangeAt >= 0 && rangeAt + 2 < segments.Length && ExportTime().IsMatch(segments[rangeAt + 1]);
        string? layoutRun = timed ? segments[rangeAt + 2] : rangeAt >= 0 && rangeAt + 1 < segments.Length ? segments[rangeAt + 1] : null;
        DateTimeOffset? layoutTime = timed ? ParseExportTime(segments[rangeAt + 1]) : null;
        (DateTimeOffset Start, DateTimeOffset End)? layoutRange = rangeAt >= 0 ? ParseRange(segments[rangeAt]) : null;

        var export = layoutExport ?? (manifest.ExportName is { Length: > 0 } n ? (manifest.RootFolderPath is { Length: > 0 } r ? r.Trim('/') + "/" + n : n) : folder);
        if (string.IsNullOrEmpty(export))
            throw new FormatException($"{source}: cannot tell the export: no exportConfig.exportName and no {{exportName}}/{{yyyyMMdd-yyyyMMdd}} folder.");
        var start = manifest.PeriodStart ?? layoutRange?.Start
            ?? throw new FormatException($"{source}: field 'runInfo.startDate' is missing and the folder has no yyyyMMdd-yyyyMMdd range.");
        var end = manifest.PeriodEnd ?? layoutRange?.End ?? start;
        var blobNames = manifest.Blobs.Select(b => Resolve(b.BlobName, folder, items)).ToList();
        return new DiscoveredRun
        {
            Export = container + "/" + export,
            RunId = manifest.RunId ?? layoutRun ?? folder,
            Container = container,
            PeriodStart = start,
            PeriodEnd = end,
            SubmittedTime = manifest.SubmittedTime ?? layoutTime ?? manifestItem.Properties.LastModified ?? start,
            Blobs = blobNames,
            ManifestBlob = manifestItem.Name,
        };
    }

    /// <summary>The stored blob a manifest entry means: as written, with stray spaces trimmed, or relative to the manifest.</summary>
    private static string Resolve(string blobName, string folder, IReadOnlyDictionary<string, BlobItem> items)
    {
        var candidates = ExportManifest.CandidateNames(blobName).ToList();
        if (folder.Length > 0) candidates.AddRange(candidates.Select(c => folder + "/" + c).ToList());
        return candidates.FirstOrDefault(items.ContainsKey) ?? candidates[Math.Min(1, candidates.Count - 1)];
    }

    private static (DateTimeOffset Start, DateTimeOffset End) ParseRange(string range)
    {
        var start = DateTime.ParseExact(range[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
        var end = DateTime.ParseExact(range[9..], "yyyyMMdd", CultureInfo.InvariantCulture);
        return (new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero));
    }

    /// <summary>"202609211557" (yyyyMMddHHmm, UTC) or with seconds.</summary>
    private static DateTimeOffset? ParseExportTime(string folder) =>
        DateTime.TryParseExact(folder, folder.Length == 12 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;

    private static string FileName(string name) => name[(name.LastIndexOf('/') + 1)..];
    private static string Folder(string name) => name.LastIndexOf('/') is var i && i >= 0 ? name[..i] : "";
}
