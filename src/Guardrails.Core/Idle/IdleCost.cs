using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Idle;

/// <summary>One machine's rollups with its price and allocation, for the idle-cost view.</summary>
public sealed record IdleCostInput(ComputeMachine Machine, IReadOnlyList<GpuHourlyRollup> Rollups, PriceQuote? Price,
    decimal GpuCount, AllocationKey Allocation);

/// <summary>
/// Idle cost (OpenCost's idle concept on Azure VMs): idle GPU-hours × the machine's hourly price ÷ its GPU count,
/// per allocation key and UTC day, as <see cref="DailyCostFact"/> with <see cref="CostCategory.IdleGpu"/>.
/// Idle cost is a VIEW of direct GPU cost (the share of it that paid for idle GPUs), not a cost on top: the facts
/// live in their own table (<see cref="IIdleCostStore"/>), never in the ledger's totals, so nothing is counted twice.
/// Per-GPU (an idle GPU on a busy 8-GPU machine counts 1/8), unlike the action rule which needs every GPU idle.
/// </summary>
public static class IdleCostCalculator
{
    public static IReadOnlyList<DailyCostFact> Compute(IEnumerable<IdleCostInput> inputs)
    {
        var facts = new Dictionary<(DateOnly, AllocationKey, string, string, string), (decimal Cost, decimal GpuHours, long Rows)>();
        foreach (var input in inputs)
        {
            if (input.Price is null || input.GpuCount <= 0) continue; // never invent a price
            var perGpuHour = input.Price.HourlyPrice / input.GpuCount;
            foreach (var r in input.Rollups)
            {
                if (r.IdleMinutes <= 0) continue;
                var gpuHours = r.IdleMinutes / 60m;
                var key = (DateOnly.FromDateTime(r.Hour.UtcDateTime), input.Allocation, input.Price.Currency,
                    input.Machine.SubscriptionId, input.Machine.ResourceGroup);
                facts.TryGetValue(key, out var acc);
                facts[key] = (acc.Cost + gpuHours * perGpuHour, acc.GpuHours + gpuHours, acc.Rows + 1);
            }
        }
        return facts.Select(kv => new DailyCostFact
        {
            Day = kv.Key.Item1,
            Allocation = kv.Key.Item2,
            Kind = AllocationKind.Direct,
            Category = CostCategory.IdleGpu,
            ServiceName = "Virtual Machines",
            Currency = kv.Key.Item3,
            SubAccountId = kv.Key.Item4,
            ResourceGroupName = kv.Key.Item5,
            BilledCost = Math.Round(kv.Value.Cost, 4),
            EffectiveCost = Math.Round(kv.Value.Cost, 4),
            GpuHours = Math.Round(kv.Value.GpuHours, 4),
            RowCount = kv.Value.Rows,
        }).OrderBy(f => f.Day).ThenBy(f => f.FactKey, StringComparer.Ordinal).ToList();
    }

    /// <summary>The allocation of a machine from its tags, in key order; a missing tag is "unallocated".</summary>
    public static AllocationKey AllocationFromTags(ComputeMachine m, IReadOnlyList<string> keys) =>
        new(keys.Select(k => new KeyValuePair<string, string>(k, m.Tag(k)?.Trim() is { Length: > 0 } v ? v : AllocationKey.Unallocated)));
}

/// <summary>
/// The idle-cost table: a separate view beside the ledger (never summed with direct costs).
/// </summary>
public interface IIdleCostStore
{
    Task UpsertAsync(IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default);
}
