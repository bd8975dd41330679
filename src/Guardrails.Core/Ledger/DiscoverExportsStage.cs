using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Guardrails.Core.Ledger;

/// <summary>What one discovery pass did.</summary>
public sealed record DiscoverExportsResult
{
    public int RunsFound { get; init; }
    public int RunsRecorded { get; init; }
    public int RunsSkippedAsSuperseded { get; init; }
    public int PartsEnqueued { get; init; }
    public int PartsResumed { get; init; }
    public int StaleRunsDeleted { get; init; }
    public IReadOnlyList<string> Problems { get; init; } = [];
    /// <summary>Runs of datasets that are not cost data (one line each: manifest and dataset), not recorded or enqueued.</summary>
    public IReadOnlyList<string> SkippedNotCost { get; init; } = [];
}

/// <summary>
/// The DiscoverExports stage: scans the export containers, records each run not yet recorded (all parts Pending)
/// and enqueues one export-parts message per blob; re-enqueues parts of unfinished runs that stalled (resume);
/// deletes superseded runs past their retention. Record first, enqueue second: a crash in between leaves Pending
/// parts that the next pass resumes, never a message for a run nobody recorded.
/// </summary>
public sealed class DiscoverExportsStage(
    IExportRunScanner scanner,
    IExportRunLedger ledger,
    IExportPartQueue partsQueue,
    ExportPipelineOptions options,
    TimeProvider? timeProvider = null,
    ILogger<DiscoverExportsStage>? logger = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ILogger _log = logger ?? NullLogger<DiscoverExportsStage>.Instance;

    public async Task<DiscoverExportsResult> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        await ledger.EnsureCreatedAsync(cancellationToken);
        await partsQueue.EnsureCreatedAsync(cancellationToken);
        var tally = new DiscoveryTally();
        foreach (var container in options.Containers)
        {
            var scan = await scanner.ScanAsync(container, options.ManifestlessSettleTime, cancellationToken);
            NoteSkippedAndProblems(container, scan, tally);
            foreach (var run in scan.Runs)
            {
                tally.Found++;
                var runRef = new ExportRunRef(run.Export, run.RunId);
                var existing = await ledger.GetRunAsync(runRef, cancellationToken);
                if (existing is null)
                    await RecordNewRunAsync(run, runRef, tally, cancellationToken);
                else if (existing.Status is LedgerRunStatus.Pending or LedgerRunStatus.Ingesting)
                    tally.Resumed += await ResumeAsync(run, runRef, cancellationToken);
            }
        }

        var deleted = await ledger.DeleteSupersededRunsAsync(options.StaleRunRetention, cancellationToken);
        return new DiscoverExportsResult
        {
            RunsFound = tally.Found,
            RunsRecorded = tally.Recorded,
            RunsSkippedAsSuperseded = tally.Skipped,
            PartsEnqueued = tally.Enqueued,
            PartsResumed = tally.Resumed,
            StaleRunsDeleted = deleted.Count,
            Problems = tally.Problems,
            SkippedNotCost = tally.NotCost,
        };
    }

    /// <summary>What one discovery has found, recorded, skipped and enqueued so far.</summary>
    private sealed class DiscoveryTally
    {
        public int Found, Recorded, Skipped, Enqueued, Resumed;
        public List<string> Problems { get; } = [];
        public List<string> NotCost { get; } = [];
    }

    /// <summary>A scan's datasets that are not costs (logged, not an error) and its broken manifests (errors).</summary>
    private void NoteSkippedAndProblems(string container, ExportScan scan, DiscoveryTally tally)
    {
        foreach (var skip in scan.Skipped)
        {
            tally.NotCost.Add(skip);
            _log.LogInformation("Export discovery: {Skipped}", skip); // the container is shared with other datasets: not an error
        }
        foreach (var problem in scan.Problems)
        {
            tally.Problems.Add(problem);
            _log.LogError("Export discovery in {Container}: {Problem}", container, problem);
        }
    }

    /// <summary>
    /// A run the ledger has not seen: recorded, then its parts enqueued, unless a newer run of its months is current
    /// (recorded as superseded, not ingested). Another discovery that recorded it first wins.
    /// </summary>
    private async Task RecordNewRunAsync(DiscoveredRun run, ExportRunRef runRef, DiscoveryTally tally, CancellationToken cancellationToken)
    {
        var superseded = await ledger.IsSupersededAsync(run.Export, LedgerMonths.Between(run.PeriodStart, run.PeriodEnd), run.SubmittedTime, run.RunId, cancellationToken);
        var header = ToRun(run, superseded);
        if (!await ledger.RecordRunAsync(header, run.Blobs, cancellationToken)) return;
        if (superseded)
        {
            tally.Skipped++;
            _log.LogInformation("Run {Run} is older than the current run of its months; recorded as superseded, not ingested", runRef);
            return;
        }
        tally.Recorded++;
        for (var i = 0; i < run.Blobs.Count; i++)
            tally.Enqueued += await EnqueueAsync(run, i, cancellationToken);
        if (run.Blobs.Count == 0)
            await ledger.TryCompleteRunAsync(runRef, cancellationToken); // an empty run restates its months as empty
        _log.LogInformation("Run {Run} recorded: {Parts} parts enqueued", runRef, run.Blobs.Count);
    }

    private async Task<int> ResumeAsync(DiscoveredRun run, ExportRunRef runRef, CancellationToken cancellationToken)
    {
        var parts = (await ledger.GetPartsAsync(runRef, cancellationToken)).ToDictionary(p => p.PartIndex);
        var stalledBefore = _time.GetUtcNow() - options.ResumeStalledAfter;
        var count = 0;
        for (var i = 0; i < run.Blobs.Count; i++)
        {
            var stalled = !parts.TryGetValue(i, out var part) ||
                          (part.Status is LedgerPartStatus.Pending or LedgerPartStatus.Ingesting or LedgerPartStatus.Failed &&
                           (part.UpdatedAt ?? DateTimeOffset.MinValue) <= stalledBefore &&
                           (part.EnqueuedAt ?? DateTimeOffset.MinValue) <= stalledBefore);
            if (!stalled) continue;
            count += await EnqueueAsync(run, i, cancellationToken);
            _log.LogWarning("Resumed part {Part} of run {Run} ({Status})", i, runRef, part?.Status.ToString() ?? "missing");
        }
        return count;
    }

    private async Task<int> EnqueueAsync(DiscoveredRun run, int partIndex, CancellationToken cancellationToken)
    {
        var message = new ExportPartMessage
        {
            Export = run.Export,
            RunId = run.RunId,
            Container = run.Container,
            Blob = run.Blobs[partIndex],
            PartIndex = partIndex,
            PartCount = run.Blobs.Count,
            PeriodStart = run.PeriodStart,
            PeriodEnd = run.PeriodEnd,
            SubmittedTime = run.SubmittedTime,
        };
        await ledger.MarkPartEnqueuedAsync(message.Run, partIndex, message.Blob, cancellationToken);
        await partsQueue.SendAsync(message, cancellationToken);
        return 1;
    }

    private static LedgerRun ToRun(DiscoveredRun run, bool superseded) => new()
    {
        Ref = new ExportRunRef(run.Export, run.RunId),
        PeriodStart = run.PeriodStart,
        PeriodEnd = run.PeriodEnd,
        SubmittedTime = run.SubmittedTime,
        PartCount = run.Blobs.Count,
        Container = run.Container,
        ManifestBlob = run.ManifestBlob,
        Status = superseded ? LedgerRunStatus.Superseded : LedgerRunStatus.Pending,
        Reason = superseded ? "a newer run of this export already owns its months" : null,
    };
}
