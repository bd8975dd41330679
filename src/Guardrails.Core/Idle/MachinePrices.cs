using Guardrails.Core.Actions;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Idle;

/// <summary>
/// The hourly price of a running machine, by how its hours are billed (<see cref="ComputeMachine.PricingModel"/>):
/// <list type="bullet">
/// <item>on demand or Spot: the catalog's price for its SKU, region, priority and OS; else the effective rate seen in
/// billing;</item>
/// <item>covered by a reservation or savings plan: the effective (amortized) rate seen in billing — that is what its
/// hours cost; else the catalog's price of the commitment; else the on-demand price, labelled as an upper bound.</item>
/// </list>
/// No price at all → null (never invented).
/// </summary>
public static class MachinePrices
{
    /// <summary>Source prefix of an on-demand quote standing in for an unknown commitment rate.</summary>
    public const string UpperBoundPrefix = "on-demand price as an upper bound";

    public static async Task<PriceQuote?> GetHourlyPriceAsync(IPriceCatalog? prices, IObservedRateSource? observedRates, ComputeMachine machine,
        CancellationToken cancellationToken = default)
    {
        if (machine.Commitment is { } commitment)
            return await ObservedAsync(observedRates, machine, cancellationToken).ConfigureAwait(false)
                   ?? await CatalogAsync(prices, machine, commitment.PriceOption, cancellationToken).ConfigureAwait(false)
                   ?? UpperBound(await CatalogAsync(prices, machine, PriceOption.OnDemand, cancellationToken).ConfigureAwait(false), commitment);
        return await CatalogAsync(prices, machine, machine.Spot ? PriceOption.Spot : PriceOption.OnDemand, cancellationToken).ConfigureAwait(false)
               ?? await ObservedAsync(observedRates, machine, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PriceQuote?> CatalogAsync(IPriceCatalog? prices, ComputeMachine machine, PriceOption option, CancellationToken cancellationToken) =>
        prices is null ? null : await prices.GetHourlyPriceAsync(machine.VmSize, machine.Location, option, machine.Windows ? VmOs.Windows : VmOs.Linux,
            cancellationToken).ConfigureAwait(false);

    private static async Task<PriceQuote?> ObservedAsync(IObservedRateSource? observedRates, ComputeMachine machine, CancellationToken cancellationToken) =>
        observedRates is null ? null : await observedRates.GetObservedHourlyRateAsync(machine, cancellationToken).ConfigureAwait(false);

    private static PriceQuote? UpperBound(PriceQuote? onDemand, CommitmentDiscount commitment) =>
        onDemand is null ? null : onDemand with { Source = $"{UpperBoundPrefix} (no {Name(commitment.Type)} rate known; {onDemand.Source})" };

    private static string Name(CommitmentDiscountType type) => type == CommitmentDiscountType.Reservation ? "reservation" : "savings plan";

    /// <summary>What a quote was priced from, for basis texts: "on-demand price", "spot price", "effective rate seen in billing".</summary>
    public static string Describe(PriceQuote quote) =>
        quote.Source.StartsWith(LedgerObservedRateSource.SourcePrefix, StringComparison.OrdinalIgnoreCase) ? LedgerObservedRateSource.SourcePrefix
        : quote.Source.StartsWith(UpperBoundPrefix, StringComparison.OrdinalIgnoreCase) ? UpperBoundPrefix
        : quote.Option switch
        {
            PriceOption.OnDemand => "on-demand price",
            PriceOption.Spot => "spot price",
            PriceOption.LowPriority => "low-priority price",
            PriceOption.SavingsPlan1Year => "1-year savings plan price",
            PriceOption.SavingsPlan3Year => "3-year savings plan price",
            PriceOption.Reserved1Year => "1-year reserved price",
            _ => "3-year reserved price",
        };
}

/// <summary>
/// The effective hourly rate of a machine as billing saw it: its GPU compute cost ÷ VM-hours over the latest billed days
/// of the ledger's per-resource costs (GPU-hours ÷ the SKU's GPU count). Covers negotiated, reserved and savings-plan
/// rates the public catalog does not know. No billed hours for the machine → no rate.
/// </summary>
public sealed class LedgerObservedRateSource(IResourceCostReader resources, VmSkuCatalog skus, TimeProvider time, int lookbackDays = 7)
    : IObservedRateSource
{
    public const string SourcePrefix = "effective rate seen in billing";
    private Task<IReadOnlyList<ResourceDailyCost>>? _costs;
    private DateOnly _loadedFor;

    public async Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default)
    {
        if (skus.Find(machine.VmSize) is not { GpuCount: > 0 } sku) return null;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (_costs is null || _loadedFor != today)
        {
            _loadedFor = today;
            _costs = resources.GetResourceCostsAsync(new LedgerQuery(today.AddDays(-lookbackDays), today), cancellationToken);
        }
        var rows = (await _costs.ConfigureAwait(false))
            .Where(r => r.Category == Allocation.CostCategory.GpuCompute && r.GpuHours > 0
                // A scale-set instance is billed under its scale set: the rate per instance-hour is the same division.
                && string.Equals(r.ResourceId, machine.ScaleSetId ?? machine.ResourceId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (rows.Count == 0) return null;
        var currency = rows.GroupBy(r => r.Currency, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).First().Key;
        var same = rows.Where(r => string.Equals(r.Currency, currency, StringComparison.OrdinalIgnoreCase)).ToList();
        var vmHours = same.Sum(r => r.GpuHours) / sku.GpuCount;
        if (vmHours <= 0) return null;
        var rate = Math.Round(same.Sum(r => r.EffectiveCost) / vmHours, 4);
        if (rate < 0) return null;
        return new PriceQuote(machine.VmSize, machine.Location, machine.Windows ? VmOs.Windows : VmOs.Linux,
            machine.Spot ? PriceOption.Spot : PriceOption.OnDemand, rate, currency.ToUpperInvariant(), same.Max(r => r.Day),
            $"{SourcePrefix} ({same.Count} day(s) to {same.Max(r => r.Day):yyyy-MM-dd})");
    }
}
