using System.Net;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// The runs table: each run's header and parts with their progress, and one "current run" pointer per export and
/// month (optimistic concurrency on the pointer's ETag; the newer SubmittedTime wins). Readers follow only pointers.
/// </summary>
internal sealed class LedgerRunLog(TableClient runs, TimeProvider time)
{
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => runs.EnsureExistsAsync(cancellationToken);

    /// <summary>
    /// Records a newly discovered run with its parts as Pending. The header and the first 99 parts go in one
    /// transaction, so a run is recorded once (false when it already was).
    /// </summary>
    public async Task<bool> RecordRunAsync(LedgerRun run, IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var parts = blobNames.Select((b, i) => LedgerEntities.ToEntity(new LedgerRunPart
        {
            Run = run.Ref,
            PartIndex = i,
            BlobName = b,
            UpdatedAt = time.GetUtcNow(),
        })).ToList();
        var first = new List<TableTransactionAction> { new(TableTransactionActionType.Add, LedgerEntities.ToEntity(run)) };
        first.AddRange(parts.Take(TableLedgerStore.MaxBatchSize - 1).Select(p => new TableTransactionAction(TableTransactionActionType.Add, p)));
        try
        {
            await runs.SubmitTransactionAsync(first, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
        foreach (var chunk in parts.Skip(TableLedgerStore.MaxBatchSize - 1).Chunk(TableLedgerStore.MaxBatchSize))
            await runs.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertMerge, p)), cancellationToken);
        return true;
    }

    public async Task<LedgerRun?> GetRunAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var e = await GetRunEntityAsync(run, cancellationToken);
        return e is null ? null : LedgerEntities.ToRun(e);
    }

    public async Task<TableEntity?> GetRunEntityAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var r = await runs.GetEntityIfExistsAsync<TableEntity>(LedgerEntities.RunPartition(run), LedgerEntities.RunHeaderRowKey, cancellationToken: cancellationToken);
        return r.HasValue ? r.Value : null;
    }

    public async Task<IReadOnlyList<LedgerRunPart>> GetPartsAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var pk = TableKeys.Quote(LedgerEntities.RunPartition(run));
        var filter = $"PartitionKey eq '{pk}' and {TableKeys.StartsWith("RowKey", LedgerEntities.PartRowKeyPrefix)}";
        var parts = new List<LedgerRunPart>();
        await foreach (var e in runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            parts.Add(LedgerEntities.ToPart(e));
        return parts;
    }

    /// <summary>Every recorded run (the runs table is small: one header per export run).</summary>
    public async Task<IReadOnlyList<LedgerRun>> ListRunsAsync(string? exportName, CancellationToken cancellationToken)
    {
        var filter = $"RowKey eq '{LedgerEntities.RunHeaderRowKey}'";
        if (exportName is not null)
            filter += " and " + TableKeys.StartsWith("PartitionKey", TableKeys.Encode(exportName) + TableKeys.Separator);
        var list = new List<LedgerRun>();
        await foreach (var e in runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            list.Add(LedgerEntities.ToRun(e));
        return list.OrderBy(r => r.Ref.ExportName, StringComparer.Ordinal).ThenBy(r => r.SubmittedTime).ToList();
    }

    /// <summary>The headers of superseded runs (candidates for deletion).</summary>
    public async Task<IReadOnlyList<TableEntity>> ListSupersededAsync(CancellationToken cancellationToken)
    {
        var filter = $"RowKey eq '{LedgerEntities.RunHeaderRowKey}' and Status eq '{nameof(LedgerRunStatus.Superseded)}'";
        var candidates = new List<TableEntity>();
        await foreach (var e in runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            candidates.Add(e);
        return candidates;
    }

    public Task MarkPartEnqueuedAsync(ExportRunRef run, int partIndex, string blobName, CancellationToken cancellationToken) =>
        MergePartAsync(run, partIndex, new()
        {
            ["BlobName"] = blobName,
            ["PartIndex"] = partIndex,
            ["ExportName"] = run.ExportName,
            ["RunId"] = run.RunId,
            ["EnqueuedAt"] = time.GetUtcNow(),
            ["UpdatedAt"] = time.GetUtcNow(),
        }, cancellationToken);

    public async Task MarkPartStartedAsync(ExportRunRef run, int partIndex, int attempt, CancellationToken cancellationToken)
    {
        await MergePartAsync(run, partIndex, new()
        {
            ["Status"] = nameof(LedgerPartStatus.Ingesting),
            ["Attempts"] = attempt,
            ["UpdatedAt"] = time.GetUtcNow(),
        }, cancellationToken);
        var header = new TableEntity(LedgerEntities.RunPartition(run), LedgerEntities.RunHeaderRowKey)
        {
            ["Status"] = nameof(LedgerRunStatus.Ingesting),
        };
        var current = await GetRunAsync(run, cancellationToken);
        // A failed run is taken up again when one of its parts is retried, but not while another part stays poisoned
        // (e.g. not a cost export): the run stays Failed with that part's reason.
        if (current?.Status is LedgerRunStatus.Pending ||
            (current?.Status is LedgerRunStatus.Failed &&
             !(await GetPartsAsync(run, cancellationToken)).Any(p => p.PartIndex != partIndex && p.Status == LedgerPartStatus.Poisoned)))
            await runs.UpdateEntityAsync(header, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public Task MarkPartCompletedAsync(ExportRunRef run, int partIndex, IngestResult result, long factsWritten, CancellationToken cancellationToken) =>
        MergePartAsync(run, partIndex, new()
        {
            ["Status"] = nameof(LedgerPartStatus.Completed),
            ["RowsRead"] = result.RowsRead,
            ["RowsAccepted"] = result.RowsAccepted,
            ["RowsRejected"] = result.RowsRejected,
            ["FactsWritten"] = factsWritten,
            ["Totals"] = LedgerEntities.SerializeTotals(result.Totals),
            ["UpdatedAt"] = time.GetUtcNow(),
        }, cancellationToken);

    public async Task MarkPartFailedAsync(ExportRunRef run, int partIndex, int attempt, string reason, bool poisoned, CancellationToken cancellationToken)
    {
        reason = Truncate(reason, 4000);
        await MergePartAsync(run, partIndex, new()
        {
            ["Status"] = (poisoned ? LedgerPartStatus.Poisoned : LedgerPartStatus.Failed).ToString(),
            ["Attempts"] = attempt,
            ["LastError"] = reason,
            ["UpdatedAt"] = time.GetUtcNow(),
        }, cancellationToken);
        if (poisoned)
        {
            await runs.UpdateEntityAsync(new TableEntity(LedgerEntities.RunPartition(run), LedgerEntities.RunHeaderRowKey)
            {
                ["Status"] = nameof(LedgerRunStatus.Failed),
                ["Reason"] = Truncate($"part {partIndex} poisoned after {attempt} attempts: {reason}", 4000),
            }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
    }

    /// <summary>Replaces a run's header if nobody changed it since <paramref name="etag"/> (false when somebody did).</summary>
    public async Task<bool> TryReplaceHeaderAsync(LedgerRun run, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await runs.UpdateEntityAsync(LedgerEntities.ToEntity(run), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    // ---- pointers ---------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<CurrentRunPointer>> GetCurrentRunsAsync(string month, CancellationToken cancellationToken)
    {
        var pointers = new List<CurrentRunPointer>();
        var filter = $"PartitionKey eq '{TableKeys.Quote(LedgerEntities.PointerPartition(month))}'";
        try
        {
            await foreach (var e in runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                pointers.Add(ToPointer(month, e));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // A ledger nothing was ever written to (no runs table yet) has no current runs: readers see an empty month.
        }
        return pointers;
    }

    /// <summary>The months with a current run (one pointer partition per month; keys only, no facts read).</summary>
    public async Task<IReadOnlyList<DateOnly>> GetMonthsWithCostsAsync(CancellationToken cancellationToken)
    {
        var months = new SortedSet<DateOnly>();
        try
        {
            await foreach (var e in runs.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", LedgerEntities.PointerPartitionPrefix),
                               select: ["PartitionKey"], cancellationToken: cancellationToken))
            {
                var month = e.PartitionKey[LedgerEntities.PointerPartitionPrefix.Length..];
                if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.None, out var first))
                    months.Add(first);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // No runs table yet: no month has costs.
        }
        return [.. months];
    }

    private static CurrentRunPointer ToPointer(string month, TableEntity e) =>
        new(month, new ExportRunRef(e.GetString("ExportName"), e.GetString("RunId")),
            e.GetDateTimeOffset("SubmittedTime") ?? default, e.GetDateTimeOffset("SwitchedAt") ?? default,
            e.GetInt32("Summary") == RunSummaries.Format);

    /// <summary>Whether a recorded or completed run newer than <paramref name="submittedTime"/> already owns every month given.</summary>
    public async Task<bool> IsSupersededAsync(string exportName, IReadOnlyList<string> months, DateTimeOffset submittedTime, string runId, CancellationToken cancellationToken)
    {
        foreach (var month in months)
        {
            var e = await GetPointerEntityAsync(month, exportName, cancellationToken);
            if (e is null || !IsNewer(ToPointer(month, e), submittedTime, runId)) return false;
        }
        return months.Count > 0;
    }

    /// <summary>Whether the run is what readers of one of its months follow.</summary>
    public async Task<bool> OwnsAnyMonthAsync(LedgerRun run, CancellationToken cancellationToken)
    {
        foreach (var month in run.Months)
            if ((await GetPointerEntityAsync(month, run.Ref.ExportName, cancellationToken)) is { } p && p.GetString("RunId") == run.Ref.RunId)
                return true;
        return false;
    }

    private static bool IsNewer(CurrentRunPointer pointer, DateTimeOffset submittedTime, string runId) =>
        pointer.SubmittedTime > submittedTime ||
        (pointer.SubmittedTime == submittedTime && string.CompareOrdinal(pointer.Run.RunId, runId) > 0);

    /// <summary>
    /// Points the month at the run unless a newer run already owns it (true when the run owns it now). The pointer
    /// says whether the run's summaries (<see cref="RunSummaries"/>) were written before it, so readers know they may
    /// use them; the run it replaces is marked superseded.
    /// </summary>
    public async Task<bool> SwitchPointerAsync(string month, LedgerRun run, bool summarized, CancellationToken cancellationToken)
    {
        while (true)
        {
            var existing = await GetPointerEntityAsync(month, run.Ref.ExportName, cancellationToken);
            var entity = new TableEntity(LedgerEntities.PointerPartition(month), LedgerEntities.PointerRowKey(run.Ref.ExportName))
            {
                ["ExportName"] = run.Ref.ExportName,
                ["RunId"] = run.Ref.RunId,
                ["SubmittedTime"] = run.SubmittedTime,
                ["PeriodStart"] = run.PeriodStart,
                ["PeriodEnd"] = run.PeriodEnd,
                ["SwitchedAt"] = time.GetUtcNow(),
                ["Summary"] = summarized ? RunSummaries.Format : null,
            };
            try
            {
                if (existing is null)
                {
                    await runs.AddEntityAsync(entity, cancellationToken);
                    return true;
                }
                var pointer = ToPointer(month, existing);
                if (pointer.Run == run.Ref) return true;
                if (IsNewer(pointer, run.SubmittedTime, run.Ref.RunId)) return false;
                await runs.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                await MarkSupersededAsync(pointer.Run, run.Ref, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Lost a race with another consumer switching the same pointer; re-read and decide again.
            }
        }
    }

    private async Task MarkSupersededAsync(ExportRunRef old, ExportRunRef by, CancellationToken cancellationToken)
    {
        try
        {
            await runs.UpdateEntityAsync(new TableEntity(LedgerEntities.RunPartition(old), LedgerEntities.RunHeaderRowKey)
            {
                ["Status"] = nameof(LedgerRunStatus.Superseded),
                ["Reason"] = $"superseded by run {by.RunId}",
                ["SupersededAt"] = time.GetUtcNow(),
            }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Already deleted.
        }
    }

    /// <summary>Deletes a run's header and parts (its pointers are left alone).</summary>
    public async Task DeleteRunEntriesAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var entities = new List<TableEntity>();
        await foreach (var e in runs.QueryAsync<TableEntity>($"PartitionKey eq '{TableKeys.Quote(LedgerEntities.RunPartition(run))}'",
                           select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            entities.Add(e);
        foreach (var batch in entities.Chunk(TableLedgerStore.MaxBatchSize))
            await runs.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
    }

    private Task MergePartAsync(ExportRunRef run, int partIndex, TableEntity values, CancellationToken cancellationToken)
    {
        values.PartitionKey = LedgerEntities.RunPartition(run);
        values.RowKey = LedgerEntities.PartRowKey(partIndex);
        return runs.UpsertEntityAsync(values, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task<TableEntity?> GetPointerEntityAsync(string month, string exportName, CancellationToken cancellationToken)
    {
        var r = await runs.GetEntityIfExistsAsync<TableEntity>(LedgerEntities.PointerPartition(month), LedgerEntities.PointerRowKey(exportName), cancellationToken: cancellationToken);
        return r.HasValue ? r.Value : null;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
