using System.ComponentModel.DataAnnotations;

namespace Guardrails.Infrastructure.Pricing;

/// <summary>
/// Settings <c>RetailPrices__*</c>: the Azure Retail Prices API the deployed PR check asks for a size the price cache does
/// not hold, and how far it may go (validated at start-up).
/// </summary>
public sealed class RetailPricesOptions
{
    public const string SectionName = "RetailPrices";

    /// <summary>The API (public, unauthenticated).</summary>
    [Required, Url] public string ApiUrl { get; set; } = RetailPricesClient.DefaultBaseUrl;

    /// <summary>Distinct (size, region) pairs one PR check may ask the API for; 0 turns live look-ups off (cache, then snapshot).</summary>
    [Range(0, 200)] public int MaxLiveLookupsPerCheck { get; set; } = 10;

    /// <summary>How long "the API has no such price" is remembered (in the cache table) before the pair is asked again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")] public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The longest one live look-up may take, retries included; after it the price comes from the snapshot.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")] public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of a request the API answered 408, 429 or 5xx, or that failed in transport (backoff, Retry-After).</summary>
    [Range(1, 10)] public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Live-asked (size, region) pairs RefreshPrices keeps fresh besides the catalog's sizes, most recently asked first.</summary>
    [Range(0, 5000)] public int MaxRefreshedAskedPairs { get; set; } = 500;
}
