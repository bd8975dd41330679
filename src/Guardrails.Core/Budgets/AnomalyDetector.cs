using System.Globalization;
using Guardrails.Core.Alerts;
using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Budgets;

public enum AnomalyKind { SpendSpike, NewGpuSku }

/// <summary>An unusual day in a budget's scope, naming the resources that drove it.</summary>
public sealed record SpendAnomaly(AnomalyKind Kind, DateOnly Day, decimal Spend, decimal BaselineMedian, decimal BaselineMad,
    decimal Threshold, string? SkuName, IReadOnlyList<CostDriver> Drivers, string Description)
{
    /// <summary>Identifies the anomaly within a budget and month (one alert each).</summary>
    public string Key => Kind == AnomalyKind.NewGpuSku ? $"sku:{SkuName}" : Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// Daily spend against a rolling baseline (median and MAD of the previous <see cref="AnomalyConfig.BaselineDays"/>
/// days), and GPU SKUs that appear in a scope without having been seen during the baseline. A day is anomalous when
/// spend &gt; median + sensitivity × 1.4826 × MAD and spend − median ≥ minimumIncrease. At least 7 known baseline days are
/// needed; days before the ledger's first day are unknown, not zero.
/// </summary>
public static class AnomalyDetector
{
    public const int MinimumBaselineDays = 7;
    public const int MaxDrivers = 5;
    private const decimal MadToSigma = 1.4826m;

    /// <param name="days">The days to test (usually the last one or few days with data).</param>
    /// <param name="dailySpend">Scope spend per day (absent = 0 within [dataFrom, …]).</param>
    /// <param name="resourceCosts">The scope's per-resource costs over the baseline and tested days.</param>
    public static IReadOnlyList<SpendAnomaly> Detect(AnomalyConfig config, IEnumerable<DateOnly> days, DateOnly dataFrom,
        IReadOnlyDictionary<DateOnly, decimal> dailySpend, IReadOnlyList<ResourceDailyCost> resourceCosts,
        Func<ResourceDailyCost, decimal> cost, VmSkuCatalog? skus = null)
    {
        if (!config.Enabled) return [];
        var result = new List<SpendAnomaly>();
        var seenSkus = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var byDay = resourceCosts.GroupBy(r => r.Day).ToDictionary(g => g.Key, g => g.ToList());
        decimal Spend(DateOnly d) => dailySpend.TryGetValue(d, out var v) ? v : 0m;

        foreach (var day in days.Distinct().Order())
        {
            var baselineFrom = day.AddDays(-config.BaselineDays);
            if (baselineFrom < dataFrom) baselineFrom = dataFrom;
            var baselineDays = day.DayNumber - baselineFrom.DayNumber;
            if (baselineDays < MinimumBaselineDays) continue;

            var baseline = Enumerable.Range(0, baselineDays).Select(i => Spend(baselineFrom.AddDays(i))).ToArray();
            var median = DecimalMath.Median(baseline);
            var mad = DecimalMath.MedianAbsoluteDeviation(baseline, median);
            var threshold = Math.Max(median + config.Sensitivity * MadToSigma * mad, median + config.MinimumIncrease);
            var spend = Spend(day);
            var todays = byDay.TryGetValue(day, out var t) ? t : [];

            if (spend > median && spend >= threshold)
            {
                var drivers = Drivers(todays, baselineFrom, day, byDay, cost);
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"Spend on {day:yyyy-MM-dd} was {spend:0.00} against a {baselineDays}-day median of {median:0.00} (MAD {mad:0.00}, threshold {threshold:0.00})");
                result.Add(new SpendAnomaly(AnomalyKind.SpendSpike, day, spend, median, mad, threshold, null, drivers, text));
            }

            if (config.NewGpuSku) result.AddRange(NewGpuSkus(day, baselineFrom, todays, byDay, cost, skus, seenSkus));
        }
        return result;
    }

    /// <summary>GPU SKUs billed on <paramref name="day"/> that the baseline days did not have (each reported once: <paramref name="seenSkus"/>).</summary>
    private static List<SpendAnomaly> NewGpuSkus(DateOnly day, DateOnly baselineFrom, List<ResourceDailyCost> todays,
        Dictionary<DateOnly, List<ResourceDailyCost>> byDay, Func<ResourceDailyCost, decimal> cost, VmSkuCatalog? skus, HashSet<string> seenSkus)
    {
        var baselineDays = day.DayNumber - baselineFrom.DayNumber;
        var baselineSkus = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var d = baselineFrom; d < day; d = d.AddDays(1))
            if (byDay.TryGetValue(d, out var list))
                foreach (var r in list)
                    if (IsGpu(r, skus)) baselineSkus.Add(r.SkuName!);
        var found = new List<SpendAnomaly>();
        foreach (var group in todays.Where(r => IsGpu(r, skus) && !baselineSkus.Contains(r.SkuName!))
                     .GroupBy(r => r.SkuName!, StringComparer.OrdinalIgnoreCase))
        {
            if (!seenSkus.Add(group.Key)) continue;
            var drivers = group.GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
                .Select(g => new CostDriver(g.Key, g.First().ResourceName, g.First().SkuName, g.Sum(cost), g.Sum(cost)))
                .OrderByDescending(d => d.Cost).ThenBy(d => d.ResourceId, StringComparer.Ordinal).Take(MaxDrivers).ToList();
            var skuCost = group.Sum(cost);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"GPU SKU {group.Key} appeared on {day:yyyy-MM-dd} ({skuCost:0.00} that day); not seen in the previous {baselineDays} days");
            found.Add(new SpendAnomaly(AnomalyKind.NewGpuSku, day, skuCost, 0m, 0m, 0m, group.Key, drivers, text));
        }
        return found;
    }

    private static bool IsGpu(ResourceDailyCost r, VmSkuCatalog? skus) =>
        !string.IsNullOrWhiteSpace(r.SkuName)
        && (r.Category is CostCategory.GpuCompute or CostCategory.IdleGpu || (skus?.Find(r.SkuName)?.HasGpu ?? false));

    /// <summary>Resources ranked by how much more they cost on the day than their own baseline median.</summary>
    private static List<CostDriver> Drivers(List<ResourceDailyCost> todays, DateOnly baselineFrom, DateOnly day,
        Dictionary<DateOnly, List<ResourceDailyCost>> byDay, Func<ResourceDailyCost, decimal> cost)
    {
        var n = day.DayNumber - baselineFrom.DayNumber;
        var drivers = new List<CostDriver>();
        foreach (var g in todays.GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase))
        {
            var history = new decimal[n];
            for (var i = 0; i < n; i++)
                if (byDay.TryGetValue(baselineFrom.AddDays(i), out var list))
                    history[i] = list.Where(r => string.Equals(r.ResourceId, g.Key, StringComparison.OrdinalIgnoreCase)).Sum(cost);
            var today = g.Sum(cost);
            var change = today - DecimalMath.Median(history);
            if (change > 0) drivers.Add(new CostDriver(g.Key, g.First().ResourceName, g.First().SkuName, today, change));
        }
        return drivers.OrderByDescending(d => d.Change).ThenBy(d => d.ResourceId, StringComparer.Ordinal).Take(MaxDrivers).ToList();
    }
}
