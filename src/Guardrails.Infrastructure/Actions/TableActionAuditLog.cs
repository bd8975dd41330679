using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Actions;

namespace Guardrails.Infrastructure.Actions;

/// <summary>
/// The audit trail in Table Storage: PartitionKey = UTC day (yyyy-MM-dd), RowKey = inverted ticks | id, so a day's
/// entries read newest first. Reasons are stored as a JSON array; money as a decimal string (Tables has no decimal).
/// </summary>
public sealed class TableActionAuditLog(TableClient table) : IActionAuditLog
{
    public const string DefaultTableName = "guardrailsaudit";

    public async Task AppendAsync(ActionAuditEntry entry, CancellationToken cancellationToken = default)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var e = new TableEntity(PartitionKey(entry.Time), RowKey(entry.Time, entry.Id))
        {
            ["Time"] = entry.Time.UtcDateTime,
            ["ResourceId"] = entry.ResourceId,
            ["Action"] = entry.Action,
            ["Outcome"] = entry.Outcome.ToString(),
            ["Origin"] = entry.Origin.ToString(),
            ["RequestedBy"] = entry.RequestedBy,
            ["Reasons"] = JsonSerializer.Serialize(entry.Reasons),
            ["Metrics"] = entry.Metrics,
            ["HourlyCostSaved"] = entry.HourlyCostSaved?.ToString(CultureInfo.InvariantCulture),
            ["Currency"] = entry.Currency,
            ["DryRun"] = entry.DryRun,
            ["RequestId"] = entry.RequestId,
            ["EntryId"] = entry.Id,
        };
        await table.UpsertEntityAsync(e, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ActionAuditEntry>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var result = new List<ActionAuditEntry>();
        try
        {
            var pk = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
                result.Add(new ActionAuditEntry
                {
                    Id = e.GetString("EntryId"),
                    Time = e.GetDateTimeOffset("Time")!.Value,
                    ResourceId = e.GetString("ResourceId"),
                    Action = e.GetString("Action"),
                    Outcome = Enum.Parse<ActionOutcomeStatus>(e.GetString("Outcome")),
                    Origin = Enum.Parse<ActionOrigin>(e.GetString("Origin")),
                    RequestedBy = e.GetString("RequestedBy") ?? "",
                    Reasons = JsonSerializer.Deserialize<List<string>>(e.GetString("Reasons") ?? "[]") ?? [],
                    Metrics = e.GetString("Metrics"),
                    HourlyCostSaved = e.GetString("HourlyCostSaved") is { } c ? decimal.Parse(c, CultureInfo.InvariantCulture) : null,
                    Currency = e.GetString("Currency"),
                    DryRun = e.GetBoolean("DryRun") ?? false,
                    RequestId = e.GetString("RequestId"),
                });
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // no audit table yet: nothing audited
        }
        return result;
    }

    public static string PartitionKey(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset time, string id) =>
        $"{(DateTime.MaxValue.Ticks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{Sanitize(id)}";

    /// <summary>RowKeys may not contain '/', '\', '#', '?' or control characters.</summary>
    internal static string Sanitize(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
