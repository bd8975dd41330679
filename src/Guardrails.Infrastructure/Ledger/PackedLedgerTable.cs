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
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => facts.CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Writes <paramref name="rows"/> as partition <paramref name="partitionKey"/>; a rewrite replaces the same entities. Returns the entities written.</summary>
    public async Task<long> WriteAsync<T>(string partitionKey, IEnumerable<T> rows, Action<PackedWriter, T> write, CancellationToken cancellationToken)
    {
        var entities = PackedRows.Pack(partitionKey, rows, write);
        // One by one, several in flight: packed entities are up to ~800 KB on the wire, a transaction would exceed 4 MiB.
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = writeParallelism, CancellationToken = cancellationToken },
            async (entity, ct) => await facts.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct));
        return entities.Count;
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
