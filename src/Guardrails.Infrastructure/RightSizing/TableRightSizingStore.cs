using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Common;
using Guardrails.Core.RightSizing;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.RightSizing;

/// <summary>
/// The latest right-sizing verdict per VM in Table Storage: PartitionKey "latest", RowKey = the VM's resource id
/// (<see cref="TableKeys.Encode"/>, lower case). Each evaluation replaces the VM's row and deletes the rows of VMs it no longer
/// saw (<see cref="DeleteOthersAsync"/>); the whole recommendation (money
/// as invariant decimal strings inside JSON) is kept beside queryable columns (team, sizes, saving, confidence).
/// </summary>
public sealed class TableRightSizingStore(TableClient table) : IRightSizingStore
{
    public const string DefaultTableName = "guardrailsrightsizing";
    private const string Partition = "latest";
    private static readonly JsonSerializerOptions s_json = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.WriteAsString | System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
        TypeInfoResolver = TableJsonContext.Default,
    };

    public async Task UpsertAsync(DateTimeOffset evaluatedAt, IReadOnlyList<RightSizingRecommendation> recommendations, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var rows = recommendations.GroupBy(r => RowKey(r.ResourceId)).Select(g => ToEntity(evaluatedAt, g.Last()));
        foreach (var chunk in rows.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)),
                cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RightSizingRecommendation>> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<RightSizingRecommendation>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
                result.Add(FromEntity(e));
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
        return result;
    }

    public async Task<int> DeleteOthersAsync(IReadOnlyCollection<string> keep, CancellationToken cancellationToken = default)
    {
        var kept = new HashSet<string>(keep.Select(RowKey), StringComparer.Ordinal);
        var gone = new List<TableEntity>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == Partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken)
                .ConfigureAwait(false))
                if (!kept.Contains(e.RowKey)) gone.Add(e);
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { return 0; }
        foreach (var chunk in gone.Chunk(100))
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken)
                .ConfigureAwait(false);
        return gone.Count;
    }

    private static string RowKey(string resourceId) => TableKeys.Encode(resourceId.ToLowerInvariant());

    private static TableEntity ToEntity(DateTimeOffset evaluatedAt, RightSizingRecommendation r) => new(Partition, RowKey(r.ResourceId))
    {
        ["EvaluatedAt"] = evaluatedAt.UtcDateTime,
        ["Team"] = r.Team,
        ["CurrentSize"] = r.CurrentSize,
        ["RecommendedSize"] = r.RecommendedSize,
        ["MonthlySavings"] = r.MonthlySavings?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Currency"] = r.Currency,
        ["Confidence"] = r.Confidence,
        ["Recommendation"] = JsonSerializer.Serialize(r, s_json.Of<RightSizingRecommendation>()),
    };

    private static RightSizingRecommendation FromEntity(TableEntity e) =>
        JsonSerializer.Deserialize(e.GetString("Recommendation") ?? "", s_json.Of<RightSizingRecommendation>())
        ?? throw new InvalidDataException($"table {DefaultTableName}: row {e.RowKey}: field Recommendation is empty");
}
