using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// Completes a run once every part is in: writes its summaries (<see cref="RunSummaries"/>), switches its months'
/// pointers to it (unless a newer run of the export already owns them) and sums the parts into its header. Safe to
/// call any number of times, from any consumer.
/// </summary>
internal sealed class LedgerRunCompletion(LedgerRunLog runs, RunSummaries summaries, TimeProvider time)
{
    public async Task<RunCompletion> TryCompleteAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var summarized = false;
        while (true)
        {
            var header = await runs.GetRunEntityAsync(run, cancellationToken)
                ?? throw new InvalidOperationException($"Run {run} is not recorded.");
            var current = LedgerEntities.ToRun(header);
            if (current.Status == LedgerRunStatus.Superseded) return RunCompletion.Superseded;
            if (current.Status == LedgerRunStatus.Completed) return RunCompletion.BecameCurrent;

            var done = (await runs.GetPartsAsync(run, cancellationToken)).Where(p => p.Status == LedgerPartStatus.Completed).ToList();
            if (done.Count < current.PartCount) return RunCompletion.PartsOutstanding;

            // Before any pointer names the run: a reader that follows it finds the summaries complete.
            if (!summarized && !await runs.IsSupersededAsync(run.ExportName, current.Months, current.SubmittedTime, run.RunId, cancellationToken))
            {
                await summaries.WriteAsync(run, current.PartCount, cancellationToken);
                summarized = true;
            }

            var owned = 0;
            foreach (var month in current.Months)
                if (await runs.SwitchPointerAsync(month, current, summarized, cancellationToken)) owned++;

            var status = owned > 0 ? LedgerRunStatus.Completed : LedgerRunStatus.Superseded;
            var updated = current with
            {
                Status = status,
                Reason = status == LedgerRunStatus.Superseded ? "a newer run of this export already owns its months" : null,
                CompletedAt = time.GetUtcNow(),
                RowsRead = done.Sum(p => p.RowsRead),
                RowsAccepted = done.Sum(p => p.RowsAccepted),
                RowsRejected = done.Sum(p => p.RowsRejected),
                Totals = TableLedgerStore.SumTotals(done.SelectMany(p => p.Totals)),
            };
            if (await runs.TryReplaceHeaderAsync(updated, header.ETag, cancellationToken))
                return owned > 0 ? RunCompletion.BecameCurrent : RunCompletion.Superseded;
            // Another consumer changed the header meanwhile; look again.
        }
    }
}
