using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Budgets;

/// <summary>
/// One VM's fresh-spend estimate for hours that have since been billed, next to the bill: <see cref="Estimated"/> is
/// what <see cref="FreshSpendCalculator"/> gives for the VM's telemetry hours of the billed days, <see cref="Billed"/>
/// the VM's GPU compute EffectiveCost of those days. Null = unknown (no bill yet, or no price), with <see cref="Unknown"/>
/// saying why; an unknown is never an error of 0 %.
/// </summary>
public sealed record EstimateAccuracyVm(string ResourceId, string Name, string VmSize, string Team, bool Gpu, string Currency,
    DateOnly From, DateOnly Through, decimal TelemetryHours, decimal? Estimated, decimal? Billed, string? PriceSource, string? Unknown)
{
    /// <summary>(estimated − billed) ÷ billed × 100, rounded to 0.01; null when either is unknown or nothing was billed.</summary>
    public decimal? ErrorPercent => EstimateAccuracy.ErrorPercent(Estimated, Billed);

    /// <summary>How the VM's hours are billed (<see cref="ComputeMachine.PricingModel"/>): the price follows it.</summary>
    public string PricingModel { get; init; } = "on demand";

    /// <summary>The hourly price the estimate used; null when unpriced.</summary>
    public decimal? EstimatedRate { get; init; }

    /// <summary>VM-hours of the bill (its GPU-hours ÷ the SKU's GPUs); null when the ledger has no GPU-hours for it.</summary>
    public decimal? BilledHours { get; init; }

    /// <summary>Billed ÷ billed hours, to 1/100 cent; null when either is unknown.</summary>
    public decimal? BilledRate => Billed is { } b && BilledHours is { } h && h > 0 ? Math.Round(b / h, 4, MidpointRounding.AwayFromZero) : null;

    /// <summary>Why the estimate differs from the bill (hours, rate), or that both match; null when unknown.</summary>
    public string? Gap { get; init; }
}

/// <summary>A team's VMs with both figures known, added up per currency.</summary>
public sealed record EstimateAccuracyTeam(string Team, string Currency, int Vms, decimal Estimated, decimal Billed, int UnknownVms)
{
    public decimal? ErrorPercent => EstimateAccuracy.ErrorPercent(Estimated, Billed);
}

/// <summary>Estimate against bill per VM and per team, and the error over every GPU VM with both figures (null: none).</summary>
public sealed record EstimateAccuracy(IReadOnlyList<EstimateAccuracyVm> PerVm, IReadOnlyList<EstimateAccuracyTeam> PerTeam, decimal? GpuVmErrorPercent)
{
    /// <summary>The allocation key whose values are the "teams" (team if configured, else the first key).</summary>
    public const string TeamKey = "team";

    public static decimal? ErrorPercent(decimal? estimated, decimal? billed) =>
        estimated is { } e && billed is { } b && b != 0m ? Math.Round((e - b) / b * 100m, 2, MidpointRounding.AwayFromZero) : null;

    /// <summary>
    /// Compares, per machine, the estimate of <see cref="FreshSpendCalculator"/> (the budgets' fresh spend) for the
    /// machine's billed days with its billed GPU compute cost of the same days. The billed days of a machine are the
    /// month's days from <paramref name="monthStart"/> through the last day its GPU compute appears in
    /// <paramref name="billed"/>; a machine without a bill in the month is unknown.
    /// </summary>
    public static EstimateAccuracy Compare(IReadOnlyList<FreshSpendMachine> machines, IReadOnlyList<ResourceDailyCost> billed, DateOnly monthStart, VmSkuCatalog skus)
    {
        var gpuRows = billed.Where(r => r.Category == CostCategory.GpuCompute && r.Day >= monthStart && r.Day < monthStart.AddMonths(1))
            .ToLookup(r => r.ResourceId, StringComparer.OrdinalIgnoreCase);
        var perVm = machines.Select(m => CompareVm(m, gpuRows[m.Machine.ScaleSetId ?? m.Machine.ResourceId].ToList(), monthStart, skus))
            .Select(v => v with { Gap = EstimateGap.Explain(v) })
            .OrderBy(v => v.Team, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        var perTeam = perVm.GroupBy(v => (v.Team, v.Currency))
            .Select(g => Team(g.Key.Team, g.Key.Currency, g.ToList()))
            .OrderBy(t => t.Team, StringComparer.Ordinal).ThenBy(t => t.Currency, StringComparer.Ordinal).ToList();
        var gpu = perVm.Where(v => v.Gpu && v.Estimated is not null && v.Billed is not null).ToList();
        var gpuError = gpu.Select(v => v.Currency).Distinct(StringComparer.OrdinalIgnoreCase).Count() == 1 // never add two currencies
            ? ErrorPercent(gpu.Sum(v => v.Estimated), gpu.Sum(v => v.Billed))
            : null;
        return new EstimateAccuracy(perVm, perTeam, gpuError);
    }

    private static EstimateAccuracyVm CompareVm(FreshSpendMachine m, List<ResourceDailyCost> rows, DateOnly monthStart, VmSkuCatalog skus)
    {
        var machine = m.Machine;
        var team = m.Allocation[TeamKey] ?? m.Allocation.Pairs.FirstOrDefault().Value ?? AllocationKey.Unallocated;
        var gpus = skus.Find(machine.VmSize)?.GpuCount ?? 0m;
        var gpu = gpus > 0;
        var currency = rows.GroupBy(r => r.Currency, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key
                       ?? m.Price?.Currency ?? "";
        if (rows.Count == 0)
            return new(machine.ResourceId, machine.Name, machine.VmSize, team, gpu, currency, monthStart, monthStart, 0m, null, null,
                m.Price is null ? null : MachinePrices.Describe(m.Price), "no bill yet for these hours")
            { PricingModel = machine.PricingModel, EstimatedRate = m.Price?.HourlyPrice };
        var through = rows.Max(r => r.Day);
        var from = ToInstant(monthStart);
        var to = ToInstant(through.AddDays(1));
        var estimate = FreshSpendCalculator.Estimate(new FreshSpendRequest("estimate-accuracy", new BudgetScope(new Dictionary<string, string>()), currency, from, to), [m]);
        var hours = FreshSpendCalculator.RunningHours(m.RunningHours, from, to);
        var same = rows.Where(r => string.Equals(r.Currency, currency, StringComparison.OrdinalIgnoreCase)).ToList();
        var billedHours = gpus > 0 && same.Sum(r => r.GpuHours) is > 0 and var g ? g / gpus : (decimal?)null;
        var unpriced = estimate.Unpriced.FirstOrDefault()?.Reason;
        return new(machine.ResourceId, machine.Name, machine.VmSize, team, gpu, currency, monthStart, through, hours,
            unpriced is null ? estimate.Amount : null, same.Sum(r => r.EffectiveCost), m.Price is null ? null : MachinePrices.Describe(m.Price), unpriced)
        {
            PricingModel = machine.PricingModel,
            EstimatedRate = unpriced is null ? m.Price?.HourlyPrice : null,
            BilledHours = billedHours,
        };
    }

    private static EstimateAccuracyTeam Team(string team, string currency, List<EstimateAccuracyVm> vms)
    {
        var known = vms.Where(v => v.Estimated is not null && v.Billed is not null).ToList();
        return new(team, currency, known.Count, known.Sum(v => v.Estimated!.Value), known.Sum(v => v.Billed!.Value), vms.Count - known.Count);
    }

    private static DateTimeOffset ToInstant(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>Running hours from recorded telemetry (files): the UTC hours in which any GPU of the machine has a reading.</summary>
public sealed class RecordedRunningHours(TelemetrySet telemetry) : IMachineRunningHours
{
    public Task<IReadOnlyList<DateTimeOffset>> GetRunningHoursAsync(ComputeMachine machine, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        var host = RollupRunningHours.Hosts(machine).Select(telemetry.Find).FirstOrDefault(h => h is not null);
        IReadOnlyList<DateTimeOffset> hours = host is null
            ? []
            : host.Gpus.Values.SelectMany(g => g.Readings).Select(r => r.Timestamp.ToUniversalTime())
                .Select(t => new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero))
                .Where(h => h < to && h.AddHours(1) > from).Distinct().Order().ToList();
        return Task.FromResult(hours);
    }
}
