using Guardrails.Core.Carbon;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests;

/// <summary>Cost of one option for a training run (null total when the price is not known).</summary>
public sealed record PlanCost(PriceOption Option, decimal? HourlyPrice, decimal? Total, string? Source, DateOnly? AsOf);

/// <summary>A training-run estimate from model size: FLOPs ≈ 6 × parameters × tokens at a stated MFU of the GPU's peak.</summary>
public sealed record TrainingPlan(
    decimal Parameters, decimal Tokens, decimal Mfu, string Sku, string Region, string GpuModel, GpuPeak Peak,
    decimal GpusPerVm, decimal Vms, decimal TotalFlops, decimal GpuHours, decimal VmHours, decimal WallHours,
    IReadOnlyList<PlanCost> Costs, string Currency)
{
    /// <summary>Energy (kWh) and kgCO2e of the run's GPU-hours in its region (kgCO2e unknown when a factor is not sourced).</summary>
    public GpuEmissions? Emissions { get; init; }
}

public sealed class TrainingPlanException(string message) : Exception(message);

public static class TrainingPlanner
{
    public const decimal DefaultMfu = 0.4m;

    /// <summary>Total training FLOPs: 6 × N × D (forward + backward for a dense transformer).</summary>
    public static decimal TrainingFlops(decimal parameters, decimal tokens) => 6m * parameters * tokens;

    /// <summary>Run length in hours on <paramref name="vms"/> VMs of <paramref name="sku"/>.</summary>
    public static (decimal GpuHours, decimal WallHours, decimal GpusPerVm, GpuPeak Peak, string GpuModel) Hours(
        decimal parameters, decimal tokens, decimal mfu, string sku, decimal vms, VmSkuCatalog skus)
    {
        if (parameters < 1) throw new TrainingPlanException("parameters must be at least 1 (e.g. 7e9)");
        if (tokens < 1) throw new TrainingPlanException("tokens must be at least 1 (e.g. 2e12)");
        if (mfu is <= 0 or > 1) throw new TrainingPlanException("MFU must be in (0, 1]");
        if (vms <= 0) throw new TrainingPlanException("the number of VMs must be positive");
        var vm = skus.Find(sku) ?? throw new TrainingPlanException($"SKU '{sku}' is not in the SKU catalog (no GPU facts known)");
        if (!vm.HasGpu || vm.GpuModel is null) throw new TrainingPlanException($"SKU '{vm.ArmSkuName}' has no GPU");
        var peak = GpuPeakFlops.ForModel(vm.GpuModel) ?? throw new TrainingPlanException($"no sourced peak FLOP/s for GPU '{vm.GpuModel}'");
        try
        {
            var flops = TrainingFlops(parameters, tokens);
            var perGpuPerSecond = peak.PeakTflops * 1_000_000_000_000m * mfu;
            var gpuHours = flops / perGpuPerSecond / 3600m;
            var wall = gpuHours / (vm.GpuCount * vms);
            return (gpuHours, wall, vm.GpuCount, peak, vm.GpuModel);
        }
        catch (OverflowException)
        {
            throw TooLarge(parameters, tokens);
        }
    }

    private static decimal Total(decimal hourly, decimal vmHours, decimal parameters, decimal tokens)
    {
        try
        {
            return decimal.Round(hourly * vmHours, 2);
        }
        catch (OverflowException)
        {
            throw TooLarge(parameters, tokens);
        }
    }

    private static TrainingPlanException TooLarge(decimal parameters, decimal tokens) =>
        new($"a run of {parameters.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} parameters × " +
            $"{tokens.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} tokens is too large to compute (its FLOPs or cost exceed the decimal range)");

    public static async Task<TrainingPlan> PlanAsync(decimal parameters, decimal tokens, string sku, decimal? mfu, decimal vms,
        string region, VmOs os, IPriceCatalog prices, VmSkuCatalog skus, CancellationToken cancellationToken = default, CarbonFactors? carbon = null)
    {
        var m = mfu ?? DefaultMfu;
        var (gpuHours, wall, gpusPerVm, peak, model) = Hours(parameters, tokens, m, sku, vms, skus);
        var vmHours = wall * vms;
        var costs = new List<PlanCost>();
        var currency = "USD";
        foreach (var option in new[] { PriceOption.OnDemand, PriceOption.Spot, PriceOption.LowPriority, PriceOption.SavingsPlan1Year,
                     PriceOption.SavingsPlan3Year, PriceOption.Reserved1Year, PriceOption.Reserved3Year })
        {
            var q = await prices.GetHourlyPriceAsync(skus.Find(sku)!.ArmSkuName, region, option, os, cancellationToken).ConfigureAwait(false);
            if (q is not null) currency = q.Currency;
            costs.Add(new PlanCost(option, q?.HourlyPrice, q is null ? null : Total(q.HourlyPrice, vmHours, parameters, tokens), q?.Source, q?.AsOf));
        }
        return new TrainingPlan(parameters, tokens, m, skus.Find(sku)!.ArmSkuName, region, model, peak, gpusPerVm, vms,
            TrainingFlops(parameters, tokens), gpuHours, vmHours, wall, costs, currency)
        {
            Emissions = GpuEmissionsCalculator.ForGpuHours(model, gpuHours, region, carbon ?? CarbonFactors.Default) with { GpusPerVm = gpusPerVm },
        };
    }
}
