using System.Globalization;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.RightSizing;

/// <summary>A blob access tier as the billing meter names it; <see cref="Unknown"/> when the meter does not say (never "cheap").</summary>
public enum StorageTier { Unknown, Premium, Hot, Cool, Cold, Archive }

/// <summary>What a tier costs and demands: price per GB-month, price per GB read back, minimum days before an early-deletion charge.</summary>
public sealed record TierPrice(StorageTier Tier, decimal PerGbMonth, decimal RetrievalPerGb, int MinimumDays, string Source);

/// <summary>
/// Storage prices per tier (USD per GB-month, LRS, first 50 TB, pay-as-you-go) and the tiers' minimum storage durations.
/// The built-in table is a copy of the Azure Blob Storage pricing page (azure.microsoft.com/pricing/details/storage/blobs)
/// kept in a public note; its region is not stated and prices differ by region and redundancy, so
/// <c>rightsizing.checkpoints.prices</c> overrides any tier (and every recommendation names which source priced it).
/// Minimum durations: Microsoft Learn, "Access tiers for blob data" (cool 30, cold 90, archive 180 days, prorated).
/// </summary>
public sealed class StoragePriceTable
{
    public const string BuiltInSource =
        "built-in table: Azure Blob Storage pay-as-you-go list prices, LRS, first 50 TB (a copy of azure.microsoft.com/pricing/details/storage/blobs " +
        "in mitchpaulus/dotfiles@1240d65d:notes/azure.md; region not stated)";
    public const string MinimumsSource = "learn.microsoft.com/azure/storage/blobs/access-tiers-overview (early deletion, prorated)";
    public const string ConfigSource = "guardrails.yaml rightsizing.checkpoints.prices";

    private static readonly Dictionary<StorageTier, (decimal PerGbMonth, decimal Retrieval, int MinimumDays)> s_builtIn = new()
    {
        [StorageTier.Hot] = (0.018m, 0m, 0),
        [StorageTier.Cool] = (0.01m, 0.01m, 30),
        [StorageTier.Cold] = (0.0036m, 0.03m, 90),
        [StorageTier.Archive] = (0.00099m, 0.02m, 180),
    };

    private readonly Dictionary<StorageTier, TierPrice> _prices = [];

    public string Currency { get; }

    public StoragePriceTable(CheckpointStorageConfig? config = null)
    {
        var overrides = config?.Prices ?? [];
        Currency = overrides.Count > 0 ? config!.PriceCurrency.Trim().ToUpperInvariant() : "USD";
        foreach (var (tier, (perGb, retrieval, days)) in s_builtIn)
        {
            var name = tier.ToString().ToLowerInvariant();
            var fromConfig = overrides.TryGetValue(name, out var p);
            var r = overrides.TryGetValue(name + "Retrieval", out var rr) ? rr : retrieval;
            // A currency other than the table's must price every tier itself: mixing currencies is never done.
            if (!fromConfig && Currency != "USD") continue;
            _prices[tier] = new TierPrice(tier, fromConfig ? p : perGb, r, days, fromConfig ? ConfigSource : BuiltInSource);
        }
    }

    /// <summary>The price of a tier, or null when it has none in <see cref="Currency"/> (Premium and Unknown never have one).</summary>
    public TierPrice? Find(StorageTier tier) => _prices.GetValueOrDefault(tier);

    /// <summary>The tier a "Data Stored" meter names ("Hot LRS Data Stored" → Hot); <see cref="StorageTier.Unknown"/> otherwise.</summary>
    public static StorageTier TierOf(string? meter)
    {
        var first = meter?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first?.ToLowerInvariant() switch
        {
            "hot" => StorageTier.Hot,
            "cool" => StorageTier.Cool,
            "cold" => StorageTier.Cold,
            "archive" => StorageTier.Archive,
            "premium" => StorageTier.Premium,
            _ => StorageTier.Unknown,
        };
    }

    /// <summary>Whether the meter bills stored capacity ("… Data Stored"), as opposed to operations, retrieval or egress.</summary>
    public static bool IsDataStored(string? meter) => Ledger.StorageTierDailyCost.IsDataStored(meter);

    /// <summary>GB per unit of a capacity meter's unit ("1 GB/Month" → 1, "100 GB/Month" → 100, "1 TB/Month" → 1000); null when not a GB-month unit.</summary>
    public static decimal? GbPerUnit(string? unit)
    {
        if (unit is null) return null;
        var parts = unit.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || n <= 0m) return null;
        return parts[1].ToUpperInvariant() switch
        {
            "GB/MONTH" or "GB/MO" => n,
            "TB/MONTH" or "TB/MO" => n * 1000m,
            _ => null,
        };
    }
}
