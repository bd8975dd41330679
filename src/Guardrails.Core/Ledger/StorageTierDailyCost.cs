using System.Text.Json;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Ledger;

/// <summary>
/// One storage account's cost on one day for one capacity meter ("Hot LRS Data Stored", its unit and quantity in
/// GB-months), or — <see cref="Meter"/> null — its other costs of the day (operations, retrieval, early deletion, egress).
/// The ledger keeps these rows for every storage account (<c>…/Microsoft.Storage/storageAccounts/…</c>), because the
/// resource-days sum every meter of a resource and so cannot tell access tiers apart: checkpoint storage is judged
/// from them (right-sizing). Rows whose quantity is missing or negative are kept apart (<see cref="Quantity"/> null),
/// never summed as zero.
/// </summary>
public sealed record StorageTierDailyCost
{
    public required DateOnly Day { get; init; }
    public required string ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? RegionId { get; init; }
    /// <summary>The "… Data Stored" meter (SkuName, trimmed), or null for the account's other costs.</summary>
    public string? Meter { get; init; }
    /// <summary>The capacity meter's unit as billed ("1 GB/Month", "100 GB/Month"); null for other costs.</summary>
    public string? Unit { get; init; }
    public required string Currency { get; init; }
    /// <summary>ConsumedQuantity summed, in <see cref="Unit"/>; null when the rows had none (or a negative one), and for other costs.</summary>
    public decimal? Quantity { get; init; }
    public decimal BilledCost { get; init; }
    public decimal EffectiveCost { get; init; }
    public long RowCount { get; init; }
    /// <summary>The first row's tags as a JSON object (keys sorted): what decides "checkpoint" (a configurable tag) and the team.</summary>
    public string Tags { get; init; } = "{}";
    public required AllocationKey Allocation { get; init; }
    /// <summary>Where the first row came from ("file:line"): named when the row's tier or quantity cannot be read.</summary>
    public string? Source { get; init; }

    /// <summary>The tags parsed (keys as written; an unreadable text gives none).</summary>
    public IReadOnlyDictionary<string, string> TagMap() => ParseTags(Tags);

    /// <summary>Tags as stored: a JSON object with keys sorted ordinally (the same text for the same tags).</summary>
    public static string TagsText(IReadOnlyDictionary<string, string> tags)
    {
        if (tags.Count == 0) return "{}";
        return JsonSerializer.Serialize(new SortedDictionary<string, string>(tags.ToDictionary(t => t.Key, t => t.Value), StringComparer.Ordinal),
            LedgerJsonContext.Default.SortedDictionaryStringString);
    }

    public static IReadOnlyDictionary<string, string> ParseTags(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "{}") return new Dictionary<string, string>();
        try
        {
            return JsonSerializer.Deserialize(text, LedgerJsonContext.Default.DictionaryStringString) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    /// <summary>What the ledger keys the row by: day, account, meter, unit, currency and whether the quantity is known.</summary>
    public (DateOnly Day, string ResourceId, string Meter, string Unit, string Currency, bool QuantityKnown) Identity =>
        (Day, ResourceId, Meter ?? "", Unit ?? "", Currency, Quantity is not null);

    /// <summary>Two rows of the same identity summed exactly; the first keeps its description (names, tags, allocation, source).</summary>
    public static StorageTierDailyCost Add(StorageTierDailyCost a, StorageTierDailyCost b) => a with
    {
        Quantity = a.Quantity + b.Quantity,
        BilledCost = a.BilledCost + b.BilledCost,
        EffectiveCost = a.EffectiveCost + b.EffectiveCost,
        RowCount = a.RowCount + b.RowCount,
    };

    /// <summary>Whether a meter bills stored capacity ("… Data Stored"), as opposed to operations, retrieval or egress.</summary>
    public static bool IsDataStored(string? meter) => meter?.Contains("Data Stored", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Whether an ARM resource id is a storage account (or something under one, such as a container).</summary>
    public static bool IsStorageAccount(string resourceId) =>
        resourceId.Contains("/providers/Microsoft.Storage/storageAccounts/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What a ledger holds of storage tiers for a query, and the runs it could not answer for.</summary>
/// <param name="RunsWithoutStorageRows">
/// Current runs ingested before the ledger kept storage-tier rows: their storage is unknown (not zero); ingest them again.
/// </param>
public sealed record StorageTierCosts(IReadOnlyList<StorageTierDailyCost> Rows, IReadOnlyList<string> RunsWithoutStorageRows)
{
    public static readonly StorageTierCosts Empty = new([], []);
}

/// <summary>
/// Reads storage accounts' per-meter daily costs back from the ledger (checkpoint storage by access tier). A companion
/// of <see cref="IResourceCostReader"/>; rows of the current runs only, summed over parts, ordered by day, account,
/// meter, unit and currency.
/// </summary>
public interface IStorageTierCostReader
{
    Task<StorageTierCosts> GetStorageTierCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}
