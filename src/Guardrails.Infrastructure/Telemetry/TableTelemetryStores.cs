using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Telemetry;

/// <summary>
/// Hourly GPU rollups in Table Storage: PartitionKey = host (lowercase), RowKey = yyyyMMddHH | gpu. Decimal values
/// are stored as invariant strings. Retention: <see cref="PurgeAsync"/> deletes hours older than a cut-off
/// (CollectTelemetry calls it with the configured retention, 35 days by default).
/// </summary>
public sealed class TableRollupStore(TableClient table) : IRollupStore
{
    public const string DefaultTableName = "guardrailsgpurollups";

    public async Task UpsertAsync(IReadOnlyList<GpuHourlyRollup> rollups, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var partition in rollups.GroupBy(r => r.Host.ToLowerInvariant()))
            foreach (var chunk in partition.Chunk(100))
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))),
                    cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<GpuHourlyRollup>> GetAsync(string host, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var pk = host.ToLowerInvariant();
        var lo = from.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var hi = to.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var result = new List<GpuHourlyRollup>();
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk && x.RowKey.CompareTo(lo) >= 0 && x.RowKey.CompareTo(hi) < 0,
                               cancellationToken: cancellationToken).ConfigureAwait(false))
                result.Add(FromEntity(e));
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
        return result;
    }

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        var cut = olderThan.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var deleted = 0;
        try
        {
            var old = new List<TableEntity>();
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.RowKey.CompareTo(cut) < 0, select: ["PartitionKey", "RowKey"],
                               cancellationToken: cancellationToken).ConfigureAwait(false))
                old.Add(e);
            foreach (var partition in old.GroupBy(e => e.PartitionKey))
                foreach (var chunk in partition.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)),
                        cancellationToken).ConfigureAwait(false);
                    deleted += chunk.Length;
                }
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
        return deleted;
    }

    private static TableEntity ToEntity(GpuHourlyRollup r) => new(r.Host.ToLowerInvariant(),
        $"{r.Hour.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)}|{TableKey(r.GpuId)}")
    {
        ["Host"] = r.Host,
        ["GpuId"] = r.GpuId,
        ["Model"] = r.Model,
        ["Hour"] = r.Hour.UtcDateTime,
        ["Samples"] = r.Samples,
        ["KnownSlots"] = r.KnownSlots,
        ["Slots"] = r.Slots,
        ["CoveragePercent"] = D(r.CoveragePercent),
        ["AvgWorkPercent"] = D(r.AvgWorkPercent),
        ["MaxWorkPercent"] = D(r.MaxWorkPercent),
        ["AvgMemoryPercent"] = D(r.AvgMemoryPercent),
        ["MaxMemoryPercent"] = D(r.MaxMemoryPercent),
        ["AvgPowerWatts"] = D(r.AvgPowerWatts),
        ["AvgTensorActivePercent"] = D(r.AvgTensorActivePercent),
        ["MaxPowerWatts"] = D(r.MaxPowerWatts),
        ["IdleMinutes"] = D(r.IdleMinutes),
    };

    private static GpuHourlyRollup FromEntity(TableEntity e) => new()
    {
        Host = e.GetString("Host"),
        GpuId = e.GetString("GpuId"),
        Model = e.GetString("Model"),
        Hour = e.GetDateTimeOffset("Hour")!.Value,
        Samples = e.GetInt32("Samples") ?? 0,
        KnownSlots = e.GetInt32("KnownSlots") ?? 0,
        Slots = e.GetInt32("Slots") ?? 0,
        CoveragePercent = P(e, "CoveragePercent") ?? 0m,
        AvgWorkPercent = P(e, "AvgWorkPercent"),
        MaxWorkPercent = P(e, "MaxWorkPercent"),
        AvgMemoryPercent = P(e, "AvgMemoryPercent"),
        MaxMemoryPercent = P(e, "MaxMemoryPercent"),
        AvgPowerWatts = P(e, "AvgPowerWatts"),
        AvgTensorActivePercent = P(e, "AvgTensorActivePercent"),
        MaxPowerWatts = P(e, "MaxPowerWatts"),
        IdleMinutes = P(e, "IdleMinutes") ?? 0m,
    };

    internal static string? D(decimal? v) => v?.ToString(CultureInfo.InvariantCulture);
    internal static decimal? P(TableEntity e, string key) => e.GetString(key) is { } s ? decimal.Parse(s, CultureInfo.InvariantCulture) : null;
    internal static string TableKey(string s) => new(s.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray());
}

/// <summary>
/// The idle-cost view: <see cref="DailyCostFact"/>s with Category IdleGpu in their own table (PK scope|yyyy-MM like the
/// ledger, RK yyyy-MM-dd|factKey), never in the ledger's fact table, so ledger totals cannot double count them.
/// </summary>
public sealed class TableIdleCostStore(TableClient table) : IIdleCostStore
{
    public const string DefaultTableName = "guardrailsidlecost";

    public async Task UpsertAsync(IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var partition in facts.GroupBy(f => PartitionKey(f)))
            foreach (var chunk in partition.Chunk(100))
                await table.SubmitTransactionAsync(chunk.Select(f => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(f))),
                    cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        var result = new List<DailyCostFact>();
        var lo = query.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hi = query.ToInclusive.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|~";
        try
        {
            await foreach (var e in table.QueryAsync<TableEntity>(x => x.RowKey.CompareTo(lo) >= 0 && x.RowKey.CompareTo(hi) <= 0,
                               cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var f = FromEntity(e);
                if (query.SubAccountId is { } s && !string.Equals(f.SubAccountId, s, StringComparison.OrdinalIgnoreCase)) continue;
                if (query.ResourceGroupName is { } rg && !string.Equals(f.ResourceGroupName, rg, StringComparison.OrdinalIgnoreCase)) continue;
                if (query.Allocation is { } a && a.Any(kv => !string.Equals(f.Allocation[kv.Key], kv.Value, StringComparison.OrdinalIgnoreCase))) continue;
                result.Add(f);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404) { }
        return result;
    }

    private static string PartitionKey(DailyCostFact f) => $"{TableRollupStore.TableKey(f.SubAccountId ?? "none")}|{f.Day:yyyy-MM}";

    private static TableEntity ToEntity(DailyCostFact f) => new(PartitionKey(f),
        $"{f.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(f.FactKey)))[..32]}")
    {
        ["Day"] = f.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Allocation"] = f.Allocation.ToString(),
        ["Kind"] = f.Kind.ToString(),
        ["Category"] = f.Category.ToString(),
        ["ServiceName"] = f.ServiceName,
        ["PricingCategory"] = f.PricingCategory.ToString(),
        ["Currency"] = f.Currency,
        ["SubAccountId"] = f.SubAccountId,
        ["ResourceGroupName"] = f.ResourceGroupName,
        ["BilledCost"] = TableRollupStore.D(f.BilledCost),
        ["EffectiveCost"] = TableRollupStore.D(f.EffectiveCost),
        ["ListCost"] = TableRollupStore.D(f.ListCost),
        ["GpuHours"] = TableRollupStore.D(f.GpuHours),
        ["RowCount"] = f.RowCount,
    };

    private static DailyCostFact FromEntity(TableEntity e) => new()
    {
        Day = DateOnly.ParseExact(e.GetString("Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        Allocation = AllocationKey.Parse(e.GetString("Allocation") ?? ""),
        Kind = Enum.Parse<AllocationKind>(e.GetString("Kind")),
        Category = Enum.Parse<CostCategory>(e.GetString("Category")),
        ServiceName = e.GetString("ServiceName") ?? "",
        PricingCategory = Enum.Parse<Guardrails.Core.Billing.PricingCategory>(e.GetString("PricingCategory")),
        Currency = e.GetString("Currency"),
        SubAccountId = e.GetString("SubAccountId"),
        ResourceGroupName = e.GetString("ResourceGroupName"),
        BilledCost = TableRollupStore.P(e, "BilledCost") ?? 0m,
        EffectiveCost = TableRollupStore.P(e, "EffectiveCost") ?? 0m,
        ListCost = TableRollupStore.P(e, "ListCost") ?? 0m,
        GpuHours = TableRollupStore.P(e, "GpuHours") ?? 0m,
        RowCount = e.GetInt64("RowCount") ?? 0,
    };
}
