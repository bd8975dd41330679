using Azure.Data.Tables;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>Names of the ledger tables (defaults match local.settings.sample.json).</summary>
public sealed record LedgerTableNames(string Facts = "ledgerfacts", string Runs = "ledgerruns");

/// <summary>
/// The cost ledger in Azure Table Storage, as the pipeline's stages and the readers see it; each job is its own type:
/// <see cref="LedgerRunLog"/> (runs, parts and current-run pointers), <see cref="PackedLedgerTable"/> (a part's facts
/// and resource-days as packed partitions), <see cref="LedgerRunCompletion"/> with <see cref="RunSummaries"/> (a
/// completed run summed once and made current), <see cref="TableLedgerReader"/> (queries through the pointers) and
/// <see cref="LedgerRunCleanup"/>. Readers follow only pointers, so a half-written or superseded run is never
/// visible and a restated month is never counted twice. Layout and reasons: docs/table-design.md.
/// </summary>
public sealed class TableLedgerStore : ICostLedgerReader, IResourceCostReader, ILedgerMonthIndex, IStorageTierCostReader, ILedgerRunTotals
{
    /// <summary>Entity group transactions hold at most 100 operations, all in one partition.</summary>
    public const int MaxBatchSize = 100;

    private readonly LedgerRunLog _runs;
    private readonly PackedLedgerTable _table;
    private readonly LedgerRunCompletion _completion;
    private readonly TableLedgerReader _reader;
    private readonly LedgerRunCleanup _cleanup;

    public TableLedgerStore(TableServiceClient tables, LedgerTableNames? names = null, TimeProvider? timeProvider = null, int writeParallelism = 8)
    {
        ArgumentNullException.ThrowIfNull(tables);
        names ??= new LedgerTableNames();
        var time = timeProvider ?? TimeProvider.System;
        _runs = new LedgerRunLog(tables.GetTableClient(names.Runs), time);
        _table = new PackedLedgerTable(tables.GetTableClient(names.Facts), Math.Max(1, writeParallelism));
        var summaries = new RunSummaries(_table);
        _completion = new LedgerRunCompletion(_runs, summaries, time);
        _reader = new TableLedgerReader(_runs, _table, summaries);
        _cleanup = new LedgerRunCleanup(_runs, _table, time);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _runs.CreateIfNotExistsAsync(cancellationToken);
    }

    // ---- runs (LedgerRunLog) ----------------------------------------------------------------------------------

    /// <summary>Records a newly discovered run with its parts as Pending, once (false when it already was).</summary>
    public Task<bool> RecordRunAsync(LedgerRun run, IReadOnlyList<string> blobNames, CancellationToken cancellationToken = default) =>
        _runs.RecordRunAsync(run, blobNames, cancellationToken);

    public Task<LedgerRun?> GetRunAsync(ExportRunRef run, CancellationToken cancellationToken = default) => _runs.GetRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<LedgerRunPart>> GetPartsAsync(ExportRunRef run, CancellationToken cancellationToken = default) =>
        _runs.GetPartsAsync(run, cancellationToken);

    /// <summary>Every recorded run (the runs table is small: one header per export run).</summary>
    public Task<IReadOnlyList<LedgerRun>> ListRunsAsync(string? exportName = null, CancellationToken cancellationToken = default) =>
        _runs.ListRunsAsync(exportName, cancellationToken);

    public Task MarkPartEnqueuedAsync(ExportRunRef run, int partIndex, string blobName, CancellationToken cancellationToken = default) =>
        _runs.MarkPartEnqueuedAsync(run, partIndex, blobName, cancellationToken);

    public Task MarkPartStartedAsync(ExportRunRef run, int partIndex, int attempt, CancellationToken cancellationToken = default) =>
        _runs.MarkPartStartedAsync(run, partIndex, attempt, cancellationToken);

    public Task MarkPartCompletedAsync(ExportRunRef run, int partIndex, IngestResult result, long factsWritten, CancellationToken cancellationToken = default) =>
        _runs.MarkPartCompletedAsync(run, partIndex, result, factsWritten, cancellationToken);

    /// <summary>
    /// Records a failed attempt. When <paramref name="poisoned"/> (the queue will not deliver it again), the part
    /// and its run are marked so, with the reason: a failed run never becomes current.
    /// </summary>
    public Task MarkPartFailedAsync(ExportRunRef run, int partIndex, int attempt, string reason, bool poisoned, CancellationToken cancellationToken = default) =>
        _runs.MarkPartFailedAsync(run, partIndex, attempt, reason, poisoned, cancellationToken);

    /// <summary>
    /// When every part is in, writes the run's summaries, switches the run's months to it (unless a newer run of the
    /// export already owns them) and sums the parts into the run header. Safe to call any number of times, from any consumer.
    /// </summary>
    public Task<RunCompletion> TryCompleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        _reader.Forget(run);
        return _completion.TryCompleteAsync(run, cancellationToken);
    }

    public Task<IReadOnlyList<CurrentRunPointer>> GetCurrentRunsAsync(string month, CancellationToken cancellationToken = default) =>
        _runs.GetCurrentRunsAsync(month, cancellationToken);

    /// <summary>The months with a current run (one pointer partition per month; keys only, no facts read).</summary>
    public Task<IReadOnlyList<DateOnly>> GetMonthsWithCostsAsync(CancellationToken cancellationToken = default) =>
        _runs.GetMonthsWithCostsAsync(cancellationToken);

    /// <summary>Whether a recorded or completed run newer than <paramref name="submittedTime"/> already owns every month given.</summary>
    public Task<bool> IsSupersededAsync(string exportName, IReadOnlyList<string> months, DateTimeOffset submittedTime, string runId, CancellationToken cancellationToken = default) =>
        _runs.IsSupersededAsync(exportName, months, submittedTime, runId, cancellationToken);

    // ---- a part's rows (PackedLedgerTable) --------------------------------------------------------------------

    /// <summary>
    /// Writes one part's facts under its run as packed rows (<see cref="PackedRows"/>: a few dense entities per part, not
    /// one entity per fact per index); a retried part rewrites the same entities. Stored in merge order
    /// (<see cref="LedgerRowOrder.Facts"/>, the aggregator's own), so the run's completion merges its parts as streams.
    /// Returns the entities written.
    /// </summary>
    public Task<long> WriteFactsAsync(ExportRunRef run, int partIndex, IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _reader.Forget(run);
        return _table.WriteAsync(LedgerEntities.PackedPartition(run, 'f', partIndex), LedgerRowOrder.Sorted(facts, LedgerRowOrder.Facts),
            LedgerEntities.WriteFact, cancellationToken, sorted: true);
    }

    /// <summary>
    /// Writes one part's per-resource daily costs under its run as packed rows (partition <c>{run}|c|r|p{part}</c>), one
    /// row per (day, resource, currency), in that order (<see cref="LedgerRowOrder.Resources"/>). Returns the entities written.
    /// </summary>
    public Task<long> WriteResourceCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<ResourceDailyCost> resourceCosts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceCosts);
        _reader.Forget(run);
        var rows = resourceCosts
            .GroupBy(LedgerEntities.ResourceKey)
            .Select(g => g.Skip(1).Aggregate(g.First(), LedgerSums.Add))
            .Order(LedgerRowOrder.Resources);
        return _table.WriteAsync(LedgerEntities.PackedPartition(run, 'r', partIndex), rows, LedgerEntities.WriteResourceCost, cancellationToken, sorted: true);
    }

    /// <summary>
    /// Writes one part's storage-tier rows under its run as packed rows (partition <c>{run}|c|t|p{part}</c>), one row per
    /// (day, storage account, meter, unit, currency, quantity known); written also when empty, so readers can tell a part
    /// without storage from one written before these rows existed. Returns the entities written.
    /// </summary>
    public Task<long> WriteStorageTierCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<StorageTierDailyCost> storageCosts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storageCosts);
        _reader.Forget(run);
        var rows = StorageTierCostOrder.Sorted(storageCosts.GroupBy(s => s.Identity).Select(g => g.Skip(1).Aggregate(g.First(), StorageTierDailyCost.Add)));
        return _table.WriteAsync(LedgerEntities.PackedPartition(run, 't', partIndex), rows, LedgerEntities.WriteStorageTierCost, cancellationToken);
    }

    // ---- reads (TableLedgerReader) ----------------------------------------------------------------------------

    /// <summary>Facts of the current runs only, summed over parts and exports, for the query's days (inclusive) and scope.</summary>
    public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        _reader.GetFactsAsync(query, cancellationToken);

    /// <summary>The row totals recorded at ingest for the runs a period's costs come from (<see cref="TableLedgerReader.GetRecordedTotalsAsync"/>).</summary>
    public Task<RecordedRunTotals?> GetRecordedTotalsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
        _reader.GetRecordedTotalsAsync(from, toInclusive, cancellationToken);

    /// <summary>Per-resource daily costs of the current runs only, summed over parts and exports, for the query's days (inclusive) and scope.</summary>
    public Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        _reader.GetResourceCostsAsync(query, cancellationToken);

    /// <summary>
    /// Storage accounts' capacity meters and other costs of the current runs only, summed over parts and exports, for the
    /// query's days (inclusive), with the current runs that were written before the ledger kept them (their storage is unknown).
    /// </summary>
    public Task<StorageTierCosts> GetStorageTierCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        _reader.GetStorageTierCostsAsync(query, cancellationToken);

    // ---- clean-up (LedgerRunCleanup) --------------------------------------------------------------------------

    /// <summary>Deletes a run's facts, resource costs and summaries (one range scan over <c>{run}|</c>) and its runs-table entries (the pointer is left alone).</summary>
    public Task<long> DeleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        _reader.Forget(run);
        return _cleanup.DeleteRunAsync(run, cancellationToken);
    }

    /// <summary>
    /// Deletes superseded runs whose replacement completed more than <paramref name="olderThan"/> ago (a grace
    /// period for readers that followed the old pointer just before the switch). A run that still owns a month is kept.
    /// </summary>
    public Task<IReadOnlyList<ExportRunRef>> DeleteSupersededRunsAsync(TimeSpan olderThan, CancellationToken cancellationToken = default) =>
        _cleanup.DeleteSupersededRunsAsync(olderThan, _reader.Forget, cancellationToken);

    public static IReadOnlyList<CurrencyTotal> SumTotals(IEnumerable<CurrencyTotal> totals) =>
        totals.GroupBy(t => t.Currency, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(t => t.BilledCost), g.Sum(t => t.EffectiveCost)))
            .OrderBy(t => t.Currency, StringComparer.Ordinal)
            .ToList();
}
