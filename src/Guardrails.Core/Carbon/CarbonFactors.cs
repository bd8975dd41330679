using System.Globalization;
using System.Reflection;
using nietras.SeparatedValues;

namespace Guardrails.Core.Carbon;

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
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Guardrails.Core.Carbon." + name)
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
