using System.Reflection;
using nietras.SeparatedValues;

namespace Guardrails.Core.Pricing;

/// <summary>Facts about one VM size: vCPUs, memory and GPUs (GPU count may be fractional, e.g. 1/6 of an A10).</summary>
public sealed record VmSku(string ArmSkuName, int VCpus, decimal MemoryGiB, decimal GpuCount, string? GpuModel,
    decimal GpuMemoryGiB, string Source)
{
    public bool HasGpu => GpuCount > 0;
}

/// <summary>
/// VM size facts from the sourced snapshot (samples/prices/skus.csv, from the Microsoft Learn size pages).
/// Lookups are case-insensitive (IaC and exports write <c>STANDARD_NC4AS_T4_V3</c> too). Unknown SKUs return null:
/// the caller decides (e.g. the GPU family rule in allocation), nothing is invented here.
/// </summary>
public sealed class VmSkuCatalog
{
    private readonly Dictionary<string, VmSku> _byName;

    public VmSkuCatalog(IEnumerable<VmSku> skus) =>
        _byName = skus.ToDictionary(s => s.ArmSkuName, StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<VmSkuCatalog> s_default = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Guardrails.Core.Pricing.skus.csv")
            ?? throw new InvalidOperationException("Embedded skus.csv is missing.");
        return Load(stream, "skus.csv");
    });

    /// <summary>The bundled snapshot.</summary>
    public static VmSkuCatalog Default => s_default.Value;

    public IReadOnlyCollection<VmSku> All => _byName.Values;

    public VmSku? Find(string? armSkuName) =>
        armSkuName is not null && _byName.TryGetValue(armSkuName.Trim(), out var sku) ? sku : null;

    public static VmSkuCatalog Load(Stream csv, string sourceName)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(csv);
        var list = new List<VmSku>();
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            try
            {
                list.Add(new VmSku(
                    row["armSkuName"].ToString(),
                    int.Parse(row["vCPUs"].Span, provider: System.Globalization.CultureInfo.InvariantCulture),
                    decimal.Parse(row["memoryGiB"].Span, provider: System.Globalization.CultureInfo.InvariantCulture),
                    ParseGpuCount(row["gpuCount"].ToString()),
                    row["gpuModel"].Span.IsEmpty ? null : row["gpuModel"].ToString(),
                    row["gpuMemoryGiB"].Span.IsEmpty ? 0m : decimal.Parse(row["gpuMemoryGiB"].Span, provider: System.Globalization.CultureInfo.InvariantCulture),
                    row["source"].ToString()));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{sourceName}, line {line}: {e.Message}", e);
            }
        }
        return new VmSkuCatalog(list);
    }

    /// <summary>Parses "8", "0", or a fraction such as "1/6".</summary>
    public static decimal ParseGpuCount(string text)
    {
        var slash = text.IndexOf('/');
        if (slash < 0) return decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var num = decimal.Parse(text[..slash], System.Globalization.CultureInfo.InvariantCulture);
        var den = decimal.Parse(text[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return num / den;
    }
}
