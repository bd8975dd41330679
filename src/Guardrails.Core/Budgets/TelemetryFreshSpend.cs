using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Budgets;

/// <summary>
/// One GPU machine as the fresh-spend estimate sees it: its allocation (from its tags, by the ledger's rules), the
/// UTC hours in which telemetry saw it running (a rollup hour with samples), and its hourly price (null = unknown).
/// </summary>
public sealed record FreshSpendMachine(ComputeMachine Machine, AllocationKey Allocation, IReadOnlyList<DateTimeOffset> RunningHours, PriceQuote? Price);

/// <summary>
/// The pure part of the fresh-spend estimate: for the machines in the budget's scope, running hours since the last
/// billed hour (each telemetry hour clipped to [BilledThrough, Now)) × the machine's hourly price. A machine without a
/// price in the budget's currency is listed as unpriced, never counted as $0. Never negative; zero when billing is
/// current; non-decreasing as Now advances.
/// </summary>
public static class FreshSpendCalculator
{
    public static FreshSpendEstimate Estimate(FreshSpendRequest request, IEnumerable<FreshSpendMachine> machines)
    {
        var from = request.BilledThrough;
        var to = request.Now;
        if (from >= to)
            return new FreshSpendEstimate(0m, request.Currency, from, from, "billing is current: nothing to estimate");

        decimal amount = 0m, pricedHours = 0m;
        var priced = 0;
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var unpriced = new List<FreshSpendUnpriced>();
        foreach (var m in machines)
        {
            if (!request.Scope.Matches(m.Allocation, m.Machine.ResourceId)) continue;
            var hours = RunningHours(m.RunningHours, from, to);
            if (hours <= 0) continue;
            if (m.Price is null)
            {
                unpriced.Add(new(m.Machine.ResourceId, m.Machine.Name, m.Machine.VmSize, hours, $"no price for {m.Machine.VmSize} in {Region(m.Machine)}"));
                continue;
            }
            if (!string.Equals(m.Price.Currency, request.Currency, StringComparison.OrdinalIgnoreCase))
            {
                unpriced.Add(new(m.Machine.ResourceId, m.Machine.Name, m.Machine.VmSize, hours,
                    $"price in {m.Price.Currency.ToUpperInvariant()}, budget in {request.Currency.ToUpperInvariant()}"));
                continue;
            }
            if (m.Price.HourlyPrice < 0) // a credit is not a price
            {
                unpriced.Add(new(m.Machine.ResourceId, m.Machine.Name, m.Machine.VmSize, hours, "negative hourly rate"));
                continue;
            }
            amount += hours * m.Price.HourlyPrice;
            pricedHours += hours;
            priced++;
            sources.Add(MachinePrices.Describe(m.Price));
        }

        unpriced.Sort((a, b) => string.Compare(a.ResourceId, b.ResourceId, StringComparison.OrdinalIgnoreCase));
        return new FreshSpendEstimate(Math.Round(amount, 2, MidpointRounding.AwayFromZero), request.Currency, from, to,
            Basis(priced, pricedHours, sources, unpriced))
        {
            Machines = priced,
            MachineHours = pricedHours,
            Unpriced = unpriced,
        };
    }

    /// <summary>Hours of [from, to) covered by the running hours (each a whole UTC hour from its start), duplicates once.</summary>
    public static decimal RunningHours(IEnumerable<DateTimeOffset> hourStarts, DateTimeOffset from, DateTimeOffset to)
    {
        var ticks = 0L;
        foreach (var start in hourStarts.Select(h => h.UtcTicks).Distinct())
        {
            var lo = Math.Max(start, from.UtcTicks);
            var hi = Math.Min(start + TimeSpan.TicksPerHour, to.UtcTicks);
            if (hi > lo) ticks += hi - lo;
        }
        return (decimal)ticks / TimeSpan.TicksPerHour;
    }

    private static string Basis(int priced, decimal hours, IEnumerable<string> sources, IReadOnlyList<FreshSpendUnpriced> unpriced)
    {
        var text = priced == 0
            ? "GPU telemetry: no priced GPU machine in scope ran since the last billed hour"
            : string.Create(CultureInfo.InvariantCulture,
                $"GPU telemetry × {string.Join(" / ", sources)}, {priced} VM{(priced == 1 ? "" : "s")}, {FormatHours(hours)} h");
        if (unpriced.Count > 0)
            text += string.Create(CultureInfo.InvariantCulture,
                $"; {unpriced.Count} VM{(unpriced.Count == 1 ? "" : "s")} unpriced ({string.Join(", ", unpriced.Select(u => $"{u.Name}: {u.Reason}"))})");
        return text;
    }

    private static string FormatHours(decimal hours) => Math.Round(hours, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Region(ComputeMachine m) => m.Location.Length > 0 ? m.Location : "an unknown region";
}

/// <summary>
/// Gives a machine the allocation the ledger would give its billing rows: the same <see cref="CostAllocator"/> rules
/// (tag aliases matched case-insensitively on trimmed keys, then resource-group and subscription defaults, else
/// "unallocated"). Shared-cost rules are not split here: a machine counts for the allocation its own tags give it.
/// </summary>
public sealed class MachineAllocator(AllocationConfig config)
{
    private readonly CostAllocator _allocator = new(config);
    private readonly object _gate = new();

    public AllocationKey Allocate(ComputeMachine machine)
    {
        var record = new CostRecord
        {
            ChargePeriodStart = DateTimeOffset.UnixEpoch,
            ChargePeriodEnd = DateTimeOffset.UnixEpoch,
            BilledCost = 0m,
            EffectiveCost = 0m,
            BillingCurrency = "",
            ResourceId = machine.TagResourceId,
            ResourceGroupName = machine.ResourceGroup,
            // FOCUS rows carry /subscriptions/{id}, legacy rows the bare id: defaults keyed either way match.
            SubAccountId = "/subscriptions/" + machine.SubscriptionId,
            SubAccountName = machine.SubscriptionId,
            Tags = machine.Tags, // keys are matched case-insensitively and trimmed by the allocator
        };
        lock (_gate) return _allocator.Allocate(record).Allocation; // the allocator is not thread-safe
    }
}

/// <summary>Running hours of one machine's GPUs from the hourly rollups.</summary>
public interface IMachineRunningHours
{
    /// <summary>UTC hour starts in [from, to) in which any GPU of the machine reported samples.</summary>
    Task<IReadOnlyList<DateTimeOffset>> GetRunningHoursAsync(ComputeMachine machine, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default);
}

/// <summary>Running hours from an <see cref="IRollupStore"/>: the host is the tag guardrails:hostname, the computer name, then the VM name.</summary>
public sealed class RollupRunningHours(IRollupStore rollups) : IMachineRunningHours
{
    public async Task<IReadOnlyList<DateTimeOffset>> GetRunningHoursAsync(ComputeMachine machine, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var firstHour = new DateTimeOffset(from.UtcTicks - from.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);
        foreach (var host in Hosts(machine))
        {
            var rows = await rollups.GetAsync(host, firstHour, to.AddHours(1), cancellationToken).ConfigureAwait(false);
            var hours = rows.Where(r => r.Samples > 0 && r.Hour < to && r.Hour.AddHours(1) > from)
                .Select(r => r.Hour.ToUniversalTime()).Distinct().Order().ToList();
            if (rows.Count > 0) return hours;
        }
        return [];
    }

    public static IEnumerable<string> Hosts(ComputeMachine m) =>
        new[] { m.Tag(GuardrailTags.Hostname)?.Trim(), m.ComputerName, m.Name }
            .Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!).Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Where the estimate's GPU machines come from (ARM inventory in Azure, an inventory file locally).</summary>
public interface IGpuMachineSource
{
    Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(CancellationToken cancellationToken = default);
}

/// <summary>The machines of an <see cref="IComputeInventory"/> in the configured ARM scopes.</summary>
public sealed class InventoryMachineSource(IComputeInventory inventory, IReadOnlyList<string> scopes) : IGpuMachineSource
{
    public Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(CancellationToken cancellationToken = default) =>
        inventory.ListGpuMachinesAsync(scopes, cancellationToken);
}

/// <summary>A fixed list of machines (an inventory file, tests).</summary>
public sealed class StaticMachineSource(IReadOnlyList<ComputeMachine> machines) : IGpuMachineSource
{
    public Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(CancellationToken cancellationToken = default) => Task.FromResult(machines);
}

/// <summary>
/// Fresh spend from GPU telemetry: machines (inventory) → allocation by their tags → running hours since the last
/// billed hour (hourly rollups) × hourly price (catalog, else the effective rate seen in billing). One evaluation asks
/// once per budget with the same window: machines, hours and prices are read once per window and reused.
/// </summary>
public sealed class TelemetryFreshSpendEstimator(
    IGpuMachineSource machines,
    IMachineRunningHours runningHours,
    IPriceCatalog? prices,
    IObservedRateSource? observedRates,
    MachineAllocator allocator) : IFreshSpendEstimator
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FreshSpendMachine> Machines)? _cached;

    public async Task<FreshSpendEstimate?> EstimateAsync(FreshSpendRequest request, CancellationToken cancellationToken = default)
    {
        if (request.BilledThrough >= request.Now) return FreshSpendCalculator.Estimate(request, []);
        var inputs = await LoadAsync(request.BilledThrough, request.Now, cancellationToken).ConfigureAwait(false);
        return FreshSpendCalculator.Estimate(request, inputs);
    }

    private async Task<IReadOnlyList<FreshSpendMachine>> LoadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } c && c.From == from && c.To == to) return c.Machines;
            var result = new List<FreshSpendMachine>();
            foreach (var m in await machines.ListGpuMachinesAsync(cancellationToken).ConfigureAwait(false))
            {
                var hours = await runningHours.GetRunningHoursAsync(m, from, to, cancellationToken).ConfigureAwait(false);
                if (hours.Count == 0) continue; // did not run (or no telemetry): nothing to price
                var price = await MachinePrices.GetHourlyPriceAsync(prices, observedRates, m, cancellationToken).ConfigureAwait(false);
                result.Add(new FreshSpendMachine(m, allocator.Allocate(m), hours, price));
            }
            _cached = (from, to, result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
