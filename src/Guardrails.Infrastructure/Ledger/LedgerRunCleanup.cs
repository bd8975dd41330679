using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>Deletes runs: a run's packed parts and summaries (one range scan over <c>{run}|</c>) and its runs-table entries.</summary>
internal sealed class LedgerRunCleanup(LedgerRunLog runs, PackedLedgerTable table, TimeProvider time)
{
    /// <summary>Deletes a run's facts, resource costs and summaries and its runs-table entries (the pointer is left alone); returns the ledger entities deleted.</summary>
    public async Task<long> DeleteRunAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var deleted = await table.DeletePrefixAsync(LedgerEntities.FactRunPrefix(run), cancellationToken);
        await runs.DeleteRunEntriesAsync(run, cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Deletes superseded runs whose replacement completed more than <paramref name="olderThan"/> ago (a grace
    /// period for readers that followed the old pointer just before the switch). A run that still owns a month is kept.
    /// </summary>
    public async Task<IReadOnlyList<ExportRunRef>> DeleteSupersededRunsAsync(TimeSpan olderThan, Action<ExportRunRef> deleting, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - olderThan;
        var deleted = new List<ExportRunRef>();
        foreach (var e in await runs.ListSupersededAsync(cancellationToken))
        {
            var when = e.GetDateTimeOffset("SupersededAt") ?? e.GetDateTimeOffset("CompletedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue;
            if (when > cutoff) continue;
            var run = LedgerEntities.ToRun(e);
            if (await runs.OwnsAnyMonthAsync(run, cancellationToken)) continue;
            deleting(run.Ref);
            await DeleteRunAsync(run.Ref, cancellationToken);
            deleted.Add(run.Ref);
        }
        return deleted;
    }
}
