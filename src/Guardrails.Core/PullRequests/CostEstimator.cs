using Guardrails.Core.Carbon;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

public enum ResourceChange { Added, Removed, Changed, Unchanged }

/// <summary>
/// A cheaper (or just different) way to buy the same capacity, priced for a month. Region alternatives ("cheapest region",
/// "lowest-carbon region") also carry the GPU emissions of the same usage in that region.
/// </summary>
public sealed record CostAlternative(string Label, decimal MonthlyCost, string? Region = null)
{
    public const string CheapestRegion = "cheapest region";
    public const string LowestCarbonRegion = "lowest-carbon region";

    public GpuEmissions? Emissions { get; init; }
}

/// <summary>One side (base or head) of a priced resource.</summary>
public sealed record PricedSide(string Sku, decimal Nodes, decimal Hours, string Region, VmOs Os, PriceOption Option,
    decimal HourlyPrice, decimal MonthlyCost, PriceQuote Quote, decimal? PerRunCost, decimal? RunsPerMonth);

public sealed record ResourceEstimate(string File, string Name, string Type, ResourceChange Change, PricedSide? Base, PricedSide? Head,
    IReadOnlyList<CostAlternative> Alternatives, IacResource? BaseResource, IacResource? HeadResource)
{
    public string? Sku => (Head ?? Base)?.Sku;
    public decimal Quantity => (Head ?? Base)?.Nodes ?? 0m;
    public decimal? BaseMonthlyCost => Base?.MonthlyCost;
    public decimal? HeadMonthlyCost => Head?.MonthlyCost;
    public decimal DiffMonthlyCost => (Head?.MonthlyCost ?? 0m) - (Base?.MonthlyCost ?? 0m);

    /// <summary>GPU emissions per month of the base side (null: no base, or a size without GPUs).</summary>
    public GpuEmissions? BaseEmissions { get; init; }

    /// <summary>GPU emissions per month of the head side (null: removed, or a size without GPUs).</summary>
    public GpuEmissions? HeadEmissions { get; init; }

    /// <summary>The side the resource is judged on: the head, else (removed) the base.</summary>
    public GpuEmissions? Emissions => Head is not null ? HeadEmissions : BaseEmissions;
}

/// <summary>
/// A compute resource that could not be priced. <paramref name="BlocksGate"/>: its cost after the merge is unknown (it is
/// on the head, or its base could not be priced while the head exists); false for a removed resource.
/// </summary>
public sealed record UnpricedResource(string File, string Name, string Type, string? Sku, string Side, string Reason, int Line = 0,
    bool BlocksGate = true)
{
    public string Location => Line > 0 ? $"{File}:{Line}" : File;
}

/// <summary>A file that could not be read, on the base or head side.</summary>
public sealed record UnreadableFile(IacFileError Error, string Side);

public sealed record CostEstimate(string Currency, decimal BaseMonthlyCost, decimal HeadMonthlyCost, IReadOnlyList<ResourceEstimate> Resources,
    IReadOnlyList<UnpricedResource> Unpriced, IReadOnlyList<SkippedResource> Skipped, IReadOnlyList<string> Assumptions,
    IReadOnlyList<string> PriceSources)
{
    /// <summary>IaC files that could not be parsed (their resources are unknown, never free).</summary>
    public IReadOnlyList<UnreadableFile> ParseErrors { get; init; } = [];

    public decimal DiffMonthlyCost => HeadMonthlyCost - BaseMonthlyCost;
    /// <summary>Change as a percentage of the base (null when the base is zero).</summary>
    public decimal? DiffPercent => BaseMonthlyCost == 0 ? null : decimal.Round(DiffMonthlyCost / BaseMonthlyCost * 100m, 1);
}

/// <summary>Options for one estimate: region override and the regions compared for "cheapest region".</summary>
public sealed record EstimateOptions(string? Region = null, IReadOnlyList<string>? CompareRegions = null);

/// <summary>
/// Base vs head compute resources → monthly cost difference. Usage: 730 h/month, on-demand Linux, autoscaled clusters at
/// max nodes unless guardrails.yaml says otherwise; jobs per run × runs per month. Resources whose SKU, size or price
/// is unknown are listed as unpriced and excluded from the totals (never priced at $0).
/// </summary>
public sealed class CostEstimator(IPriceCatalog prices, VmSkuCatalog skus, PullRequestConfig config, UsageFile? usageFile = null,
    CarbonFactors? carbon = null)
{
    private readonly UsageFile _usageFile = usageFile ?? UsageFile.Empty;
    private readonly CarbonFactors _carbon = carbon ?? CarbonFactors.Default;

    private static readonly string[] s_defaultRegions = SnapshotPriceCatalog.Default.Regions.ToArray();

    public async Task<CostEstimate> EstimateAsync(IacParseResult baseSide, IacParseResult headSide, EstimateOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new EstimateOptions();
        var assumptions = PricingAssumptions();
        var unpriced = new List<UnpricedResource>();
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        var baseByKey = baseSide.Resources.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var headByKey = headSide.Resources.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First());
        var keys = baseByKey.Keys.Union(headByKey.Keys).Order(StringComparer.Ordinal).ToList();
        var list = new List<ResourceEstimate>();
        var currency = "USD";
        decimal baseTotal = 0, headTotal = 0;
        var headUnknowns = new HeadUnknowns(headSide);
        await LookUpOwnPricesFirstAsync(baseByKey.Values, headByKey.Values, baseSide, headSide, options, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys)
        {
            // Gone from the head only because the head could not be read there: unknown, never a saving.
            if (!headByKey.ContainsKey(key) && headUnknowns.Hiding(baseByKey[key]) is { } hidden)
            {
                unpriced.Add(hidden);
                continue;
            }
            var estimate = await EstimateResourceAsync(baseByKey.GetValueOrDefault(key), headByKey.GetValueOrDefault(key), baseSide, headSide,
                options, unpriced, assumptions, cancellationToken).ConfigureAwait(false);
            if (estimate is null) continue; // unknown on one side: the difference would be invented, so it stays out of the totals
            var priced = estimate.Head ?? estimate.Base!;
            currency = priced.Quote.Currency;
            sources.Add($"{priced.Quote.Source.Split('#')[0]} (as of {priced.Quote.AsOf:yyyy-MM-dd})");
            baseTotal += estimate.Base?.MonthlyCost ?? 0m;
            headTotal += estimate.Head?.MonthlyCost ?? 0m;
            list.Add(estimate);
        }
        foreach (var r in baseByKey.Values.Concat(headByKey.Values))
            foreach (var n in r.Notes) assumptions.Add($"{r.Name}: {n}");
        var skipped = headSide.Skipped.Concat(baseSide.Skipped.Where(s => !headSide.Skipped.Any(h => h.File == s.File && h.Name == s.Name)))
            .ToList();
        return new CostEstimate(currency, decimal.Round(baseTotal, 2), decimal.Round(headTotal, 2), list, ListedOnce(unpriced), skipped,
            assumptions.ToList(), sources.ToList())
        {
            ParseErrors = [.. headSide.Errors.Select(x => new UnreadableFile(x, "head")), .. baseSide.Errors.Select(x => new UnreadableFile(x, "base"))],
        };
    }

    /// <summary>
    /// Every resource's own price is looked up before any alternative's: a catalog that asks a live API within a bound per
    /// check (the deployed one) spends it on what the totals and the gate need. The answers are the catalog's to keep; the
    /// estimate itself is made after, in order.
    /// </summary>
    private async Task LookUpOwnPricesFirstAsync(IEnumerable<IacResource> baseResources, IEnumerable<IacResource> headResources,
        IacParseResult baseSide, IacParseResult headSide, EstimateOptions options, CancellationToken cancellationToken)
    {
        foreach (var (r, side) in headResources.Select(r => (r, headSide)).Concat(baseResources.Select(r => (r, baseSide))))
            await PriceAsync(r, side, "", options, [], new SortedSet<string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What every estimate assumes: hours per month, the prices taken, how autoscaled clusters are counted.</summary>
    private SortedSet<string> PricingAssumptions() => new(StringComparer.Ordinal)
    {
        $"{config.HoursPerMonth:0.##} hours/month; {config.DefaultOs} on-demand prices unless a resource says Spot or Low Priority",
        config.AutoscaleNodes switch
        {
            "min" => "autoscaled clusters priced at their minimum node count (pullRequests.autoscaleNodes)",
            "max" => "autoscaled clusters priced at their maximum node count (pullRequests.autoscaleNodes)",
            _ => "autoscaled clusters priced by expected node-hours: the jobs that target them, else guardrails-usage.yml, else the worst case (stated); AKS pools at node_count, else min_count",
        },
    };

    /// <summary>The same resource unpriced on both sides is listed once (the head's entry).</summary>
    private static List<UnpricedResource> ListedOnce(List<UnpricedResource> unpriced)
    {
        var headUnpriced = unpriced.Where(u => u.Side == "head").Select(u => (u.File, u.Name, u.Type)).ToHashSet();
        unpriced.RemoveAll(u => u.Side == "base" && headUnpriced.Contains((u.File, u.Name, u.Type)));
        return unpriced;
    }

    /// <summary>One resource on both sides: priced, its change and cheaper alternatives; null when a side that exists could
    /// not be priced (the reason is in <paramref name="unpriced"/>).</summary>
    private async Task<ResourceEstimate?> EstimateResourceAsync(IacResource? b, IacResource? h, IacParseResult baseSide, IacParseResult headSide,
        EstimateOptions options, List<UnpricedResource> unpriced, SortedSet<string> assumptions, CancellationToken cancellationToken)
    {
        var before = unpriced.Count;
        var bp = b is null ? null : await PriceAsync(b, baseSide, "base", options, unpriced, assumptions, cancellationToken).ConfigureAwait(false);
        // A base that cannot be priced matters only while the resource still exists on the head (its diff is unknown).
        if (b is not null && bp is null && h is null)
            for (var i = before; i < unpriced.Count; i++) unpriced[i] = unpriced[i] with { BlocksGate = false };
        var hp = h is null ? null : await PriceAsync(h, headSide, "head", options, unpriced, assumptions, cancellationToken).ConfigureAwait(false);
        if ((b is not null && bp is null) || (h is not null && hp is null)) return null;
        var change = b is null ? ResourceChange.Added : h is null ? ResourceChange.Removed
            : bp!.MonthlyCost == hp!.MonthlyCost && string.Equals(bp.Sku, hp.Sku, StringComparison.OrdinalIgnoreCase) && bp.Nodes == hp.Nodes
                ? ResourceChange.Unchanged : ResourceChange.Changed;
        var priced = hp ?? bp!;
        var alternatives = change == ResourceChange.Unchanged || change == ResourceChange.Removed || priced.MonthlyCost == 0
            ? [] : await AlternativesAsync(priced, options, cancellationToken).ConfigureAwait(false);
        var any = h ?? b!;
        return new ResourceEstimate(any.File, any.Name, any.Type, change, bp, hp, alternatives, b, h)
        {
            BaseEmissions = Emissions(bp, bp?.Region),
            HeadEmissions = Emissions(hp, hp?.Region),
        };
    }

    private async Task<PricedSide?> PriceAsync(IacResource r, IacParseResult side, string sideName, EstimateOptions options,
        List<UnpricedResource> unpriced, SortedSet<string> assumptions, CancellationToken ct)
    {
        var (sku, priority, unresolved) = ResolveSku(r, side);
        if (sku is null)
        {
            unpriced.Add(new(r.File, r.Name, r.Type, null, sideName, unresolved!, r.Line));
            return null;
        }

        var region = RegionOf(r, options, assumptions);
        var option = priority switch
        {
            CapacityPriority.Spot => PriceOption.Spot,
            CapacityPriority.LowPriority => PriceOption.LowPriority,
            _ => PriceOption.OnDemand,
        };
        var os = BilledOs(r, assumptions);
        var lookup = await prices.LookupAsync(sku, region, option, os, ct).ConfigureAwait(false);
        if (lookup.Quote is not { } quote)
        {
            var why = lookup.MissReason is { } reason ? $": {reason}"
                : skus.Find(sku) is null ? " (SKU not in the catalog; retired or not covered)" : "";
            unpriced.Add(new(r.File, r.Name, r.Type, sku, sideName,
                    $"no {Describe(option)} {os} price for {sku} in {region}{why}", r.Line));
            return null;
        }

        var stated = _usageFile.Find(r.Name, r.Type, r.File);
        if (r.Usage == UsageKind.PerRun)
        {
            if (PricePerRun(r, sku, quote, stated, assumptions, out var unpricedReason) is not { } perRun)
            {
                unpriced.Add(new(r.File, r.Name, r.Type, sku, sideName, unpricedReason!, r.Line));
                return null;
            }

            var (nodes, hours, runs, runCost) = perRun;
            return new PricedSide(quote.ArmSkuName, nodes, hours, region, os, option, quote.HourlyPrice,
                decimal.Round(runCost * runs, 2), quote, decimal.Round(runCost, 2), runs);
        }

        var (count, monthHours) = MonthlyNodeHours(r, side, stated, quote, assumptions);
        return new PricedSide(quote.ArmSkuName, count, monthHours, region, os, option, quote.HourlyPrice,
            decimal.Round(quote.HourlyPrice * count * monthHours, 2), quote, null, null);
    }

    /// <summary>The SKU and priority to price: the resource's, or for a job the compute it runs on (in the repository or
    /// pullRequests.computes); a null SKU with the reason when it is unknown.</summary>
    private (string? Sku, CapacityPriority Priority, string? Unresolved) ResolveSku(IacResource r, IacParseResult side)
    {
        var sku = r.Sku;
        var priority = r.Priority;
        if (r.Usage == UsageKind.PerRun && r.UnresolvedReason is not null) return (null, priority, r.UnresolvedReason); // e.g. instance_count: `{{NODES}}`
        if (r.Usage == UsageKind.PerRun && r.ComputeName is not null)
        {
            var def = side.Computes.FirstOrDefault(c => string.Equals(c.Name, r.ComputeName, StringComparison.OrdinalIgnoreCase));
            if (def is not null) (sku, priority) = (def.Sku, def.Priority);
            else if (Lookup(config.Computes, r.ComputeName) is { } configured) sku = configured;
            else
                return (null, priority,
                    $"compute `azureml:{r.ComputeName}` is not defined in the repository or in pullRequests.computes (the name does not tell the SKU)");
        }

        return (sku, priority, sku is null ? r.UnresolvedReason ?? "size unknown" : null);
    }

    /// <summary>The region priced: the option's, the resource's literal location, else the configured default (stated).</summary>
    private string RegionOf(IacResource r, EstimateOptions options, SortedSet<string> assumptions)
    {
        var literal = AzureRegions.Literal(r.Region);
        var region = options.Region ?? literal ?? config.DefaultRegion;
        if (options.Region is null && literal is null)
            assumptions.Add($"resources without a literal location priced in {config.DefaultRegion}");
        return region;
    }

    /// <summary>The OS whose price applies: Windows with Azure Hybrid Benefit pays the Linux (base compute) rate (stated).</summary>
    private static VmOs BilledOs(IacResource r, SortedSet<string> assumptions)
    {
        if (r.Os != VmOs.Windows || !r.HybridBenefit) return r.Os;
        assumptions.Add($"{r.Name}: Windows with Azure Hybrid Benefit (licenseType): billed at the base compute rate (the Linux price)");
        return VmOs.Linux;
    }

    /// <summary>A job priced per run: nodes, billed hours a month (runs × trials × run length), runs a month and the cost of
    /// one run; null with the reason when the run length is unknown.</summary>
    private (decimal Nodes, decimal Hours, decimal Runs, decimal RunCost)? PricePerRun(IacResource r, string sku, PriceQuote quote,
        ResourceUsageEstimate? stated, SortedSet<string> assumptions, out string? unpricedReason)
    {
        var job = Lookup(config.Jobs, r.Name) ?? Lookup(config.Jobs, r.File);
        var nodes = r.Quantity;
        if (RunHours(r, job, stated, sku, nodes, assumptions, out unpricedReason) is not { } runHours) return null;
        var runs = stated?.RunsPerMonth ?? job?.RunsPerMonth ?? 1m;
        if (stated?.RunsPerMonth is not null || stated?.HoursPerRun is not null) assumptions.Add($"{r.Name}: usage from {UsageFile.FileName}");
        var perRun = quote.HourlyPrice * nodes * runHours * r.Trials;
        assumptions.Add($"{r.Name}: {runs:0.##} run(s)/month × {r.Trials:0.##} trial(s) × {nodes:0.##} node(s) × {runHours:0.##} h");
        return (nodes, runHours * r.Trials * runs, runs, perRun);
    }

    /// <summary>The hours of one run: stated (usage file, pullRequests.jobs, a comment in the job), else from the model's
    /// parameters and tokens (<see cref="TrainingPlanner"/>); null with the reason when neither is known.</summary>
    private decimal? RunHours(IacResource r, JobUsage? job, ResourceUsageEstimate? stated, string sku, decimal nodes,
        SortedSet<string> assumptions, out string? unknownReason)
    {
        unknownReason = null;
        var expected = stated?.HoursPerRun ?? job?.ExpectedHours ?? r.ExpectedHours;
        if (expected is not null) return expected.Value;
        var p = job?.Parameters ?? r.ModelParameters;
        var t = job?.Tokens ?? r.TrainingTokens;
        if (p is null || t is null)
        {
            unknownReason = "run length unknown: add `# guardrails: expected-hours=N` (or params=/tokens=) to the job, or pullRequests.jobs in guardrails.yaml";
            return null;
        }

        var mfu = job?.Mfu ?? r.Mfu ?? TrainingPlanner.DefaultMfu;
        try
        {
            var runHours = TrainingPlanner.Hours(p.Value, t.Value, mfu, sku, nodes, skus).WallHours;
            assumptions.Add($"{r.Name}: run length from 6 × {p:0.###e+0} params × {t:0.###e+0} tokens at {mfu * 100:0.#}% MFU = {runHours:0.#} h");
            return runHours;
        }
        catch (TrainingPlanException e)
        {
            unknownReason = e.Message;
            return null;
        }
    }

    /// <summary>An always-on resource: nodes and hours a month, from pullRequests.usage, the jobs that target a cluster, the
    /// usage file's node-hours, the autoscale rule, else its quantity (each stated).</summary>
    private (decimal Count, decimal Hours) MonthlyNodeHours(IacResource r, IacParseResult side, ResourceUsageEstimate? stated,
        PriceQuote quote, SortedSet<string> assumptions)
    {
        var usage = Lookup(config.Usage, r.Name);
        var hours = usage?.HoursPerMonth ?? config.HoursPerMonth;
        var jobs = r.IsJobCluster && config.AutoscaleNodes is null
            ? side.Resources.Where(j => j.Usage == UsageKind.PerRun && string.Equals(j.ComputeName, r.ComputeName, StringComparison.OrdinalIgnoreCase))
                .Select(j => j.Name).Distinct().ToList()
            : [];
        if (usage is not null)
        {
            var count = usage.Nodes ?? (r.MaxNodes is not null && config.AutoscaleNodes != "min" ? r.MaxNodes.Value : r.Quantity);
            assumptions.Add($"{r.Name}: {count:0.##} node(s) × {hours:0.##} h/month (pullRequests.usage)");
            return (count, hours);
        }

        if (jobs.Count > 0)
        {
            // The jobs' node-hours are priced on the jobs; the cluster adds only its always-on floor.
            var count = r.MinNodes ?? 0m;
            assumptions.Add($"{r.Name}: scales with the jobs that target it ({string.Join(", ", jobs)}): their node-hours are priced on the jobs; "
                + $"{count:0.##} always-on node(s) here");
            return (count, hours);
        }

        if (stated?.MonthlyNodeHours is { } nodeHours)
        {
            var count = Math.Max(1m, r.MaxNodes ?? r.Quantity);
            assumptions.Add($"{r.Name}: {nodeHours:0.##} node-hours/month ({UsageFile.FileName})");
            return (count, nodeHours / count);
        }

        return r.MaxNodes is { } max ? (AutoscaledNodes(r, max, quote, hours, assumptions), hours) : (r.Quantity, hours);
    }

    /// <summary>An autoscaled pool or cluster no job or usage speaks for: by pullRequests.autoscaleNodes, else a job cluster
    /// at its maximum (the worst case) and a node pool at its node count (the range stated).</summary>
    private decimal AutoscaledNodes(IacResource r, decimal max, PriceQuote quote, decimal hours, SortedSet<string> assumptions)
    {
        var min = r.MinNodes ?? 0m;
        if (config.AutoscaleNodes == "max") return max;
        if (config.AutoscaleNodes == "min") return min;
        if (r.IsJobCluster)
        {
            assumptions.Add($"{r.Name}: worst case, {max:0.##} node(s) all month: no job in this change targets it "
                + $"(state monthlyNodeHours in {UsageFile.FileName})");
            return max;
        }

        var count = r.Quantity;
        if (count < max)
            assumptions.Add($"{r.Name}: autoscales {min:0.##}–{max:0.##} nodes: priced at {count:0.##} (node_count, else min_count); "
                + $"at {max:0.##} nodes {Money.Format(quote.HourlyPrice * (max - count) * hours, quote.Currency)}/month more "
                + $"(state monthlyNodeHours in {UsageFile.FileName})");
        return count;
    }

    private async Task<IReadOnlyList<CostAlternative>> AlternativesAsync(PricedSide p, EstimateOptions options, CancellationToken ct)
    {
        var list = new List<CostAlternative>();
        var units = p.Nodes * p.Hours;
        async Task Add(string label, params PriceOption[] choices)
        {
            if (choices.Contains(p.Option)) return;
            foreach (var o in choices)
            {
                var q = await prices.GetHourlyPriceAsync(p.Sku, p.Region, o, p.Os, ct).ConfigureAwait(false);
                if (q is null) continue;
                list.Add(new CostAlternative($"{label} ({Describe(o)})", decimal.Round(q.HourlyPrice * units, 2)));
                return;
            }
        }
        await Add("spot", PriceOption.Spot).ConfigureAwait(false);
        await Add("1-year", PriceOption.Reserved1Year, PriceOption.SavingsPlan1Year).ConfigureAwait(false);
        await Add("3-year", PriceOption.Reserved3Year, PriceOption.SavingsPlan3Year).ConfigureAwait(false);
        var regions = options.CompareRegions ?? (config.CompareRegions.Count > 0 ? config.CompareRegions : s_defaultRegions);
        var offered = new List<PriceQuote>();
        foreach (var region in regions)
            if (await prices.GetHourlyPriceAsync(p.Sku, region, p.Option, p.Os, ct).ConfigureAwait(false) is { } q) offered.Add(q);
        PriceQuote? best = null;
        foreach (var q in offered)
            if (best is null || q.HourlyPrice < best.HourlyPrice) best = q;
        if (best is not null && !string.Equals(best.Region, p.Region, StringComparison.OrdinalIgnoreCase) && best.HourlyPrice < p.HourlyPrice)
            list.Add(RegionAlternative(CostAlternative.CheapestRegion, p, best));
        if (LowestCarbon(p, offered) is { } green) list.Add(RegionAlternative(CostAlternative.LowestCarbonRegion, p, green));
        return list;
    }

    /// <summary>
    /// The region with the lowest sourced grid intensity among those that price the same size, OS and priority (the
    /// resource's own region when it is already the lowest); null when the size has no GPU or no offering region has a
    /// sourced intensity. Ties go to the cheaper region.
    /// </summary>
    private PriceQuote? LowestCarbon(PricedSide p, IReadOnlyList<PriceQuote> offered)
    {
        if (skus.Find(p.Sku) is not { HasGpu: true }) return null;
        return offered.Select(q => (Quote: q, Grid: _carbon.Region(q.Region)))
            .Where(x => x.Grid is not null)
            .OrderBy(x => x.Grid!.Value).ThenBy(x => x.Quote.HourlyPrice).ThenBy(x => x.Quote.Region, StringComparer.Ordinal)
            .Select(x => x.Quote).FirstOrDefault();
    }

    private CostAlternative RegionAlternative(string label, PricedSide p, PriceQuote q) =>
        new(label, decimal.Round(q.HourlyPrice * p.Nodes * p.Hours, 2), q.Region) { Emissions = Emissions(p, q.Region) };

    /// <summary>GPU emissions of a priced side's VM-hours (nodes × hours) in a region; null for no side or a size without GPUs.</summary>
    private GpuEmissions? Emissions(PricedSide? p, string? region) =>
        p is null ? null : GpuEmissionsCalculator.ForVmHours(p.Sku, p.Nodes * p.Hours, region, skus, _carbon);

    public static string Describe(PriceOption o) => o switch
    {
        PriceOption.OnDemand => "on-demand",
        PriceOption.Spot => "spot",
        PriceOption.LowPriority => "low priority",
        PriceOption.SavingsPlan1Year => "1-year savings plan",
        PriceOption.SavingsPlan3Year => "3-year savings plan",
        PriceOption.Reserved1Year => "1-year reservation",
        PriceOption.Reserved3Year => "3-year reservation",
        _ => o.ToString(),
    };

    private static T? Lookup<T>(Dictionary<string, T> d, string key) where T : class =>
        d.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Lookup(Dictionary<string, string> d, string key) =>
        d.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
