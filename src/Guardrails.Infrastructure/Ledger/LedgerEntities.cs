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

    public static string SerializeTotals(IReadOnlyList<CurrencyTotal> totals) => JsonSerializer.Serialize(totals, TableJsonContext.Default.IReadOnlyListCurrencyTotal);

    public static IReadOnlyList<CurrencyTotal> DeserializeTotals(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, TableJsonContext.Default.ListCurrencyTotal) ?? [];

    // ---- facts table ------------------------------------------------------------------------------------------
    /// <summary>All fact partitions of a run start with this; one range scan finds (or deletes) them all.</summary>
    public static string FactRunPrefix(ExportRunRef run) => RunPartition(run) + TableKeys.Separator;

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Inv);

    /// <summary>Packed rows of a run (<see cref="PackedRows"/>): <c>{run}|c|{family}|p{part}</c>, family <c>f</c> (facts) or <c>r</c> (resource-days).</summary>
    public static string PackedPrefix(ExportRunRef run, char family) => FactRunPrefix(run) + "c" + TableKeys.Separator + family + TableKeys.Separator;

    public static string PackedPartition(ExportRunRef run, char family, int part) => PackedPrefix(run, family) + "p" + part.ToString("D5", Inv);

    /// <summary>
    /// A run's summary (<see cref="RunSummaries"/>), one partition per kind: <c>{run}|s|f</c> (facts summed over parts),
    /// <c>{run}|s|a</c> (by day × allocation × kind × category × currency), <c>{run}|s|r</c> (resource-days summed over parts).
    /// </summary>
    public static string SummaryPartition(ExportRunRef run, char kind) => FactRunPrefix(run) + "s" + TableKeys.Separator + kind;

    /// <summary>A fact as one packed row (<see cref="PackedRows"/>): its dimensions, then its amounts exactly.</summary>
    public static void WriteFact(PackedWriter w, DailyCostFact f)
    {
        w.Day(f.Day);
        w.String(f.Allocation.ToString());
        w.String(f.Kind.ToString());
        w.String(f.Category.ToString());
        w.String(f.ServiceName);
        w.String(f.PricingCategory.ToString());
        w.String(f.Currency);
        w.String(f.SubAccountId);
        w.String(f.ResourceGroupName);
        w.Decimal(f.BilledCost);
        w.Decimal(f.EffectiveCost);
        w.Decimal(f.ListCost);
        w.Decimal(f.ConsumedQuantity);
        w.Decimal(f.GpuHours);
        w.Long(f.RowCount);
    }

    public static DailyCostFact ReadFact(PackedReader r) => new()
    {
        Day = r.Day(),
        Allocation = r.Parsed(AllocationKey.Parse),
        Kind = r.Parsed(Enum.Parse<AllocationKind>),
        Category = r.Parsed(Enum.Parse<CostCategory>),
        ServiceName = r.String() ?? "",
        PricingCategory = r.Parsed(Enum.Parse<PricingCategory>),
        Currency = r.String()!,
        SubAccountId = r.String(),
        ResourceGroupName = r.String(),
        BilledCost = r.Decimal(),
        EffectiveCost = r.Decimal(),
        ListCost = r.Decimal(),
        ConsumedQuantity = r.Decimal(),
        GpuHours = r.Decimal(),
        RowCount = r.Long(),
    };

    // ---- resource costs (same table, family "r") -------------------------------------------------------------
    /// <summary>The identity of a resource cost within a day: what the aggregate keys by (resource, currency).</summary>
    public static (DateOnly Day, string ResourceId, string Currency) ResourceKey(ResourceDailyCost r) => (r.Day, r.ResourceId, r.Currency);

    /// <summary>A resource-day as one packed row.</summary>
    public static void WriteResourceCost(PackedWriter w, ResourceDailyCost r)
    {
        w.Day(r.Day);
        w.String(r.ResourceId);
        w.String(r.ResourceName);
        w.String(r.SkuName);
        w.String(r.RegionId);
        w.String(r.Allocation.ToString());
        w.String(r.Category.ToString());
        w.String(r.Currency);
        w.Decimal(r.BilledCost);
        w.Decimal(r.EffectiveCost);
        w.Decimal(r.GpuHours);
    }

    public static ResourceDailyCost ReadResourceCost(PackedReader r) => new()
    {
        Day = r.Day(),
        ResourceId = r.String()!,
        ResourceName = r.String(),
        SkuName = r.String(),
        RegionId = r.String(),
        Allocation = r.Parsed(AllocationKey.Parse),
        Category = r.Parsed(Enum.Parse<CostCategory>),
        Currency = r.String()!,
        BilledCost = r.Decimal(),
        EffectiveCost = r.Decimal(),
        GpuHours = r.Decimal(),
    };

    // ---- storage tiers (same table, family "t") ---------------------------------------------------------------
    /// <summary>
    /// A storage-tier row (<see cref="StorageTierDailyCost"/>) as one packed row: a flags byte (bit 0: quantity known),
    /// then its strings and amounts.
    /// </summary>
    public static void WriteStorageTierCost(PackedWriter w, StorageTierDailyCost s)
    {
        w.Byte(s.Quantity is null ? (byte)0 : (byte)1);
        w.Day(s.Day);
        w.String(s.ResourceId);
        w.String(s.ResourceName);
        w.String(s.RegionId);
        w.String(s.Meter);
        w.String(s.Unit);
        w.String(s.Currency);
        w.String(s.Tags);
        w.String(s.Allocation.ToString());
        w.String(s.Source);
        w.Decimal(s.Quantity ?? 0m);
        w.Decimal(s.BilledCost);
        w.Decimal(s.EffectiveCost);
        w.Long(s.RowCount);
    }

    public static StorageTierDailyCost ReadStorageTierCost(PackedReader r)
    {
        var known = (r.Byte() & 1) == 1;
        return new StorageTierDailyCost
        {
            Day = r.Day(),
            ResourceId = r.String()!,
            ResourceName = r.String(),
            RegionId = r.String(),
            Meter = r.String(),
            Unit = r.String(),
            Currency = r.String()!,
            Tags = r.String() ?? "{}",
            Allocation = r.Parsed(AllocationKey.Parse),
            Source = r.String(),
            Quantity = r.Decimal() is var q && known ? q : null,
            BilledCost = r.Decimal(),
            EffectiveCost = r.Decimal(),
            RowCount = r.Long(),
        };
    }
}
