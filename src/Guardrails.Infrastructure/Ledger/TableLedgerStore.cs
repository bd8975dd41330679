using System.Net;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>Names of the ledger tables (defaults match local.settings.sample.json).</summary>
public sealed record LedgerTableNames(string Facts = "ledgerfacts", string Runs = "ledgerruns");

/// <summary>
/// The cost ledger in Azure Table Storage. Facts are written under their run (one partition per run, day and part),
/// progress goes to the runs table, and a completed run becomes what readers see by switching a per-month
/// "current run" pointer (optimistic concurrency on the pointer's ETag; the newer SubmittedTime wins).
/// Readers follow only pointers, so a half-written or superseded run is never visible and a restated month is
/// never counted twice. Per-resource daily costs (<see cref="ResourceDailyCost"/>) are kept beside the facts under
/// the same run, part and pointers. Layout and reasons: docs/table-design.md.
/// </summary>
public sealed class TableLedgerStore : ICostLedgerReader, IResourceCostReader, ILedgerMonthIndex
{
    /// <summary>Entity group transactions hold at most 100 operations, all in one partition.</summary>
    public const int MaxBatchSize = 100;

    private readonly TableClient _facts;
    private readonly TableClient _runs;
    private readonly TimeProvider _time;
    private readonly int _writeParallelism;
    private readonly DecodedRuns _decoded = new();

    public TableLedgerStore(TableServiceClient tables, LedgerTableNames? names = null, TimeProvider? timeProvider = null, int writeParallelism = 8)
    {
        ArgumentNullException.ThrowIfNull(tables);
        names ??= new LedgerTableNames();
        _facts = tables.GetTableClient(names.Facts);
        _runs = tables.GetTableClient(names.Runs);
        _time = timeProvider ?? TimeProvider.System;
        _writeParallelism = Math.Max(1, writeParallelism);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _facts.CreateIfNotExistsAsync(cancellationToken);
        await _runs.CreateIfNotExistsAsync(cancellationToken);
    }

    // ---- runs -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Records a newly discovered run with its parts as Pending. The header and the first 99 parts go in one
    /// transaction, so a run is recorded once (false when it already was).
    /// </summary>
    public async Task<bool> RecordRunAsync(LedgerRun run, IReadOnlyList<string> blobNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var parts = blobNames.Select((b, i) => LedgerEntities.ToEntity(new LedgerRunPart
        {
            Run = run.Ref,
            PartIndex = i,
            BlobName = b,
            UpdatedAt = _time.GetUtcNow(),
        })).ToList();
        var first = new List<TableTransactionAction> { new(TableTransactionActionType.Add, LedgerEntities.ToEntity(run)) };
        first.AddRange(parts.Take(MaxBatchSize - 1).Select(p => new TableTransactionAction(TableTransactionActionType.Add, p)));
        try
        {
            await _runs.SubmitTransactionAsync(first, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
        foreach (var chunk in parts.Skip(MaxBatchSize - 1).Chunk(MaxBatchSize))
            await _runs.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertMerge, p)), cancellationToken);
        return true;
    }

    public async Task<LedgerRun?> GetRunAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        var e = await GetRunEntityAsync(run, cancellationToken);
        return e is null ? null : LedgerEntities.ToRun(e);
    }

    public async Task<IReadOnlyList<LedgerRunPart>> GetPartsAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        var pk = TableKeys.Quote(LedgerEntities.RunPartition(run));
        var filter = $"PartitionKey eq '{pk}' and {TableKeys.StartsWith("RowKey", LedgerEntities.PartRowKeyPrefix)}";
        var parts = new List<LedgerRunPart>();
        await foreach (var e in _runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            parts.Add(LedgerEntities.ToPart(e));
        return parts;
    }

    /// <summary>Every recorded run (the runs table is small: one header per export run).</summary>
    public async Task<IReadOnlyList<LedgerRun>> ListRunsAsync(string? exportName = null, CancellationToken cancellationToken = default)
    {
        var filter = $"RowKey eq '{LedgerEntities.RunHeaderRowKey}'";
        if (exportName is not null)
            filter += " and " + TableKeys.StartsWith("PartitionKey", TableKeys.Encode(exportName) + TableKeys.Separator);
        var runs = new List<LedgerRun>();
        await foreach (var e in _runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            runs.Add(LedgerEntities.ToRun(e));
        return runs.OrderBy(r => r.Ref.ExportName, StringComparer.Ordinal).ThenBy(r => r.SubmittedTime).ToList();
    }

    public Task MarkPartEnqueuedAsync(ExportRunRef run, int partIndex, string blobName, CancellationToken cancellationToken = default) =>
        MergePartAsync(run, partIndex, new()
        {
            ["BlobName"] = blobName,
            ["PartIndex"] = partIndex,
            ["ExportName"] = run.ExportName,
            ["RunId"] = run.RunId,
            ["EnqueuedAt"] = _time.GetUtcNow(),
            ["UpdatedAt"] = _time.GetUtcNow(),
        }, cancellationToken);

    public async Task MarkPartStartedAsync(ExportRunRef run, int partIndex, int attempt, CancellationToken cancellationToken = default)
    {
        await MergePartAsync(run, partIndex, new()
        {
            ["Status"] = nameof(LedgerPartStatus.Ingesting),
            ["Attempts"] = attempt,
            ["UpdatedAt"] = _time.GetUtcNow(),
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
            await _runs.UpdateEntityAsync(header, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public Task MarkPartCompletedAsync(ExportRunRef run, int partIndex, IngestResult result, long factsWritten, CancellationToken cancellationToken = default) =>
        MergePartAsync(run, partIndex, new()
        {
            ["Status"] = nameof(LedgerPartStatus.Completed),
            ["RowsRead"] = result.RowsRead,
            ["RowsAccepted"] = result.RowsAccepted,
            ["RowsRejected"] = result.RowsRejected,
            ["FactsWritten"] = factsWritten,
            ["Totals"] = LedgerEntities.SerializeTotals(result.Totals),
            ["UpdatedAt"] = _time.GetUtcNow(),
        }, cancellationToken);

    /// <summary>
    /// Records a failed attempt. When <paramref name="poisoned"/> (the queue will not deliver it again), the part
    /// and its run are marked so, with the reason: a failed run never becomes current.
    /// </summary>
    public async Task MarkPartFailedAsync(ExportRunRef run, int partIndex, int attempt, string reason, bool poisoned, CancellationToken cancellationToken = default)
    {
        reason = Truncate(reason, 4000);
        await MergePartAsync(run, partIndex, new()
        {
            ["Status"] = (poisoned ? LedgerPartStatus.Poisoned : LedgerPartStatus.Failed).ToString(),
            ["Attempts"] = attempt,
            ["LastError"] = reason,
            ["UpdatedAt"] = _time.GetUtcNow(),
        }, cancellationToken);
        if (poisoned)
        {
            await _runs.UpdateEntityAsync(new TableEntity(LedgerEntities.RunPartition(run), LedgerEntities.RunHeaderRowKey)
            {
                ["Status"] = nameof(LedgerRunStatus.Failed),
                ["Reason"] = Truncate($"part {partIndex} poisoned after {attempt} attempts: {reason}", 4000),
            }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
    }

    /// <summary>
    /// When every part is in, sums the parts into the run header and switches the run's months to it (unless a
    /// newer run of the export already owns them). Safe to call any number of times, from any consumer.
    /// </summary>
    public async Task<RunCompletion> TryCompleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var header = await GetRunEntityAsync(run, cancellationToken)
                ?? throw new InvalidOperationException($"Run {run} is not recorded.");
            var current = LedgerEntities.ToRun(header);
            if (current.Status == LedgerRunStatus.Superseded) return RunCompletion.Superseded;
            if (current.Status == LedgerRunStatus.Completed) return RunCompletion.BecameCurrent;

            var parts = await GetPartsAsync(run, cancellationToken);
            var done = parts.Where(p => p.Status == LedgerPartStatus.Completed).ToList();
            if (done.Count < current.PartCount) return RunCompletion.PartsOutstanding;

            var owned = 0;
            foreach (var month in current.Months)
                if (await SwitchPointerAsync(month, current, cancellationToken)) owned++;

            var status = owned > 0 ? LedgerRunStatus.Completed : LedgerRunStatus.Superseded;
            var updated = LedgerEntities.ToEntity(current with
            {
                Status = status,
                Reason = status == LedgerRunStatus.Superseded ? "a newer run of this export already owns its months" : null,
                CompletedAt = _time.GetUtcNow(),
                RowsRead = done.Sum(p => p.RowsRead),
                RowsAccepted = done.Sum(p => p.RowsAccepted),
                RowsRejected = done.Sum(p => p.RowsRejected),
                Totals = SumTotals(done.SelectMany(p => p.Totals)),
            });
            try
            {
                await _runs.UpdateEntityAsync(updated, header.ETag, TableUpdateMode.Replace, cancellationToken);
                return owned > 0 ? RunCompletion.BecameCurrent : RunCompletion.Superseded;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                // Another consumer changed the header meanwhile; look again.
            }
        }
    }

    public async Task<IReadOnlyList<CurrentRunPointer>> GetCurrentRunsAsync(string month, CancellationToken cancellationToken = default)
    {
        var pointers = new List<CurrentRunPointer>();
        var filter = $"PartitionKey eq '{TableKeys.Quote(LedgerEntities.PointerPartition(month))}'";
        try
        {
            await foreach (var e in _runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                pointers.Add(ToPointer(month, e));
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // A ledger nothing was ever written to (no runs table yet) has no current runs: readers see an empty month.
        }
        return pointers;
    }

    /// <summary>The months with a current run (one pointer partition per month; keys only, no facts read).</summary>
    public async Task<IReadOnlyList<DateOnly>> GetMonthsWithCostsAsync(CancellationToken cancellationToken = default)
    {
        var months = new SortedSet<DateOnly>();
        try
        {
            await foreach (var e in _runs.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", LedgerEntities.PointerPartitionPrefix),
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
            e.GetDateTimeOffset("SubmittedTime") ?? default, e.GetDateTimeOffset("SwitchedAt") ?? default);

    /// <summary>Whether a recorded or completed run newer than <paramref name="submittedTime"/> already owns every month given.</summary>
    public async Task<bool> IsSupersededAsync(string exportName, IReadOnlyList<string> months, DateTimeOffset submittedTime, string runId, CancellationToken cancellationToken = default)
    {
        foreach (var month in months)
        {
            var e = await GetPointerEntityAsync(month, exportName, cancellationToken);
            if (e is null || !IsNewer(ToPointer(month, e), submittedTime, runId)) return false;
        }
        return months.Count > 0;
    }

    private static bool IsNewer(CurrentRunPointer pointer, DateTimeOffset submittedTime, string runId) =>
        pointer.SubmittedTime > submittedTime ||
        (pointer.SubmittedTime == submittedTime && string.CompareOrdinal(pointer.Run.RunId, runId) > 0);

    private async Task<bool> SwitchPointerAsync(string month, LedgerRun run, CancellationToken cancellationToken)
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
                ["SwitchedAt"] = _time.GetUtcNow(),
            };
            try
            {
                if (existing is null)
                {
                    await _runs.AddEntityAsync(entity, cancellationToken);
                    return true;
                }
                var pointer = ToPointer(month, existing);
                if (pointer.Run == run.Ref) return true;
                if (IsNewer(pointer, run.SubmittedTime, run.Ref.RunId)) return false;
                await _runs.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
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
            await _runs.UpdateEntityAsync(new TableEntity(LedgerEntities.RunPartition(old), LedgerEntities.RunHeaderRowKey)
            {
                ["Status"] = nameof(LedgerRunStatus.Superseded),
                ["Reason"] = $"superseded by run {by.RunId}",
                ["SupersededAt"] = _time.GetUtcNow(),
            }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            // Already deleted.
        }
    }

    // ---- facts ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Writes one part's facts under its run as packed rows (<see cref="PackedRows"/>: a few dense entities per part, not
    /// one entity per fact per index); a retried part rewrites the same entities. Returns the entities written.
    /// </summary>
    public async Task<long> WriteFactsAsync(ExportRunRef run, int partIndex, IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        _decoded.Forget(run);
        var entities = PackedRows.Pack(LedgerEntities.PackedPartition(run, 'f', partIndex), facts, LedgerEntities.WriteFact);
        return await UpsertEachAsync(entities, cancellationToken);
    }

    /// <summary>Upserts entities one by one (packed entities are up to ~800 KB on the wire: a transaction would exceed 4 MiB), several in flight.</summary>
    private async Task<long> UpsertEachAsync(IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = _writeParallelism, CancellationToken = cancellationToken },
            async (entity, ct) => await _facts.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct));
        return entities.Count;
    }

    /// <summary>The packed rows of every part of a run in one family, part by part in ascending order, each decoded by <paramref name="read"/>.</summary>
    private async Task<List<T>> ReadPackedAsync<T>(ExportRunRef run, char family, Func<PackedReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        var part = new List<TableEntity>();
        await foreach (var e in _facts.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", LedgerEntities.PackedPrefix(run, family)), cancellationToken: cancellationToken))
        {
            if (part.Count > 0 && part[0].PartitionKey != e.PartitionKey)
            {
                rows.AddRange(PackedRows.Unpack(part, read));
                part.Clear();
            }
            part.Add(e);
        }
        if (part.Count > 0) rows.AddRange(PackedRows.Unpack(part, read));
        return rows;
    }

    private static DailyCostFact Add(DailyCostFact a, DailyCostFact b) => a with
    {
        BilledCost = a.BilledCost + b.BilledCost,
        EffectiveCost = a.EffectiveCost + b.EffectiveCost,
        ListCost = a.ListCost + b.ListCost,
        ConsumedQuantity = a.ConsumedQuantity + b.ConsumedQuantity,
        GpuHours = a.GpuHours + b.GpuHours,
        RowCount = a.RowCount + b.RowCount,
    };

    /// <summary>The query's days cut at month boundaries (runs and their pointers are per month): first day of the month, from, to.</summary>
    private static IEnumerable<(DateOnly MonthStart, DateOnly From, DateOnly To)> MonthSlices(LedgerQuery query)
    {
        for (var monthStart = new DateOnly(query.From.Year, query.From.Month, 1); monthStart <= query.ToInclusive; monthStart = monthStart.AddMonths(1))
        {
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            yield return (monthStart, query.From > monthStart ? query.From : monthStart, query.ToInclusive < monthEnd ? query.ToInclusive : monthEnd);
        }
    }

    /// <summary>
    /// Facts of the current runs only, summed over parts, for the query's days (inclusive) and scope: each current run's
    /// packed rows are read and summed once (<see cref="RunFactsAsync"/>) and filtered here.
    /// </summary>
    public async Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new Dictionary<FactIdentity, DailyCostFact>();
        foreach (var (monthStart, from, to) in MonthSlices(query))
            foreach (var pointer in await GetCurrentRunsAsync(LedgerMonths.Of(monthStart), cancellationToken))
                foreach (var fact in await RunFactsAsync(pointer.Run, cancellationToken))
                {
                    if (fact.Day < from || fact.Day > to || !Matches(fact, query)) continue;
                    var key = FactIdentity.Of(fact);
                    result[key] = result.TryGetValue(key, out var sum) ? Add(sum, fact) : fact;
                }
        return result.Values.OrderBy(f => f.Day).ThenBy(f => f.FactKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A run's facts summed over its parts (decoded once per store while the run is cached). A declared fixed cost is
    /// in every part that saw its day, with the same amount: it counts once.
    /// </summary>
    private Task<IReadOnlyList<DailyCostFact>> RunFactsAsync(ExportRunRef run, CancellationToken cancellationToken) =>
        _decoded.GetAsync(run, 'f', async () =>
        {
            var sums = new Dictionary<FactIdentity, DailyCostFact>();
            var fixedSeen = new HashSet<FactIdentity>();
            foreach (var fact in await ReadPackedAsync(run, 'f', LedgerEntities.ReadFact, cancellationToken))
            {
                var key = FactIdentity.Of(fact);
                if (fact.Kind == AllocationKind.Fixed && !fixedSeen.Add(key)) continue;
                sums[key] = sums.TryGetValue(key, out var sum) ? Add(sum, fact) : fact;
            }
            return (IReadOnlyList<DailyCostFact>)[.. sums.Values];
        });

    /// <summary>What <see cref="DailyCostFact.FactKey"/> says, with the day, as a value (no string built per row).</summary>
    private readonly record struct FactIdentity(DateOnly Day, AllocationKey Allocation, AllocationKind Kind,
        CostCategory Category, string ServiceName, PricingCategory PricingCategory, string Currency, string SubAccountId, string ResourceGroupName)
    {
        public static FactIdentity Of(DailyCostFact f) => new(f.Day, f.Allocation, f.Kind, f.Category, f.ServiceName, f.PricingCategory,
            f.Currency ?? "", f.SubAccountId ?? "", f.ResourceGroupName ?? "");
    }

    private static bool Matches(DailyCostFact fact, LedgerQuery query)
    {
        if (query.SubAccountId is not null && !string.Equals(fact.SubAccountId, query.SubAccountId, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.ResourceGroupName is not null && !string.Equals(fact.ResourceGroupName, query.ResourceGroupName, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.Allocation is not null)
            foreach (var (k, v) in query.Allocation)
                if (!string.Equals(fact.Allocation[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    // ---- resource costs ---------------------------------------------------------------------------------------

    /// <summary>
    /// Writes one part's per-resource daily costs under its run as packed rows (same table as the facts, partition
    /// <c>{run}|c|r|p{part}</c>), one row per (day, resource, currency). Returns the entities written.
    /// </summary>
    public async Task<long> WriteResourceCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<ResourceDailyCost> resourceCosts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceCosts);
        _decoded.Forget(run);
        var rows = resourceCosts
            .GroupBy(LedgerEntities.ResourceKey)
            .Select(g => g.Skip(1).Aggregate(g.First(), Add));
        var entities = PackedRows.Pack(LedgerEntities.PackedPartition(run, 'r', partIndex), rows, LedgerEntities.WriteResourceCost);
        return await UpsertEachAsync(entities, cancellationToken);
    }

    // The first one seen (lowest part) names the resource, as the first row does in a whole-file ingest.
    private static ResourceDailyCost Add(ResourceDailyCost a, ResourceDailyCost b) => a with
    {
        BilledCost = a.BilledCost + b.BilledCost,
        EffectiveCost = a.EffectiveCost + b.EffectiveCost,
        GpuHours = a.GpuHours + b.GpuHours,
    };

    /// <summary>
    /// Per-resource daily costs of the current runs only, summed over parts (and over exports), for the query's days
    /// (inclusive). Each current run is read and summed once (<see cref="RunResourceCostsAsync"/>); scope filters
    /// (allocation, subscription and resource group, the latter two read from the ResourceId) are applied after summing,
    /// so a scoped read agrees exactly with an unscoped one. Ordered like the in-memory ledger: day, then cost (highest
    /// first), then resource.
    /// </summary>
    public async Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new Dictionary<(DateOnly, string, string), ResourceDailyCost>();
        foreach (var (monthStart, from, to) in MonthSlices(query))
            foreach (var pointer in await GetCurrentRunsAsync(LedgerMonths.Of(monthStart), cancellationToken))
                foreach (var cost in await RunResourceCostsAsync(pointer.Run, cancellationToken))
                {
                    if (cost.Day < from || cost.Day > to) continue;
                    var key = LedgerEntities.ResourceKey(cost);
                    result[key] = result.TryGetValue(key, out var sum) ? Add(sum, cost) : cost;
                }
        return result.Values.Where(r => Matches(r, query))
            .OrderBy(r => r.Day).ThenByDescending(r => r.EffectiveCost)
            .ThenBy(r => r.ResourceId, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A run's resource-days summed over its parts, in part order (the lowest part names the resource); decoded once per store while cached.</summary>
    private Task<IReadOnlyList<ResourceDailyCost>> RunResourceCostsAsync(ExportRunRef run, CancellationToken cancellationToken) =>
        _decoded.GetAsync(run, 'r', async () =>
        {
            var sums = new Dictionary<(DateOnly, string, string), ResourceDailyCost>();
            foreach (var cost in await ReadPackedAsync(run, 'r', LedgerEntities.ReadResourceCost, cancellationToken))
            {
                var key = LedgerEntities.ResourceKey(cost);
                sums[key] = sums.TryGetValue(key, out var sum) ? Add(sum, cost) : cost;
            }
            return (IReadOnlyList<ResourceDailyCost>)[.. sums.Values];
        });

    private static bool Matches(ResourceDailyCost cost, LedgerQuery query)
    {
        if (query.Allocation is not null)
            foreach (var (k, v) in query.Allocation)
                if (!string.Equals(cost.Allocation[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.SubAccountId is null && query.ResourceGroupName is null) return true;
        var (subscription, resourceGroup) = ParseResourceId(cost.ResourceId);
        if (query.SubAccountId is not null &&
            !string.Equals(subscription, NormalizeSubscription(query.SubAccountId), StringComparison.OrdinalIgnoreCase)) return false;
        return query.ResourceGroupName is null || string.Equals(resourceGroup, query.ResourceGroupName, StringComparison.OrdinalIgnoreCase);
    }

    private static string? NormalizeSubscription(string value)
    {
        var v = value.Trim().TrimEnd('/');
        return v.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? v["/subscriptions/".Length..] : v;
    }

    /// <summary>(subscription id, resource group) of an ARM resource id; nulls when it is not one.</summary>
    private static (string? Subscription, string? ResourceGroup) ParseResourceId(string resourceId)
    {
        var segments = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? subscription = null, resourceGroup = null;
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (subscription is null && segments[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) subscription = segments[i + 1];
            else if (resourceGroup is null && segments[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) resourceGroup = segments[i + 1];
        }
        return (subscription, resourceGroup);
    }

    // ---- clean-up ---------------------------------------------------------------------------------------------

    /// <summary>Deletes a run's facts and resource costs (one range scan over <c>{run}|</c>) and its runs-table entries (the pointer is left alone).</summary>
    public async Task<long> DeleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default)
    {
        _decoded.Forget(run);
        long deleted = 0;
        var keys = new List<TableEntity>();
        await foreach (var e in _facts.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", LedgerEntities.FactRunPrefix(run)),
                           select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            keys.Add(e);
        foreach (var batch in keys.GroupBy(k => k.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(MaxBatchSize)))
        {
            await _facts.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
            deleted += batch.Length;
        }
        var runEntities = new List<TableEntity>();
        await foreach (var e in _runs.QueryAsync<TableEntity>($"PartitionKey eq '{TableKeys.Quote(LedgerEntities.RunPartition(run))}'",
                           select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            runEntities.Add(e);
        foreach (var batch in runEntities.Chunk(MaxBatchSize))
            await _runs.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Deletes superseded runs whose replacement completed more than <paramref name="olderThan"/> ago (a grace
    /// period for readers that followed the old pointer just before the switch). A run that still owns a month is kept.
    /// </summary>
    public async Task<IReadOnlyList<ExportRunRef>> DeleteSupersededRunsAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - olderThan;
        var deleted = new List<ExportRunRef>();
        var filter = $"RowKey eq '{LedgerEntities.RunHeaderRowKey}' and Status eq '{nameof(LedgerRunStatus.Superseded)}'";
        var candidates = new List<TableEntity>();
        await foreach (var e in _runs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            candidates.Add(e);
        foreach (var e in candidates)
        {
            var when = e.GetDateTimeOffset("SupersededAt") ?? e.GetDateTimeOffset("CompletedAt") ?? e.Timestamp ?? DateTimeOffset.MinValue;
            if (when > cutoff) continue;
            var run = LedgerEntities.ToRun(e);
            var stillOwns = false;
            foreach (var month in run.Months)
                if ((await GetPointerEntityAsync(month, run.Ref.ExportName, cancellationToken)) is { } p && p.GetString("RunId") == run.Ref.RunId)
                    stillOwns = true;
            if (stillOwns) continue;
            await DeleteRunAsync(run.Ref, cancellationToken);
            deleted.Add(run.Ref);
        }
        return deleted;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Task MergePartAsync(ExportRunRef run, int partIndex, TableEntity values, CancellationToken cancellationToken)
    {
        values.PartitionKey = LedgerEntities.RunPartition(run);
        values.RowKey = LedgerEntities.PartRowKey(partIndex);
        return _runs.UpsertEntityAsync(values, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task<TableEntity?> GetRunEntityAsync(ExportRunRef run, CancellationToken cancellationToken)
    {
        var r = await _runs.GetEntityIfExistsAsync<TableEntity>(LedgerEntities.RunPartition(run), LedgerEntities.RunHeaderRowKey, cancellationToken: cancellationToken);
        return r.HasValue ? r.Value : null;
    }

    private async Task<TableEntity?> GetPointerEntityAsync(string month, string exportName, CancellationToken cancellationToken)
    {
        var r = await _runs.GetEntityIfExistsAsync<TableEntity>(LedgerEntities.PointerPartition(month), LedgerEntities.PointerRowKey(exportName), cancellationToken: cancellationToken);
        return r.HasValue ? r.Value : null;
    }

    public static IReadOnlyList<CurrencyTotal> SumTotals(IEnumerable<CurrencyTotal> totals) =>
        totals.GroupBy(t => t.Currency, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(t => t.BilledCost), g.Sum(t => t.EffectiveCost)))
            .OrderBy(t => t.Currency, StringComparer.Ordinal)
            .ToList();

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
