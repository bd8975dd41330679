namespace Guardrails.Core.Pricing;

/// <summary>How a VM is bought. Reserved terms are turned into hourly prices by the catalog.</summary>
public enum PriceOption { OnDemand, Spot, LowPriority, SavingsPlan1Year, SavingsPlan3Year, Reserved1Year, Reserved3Year }

public enum VmOs { Linux, Windows }

/// <summary>An hourly price with its provenance. Prices are never invented: no known price means no quote.</summary>
public sealed record PriceQuote(string ArmSkuName, string Region, VmOs Os, PriceOption Option,
    decimal HourlyPrice, string Currency, DateOnly AsOf, string Source);

/// <summary>Hourly VM prices (offline snapshot, Retail Prices API cache, or the effective rate seen in billing).</summary>
public interface IPriceCatalog
{
    Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default);
}
