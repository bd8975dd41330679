using Guardrails.Core.Carbon;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Reporting;

/// <summary>Emissions of one team or model: GPU energy × PUE × grid intensity, beside its cost.</summary>
public sealed record CarbonRow
{
    public required string Dimension { get; init; }
    public required string Value { get; init; }
    public decimal GpuHours { get; init; }
    /// <summary>GPU-hours that could not be estimated (unknown SKU, GPU model or region).</summary>
    public decimal GpuHoursNotEstimated { get; init; }
    public decimal EnergyKWh { get; init; }
    public decimal KgCO2e { get; init; }
    public decimal GpuCost { get; init; }
    public string Currency { get; init; } = "";
    /// <summary>Keys into <see cref="CarbonReport.Factors"/> of the factors used.</summary>
    public IReadOnlyList<string> FactorIds { get; init; } = [];
}

public sealed record CarbonReport(IReadOnlyList<CarbonRow> ByTeam, IReadOnlyList<CarbonRow> ByModel,
    IReadOnlyDictionary<string, CarbonFactor> Factors, IReadOnlyList<string> Gaps)
{
    public decimal TotalKgCO2e => ByTeam.Sum(r => r.KgCO2e);
}

/// <summary>Carbon per team and model from per-resource GPU-hours (pure).</summary>
public static class CarbonReportBuilder
{
    public static CarbonReport Build(ReportDataSet data, CarbonFactors factors, VmSkuCatalog skus, CostBasis basis = CostBasis.Effective,
        string teamKey = "team", string modelKey = "model", string? defaultRegion = null)
    {
        var used = new SortedDictionary<string, CarbonFactor>(StringComparer.Ordinal) { ["pue"] = factors.Pue };
        var gaps = new SortedSet<string>(StringComparer.Ordinal);
        var team = new Dictionary<(string Value, string Currency), Acc>();
        var model = new Dictionary<(string Value, string Currency), Acc>();
        foreach (var r in data.Resources.Where(r => r.Day >= data.From && r.Day <= data.ToInclusive && r.GpuHours > 0))
        {
            // One row per value and currency: a cost is never added to a cost in another currency (emissions are
            // split the same way, so the rows still add up to the total kgCO2e).
            var t = Get(team, FactClass.ValueOf(r.Allocation, teamKey), r.Currency);
            var m = Get(model, FactClass.ValueOf(r.Allocation, modelKey), r.Currency);
            var cost = r.Category == Allocation.CostCategory.GpuCompute ? FactClass.Cost(r, basis) : 0m;
            var sku = skus.Find(r.SkuName);
            var gpu = factors.GpuPower(sku?.GpuModel);
            var regionName = r.RegionId ?? defaultRegion;
            var region = factors.Region(regionName);
            string? gap = sku is null ? $"SKU '{r.SkuName ?? "(none)"}' not in the SKU catalog"
                : gpu is null ? $"no board power for GPU '{sku.GpuModel}'"
                : region is null ? (regionName is null ? "region unknown (resource costs carry no RegionId)" : $"no grid intensity for region '{regionName}'")
                : null;
            foreach (var a in new[] { t, m })
            {
                a.GpuHours += r.GpuHours;
                a.Cost += cost;
            }
            if (gap is not null)
            {
                gaps.Add(gap);
                t.NotEstimated += r.GpuHours;
                m.NotEstimated += r.GpuHours;
                continue;
            }
            var kwh = GpuEmissionsCalculator.EnergyKWh(r.GpuHours, gpu!.Value, factors.Pue.Value);
            var kg = GpuEmissionsCalculator.KgCO2e(kwh, region!.Value);
            var gpuId = "gpu:" + gpu.Subject;
            var regionId = "region:" + region.Subject;
            used[gpuId] = gpu;
            used[regionId] = region;
            foreach (var a in new[] { t, m })
            {
                a.KWh += kwh;
                a.Kg += kg;
                a.Factors.Add(gpuId);
                a.Factors.Add(regionId);
            }
        }
        return new CarbonReport(Rows(team, teamKey), Rows(model, modelKey), used, gaps.ToList());
    }

    private static Acc Get(Dictionary<(string Value, string Currency), Acc> d, string value, string currency) =>
        d.TryGetValue((value, currency), out var a) ? a : d[(value, currency)] = new Acc { Value = value, Currency = currency };

    private static List<CarbonRow> Rows(Dictionary<(string Value, string Currency), Acc> d, string dimension) =>
        d.Select(p => new CarbonRow
        {
            Dimension = dimension,
            Value = p.Value.Value,
            GpuHours = p.Value.GpuHours,
            GpuHoursNotEstimated = p.Value.NotEstimated,
            EnergyKWh = Math.Round(p.Value.KWh, 3),
            KgCO2e = Math.Round(p.Value.Kg, 3),
            GpuCost = p.Value.Cost,
            Currency = p.Value.Currency,
            FactorIds = ["pue", .. p.Value.Factors.Order(StringComparer.Ordinal)],
        }).OrderByDescending(r => r.KgCO2e).ThenBy(r => r.Value, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    private sealed class Acc
    {
        public decimal GpuHours, NotEstimated, KWh, Kg, Cost;
        public string Value = "", Currency = "";
        public readonly HashSet<string> Factors = new(StringComparer.Ordinal);
    }
}
