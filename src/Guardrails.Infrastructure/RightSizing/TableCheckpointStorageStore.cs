using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Common;
using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.RightSizing;

/// <summary>
/// The latest checkpoint storage finding per account in the right-sizing table (<see cref="TableRightSizingStore.DefaultTableName"/>):
/// PartitionKey "checkpoints" (the VMs' verdicts are under "latest"), RowKey = the account's resource id
/// (<see cref="TableKeys.Encode"/>, lower case). Each run replaces the rows and deletes those of accounts it no longer found;
/// the whole finding (money as invariant decimal strings inside JSON) is kept beside queryable columns.
/// </summary>
public sealed class TableCheckpointStorageStore(TableClient table) : ICheckpointStorageStore
{
    public const string Partition = "checkpoints";

    private static readonly JsonSerializerOptions s_json = new()
    {
        NumberHandling = JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter<StorageTier>() },
        TypeInfoResolver = TableJsonContext.Default,
    };

    public async Task<int> ReplaceAsync(DateTimeOffset evaluatedAt, IReadOnlyList<CheckpointStorageFinding> findings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(findings);
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var rows = findings.GroupBy(f => RowKey(f.ResourceId)).Select(g => ToEntity(evaluatedAt, g.Last())).ToList();
        foreach (var chunk in rows.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken)
                .ConfigureAwait(false);
        var kept = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var gone = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken)
            .ConfigureAwait(false))
            if (!kept.Contains(e.RowKey)) gone.Add(e);
        foreach (var chunk in gone.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken)
                .ConfigureAwait(false);
        return gone.Count;
    }

    public async Task<IReadOnlyList<CheckpointStorageFinding>> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<CheckpointStorageFinding>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
                result.Add(JsonSerializer.Deserialize(e.GetString("Finding") ?? "", s_json.Of<CheckpointStorageFinding>())
                    ?? throw new InvalidDataException($"table {table.Name}: row {e.RowKey}: field Finding is empty"));
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
        return result.OrderByDescending(f => f.MonthlySavings ?? -1m).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static string RowKey(string resourceId) => TableKeys.Encode(resourceId.ToLowerInvariant());

    private static TableEntity ToEntity(DateTimeOffset evaluatedAt, CheckpointStorageFinding f) => new(Partition, RowKey(f.ResourceId))
    {
        ["EvaluatedAt"] = evaluatedAt.UtcDateTime,
        ["Name"] = f.Name,
        ["Team"] = f.Team,
        ["Status"] = f.Status,
        ["RecommendedTier"] = f.RecommendedTier?.ToString(),
        ["MonthlySavings"] = f.MonthlySavings?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Currency"] = f.Currency,
        ["Finding"] = JsonSerializer.Serialize(f, s_json.Of<CheckpointStorageFinding>()),
    };
}
