using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Actions;

/// <summary>
/// The audit trail in Table Storage: PartitionKey = UTC day (yyyy-MM-dd), RowKey = inverted ticks | id, so a day's
/// entries read newest first (also the dashboard's <see cref="IActionLogSource"/>). Reasons are stored as a JSON array; money as a decimal string (Tables has no decimal).
/// </summary>
public sealed class TableActionAuditLog(TableClient table) : IActionAuditLog, IActionLogSource
{
    public const string DefaultTableName = "guardrailsaudit";

    public async Task AppendAsync(ActionAuditEntry entry, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var e = new TableEntity(PartitionKey(entry.Time), RowKey(entry.Time, entry.Id))
        {
            ["Time"] = entry.Time.UtcDateTime,
            ["ResourceId"] = entry.ResourceId,
            ["Action"] = entry.Action,
            ["Outcome"] = entry.Outcome.ToString(),
            ["Origin"] = entry.Origin.ToString(),
            ["RequestedBy"] = entry.RequestedBy,
            ["Reasons"] = JsonSerializer.Serialize(entry.Reasons, TableJsonContext.Default.IReadOnlyListString),
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
                result.Add(FromEntity(e));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // no audit table yet: nothing audited
        }
        return result;
    }

    /// <summary>
    /// The dashboard's action log: the entries of the UTC days, newest first, at most <see cref="MaxLogEntries"/>. Reads one
    /// partition (day) at a time from the last day back — each partition is already newest first by its RowKey — and
    /// stops as soon as the limit is reached, so a busy month never becomes a full scan.
    /// </summary>
    public async Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        var result = new List<GuardrailActionLogEntry>();
        try
        {
            for (var day = toInclusive; day >= from && result.Count < MaxLogEntries; day = day.AddDays(-1))
            {
                var pk = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, maxPerPage: Math.Min(1000, MaxLogEntries),
                                   cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    result.Add(ActionLog.ToLogEntry(FromEntity(e)));
                    if (result.Count >= MaxLogEntries) break;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // no audit table yet: nothing audited
        }
        return result;
    }

    /// <summary>The most entries the action log returns for one period (the newest ones).</summary>
    public int MaxLogEntries { get; init; } = 1000;

    private static ActionAuditEntry FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("EntryId"),
        Time = e.GetDateTimeOffset("Time")!.Value,
        ResourceId = e.GetString("ResourceId"),
        Action = e.GetString("Action"),
        Outcome = Enum.Parse<ActionOutcomeStatus>(e.GetString("Outcome")),
        Origin = Enum.Parse<ActionOrigin>(e.GetString("Origin")),
        RequestedBy = e.GetString("RequestedBy") ?? "",
        Reasons = JsonSerializer.Deserialize(e.GetString("Reasons") ?? "[]", TableJsonContext.Default.ListString) ?? [],
        Metrics = e.GetString("Metrics"),
        HourlyCostSaved = e.GetString("HourlyCostSaved") is { } c ? decimal.Parse(c, CultureInfo.InvariantCulture) : null,
        Currency = e.GetString("Currency"),
        DryRun = e.GetBoolean("DryRun") ?? false,
        RequestId = e.GetString("RequestId"),
    };

    public static string PartitionKey(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string RowKey(DateTimeOffset time, string id) =>
        $"{(DateTime.MaxValue.Ticks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{Sanitize(id)}";

    /// <summary>RowKeys may not contain '/', '\', '#', '?' or control characters.</summary>
    internal static string Sanitize(string key) =>
        new(key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}
