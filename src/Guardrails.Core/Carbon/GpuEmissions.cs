using Guardrails.Core.Pricing;

namespace Guardrails.Core.Carbon;

/// <summary>
/// Energy and emissions of some GPU-hours in one region: GPU-hours × board power × PUE = kWh; kWh × grid intensity = kgCO2e.
/// <see cref="KgCO2e"/> is null (unknown, never 0) when the GPU model's power or the region's grid intensity is not
/// sourced; <see cref="Unknown"/> then says why. <see cref="EnergyKWh"/> is known whenever the board power is.
/// </summary>
public sealed record GpuEmissions(string? Region, string? GpuModel, decimal GpuHours, decimal? EnergyKWh, decimal? KgCO2e, string? Unknown,
    CarbonFactor? BoardPower, CarbonFactor Pue, CarbonFactor? GridIntensity)
{
    /// <summary>GPUs per VM when the emissions are of a VM size's hours (the count shown beside the GPU model).</summary>
    public decimal? GpusPerVm { get; init; }

    /// <summary>The factors used (board power, PUE, grid intensity), for naming their sources.</summary>
    public IEnumerable<CarbonFactor> Factors =>
        new[] { BoardPower, Pue, GridIntensity }.Where(f => f is not null).Select(f => f!);
}

/// <summary>The one carbon formula, shared by the reports, the PR estimate and the training-run planner (pure).</summary>
public static class GpuEmissionsCalculator
{
    /// <summary>kWh = GPU-hours × board power (W) ÷ 1000 × PUE.</summary>
    public static decimal EnergyKWh(decimal gpuHours, decimal boardWatts, decimal pue) => gpuHours * boardWatts / 1000m * pue;

    /// <summary>kgCO2e = kWh × grid intensity (gCO2e/kWh) ÷ 1000.</summary>
    public static decimal KgCO2e(decimal energyKWh, decimal gramsPerKWh) => energyKWh * gramsPerKWh / 1000m;

    /// <summary>
    /// Emissions of <paramref name="vmHours"/> hours of one VM size (all its GPUs) in a region. Null for a size the
    /// catalog knows has no GPU (only GPU energy is estimated); an unknown size is unknown, not zero.
    /// </summary>
    public static GpuEmissions? ForVmHours(string skuName, decimal vmHours, string? region, VmSkuCatalog skus, CarbonFactors factors)
    {
        var sku = skus.Find(skuName);
        if (sku is null)
            return new GpuEmissions(region, null, 0m, null, null, $"SKU '{skuName}' is not in the SKU catalog (GPU count and model unknown)",
                null, factors.Pue, factors.Region(region));
        return sku.HasGpu ? ForGpuHours(sku.GpuModel, sku.GpuCount * vmHours, region, factors) with { GpusPerVm = sku.GpuCount } : null;
    }

    /// <summary>Emissions of GPU-hours of one GPU model (as written in skus.csv) in a region.</summary>
    public static GpuEmissions ForGpuHours(string? gpuModel, decimal gpuHours, string? region, CarbonFactors factors)
    {
        var power = factors.GpuPower(gpuModel);
        var grid = factors.Region(region);
        var kwh = power is null ? (decimal?)null : EnergyKWh(gpuHours, power.Value, factors.Pue.Value);
        var kg = kwh is { } e && grid is not null ? KgCO2e(e, grid.Value) : (decimal?)null;
        var unknown = power is null ? $"no sourced board power for GPU '{gpuModel ?? "(none)"}'"
            : grid is null ? (string.IsNullOrWhiteSpace(region) ? "region unknown" : $"no sourced grid intensity for region '{region}'")
            : null;
        return new GpuEmissions(region, gpuModel, gpuHours, Round(kwh), Round(kg), unknown, power, factors.Pue, grid);
    }

    private static decimal? Round(decimal? d) => d is { } v ? decimal.Round(v, 3) : null;
}
