using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Cli.Commands;

/// <summary>
/// `guardrails ingest … --store [connection string]`: writes an ingest's facts to the Table Storage ledger as one
/// run of a local export, through the same run → parts → pointer switch as the Function App. The export's identity is
/// <c>--export-name</c> when given, else the folder(s) the input comes from (a folder given, or the folder of each file
/// given), by full path: <c>dirA/part_0.csv</c> and <c>dirB/part_0.csv</c> are two exports; ingesting a folder again,
/// or some of its files, is a newer run of the same export that replaces the previous one (restated, never doubled),
/// as Azure's month-to-date runs do. Files of different exports that share a folder need <c>--export-name</c>.
/// </summary>
public static class IngestStore
{
    public sealed record Stored(ExportRunRef Run, RunCompletion Completion, long EntitiesWritten, bool StartedAzurite, long ResourceEntitiesWritten = 0);

    /// <summary>The export's identity: "local/" + the explicit name, else the input folders' names and a hash of their full paths.</summary>
    public static string ExportNameFor(IReadOnlyList<string> paths, string? exportName = null)
    {
        if (!string.IsNullOrWhiteSpace(exportName)) return "local/" + exportName.Trim();
        var folders = paths
            .Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
            .Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', folders))))[..10];
        var names = string.Join('+', folders.Select(f => Path.GetFileName(f) is { Length: > 0 } n ? n : "root"));
        return $"local/{names}-{hash}";
    }

    /// <summary>Characters Table Storage keys do not allow in an explicit --export-name.</summary>
    public static string? CheckExportName(string? name) =>
        name is null ? null
        : string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? $"--export-name '{name}': 1–200 characters, none of / \\ # ? or control characters"
            : null;

    public static async Task<Stored> WriteAsync(string? store, IReadOnlyList<string> paths, IngestResult result, TextWriter log,
        TimeProvider? timeProvider = null, LedgerTableNames? names = null, CancellationToken cancellationToken = default, string? exportName = null)
    {
        await using var connection = await LedgerStore.OpenAsync(store, log, cancellationToken);
        var ledger = new TableLedgerStore(new StorageClients(connection.ConnectionString).Tables, names, timeProvider);
        await ledger.EnsureCreatedAsync(cancellationToken);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var days = result.Facts.Select(f => f.Day).DefaultIfEmpty(DateOnly.FromDateTime(now.UtcDateTime)).ToList();
        var first = days.Min();
        var run = new LedgerRun
        {
            Ref = new ExportRunRef(ExportNameFor(paths, exportName), now.UtcDateTime.ToString("yyyyMMddTHHmmssfffffffZ", System.Globalization.CultureInfo.InvariantCulture)),
            PeriodStart = new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(days.Max().ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1),
            SubmittedTime = now,
            PartCount = 1,
            Container = "local",
        };
        await ledger.RecordRunAsync(run, [string.Join(';', paths)], cancellationToken);
        var written = await ledger.WriteFactsAsync(run.Ref, 0, result.Facts, cancellationToken);
        var resources = await ledger.WriteResourceCostsAsync(run.Ref, 0, result.ResourceCosts, cancellationToken);
        await ledger.MarkPartCompletedAsync(run.Ref, 0, result, written, cancellationToken);
        var completion = await ledger.TryCompleteRunAsync(run.Ref, cancellationToken);
        await log.WriteLineAsync($"Stored {written} fact entities and {resources} resource-cost entities as run {run.Ref} ({completion}).");
        return new Stored(run.Ref, completion, written, connection.StartedAzurite, resources);
    }
}
