using System.Globalization;
using System.Reflection;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using nietras.SeparatedValues;

namespace Guardrails.Core.Reporting;

/// <summary>One sourced number used in a carbon estimate, with where it came from.</summary>
public sealed record CarbonFactor(string Kind, string Subject, decimal Value, string Unit, string Source, string? Note = null);

/// <summary>
/// The sourced carbon factors (samples/carbon, embedded): region grid intensity (primary rows), GPU board power
/// (primary rows, reached through the SKU's GPU model), and one Azure PUE figure.
/// </summary>
public sealed class CarbonFactors
{
    private readonly Dictionary<string, CarbonFactor> _regions;
    private readonly Dictionary<string, CarbonFactor> _gpuBySkuModel;

    public CarbonFactors(IEnumerable<CarbonFactor> regions, IEnumerable<CarbonFactor> gpuBySkuModel, CarbonFactor pue)
    {
        _regions = regions.ToDictionary(r => r.Subject, StringComparer.OrdinalIgnoreCase);
        _gpuBySkuModel = gpuBySkuModel.ToDictionary(g => g.Subject, StringComparer.OrdinalIgnoreCase);
        Pue = pue;
    }

    public CarbonFactor Pue { get; }

    public CarbonFactor? Region(string? armRegionName) =>
        armRegionName is not null && _regions.TryGetValue(armRegionName.Trim(), out var f) ? f : null;

    /// <summary>Board power for a GPU model as written in skus.csv (e.g. "NVIDIA H100 80GB").</summary>
    public CarbonFactor? GpuPower(string? skuGpuModel) =>
        skuGpuModel is not null && _gpuBySkuModel.TryGetValue(skuGpuModel.Trim(), out var f) ? f : null;

    private static readonly Lazy<CarbonFactors> s_default = new(() => Load(Open("region-carbon-intensity.csv"),
        Open("gpu-power.csv"), Open("gpu-model-map.csv"), Open("azure-pue.csv")));

    /// <summary>The bundled sourced snapshot (PUE 1.185, the fleet figure CCF uses).</summary>
    public static CarbonFactors Default => s_default.Value;

    private static Stream Open(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Guardrails.Core.Reporting.carbon." + name)
        ?? throw new InvalidOperationException($"Embedded carbon file {name} is missing.");

    public static CarbonFactors Load(Stream regionCsv, Stream gpuPowerCsv, Stream gpuMapCsv, Stream pueCsv, decimal pueValue = 1.185m)
    {
        var regions = new List<CarbonFactor>();
        foreach (var row in Rows(regionCsv, "region-carbon-intensity.csv"))
        {
            if (!string.Equals(row["isPrimary"], "true", StringComparison.OrdinalIgnoreCase)) continue;
            var year = string.IsNullOrEmpty(row["dataYear"]) ? row["dataYearNote"] : row["dataYear"];
            regions.Add(new CarbonFactor("grid intensity", row["armRegionName"], Dec(row, "gCO2ePerKWh", "region-carbon-intensity.csv"),
                "gCO2e/kWh", row["source"], $"{row["location"]}; {row["sourceDataset"]}; year: {year}"));
        }

        var power = new Dictionary<(string Model, string Form), (decimal Watts, string Source, string Metric)>();
        foreach (var row in Rows(gpuPowerCsv, "gpu-power.csv"))
        {
            if (!string.Equals(row["isPrimary"], "true", StringComparison.OrdinalIgnoreCase)) continue;
            power[(row["gpuModel"], row["formFactor"])] = (Dec(row, "watts", "gpu-power.csv"), row["source"], row["powerMetric"]);
        }

        var gpus = new List<CarbonFactor>();
        var line = 1;
        foreach (var row in Rows(gpuMapCsv, "gpu-model-map.csv"))
        {
            line++;
            if (!power.TryGetValue((row["gpuModel"], row["formFactor"]), out var p))
                throw new FormatException($"gpu-model-map.csv, line {line}, field gpuModel: no primary gpu-power.csv row for '{row["gpuModel"]}' ({row["formFactor"]}).");
            gpus.Add(new CarbonFactor("board power", row["skuGpuModel"], p.Watts, "W", p.Source,
                $"{row["gpuModel"]} {row["formFactor"]}, {p.Metric}; mapping: {row["basis"]}"));
        }

        CarbonFactor? pue = null;
        foreach (var row in Rows(pueCsv, "azure-pue.csv"))
            if (Dec(row, "pue", "azure-pue.csv") == pueValue && pue is null)
                pue = new CarbonFactor("PUE", row["scope"], pueValue, "ratio", row["source"], row["asOf"]);
        return new CarbonFactors(regions, gpus, pue ?? throw new FormatException($"azure-pue.csv has no row with pue {pueValue}."));
    }

    private static List<Dictionary<string, string>> Rows(Stream csv, string name)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(csv);
        var header = reader.Header.ColNames;
        var list = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in header) d[c] = row[c].ToString();
            list.Add(d);
        }
        return list;
    }

    private static decimal Dec(Dictionary<string, string> row, string field, string file) =>
        decimal.TryParse(row[field], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"{file}, field {field}: '{row[field]}' is not a number.");
}

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
            var kwh = r.GpuHours * gpu!.Value / 1000m * factors.Pue.Value;
            var kg = kwh * region!.Value / 1000m;
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
