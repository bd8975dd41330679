namespace Guardrails.Core.Pricing;

/// <summary>How a VM is bought. Reserved terms are turned into hourly prices by the catalog.</summary>
public enum PriceOption { OnDemand, Spot, LowPriority, SavingsPlan1Year, SavingsPlan3Year, Reserved1Year, Reserved3Year }

public enum VmOs { Linux, Windows }

/// <summary>An hourly price with its provenance. Prices are never invented: no known price means no quote.</summary>
public sealed record PriceQuote(string ArmSkuName, string Region, VmOs Os, PriceOption Option,
    decimal HourlyPrice, string Currency, DateOnly AsOf, string Source);

/// <summary>A look-up's answer: the quote, or (null quote) why there is none when the catalog can tell.</summary>
public sealed record PriceLookup(PriceQuote? Quote, string? MissReason = null);

/// <summary>Hourly VM prices (offline snapshot, Retail Prices API cache, or the effective rate seen in billing).</summary>
public interface IPriceCatalog
{
    Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default);

    /// <summary>The quote, or why there is none (a catalog that cannot tell gives no reason).</summary>
    async Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
        new(await GetHourlyPriceAsync(armSkuName, region, option, os, cancellationToken).ConfigureAwait(false));
}

/// <summary>
/// A catalog whose work is bounded per pull-request check (e.g. live Retail Prices look-ups): each check prices through
/// its own view, so one check's asks do not use up another's.
/// </summary>
public interface IPerCheckPriceCatalog
{
    IPriceCatalog ForOneCheck();
}

/// <summary>Azure region names as prices key them.</summary>
public static class AzureRegions
{
    /// <summary>"West Europe", "East US 2" (display names, as Terraform and ARM accept) → "westeurope", "eastus2".</summary>
    public static string? Normalize(string? region) =>
        region is null ? null : new string(region.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    /// <summary>A written region (ARM or display name: letters, digits, spaces) in ARM form; null for anything else.</summary>
    public static string? Literal(string? region) =>
        !string.IsNullOrWhiteSpace(region) && region.All(c => char.IsLetterOrDigit(c) || c == ' ') ? Normalize(region) : null;

    /// <summary>How a price is keyed by region: the ARM form of a written region, else the text as given, lower case.</summary>
    public static string Key(string region) => Literal(region) ?? region.Trim().ToLowerInvariant();
}
