using Guardrails.Core.Actions;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Policies;

/// <summary>
/// The effective hourly rate of a machine as seen in billing: the ledger's per-resource EffectiveCost over the last
/// <c>days</c> UTC days divided by the machine-hours billed (GPU-hours ÷ GPUs of the size). A scale-set instance is
/// billed under its scale set, whose rate per instance-hour is the same division. The price fallback when the catalog
/// has no price (negotiated, reserved or savings-plan rates, new sizes). Null when billing has no hours for it.
/// The ledger is read once per evaluation instant.
/// </summary>
public sealed class LedgerObservedRateSource(IResourceCostReader ledger, VmSkuCatalog skus, TimeProvider time, int days = 7) : IObservedRateSource
{
    private Dictionary<string, List<ResourceDailyCost>>? _byResource;
    private DateOnly _loadedFor;

    public async Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default)
    {
        if (skus.Find(machine.VmSize) is not { GpuCount: > 0 } sku) return null;
        var byResource = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (!byResource.TryGetValue(machine.ScaleSetId ?? machine.ResourceId, out var rows)) return null;
        // The currency with the most machine-hours (a resource is billed in one currency in practice).
        var best = rows.GroupBy(r => r.Currency, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Currency: g.Key, Cost: g.Sum(r => r.EffectiveCost), Hours: g.Sum(r => r.GpuHours) / sku.GpuCount, Last: g.Max(r => r.Day)))
            .Where(x => x.Hours > 0m && x.Cost > 0m)
            .OrderByDescending(x => x.Hours).FirstOrDefault();
        if (best.Currency is null) return null;
        return new PriceQuote(machine.VmSize, machine.Location, machine.Windows ? VmOs.Windows : VmOs.Linux,
            machine.Spot ? PriceOption.Spot : PriceOption.OnDemand, Math.Round(best.Cost / best.Hours, 4, MidpointRounding.AwayFromZero),
            best.Currency, best.Last, $"effective rate seen in billing (ledger, last {days} days)");
    }

    private async Task<Dictionary<string, List<ResourceDailyCost>>> LoadAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (_byResource is not null && _loadedFor == today) return _byResource;
        var rows = await ledger.GetResourceCostsAsync(new LedgerQuery(today.AddDays(-days), today), cancellationToken).ConfigureAwait(false);
        _byResource = rows.GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        _loadedFor = today;
        return _byResource;
    }
}
