using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Cli.Commands;

/// <summary>
/// `guardrails ingest … --store [connection string]`: writes an ingest's facts to the Table Storage ledger as one
/// run of a local "export" named after the input files, through the same run → parts → pointer switch as the
/// Function App. Ingesting the same files again is a newer run of the same export: the month is restated, not
/// doubled.
/// </summary>
public static class IngestStore
{
    public sealed record Stored(ExportRunRef Run, RunCompletion Completion, long EntitiesWritten, bool StartedAzurite, long ResourceEntitiesWritten = 0);

    public static string ExportNameFor(IReadOnlyList<string> paths) =>
        "local/" + string.Join('+', paths.Select(p => Path.GetFileName(Path.TrimEndingDirectorySeparator(p))).Order(StringComparer.Ordinal));

    public static async Task<Stored> WriteAsync(string? store, IReadOnlyList<string> paths, IngestResult result, TextWriter log,
        TimeProvider? timeProvider = null, LedgerTableNames? names = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await LedgerStore.OpenAsync(store, log, cancellationToken);
        var ledger = new TableLedgerStore(new StorageClients(connection.ConnectionString).Tables, names, timeProvider);
        await ledger.EnsureCreatedAsync(cancellationToken);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var days = result.Facts.Select(f => f.Day).DefaultIfEmpty(DateOnly.FromDateTime(now.UtcDateTime)).ToList();
        var first = days.Min();
        var run = new LedgerRun
        {
            Ref = new ExportRunRef(ExportNameFor(paths), now.UtcDateTime.ToString("yyyyMMddTHHmmssfffffffZ", System.Globalization.CultureInfo.InvariantCulture)),
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
