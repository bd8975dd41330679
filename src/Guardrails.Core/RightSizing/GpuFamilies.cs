using Guardrails.Core.Pricing;

namespace Guardrails.Core.RightSizing;

/// <summary>A MIG (Multi-Instance GPU) profile: its name and its memory.</summary>
public sealed record MigProfile(string Name, decimal MemoryGiB, int PerGpu);

/// <summary>GPU family, vendor and MIG profiles of the SKU catalog's GPU model names.</summary>
public static class GpuFamilies
{
    // Longest first: "A100" must not be read as "A10".
    private static readonly string[] s_families = ["MI300X", "A100", "H100", "H200", "V100", "P40", "A10", "T4", "L40S", "L4"];

    // NVIDIA Multi-Instance GPU User Guide, "Supported MIG Profiles" (A100 40GB/80GB, H100 80GB/94GB, H200 141GB).
    private static readonly (string Family, decimal GpuGiB, MigProfile[] Profiles)[] s_mig =
    [
        ("A100", 40m, [new("1g.5gb", 5m, 7), new("2g.10gb", 10m, 3), new("3g.20gb", 20m, 2)]),
        ("A100", 80m, [new("1g.10gb", 10m, 7), new("2g.20gb", 20m, 3), new("3g.40gb", 40m, 2)]),
        ("H100", 80m, [new("1g.10gb", 10m, 7), new("2g.20gb", 20m, 3), new("3g.40gb", 40m, 2)]),
        ("H100", 94m, [new("1g.12gb", 12m, 7), new("2g.24gb", 24m, 3), new("3g.47gb", 47m, 2)]),
        ("H200", 141m, [new("1g.18gb", 18m, 7), new("2g.35gb", 35m, 3), new("3g.71gb", 71m, 2)]),
    ];

    /// <summary>"A100", "T4", … from a model name such as "NVIDIA A100 80GB PCIe"; null when unknown.</summary>
    public static string? Family(string? gpuModel) =>
        gpuModel is null ? null : s_families.FirstOrDefault(f => gpuModel.Split(' ').Contains(f, StringComparer.OrdinalIgnoreCase));

    /// <summary>"NVIDIA" or "AMD": code built for one does not run on the other.</summary>
    public static string? Vendor(string? gpuModel) => gpuModel?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();

    /// <summary>Memory of one GPU of the size (a fractional size's whole partition), GiB.</summary>
    public static decimal MemoryPerGpuGiB(VmSku sku) => sku.GpuCount >= 1m ? sku.GpuMemoryGiB / sku.GpuCount : sku.GpuMemoryGiB;

    /// <summary>The smallest MIG profile of the size's GPU with at least <paramref name="requiredGiB"/>, or null (no MIG, or none fits).</summary>
    public static MigProfile? SmallestMigProfile(VmSku sku, decimal requiredGiB)
    {
        var family = Family(sku.GpuModel);
        var perGpu = MemoryPerGpuGiB(sku);
        foreach (var (f, gib, profiles) in s_mig)
            if (f == family && gib == perGpu)
                return profiles.FirstOrDefault(p => p.MemoryGiB >= requiredGiB);
        return null;
    }
}
