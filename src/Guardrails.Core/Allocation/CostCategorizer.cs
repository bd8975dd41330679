using System.Runtime.CompilerServices;
using Guardrails.Core.Billing;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Allocation;

/// <summary>
/// Puts a cost into one of Guardrails' categories and works out GPU-hours.
/// <list type="bullet">
/// <item>GPU compute: the SKU belongs to an Azure N-series GPU family (NC, ND, NV, NG, NCC...; NP is FPGA, not GPU)
/// or the catalog knows it has GPUs. GPUs per VM come from <see cref="VmSkuCatalog"/> (fractions such as 1/6 allowed)
/// or the config's <c>gpuSkus</c>; GPU-hours = consumed hours × GPUs.</item>
/// <item>CPU compute: other virtual machines / compute.</item>
/// <item>Storage, network: by FOCUS ServiceCategory, or the Azure meter category for legacy exports.</item>
/// <item>Other: everything else (databases, AI services, support, taxes...).</item>
/// </list>
/// </summary>
public sealed class CostCategorizer
{
    private readonly VmSkuCatalog _catalog;
    private readonly Dictionary<string, decimal> _extraGpus;
    private readonly Dictionary<string, decimal?> _gpuCountBySku = new(StringComparer.OrdinalIgnoreCase);

    public CostCategorizer(VmSkuCatalog? catalog = null, IReadOnlyDictionary<string, decimal>? extraGpuSkus = null)
    {
        _catalog = catalog ?? VmSkuCatalog.Default;
        _extraGpus = new(StringComparer.OrdinalIgnoreCase);
        if (extraGpuSkus is not null)
            foreach (var (sku, gpus) in extraGpuSkus) _extraGpus[NormalizeSku(sku)] = gpus;
    }

    /// <summary>The category of a record and its GPU-hours (0 unless GPU compute with known GPUs and hours).</summary>
    public (CostCategory Category, decimal GpuHours) Classify(CostRecord record)
    {
        var (category, gpus) = ClassifyNamesCached(record);
        return (category, GpuHours(record, category, gpus));
    }

    /// <summary>The category and GPUs per VM of a record's names (SKU, service category, meter category, resource type).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal (CostCategory Category, decimal? Gpus) ClassifyNamesCached(CostRecord record)
    {
        // The category depends on four names only; readers intern them, so a reference-keyed memo answers most rows.
        var key = new NamesKey(record.SkuName, record.ServiceCategory, record.SkuMeterCategory, record.ResourceType);
        if (!_memo.TryGetValue(key, out var known))
        {
            known = ClassifyNames(record);
            if (_memo.Count >= 1 << 14) _memo.Clear();
            _memo[key] = known;
        }

        return known;
    }

    /// <summary>A row's GPU-hours given its names' category and GPUs per VM (0 unless GPU usage with known GPUs).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static decimal GpuHours(CostRecord record, CostCategory category, decimal? gpus)
    {
        if (category != CostCategory.GpuCompute || gpus is not { } n || record.ChargeCategory != ChargeCategory.Usage) return 0m;
        // Rounded to GpuHoursScale places: hours × 1/6 GPU would otherwise carry 28 digits, and sums of such values round
        // differently in a different order; at a fixed scale every sum is exact, so the ledger does not depend on the
        // order rows are added in (parallel ranges, merged parts).
        return Math.Round(Hours(record.ConsumedQuantity, record.ConsumedUnit) * n, GpuHoursScale, MidpointRounding.ToEven);
    }

    /// <summary>Decimal places kept of a row's GPU-hours (a picosecond-hour; far below any reported precision).</summary>
    public const int GpuHoursScale = 12;

    private (CostCategory Category, decimal? Gpus) ClassifyNames(CostRecord record)
    {
        if (record.SkuName is { Length: > 0 } sku && IsGpuFamily(sku))
        {
            var gpus = GpuCount(sku);
            if (gpus is not 0m) return (CostCategory.GpuCompute, gpus);
        }
        return (ClassifyNonGpu(record), null);
    }

    private readonly Dictionary<NamesKey, (CostCategory Category, decimal? Gpus)> _memo = new();

    private readonly struct NamesKey(string? sku, string? serviceCategory, string? meterCategory, string? resourceType) : IEquatable<NamesKey>
    {
        private readonly string? _sku = sku, _serviceCategory = serviceCategory, _meterCategory = meterCategory, _resourceType = resourceType;

        public bool Equals(NamesKey other) =>
            ReferenceEquals(_sku, other._sku) && ReferenceEquals(_serviceCategory, other._serviceCategory) &&
            ReferenceEquals(_meterCategory, other._meterCategory) && ReferenceEquals(_resourceType, other._resourceType);

        public override bool Equals(object? obj) => obj is NamesKey k && Equals(k);

        public override int GetHashCode() => HashCode.Combine(Id(_sku), Id(_serviceCategory), Id(_meterCategory), Id(_resourceType));

        private static int Id(string? s) => s is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(s);
    }

    private static CostCategory ClassifyNonGpu(CostRecord r)
    {
        var serviceCategory = r.ServiceCategory;
        if (Is(serviceCategory, "Compute"))
            return IsVirtualMachine(r) || r.SkuMeterCategory is null ? CostCategory.CpuCompute : ClassifyMeter(r);
        if (Is(serviceCategory, "Storage")) return CostCategory.Storage;
        if (Is(serviceCategory, "Networking") || Is(serviceCategory, "Network")) return CostCategory.Network;
        if (serviceCategory is { Length: > 0 } && !Is(serviceCategory, "Other")) return CostCategory.Other;
        return ClassifyMeter(r);
    }

    private static CostCategory ClassifyMeter(CostRecord r)
    {
        if (IsVirtualMachine(r)) return CostCategory.CpuCompute;
        var meter = r.SkuMeterCategory;
        if (meter is null or "") return CostCategory.Other;
        if (Is(meter, "Storage")) return CostCategory.Storage;
        if (meter.Contains("Network", StringComparison.OrdinalIgnoreCase) || Is(meter, "Bandwidth") || Is(meter, "Load Balancer") ||
            Is(meter, "VPN Gateway") || Is(meter, "ExpressRoute") || Is(meter, "Azure DNS") || Is(meter, "Application Gateway") ||
            Is(meter, "Azure Firewall") || Is(meter, "Azure Front Door Service") || Is(meter, "IP Addresses") || Is(meter, "NAT Gateway"))
            return CostCategory.Network;
        return CostCategory.Other;
    }

    private static bool IsVirtualMachine(CostRecord r) =>
        Is(r.SkuMeterCategory, "Virtual Machines") || Is(r.SkuMeterCategory, "Virtual Machines Licenses") ||
        (r.ResourceType is { } t && (t.Contains("virtualMachine", StringComparison.OrdinalIgnoreCase) ||
                                     t.Contains("Virtual machine", StringComparison.OrdinalIgnoreCase)));

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>GPUs per VM for a SKU: the catalog, then the config; null when unknown (GPU family, count not known).</summary>
    public decimal? GpuCount(string sku)
    {
        if (_gpuCountBySku.TryGetValue(sku, out var cached)) return cached;
        var normalized = NormalizeSku(sku);
        decimal? count = _extraGpus.TryGetValue(normalized, out var extra) ? extra : _catalog.Find(normalized)?.GpuCount;
        _gpuCountBySku[sku] = count;
        return count;
    }

    /// <summary>"NC24ads A100 v4 Spot", "standard_nc24ads_a100_v4" → "Standard_NC24ads_A100_v4"-style ARM name (case kept).</summary>
    public static string NormalizeSku(string sku)
    {
        var s = sku.Trim();
        foreach (var suffix in (ReadOnlySpan<string>)[" Low Priority", " Spot"])
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) s = s[..^suffix.Length].TrimEnd();
        s = s.Replace(' ', '_');
        return s.StartsWith("Standard_", StringComparison.OrdinalIgnoreCase) ? s : "Standard_" + s;
    }

    /// <summary>
    /// Whether a SKU name belongs to an Azure N-series (GPU) family: optional "Standard_", then N, up to three
    /// letters and a digit (NC24ads_A100_v4, ND96isr_H100_v5, NV36ads_A10_v5, NCC40ads_H100_v5, NG32ads_V620_v1).
    /// NP (FPGA) is excluded.
    /// </summary>
    public static bool IsGpuFamily(ReadOnlySpan<char> sku)
    {
        sku = sku.Trim();
        if (sku.StartsWith("Standard_", StringComparison.OrdinalIgnoreCase)) sku = sku["Standard_".Length..];
        if (sku.Length < 2 || (sku[0] | 0x20) != 'n') return false;
        if ((sku[1] | 0x20) == 'p') return false;
        var i = 1;
        while (i < sku.Length && i <= 3 && char.IsAsciiLetter(sku[i])) i++;
        return i > 1 && i < sku.Length && char.IsAsciiDigit(sku[i]);
    }

    /// <summary>Consumed quantity in hours when the unit is time-based ("Hours", "1 Hour", "10 Hours", "Hrs"); else 0.</summary>
    public static decimal Hours(decimal? quantity, string? unit)
    {
        if (quantity is not { } q || unit is null) return 0m;
        var u = unit.AsSpan().Trim();
        var multiplier = 1m;
        var digits = 0;
        while (digits < u.Length && char.IsAsciiDigit(u[digits])) digits++;
        if (digits > 0)
        {
            multiplier = decimal.Parse(u[..digits], provider: System.Globalization.CultureInfo.InvariantCulture);
            u = u[digits..].TrimStart();
        }
        if (u.Equals("Hours", StringComparison.OrdinalIgnoreCase) || u.Equals("Hour", StringComparison.OrdinalIgnoreCase) ||
            u.Equals("Hrs", StringComparison.OrdinalIgnoreCase) || u.Equals("Hr", StringComparison.OrdinalIgnoreCase) ||
            u.Equals("h", StringComparison.OrdinalIgnoreCase))
            return q * multiplier;
        if (u.Equals("Minutes", StringComparison.OrdinalIgnoreCase) || u.Equals("Minute", StringComparison.OrdinalIgnoreCase))
            return q * multiplier / 60m;
        if (u.Equals("Seconds", StringComparison.OrdinalIgnoreCase) || u.Equals("Second", StringComparison.OrdinalIgnoreCase))
            return q * multiplier / 3600m;
        return 0m;
    }
}
