using System.Globalization;
using Guardrails.Core.Pricing;
using nietras.SeparatedValues;

namespace Guardrails.Benchmarks.Generator;

internal sealed record SkuInfo(string Name, int VCpus, decimal GpuCount);

/// <summary>
/// VM sizes (Core's bundled <see cref="VmSkuCatalog"/>) and Linux hourly prices per region and price type from the
/// project's sourced snapshot samples/prices/prices.csv, so generated VM rows cost what those VMs cost.
/// </summary>
internal sealed class SkuPriceTable
{
    private readonly Dictionary<(string Sku, string Region, string PriceType), decimal> _prices = [];
    private readonly Dictionary<string, HashSet<string>> _regions = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<SkuInfo> Skus { get; }

    private SkuPriceTable(IReadOnlyList<SkuInfo> skus) => Skus = skus;

    public static SkuPriceTable Load(string repositoryRoot)
    {
        var skus = VmSkuCatalog.Default.All
            .OrderBy(s => s.ArmSkuName, StringComparer.Ordinal)
            .Select(s => new SkuInfo(s.ArmSkuName, s.VCpus, s.GpuCount))
            .ToArray();
        var table = new SkuPriceTable(skus);
        var path = Path.Combine(repositoryRoot, "samples", "prices", "prices.csv");
        using var reader = Sep.Reader().FromFile(path);
        foreach (var row in reader)
        {
            if (!string.Equals(row["os"].ToString(), "Linux", StringComparison.Ordinal)) continue;
            var sku = row["armSkuName"].ToString();
            var region = row["armRegionName"].ToString();
            var price = decimal.Parse(row["unitPrice"].Span, NumberStyles.Float, CultureInfo.InvariantCulture);
            table._prices[(sku.ToUpperInvariant(), region, row["priceType"].ToString())] = price;
            if (!table._regions.TryGetValue(sku, out var set)) table._regions[sku] = set = new(StringComparer.Ordinal);
            set.Add(region);
        }
        return table;
    }

    public decimal? Price(string sku, string region, string priceType) =>
        _prices.TryGetValue((sku.ToUpperInvariant(), region, priceType), out var price) ? price : null;

    public IReadOnlyCollection<string>? RegionsFor(string sku) =>
        _regions.TryGetValue(sku, out var set) ? set : null;
}
