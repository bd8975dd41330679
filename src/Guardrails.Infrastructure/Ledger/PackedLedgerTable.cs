using Azure;
using Azure.Data.Tables;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// The facts table as packed partitions (<see cref="PackedRows"/>): write a partition's rows, read the partitions
/// under a key prefix one at a time (never a whole run's entities at once), delete everything under a prefix.
/// </summary>
internal sealed class PackedLedgerTable(TableClient facts, int writeParallelism)
{
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => facts.EnsureExistsAsync(cancellationToken);

    /// <summary>
    /// Writes <paramref name="rows"/> as partition <paramref name="partitionKey"/>, entity by entity as they fill; a rewrite
    /// replaces the same entities. <paramref name="sorted"/> marks rows in merge order (<see cref="PackedRows.SortedProperty"/>).
    /// Returns the entities written.
    /// </summary>
    public async Task<long> WriteAsync<T>(string partitionKey, IEnumerable<T> rows, Action<PackedWriter, T> write, CancellationToken cancellationToken,
        bool sorted = false)
    {
        using var upload = Open(partitionKey, write, sorted);
        foreach (var row in rows) await upload.AddAsync(row, cancellationToken);
        return await upload.CompleteAsync(cancellationToken);
    }

    /// <summary>A partition written as its rows are produced (<see cref="PackedUpload{T}"/>).</summary>
    public PackedUpload<T> Open<T>(string partitionKey, Action<PackedWriter, T> write, bool sorted = false) =>
        new(new PackedPartitionWriter<T>(partitionKey, write, sorted), UpsertAsync);

    // One by one, several in flight: packed entities are up to ~800 KB on the wire, a transaction would exceed 4 MiB.
    private Task UpsertAsync(IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = writeParallelism, CancellationToken = cancellationToken },
            async (entity, ct) => await facts.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct));

    /// <summary>
    /// Entities per response page when a run's parts are read for a merge. A packed entity is up to ≈ 800 KB on the wire
    /// (base64 in JSON), and the table client holds a whole page several times over (the response, its strings, the
    /// decoded bytes): with the service's default page (up to 1,000 entities) a 40-part run was ≈ 32 MB of JSON in one
    /// response. Ten per page bounds that at ≈ 8 MB whatever the part count, for one read per ten part entities
    /// (docs/benchmarks.md: at 5M rows in 40 parts, one per page and ten per page peaked alike, twenty higher).
    /// </summary>
    public const int EntitiesPerPartPage = 10;

    /// <summary>
    /// Every partition under <paramref name="prefix"/> (one range scan, <see cref="EntitiesPerPartPage"/> entities per
    /// page), each as its compressed bytes with a lazy row decoder, so their rows can be merged without decoding any of
    /// them whole (<see cref="SortedMerge"/>). The decoders share one <see cref="StringPool"/>.
    /// </summary>
    public async Task<IReadOnlyList<PackedPart<T>>> ReadPartsAsync<T>(string prefix, Func<PackedReader, T> read, CancellationToken cancellationToken)
    {
        var parts = new List<PackedPart<T>>();
        var entities = new List<TableEntity>();
        var strings = new StringPool();
        await foreach (var e in facts.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", prefix), maxPerPage: EntitiesPerPartPage,
                           cancellationToken: cancellationToken))
        {
            if (entities.Count > 0 && entities[0].PartitionKey != e.PartitionKey)
            {
                parts.Add(PackedPart<T>.Of(entities, read, strings));
                entities = [];
            }
            entities.Add(e);
        }
        if (entities.Count > 0) parts.Add(PackedPart<T>.Of(entities, read, strings));
        return parts;
    }

    /// <summary>The rows of every partition whose key starts with <paramref name="prefix"/>, partition by partition in key order, each decoded as it is enumerated.</summary>
    public IAsyncEnumerable<IEnumerable<T>> ReadPartitionsAsync<T>(string prefix, Func<PackedReader, T> read, CancellationToken cancellationToken) =>
        ReadAsync(TableKeys.StartsWith("PartitionKey", prefix), read, cancellationToken);

    /// <summary>The rows of one partition (empty when it does not exist).</summary>
    public async Task<IReadOnlyList<T>> ReadPartitionAsync<T>(string partitionKey, Func<PackedReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await foreach (var part in ReadAsync($"PartitionKey eq '{TableKeys.Quote(partitionKey)}'", read, cancellationToken))
            rows.AddRange(part);
        return rows;
    }

    /// <summary>The rows of one partition, or null when it does not exist (a part or summary written before its family existed).</summary>
    public async Task<IReadOnlyList<T>?> ReadPartitionOrNullAsync<T>(string partitionKey, Func<PackedReader, T> read, CancellationToken cancellationToken)
    {
        List<T>? rows = null;
        await foreach (var part in ReadAsync($"PartitionKey eq '{TableKeys.Quote(partitionKey)}'", read, cancellationToken))
            (rows ??= []).AddRange(part);
        return rows;
    }

    private async IAsyncEnumerable<IEnumerable<T>> ReadAsync<T>(string filter, Func<PackedReader, T> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var part = new List<TableEntity>();
        await foreach (var e in facts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (part.Count > 0 && part[0].PartitionKey != e.PartitionKey)
            {
                yield return PackedRows.Stream(part, read);
                part = [];
            }
            part.Add(e);
        }
        if (part.Count > 0) yield return PackedRows.Stream(part, read);
    }

    /// <summary>Deletes every entity whose partition key starts with <paramref name="prefix"/> (one range scan); returns how many.</summary>
    public async Task<long> DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<TableEntity>();
        await foreach (var e in facts.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", prefix),
                           select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            keys.Add(e);
        long deleted = 0;
        foreach (var batch in keys.GroupBy(k => k.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(TableLedgerStore.MaxBatchSize)))
        {
            await facts.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
            deleted += batch.Length;
        }
        return deleted;
    }
}

/// <summary>One packed partition read back: whether its rows are in merge order, and its rows decoded as they are enumerated.</summary>
internal sealed record PackedPart<T>(string PartitionKey, bool Sorted, IEnumerable<T> Rows)
{
    public static PackedPart<T> Of(List<TableEntity> entities, Func<PackedReader, T> read, StringPool? strings = null)
    {
        var first = entities.FirstOrDefault(e => e.RowKey == "00000");
        return new(entities[0].PartitionKey, first is not null && PackedRows.IsSorted(first), PackedRows.Stream(entities, read, strings));
    }
}

/// <summary>
/// A packed partition written while its rows are produced: each entity is upserted as soon as it is full, the first
/// (with the counts) at the end, so a partition of any size holds at most two entities' bytes in memory. Readers only
/// reach a partition through a run's pointer, switched after the partition is complete.
/// </summary>
internal sealed class PackedUpload<T>(PackedPartitionWriter<T> writer, Func<IReadOnlyList<TableEntity>, CancellationToken, Task> upsert) : IDisposable
{
    private long _written;

    public async ValueTask AddAsync(T row, CancellationToken cancellationToken)
    {
        writer.Add(row);
        if (writer.HasFilled) await UpsertAsync(writer.TakeFilled(), cancellationToken);
    }

    /// <summary>Writes the last entities; returns how many the partition has.</summary>
    public async Task<long> CompleteAsync(CancellationToken cancellationToken)
    {
        await UpsertAsync(writer.Complete(), cancellationToken);
        return _written;
    }

    private async Task UpsertAsync(List<TableEntity> entities, CancellationToken cancellationToken)
    {
        await upsert(entities, cancellationToken);
        _written += entities.Count;
    }

    public void Dispose() => writer.Dispose();
}
