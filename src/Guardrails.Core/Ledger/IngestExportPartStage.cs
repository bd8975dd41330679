using Guardrails.Core.Billing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Core.Ledger;

/// <summary>What ingesting one export part did.</summary>
public sealed record IngestExportPartResult
{
    public required ExportRunRef Run { get; init; }
    public required int PartIndex { get; init; }
    /// <summary>Why nothing was ingested (already completed, run superseded), or null.</summary>
    public string? SkippedBecause { get; init; }
    /// <summary>
    /// Why the part was poisoned at once without a retry (a deterministic failure: the blob is not a cost export), or
    /// null. The message is done with: retrying cannot change the blob's header.
    /// </summary>
    public string? PoisonedBecause { get; init; }
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public long FactsWritten { get; init; }
    /// <summary>Per-resource daily cost entities written (top drivers, anomalies, spending limits, dashboard).</summary>
    public long ResourcesWritten { get; init; }
    /// <summary>Storage-tier entities written (storage accounts' capacity by access tier: checkpoint storage).</summary>
    public long StorageEntitiesWritten { get; init; }
    public IReadOnlyList<CurrencyTotal> Totals { get; init; } = [];
    public RunCompletion Completion { get; init; }
}

/// <summary>
/// Reads one export part through the Core ingest chain (read → normalize → allocate → aggregate): its blob in the
/// Function App, the local files it read in the CLI.
/// </summary>
public interface IExportPartReader
{
    Task<IngestResult> ReadAsync(ExportPartMessage part, CancellationToken cancellationToken = default);
}

/// <summary>
/// The IngestExportPart stage: streams one blob through the Core ingest chain (read → normalize → allocate →
/// aggregate), writes the part's daily facts and per-resource daily costs under its run, marks the part completed and, when it was the last
/// part, switches the run's months to it. A failure is recorded on the part (with the attempt number) and
/// rethrown so the queue retries; the last allowed attempt records the part and run as poisoned with the reason.
/// A deterministic failure (the blob is not a cost export: its header lacks the mandatory columns, or it is empty)
/// is poisoned on the first attempt with its reason and not rethrown: five attempts would read the same header.
/// Redelivery is harmless: keys are deterministic and a completed part is not ingested again.
/// </summary>
public sealed class IngestExportPartStage(
    IExportPartReader parts,
    IExportRunLedger ledger,
    ExportPipelineOptions options,
    ILogger<IngestExportPartStage>? logger = null)
{
    private readonly ILogger _log = logger ?? NullLogger<IngestExportPartStage>.Instance;

    /// <summary>Where the part's rows come from: its blob (the Function App), or what a host plugs in (the CLI: files it read).</summary>
    public IExportPartReader Parts => parts;

    public async Task<IngestExportPartResult> IngestAsync(ExportPartMessage message, int dequeueCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var runRef = message.Run;
        if (await SkipOrRecordRunAsync(message, runRef, cancellationToken) is { } skipped) return skipped;

        var attempt = Math.Max(1, dequeueCount);
        await ledger.MarkPartStartedAsync(runRef, message.PartIndex, attempt, cancellationToken);
        try
        {
            return await WritePartAsync(message, runRef, cancellationToken);
        }
        catch (CostExportException ex) when (IsDeterministic(ex))
        {
            var reason = $"attempt {attempt}: not retried: {ex.Message}";
            _log.LogError("Part {Part} of run {Run} poisoned at once (not a cost export, retrying cannot help): {Reason}", message.PartIndex, runRef, ex.Message);
            await ledger.MarkPartFailedAsync(runRef, message.PartIndex, attempt, reason, poisoned: true, CancellationToken.None);
            return new IngestExportPartResult { Run = runRef, PartIndex = message.PartIndex, PoisonedBecause = reason, Completion = RunCompletion.PartsOutstanding };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var poisoned = attempt >= options.MaxDequeueCount;
            var reason = $"attempt {attempt}: {ex.GetType().Name}: {ex.Message}";
            _log.LogError(ex, "Part {Part} of run {Run} failed on attempt {Attempt}{Poisoned}", message.PartIndex, runRef, attempt, poisoned ? " (poisoned)" : "");
            await ledger.MarkPartFailedAsync(runRef, message.PartIndex, attempt, reason, poisoned, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The answer without ingesting when the run is superseded or the part already completed (the run completed if it
    /// can be); a run discovery never recorded (a message sent by hand or by another tool) is recorded from the message.
    /// Null: ingest the part.
    /// </summary>
    private async Task<IngestExportPartResult?> SkipOrRecordRunAsync(ExportPartMessage message, ExportRunRef runRef, CancellationToken cancellationToken)
    {
        var run = await ledger.GetRunAsync(runRef, cancellationToken);
        if (run is null)
        {
            // A message for a run discovery never recorded (sent by hand or by another tool): record it from the message.
            await ledger.EnsureCreatedAsync(cancellationToken);
            await ledger.RecordRunAsync(new LedgerRun
            {
                Ref = runRef,
                PeriodStart = message.PeriodStart,
                PeriodEnd = message.PeriodEnd,
                SubmittedTime = message.SubmittedTime,
                PartCount = message.PartCount,
                Container = message.Container,
            }, [], cancellationToken);
            await ledger.MarkPartEnqueuedAsync(runRef, message.PartIndex, message.Blob, cancellationToken);
        }
        else if (run.Status == LedgerRunStatus.Superseded)
        {
            return new IngestExportPartResult { Run = runRef, PartIndex = message.PartIndex, SkippedBecause = "run superseded by a newer run", Completion = RunCompletion.Superseded };
        }
        else
        {
            var parts = await ledger.GetPartsAsync(runRef, cancellationToken);
            if (parts.FirstOrDefault(p => p.PartIndex == message.PartIndex) is { Status: LedgerPartStatus.Completed } done)
            {
                var completion = await ledger.TryCompleteRunAsync(runRef, cancellationToken);
                return new IngestExportPartResult
                {
                    Run = runRef,
                    PartIndex = message.PartIndex,
                    SkippedBecause = "part already completed",
                    RowsRead = done.RowsRead,
                    RowsAccepted = done.RowsAccepted,
                    RowsRejected = done.RowsRejected,
                    FactsWritten = done.FactsWritten,
                    Totals = done.Totals,
                    Completion = completion,
                };
            }
        }
        return null;
    }

    /// <summary>
    /// Reads the part and writes its daily facts, resource-days and storage-tier rows under its run, marks it completed
    /// and, when it was the last part, completes the run.
    /// </summary>
    private async Task<IngestExportPartResult> WritePartAsync(ExportPartMessage message, ExportRunRef runRef, CancellationToken cancellationToken)
    {
        var result = await parts.ReadAsync(message, cancellationToken);
        var written = await ledger.WriteFactsAsync(runRef, message.PartIndex, result.Facts, cancellationToken);
        var resources = await ledger.WriteResourceCostsAsync(runRef, message.PartIndex, result.ResourceCosts, cancellationToken);
        var storage = await ledger.WriteStorageTierCostsAsync(runRef, message.PartIndex, result.StorageCosts, cancellationToken);
        await ledger.MarkPartCompletedAsync(runRef, message.PartIndex, result, written, cancellationToken);
        var completion = await ledger.TryCompleteRunAsync(runRef, cancellationToken);
        _log.LogInformation("Part {Part}/{Count} of run {Run}: {Rows} rows, {Facts} fact entities, {Resources} resource-cost entities; run {Completion}",
            message.PartIndex + 1, message.PartCount, runRef, result.RowsRead, written, resources, completion);
        // Rows whose two spellings of one tag disagreed were left unallocated for that key: say so where operators look.
        foreach (var conflict in result.TagConflicts)
            _log.LogWarning("Part {Part}/{Count} of run {Run}: allocation: {Conflict}", message.PartIndex + 1, message.PartCount, runRef, conflict);
        return new IngestExportPartResult
        {
            Run = runRef,
            PartIndex = message.PartIndex,
            RowsRead = result.RowsRead,
            RowsAccepted = result.RowsAccepted,
            RowsRejected = result.RowsRejected,
            FactsWritten = written,
            ResourcesWritten = resources,
            StorageEntitiesWritten = storage,
            Totals = result.Totals,
            Completion = completion,
        };
    }

    /// <summary>
    /// A failure that the same blob reproduces on every attempt: the header is not a cost export's (missing mandatory
    /// columns, reported on line 1) or the file is empty. Transient ones (cannot open, a read cut short) are retried.
    /// </summary>
    public static bool IsDeterministic(CostExportException ex) =>
        ex.MissingColumns.Count > 0 || ex.Line == 1 || ex.Message.Contains("empty file", StringComparison.Ordinal);

    /// <summary>
    /// For a message the host moved to export-parts-poison: make sure its part and run say poisoned, keeping the
    /// last recorded reason (the attempt itself may have crashed before it could record one).
    /// </summary>
    public async Task RecordPoisonedAsync(ExportPartMessage message, CancellationToken cancellationToken = default)
    {
        var parts = await ledger.GetPartsAsync(message.Run, cancellationToken);
        var part = parts.FirstOrDefault(p => p.PartIndex == message.PartIndex);
        if (part?.Status is LedgerPartStatus.Completed or LedgerPartStatus.Poisoned) return;
        var reason = $"moved to {ExportPipelineOptions.PoisonQueueName} after {options.MaxDequeueCount} attempts; last error: {part?.LastError ?? "none recorded (the worker stopped before it could record one)"}";
        await ledger.MarkPartFailedAsync(message.Run, message.PartIndex, part?.Attempts ?? options.MaxDequeueCount, reason, poisoned: true, cancellationToken);
    }
}
