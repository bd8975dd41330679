using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// Keys and entity mapping of the ledger tables (see docs/table-design.md). Money and quantities are stored as
/// invariant decimal strings: exact at any scale, readable in Storage Explorer; Table Storage cannot sum
/// server-side anyway, so a numeric type would buy nothing.
/// </summary>
internal static class LedgerEntities
{
    public const string RunHeaderRowKey = "run";
    public const string PartRowKeyPrefix = "part|";
    public const string PointerPartitionPrefix = "current|";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // ---- runs table -------------------------------------------------------------------------------------------
    public static string RunPartition(ExportRunRef run) =>
        TableKeys.Encode(run.ExportName) + TableKeys.Separator + TableKeys.Encode(run.RunId);

    public static string PartRowKey(int partIndex) => PartRowKeyPrefix + partIndex.ToString("D5", Inv);
    public static string PointerPartition(string month) => PointerPartitionPrefix + month;
    public static string PointerRowKey(string exportName) => TableKeys.Encode(exportName);

    public static TableEntity ToEntity(LedgerRun run)
    {
        var e = new TableEntity(RunPartition(run.Ref), RunHeaderRowKey)
        {
            ["ExportName"] = run.Ref.ExportName,
            ["RunId"] = run.Ref.RunId,
            ["PeriodStart"] = run.PeriodStart,
            ["PeriodEnd"] = run.PeriodEnd,
            ["Months"] = string.Join(',', run.Months),
            ["SubmittedTime"] = run.SubmittedTime,
            ["PartCount"] = run.PartCount,
            ["Container"] = run.Container,
            ["ManifestBlob"] = run.ManifestBlob,
            ["Status"] = run.Status.ToString(),
            ["Reason"] = run.Reason,
            ["CompletedAt"] = run.CompletedAt,
            ["RowsRead"] = run.RowsRead,
            ["RowsAccepted"] = run.RowsAccepted,
            ["RowsRejected"] = run.RowsRejected,
            ["Totals"] = SerializeTotals(run.Totals),
        };
        return e;
    }

    public static LedgerRun ToRun(TableEntity e) => new()
    {
        Ref = new ExportRunRef(e.GetString("ExportName"), e.GetString("RunId")),
        PeriodStart = e.GetDateTimeOffset("PeriodStart") ?? default,
        PeriodEnd = e.GetDateTimeOffset("PeriodEnd") ?? default,
        SubmittedTime = e.GetDateTimeOffset("SubmittedTime") ?? default,
        PartCount = e.GetInt32("PartCount") ?? 0,
        Container = e.GetString("Container") ?? "",
        ManifestBlob = e.GetString("ManifestBlob"),
        Status = Enum.Parse<LedgerRunStatus>(e.GetString("Status") ?? nameof(LedgerRunStatus.Pending)),
        Reason = e.GetString("Reason"),
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        RowsRead = e.GetInt64("RowsRead") ?? 0,
        RowsAccepted = e.GetInt64("RowsAccepted") ?? 0,
        RowsRejected = e.GetInt64("RowsRejected") ?? 0,
        Totals = DeserializeTotals(e.GetString("Totals")),
    };

    public static TableEntity ToEntity(LedgerRunPart part) => new(RunPartition(part.Run), PartRowKey(part.PartIndex))
    {
        ["ExportName"] = part.Run.ExportName,
        ["RunId"] = part.Run.RunId,
        ["PartIndex"] = part.PartIndex,
        ["BlobName"] = part.BlobName,
        ["Status"] = part.Status.ToString(),
        ["Attempts"] = part.Attempts,
        ["RowsRead"] = part.RowsRead,
        ["RowsAccepted"] = part.RowsAccepted,
        ["RowsRejected"] = part.RowsRejected,
        ["FactsWritten"] = part.FactsWritten,
        ["LastError"] = part.LastError,
        ["UpdatedAt"] = part.UpdatedAt,
        ["EnqueuedAt"] = part.EnqueuedAt,
        ["Totals"] = SerializeTotals(part.Totals),
    };

    public static LedgerRunPart ToPart(TableEntity e) => new()
    {
        Run = new ExportRunRef(e.GetString("ExportName"), e.GetString("RunId")),
        PartIndex = e.GetInt32("PartIndex") ?? 0,
        BlobName = e.GetString("BlobName") ?? "",
        Status = Enum.Parse<LedgerPartStatus>(e.GetString("Status") ?? nameof(LedgerPartStatus.Pending)),
        Attempts = e.GetInt32("Attempts") ?? 0,
        RowsRead = e.GetInt64("RowsRead") ?? 0,
        RowsAccepted = e.GetInt64("RowsAccepted") ?? 0,
        RowsRejected = e.GetInt64("RowsRejected") ?? 0,
        FactsWritten = e.GetInt64("FactsWritten") ?? 0,
        LastError = e.GetString("LastError"),
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt"),
        EnqueuedAt = e.GetDateTimeOffset("EnqueuedAt"),
        Totals = DeserializeTotals(e.GetString("Totals")),
    };

    public static string SerializeTotals(IReadOnlyList<CurrencyTotal> totals) => JsonSerializer.Serialize(totals);

    public static IReadOnlyList<CurrencyTotal> DeserializeTotals(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<CurrencyTotal>>(json) ?? [];

    // ---- facts table ------------------------------------------------------------------------------------------
    /// <summary>All fact partitions of a run start with this; one range scan finds (or deletes) them all.</summary>
    public static string FactRunPrefix(ExportRunRef run) => RunPartition(run) + TableKeys.Separator;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Inv);

    /// <summary>
    /// Fixed (declared monthly) costs are not in any export part: every part's aggregate adds the same per-day amounts
    /// for the days it saw. They go to one run-level "part" so parts overwrite each other instead of adding up: the
    /// run ends with each day of the month up to the last day seen exactly once, as a whole-file ingest would.
    /// </summary>
    public const int RunLevelPart = 99999;

    /// <summary>Packed rows of a run (<see cref="PackedRows"/>): <c>{run}|c|{family}|p{part}</c>, family <c>f</c> (facts) or <c>r</c> (resource-days).</summary>
    public static string PackedPrefix(ExportRunRef run, char family) => FactRunPrefix(run) + "c" + TableKeys.Separator + family + TableKeys.Separator;

    public static string PackedPartition(ExportRunRef run, char family, int part) => PackedPrefix(run, family) + "p" + part.ToString("D5", Inv);

    /// <summary>A fact's values as one packed row (fixed costs carry the run-level part: the reader counts each of their days once).</summary>
    public static TableEntity ToFactRow(int part, DailyCostFact fact) =>
        ToFactEntity("", "", fact.Kind == AllocationKind.Fixed ? RunLevelPart : part, fact);

    private static TableEntity ToFactEntity(string pk, string rk, int part, DailyCostFact f) => new(pk, rk)
    {
        ["Day"] = Day(f.Day),
        ["Part"] = part,
        ["Allocation"] = f.Allocation.ToString(),
        ["Kind"] = f.Kind.ToString(),
        ["Category"] = f.Category.ToString(),
        ["ServiceName"] = f.ServiceName,
        ["PricingCategory"] = f.PricingCategory.ToString(),
        ["Currency"] = f.Currency,
        ["SubAccountId"] = f.SubAccountId,
        ["ResourceGroupName"] = f.ResourceGroupName,
        ["BilledCost"] = f.BilledCost.ToString(Inv),
        ["EffectiveCost"] = f.EffectiveCost.ToString(Inv),
        ["ListCost"] = f.ListCost.ToString(Inv),
        ["ConsumedQuantity"] = f.ConsumedQuantity.ToString(Inv),
        ["GpuHours"] = f.GpuHours.ToString(Inv),
        ["RowCount"] = f.RowCount,
    };

    public static DailyCostFact ToFact(TableEntity e) => new()
    {
        Day = DateOnly.ParseExact(e.GetString("Day"), "yyyy-MM-dd", Inv),
        Allocation = AllocationKey.Parse(e.GetString("Allocation") ?? ""),
        Kind = Enum.Parse<AllocationKind>(e.GetString("Kind")),
        Category = Enum.Parse<CostCategory>(e.GetString("Category")),
        ServiceName = e.GetString("ServiceName") ?? "",
        PricingCategory = Enum.Parse<PricingCategory>(e.GetString("PricingCategory")),
        Currency = e.GetString("Currency"),
        SubAccountId = e.GetString("SubAccountId"),
        ResourceGroupName = e.GetString("ResourceGroupName"),
        BilledCost = Dec(e, "BilledCost"),
        EffectiveCost = Dec(e, "EffectiveCost"),
        ListCost = Dec(e, "ListCost"),
        ConsumedQuantity = Dec(e, "ConsumedQuantity"),
        GpuHours = Dec(e, "GpuHours"),
        RowCount = e.GetInt64("RowCount") ?? 0,
    };

    // ---- resource costs (same table, family "r") -------------------------------------------------------------
    /// <summary>Resource-cost partitions of a run: <c>{run}|r|{yyyy-MM-dd}|p{part}</c>; one range scan reads a month.</summary>
    public static string ResourcePrefix(ExportRunRef run) => FactRunPrefix(run) + "r" + TableKeys.Separator;

    /// <summary>By-day resource partition: one per run, day and part (one writer per partition, bounded size).</summary>
    public static string ResourcePartition(ExportRunRef run, DateOnly day, int part) =>
        ResourcePrefix(run) + Day(day) + TableKeys.Separator + "p" + part.ToString("D5", Inv);

    /// <summary>The identity of a resource cost within a day: what the aggregate keys by (resource, currency).</summary>
    public static string ResourceKey(ResourceDailyCost r) => r.ResourceId + TableKeys.Separator + r.Currency;

    public static TableEntity ToEntity(ExportRunRef run, int part, ResourceDailyCost r) =>
        new(ResourcePartition(run, r.Day, part), TableKeys.Hash(ResourceKey(r)))
        {
            ["Day"] = Day(r.Day),
            ["Part"] = part,
            ["ResourceId"] = r.ResourceId,
            ["ResourceName"] = r.ResourceName,
            ["SkuName"] = r.SkuName,
            ["RegionId"] = r.RegionId,
            ["Allocation"] = r.Allocation.ToString(),
            ["Category"] = r.Category.ToString(),
            ["Currency"] = r.Currency,
            ["BilledCost"] = r.BilledCost.ToString(Inv),
            ["EffectiveCost"] = r.EffectiveCost.ToString(Inv),
            ["GpuHours"] = r.GpuHours.ToString(Inv),
        };

    public static ResourceDailyCost ToResourceCost(TableEntity e) => new()
    {
        Day = DateOnly.ParseExact(e.GetString("Day"), "yyyy-MM-dd", Inv),
        ResourceId = e.GetString("ResourceId"),
        ResourceName = e.GetString("ResourceName"),
        SkuName = e.GetString("SkuName"),
        RegionId = e.GetString("RegionId"),
        Allocation = AllocationKey.Parse(e.GetString("Allocation") ?? ""),
        Category = Enum.Parse<CostCategory>(e.GetString("Category")),
        Currency = e.GetString("Currency"),
        BilledCost = Dec(e, "BilledCost"),
        EffectiveCost = Dec(e, "EffectiveCost"),
        GpuHours = Dec(e, "GpuHours"),
    };

    private static decimal Dec(TableEntity e, string name) =>
        e.GetString(name) is { Length: > 0 } s ? decimal.Parse(s, NumberStyles.Float, Inv) : 0m;
}
