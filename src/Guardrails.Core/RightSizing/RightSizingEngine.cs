using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// Recommends the cheapest VM size that still fits what a VM's GPUs did: at least the GPUs in use, at least the peak
/// framebuffer memory per GPU plus headroom, strictly cheaper at the same region and priority. A smaller GPU model is
/// considered only when the GPUs were rarely busy (busy peaks keep the model); Spot only when a tag says the work
/// checkpoints. Too little telemetry (the idle coverage rule), an unknown size or price, or no fitting cheaper size
/// gives no recommendation, with the reason. Never an action: recommendations only.
/// </summary>
public sealed class RightSizingEngine(VmSkuCatalog skus, IPriceCatalog prices, RightSizingCriteria criteria)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public RightSizingCriteria Criteria => criteria;

    /// <summary>Evaluates one machine from its hourly rollups over the window ending at <paramref name="end"/>.</summary>
    public async Task<RightSizingRecommendation> RecommendAsync(ComputeMachine machine, IReadOnlyList<GpuHourlyRollup> rollups,
        DateTimeOffset end, decimal? billedHours = null, CancellationToken cancellationToken = default)
    {
        var verdict = Verdict(machine);
        if (skus.Find(machine.VmSize) is not { HasGpu: true } current)
            return verdict with { Reasons = [$"size {machine.VmSize} is not a GPU size in the SKU catalog: no recommendation (unknown is never sized)"] };
        var option = machine.Spot ? PriceOption.Spot : PriceOption.OnDemand;
        var os = machine.Windows ? VmOs.Windows : VmOs.Linux;
        var evidence = GpuUsageProfile.Build(rollups, (int)Math.Ceiling(current.GpuCount), GpuFamilies.MemoryPerGpuGiB(current), criteria, end, billedHours);
        verdict = verdict with { Evidence = evidence };
        if (Blocked(evidence) is { } blocked) return verdict with { Reasons = blocked };
        var currentPrice = await prices.GetHourlyPriceAsync(current.ArmSkuName, machine.Location, option, os, cancellationToken).ConfigureAwait(false);
        if (currentPrice is null)
            return verdict with { Reasons = [$"no {Describe(option)} price for {current.ArmSkuName} in {machine.Location}: the saving cannot be priced, no recommendation"] };
        var allowSmaller = AllowSmallerGpu(evidence);
        var best = await CheapestFitAsync(current, machine.Location, option, os, evidence, allowSmaller, currentPrice.HourlyPrice, cancellationToken).ConfigureAwait(false);
        var spot = await SpotAsync(machine, best?.Sku ?? current, best?.Quote ?? currentPrice, os, cancellationToken).ConfigureAwait(false);
        var notes = Notes(current, evidence, spot, machine);
        var (size, quote, kind) = spot is { Recommend: true }
            ? (spot.Sku, spot.Quote, best is null ? "spot" : Kind(current, best.Value.Sku))
            : best is { } b ? (b.Sku, b.Quote, Kind(current, b.Sku)) : (null, null, null);
        if (size is null || quote is null)
            return verdict with { CurrentHourlyPrice = currentPrice.HourlyPrice, Currency = currentPrice.Currency, Reasons = [NoFit(machine.Location, evidence, allowSmaller), .. notes] };
        var onSpot = spot is { Recommend: true } || machine.Spot;
        return verdict with
        {
            RecommendedSize = size.ArmSkuName,
            RecommendedPriority = onSpot ? "spot" : "on-demand",
            Kind = kind,
            CurrentHourlyPrice = currentPrice.HourlyPrice,
            RecommendedHourlyPrice = quote.HourlyPrice,
            MonthlySavings = Math.Round((currentPrice.HourlyPrice - quote.HourlyPrice) * evidence.MonthlyHours, 2),
            Currency = currentPrice.Currency,
            Confidence = evidence.CoveragePercent >= 97m && kind == "fewer-gpus" ? "high" : "medium",
            Reasons = [Why(current, size, evidence, onSpot && !machine.Spot), .. notes],
        };
    }

    private RightSizingRecommendation Verdict(ComputeMachine m) => new()
    {
        ResourceId = m.ResourceId,
        Name = m.Name,
        Team = m.Tag(criteria.TeamTag),
        Region = m.Location,
        CurrentSize = m.VmSize,
        CurrentPriority = m.Spot ? "spot" : "on-demand",
        Reasons = [],
    };

    /// <summary>Why the evidence cannot carry a recommendation: too little telemetry, or GPUs never used.</summary>
    private List<string>? Blocked(GpuUsageEvidence e)
    {
        var days = e.WindowDays.ToString("0.#", Inv);
        if (e.GpusReporting < e.Gpus)
            return [$"only {e.GpusReporting} of {e.Gpus} GPUs report telemetry in the {days}-day window: no recommendation (missing data is never a guess)"];
        if (e.RunningHours == 0)
            return [$"no telemetry in the {days}-day window: no recommendation (missing data is never a guess)"];
        if (e.CoveragePercent < criteria.MinCoveragePercent)
            return [$"telemetry covers {e.CoveragePercent.ToString("0.#", Inv)}% of the {e.RunningHours} hours the VM ran ({e.CoverageBasis}) in the {days}-day window " +
                $"(< {criteria.MinCoveragePercent.ToString("0.#", Inv)}%, the idle coverage rule): no recommendation, never a guess"];
        if (e.RunningHours < criteria.MinRunningHours)
            return [$"the VM ran {e.RunningHours} hour(s) in the {days}-day window (< {criteria.MinRunningHours}, rightsizing.minRunningHours): too little to size on, no recommendation"];
        if (e.GpusUsed == 0)
            return [$"no GPU did work or held memory in {days} days: the VM is idle, a case for the idle policy (deallocate), not for a smaller size"];
        if (e.PeakMemoryGiB is null)
            return ["no framebuffer memory readings: the memory a smaller size needs is unknown, no recommendation"];
        return null;
    }

    /// <summary>
    /// Whether a smaller GPU model may take the work: tensor-pipe activity decides where DCGM reports it (light use of the
    /// tensor cores while busy is inference or notebooks), else the busy share (busy peaks keep the model).
    /// </summary>
    public bool AllowSmallerGpu(GpuUsageEvidence e) => e.TensorActivePercent is { } tensor
        ? tensor <= criteria.MaxTensorActivePercentForSmallerGpu
        : e.BusyPercent <= criteria.MaxBusyPercentForSmallerGpu;

    private readonly record struct Fit(VmSku Sku, PriceQuote Quote);

    private async Task<Fit?> CheapestFitAsync(VmSku current, string region, PriceOption option, VmOs os, GpuUsageEvidence e, bool allowSmaller,
        decimal currentPrice, CancellationToken ct)
    {
        Fit? best = null;
        foreach (var sku in skus.All.Where(s => Fits(current, s, e, allowSmaller)).OrderBy(s => s.ArmSkuName, StringComparer.Ordinal))
        {
            var q = await prices.GetHourlyPriceAsync(sku.ArmSkuName, region, option, os, ct).ConfigureAwait(false);
            if (q is null || q.HourlyPrice >= currentPrice) continue;
            if (best is null || q.HourlyPrice < best.Value.Quote.HourlyPrice) best = new Fit(sku, q);
        }
        return best;
    }

    /// <summary>Whether <paramref name="s"/> can take the work: GPUs in use, memory per GPU with headroom, same vendor, allowed model.</summary>
    public bool Fits(VmSku current, VmSku s, GpuUsageEvidence e, bool allowSmaller)
    {
        if (!s.HasGpu || string.Equals(s.ArmSkuName, current.ArmSkuName, StringComparison.OrdinalIgnoreCase) || criteria.ExcludedSizes.Contains(s.ArmSkuName))
            return false;
        if (!string.Equals(GpuFamilies.Vendor(s.GpuModel), GpuFamilies.Vendor(current.GpuModel), StringComparison.Ordinal)) return false;
        var sameFamily = GpuFamilies.Family(s.GpuModel) is { } f && f == GpuFamilies.Family(current.GpuModel);
        if (!sameFamily && !allowSmaller) return false;
        if (s.GpuCount < 1m ? e.GpusUsed > 1 || !allowSmaller : s.GpuCount < e.GpusUsed) return false;
        return e.RequiredMemoryGiB is { } need && GpuFamilies.MemoryPerGpuGiB(s) >= need;
    }

    private sealed record SpotOption(VmSku Sku, PriceQuote Quote, bool Recommend);

    private async Task<SpotOption?> SpotAsync(ComputeMachine m, VmSku sku, PriceQuote onDemand, VmOs os, CancellationToken ct)
    {
        if (m.Spot) return null;
        var q = await prices.GetHourlyPriceAsync(sku.ArmSkuName, m.Location, PriceOption.Spot, os, ct).ConfigureAwait(false);
        if (q is null || q.HourlyPrice >= onDemand.HourlyPrice || q.Currency != onDemand.Currency) return null;
        var checkpoints = string.Equals(m.Tag(criteria.CheckpointTag)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return new SpotOption(sku, q, checkpoints);
    }

    private static string Kind(VmSku current, VmSku s) =>
        GpuFamilies.Family(s.GpuModel) == GpuFamilies.Family(current.GpuModel) ? "fewer-gpus" : "smaller-gpu";

    private string Why(VmSku current, VmSku size, GpuUsageEvidence e, bool spot)
    {
        var text = $"{e.GpusUsed} of {e.Gpus} GPU(s) used, peak {Gib(e.PeakMemoryGiB)} GiB (p95 {Gib(e.P95MemoryGiB)}) per GPU, busy {e.BusyPercent.ToString("0.#", Inv)}% " +
            $"of {e.RunningHours} running hours: {size.ArmSkuName} ({Gpus(size)} × {size.GpuModel}, {Gib(GpuFamilies.MemoryPerGpuGiB(size))} GiB each) " +
            $"fits {Gib(e.RequiredMemoryGiB)} GiB (peak + {criteria.HeadroomPercent.ToString("0.#", Inv)}% headroom)";
        if (e.TensorActivePercent is { } tensor && Kind(current, size) == "smaller-gpu")
            text += $"; tensor pipes active {tensor.ToString("0.#", Inv)}% while busy (≤ {criteria.MaxTensorActivePercentForSmallerGpu.ToString("0.#", Inv)}%): " +
                "light inference or notebook work that a smaller GPU model can take";
        if (size.VCpus < current.VCpus || size.MemoryGiB < current.MemoryGiB)
            text += $"; check the host: {size.VCpus} vCPUs / {Gib(size.MemoryGiB)} GiB RAM instead of {current.VCpus} / {Gib(current.MemoryGiB)}";
        return spot ? text + $"; on Spot because tag {criteria.CheckpointTag}=true says the work checkpoints (evictions resume from a checkpoint)" : text;
    }

    private string NoFit(string region, GpuUsageEvidence e, bool allowSmaller)
    {
        var text = $"no cheaper size fits: needs {e.GpusUsed} GPU(s) with at least {Gib(e.RequiredMemoryGiB)} GiB each (peak {Gib(e.PeakMemoryGiB)} GiB + " +
            $"{criteria.HeadroomPercent.ToString("0.#", Inv)}% headroom) at {region}";
        if (allowSmaller) return text;
        return e.TensorActivePercent is { } tensor
            ? text + $"; tensor pipes active {tensor.ToString("0.#", Inv)}% while busy (> {criteria.MaxTensorActivePercentForSmallerGpu.ToString("0.#", Inv)}%): " +
              "tensor-heavy work would slow down on a smaller GPU, so only fewer GPUs of the same model were considered"
            : text + $"; busy peaks: GPUs busy in {e.BusyPercent.ToString("0.#", Inv)}% of running hours " +
              $"(> {criteria.MaxBusyPercentForSmallerGpu.ToString("0.#", Inv)}%), so only fewer GPUs of the same model were considered";
    }

    private List<string> Notes(VmSku current, GpuUsageEvidence e, SpotOption? spot, ComputeMachine m)
    {
        var notes = new List<string>();
        if (e.GpusUsed == 1 && e.RequiredMemoryGiB is { } need && GpuFamilies.SmallestMigProfile(current, need) is { } mig)
            notes.Add($"the work fits MIG profile {mig.Name} of the {current.GpuModel} ({mig.PerGpu} per GPU): several such jobs can share one GPU " +
                "(Azure sells no MIG size; enable MIG on the VM)");
        if (spot is { Recommend: false })
            notes.Add($"Spot would cost {spot.Quote.HourlyPrice.ToString("0.####", Inv)} {spot.Quote.Currency}/h for {spot.Sku.ArmSkuName}; not recommended " +
                $"without evidence the work checkpoints (tag {criteria.CheckpointTag}=true on {m.Name})");
        return notes;
    }

    private static string Describe(PriceOption o) => o == PriceOption.Spot ? "spot" : "on-demand";
    private static string Gib(decimal? v) => v is { } d ? d.ToString("0.#", Inv) : "unknown";
    private static string Gpus(VmSku s) => s.GpuCount >= 1m ? s.GpuCount.ToString("0", Inv) : $"1/{Math.Round(1m / s.GpuCount).ToString("0", Inv)}";
}
