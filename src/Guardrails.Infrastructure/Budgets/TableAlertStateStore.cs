using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Budgets;

/// <summary>
/// Alert state in Table Storage: PartitionKey = budget, RowKey = <c>{period}|{kind}|{threshold}[|recovered]</c>.
/// Adds are once-only (409 = someone else created it); updates carry the ETag (412 = someone else changed it), which
/// is what makes concurrent evaluations safe. The frozen notification is stored as JSON, split over properties
/// when it is longer than one string property allows (32K characters).
/// </summary>
public sealed class TableAlertStateStore(TableClient table) : IAlertStateStore
{
    public const string DefaultTableName = BudgetJobOptions.DefaultAlertsTable;
    private const int ChunkChars = 30_000;

    public TableClient Table { get; } = table;

    public static async Task<TableAlertStateStore> CreateAsync(TableServiceClient service, string tableName = DefaultTableName,
        CancellationToken cancellationToken = default)
    {
        var client = service.GetTableClient(tableName);
        await client.EnsureExistsAsync(cancellationToken);
        return new TableAlertStateStore(client);
    }

    public async Task<IReadOnlyList<AlertRecord>> ListAsync(string budgetName, string period, CancellationToken cancellationToken = default)
    {
        var pk = Key(budgetName);
        var from = Key(period + "|");
        var filter = $"PartitionKey eq '{Quote(pk)}' and RowKey ge '{Quote(from)}' and RowKey lt '{Quote(Key(period + "}"))}'";
        var list = new List<AlertRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            list.Add(FromEntity(e));
        return list;
    }

    public async Task<IReadOnlyList<AlertRecord>> ListUndeliveredAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<AlertRecord>();
        await foreach (var e in Table.QueryAsync<TableEntity>(
                           $"Status eq '{AlertStatus.Pending}' or Status eq '{AlertStatus.Sending}'", cancellationToken: cancellationToken))
            list.Add(FromEntity(e));
        return list.OrderBy(r => r.CreatedAt).ThenBy(r => r.Key.RowKey, StringComparer.Ordinal).ToList();
    }

    public async Task<AlertRecord?> TryAddAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Table.AddEntityAsync(ToEntity(record), cancellationToken);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    public async Task<AlertRecord?> TryUpdateAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        if (record.ETag is null) throw new ArgumentException("An update needs the ETag the record was read with.", nameof(record));
        try
        {
            var response = await Table.UpdateEntityAsync(ToEntity(record), new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Keys may not contain '/', '\', '#', '?' or control characters; those become '_' (budget names cannot contain them).</summary>
    internal static string Key(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value) sb.Append(c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c);
        return sb.ToString();
    }

    private static string Quote(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static TableEntity ToEntity(AlertRecord r)
    {
        var e = new TableEntity(Key(r.Key.BudgetName), Key(r.Key.RowKey))
        {
            ["BudgetName"] = r.Key.BudgetName,
            ["Kind"] = r.Key.Kind.ToString(),
            ["Threshold"] = r.Key.Threshold,
            ["Period"] = r.Key.Period,
            ["Recovery"] = r.Key.Recovery,
            ["AlertId"] = r.Id,
            ["Status"] = r.Status.ToString(),
            ["CreatedAt"] = r.CreatedAt,
            ["Targets"] = JsonSerializer.Serialize(r.Targets, TableJsonContext.Default.IReadOnlyListString),
            ["DeliveredTargets"] = JsonSerializer.Serialize(r.DeliveredTargets, TableJsonContext.Default.IReadOnlyListString),
            ["Attempts"] = r.Attempts,
            ["LastError"] = r.LastError,
            ["DeliveredAt"] = r.DeliveredAt,
            ["LeaseOwner"] = r.LeaseOwner,
            ["LeaseUntil"] = r.LeaseUntil,
        };
        var json = r.Notification.ToJson();
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        e["NotificationParts"] = chunks;
        for (var i = 0; i < chunks; i++)
            e[$"Notification{i.ToString(CultureInfo.InvariantCulture)}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
        return e;
    }

    private static AlertRecord FromEntity(TableEntity e)
    {
        var parts = e.GetInt32("NotificationParts") ?? 0;
        var json = string.Concat(Enumerable.Range(0, parts).Select(i => e.GetString($"Notification{i.ToString(CultureInfo.InvariantCulture)}")));
        return new AlertRecord
        {
            Key = new AlertKey(e.GetString("BudgetName"), Enum.Parse<AlertKind>(e.GetString("Kind")), e.GetString("Threshold"),
                e.GetString("Period"), e.GetBoolean("Recovery") ?? false),
            Status = Enum.Parse<AlertStatus>(e.GetString("Status")),
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            Targets = JsonSerializer.Deserialize(e.GetString("Targets") ?? "[]", TableJsonContext.Default.ListString) ?? [],
            DeliveredTargets = JsonSerializer.Deserialize(e.GetString("DeliveredTargets") ?? "[]", TableJsonContext.Default.ListString) ?? [],
            Attempts = e.GetInt32("Attempts") ?? 0,
            LastError = e.GetString("LastError"),
            DeliveredAt = e.GetDateTimeOffset("DeliveredAt"),
            LeaseOwner = e.GetString("LeaseOwner"),
            LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
            Notification = AlertNotification.FromJson(json),
            ETag = e.ETag.ToString(),
        };
    }
}
