namespace Guardrails.Core.Pricing;

/// <summary>Peak dense tensor throughput of one GPU, with the precision it was quoted for and its source.</summary>
public sealed record GpuPeak(string Family, decimal PeakTflops, string Precision, string Source);

/// <summary>
/// Peak dense BF16 tensor FLOP/s per GPU model, from the vendors' datasheets (documented in
/// docs/pull-request-checks.md, "Peak FLOP/s table"). Datasheets print the 2:4-sparsity figure; the dense figure is
/// half of it and is what MFU is measured against. GPUs without BF16 (T4, V100) use their FP16 tensor figure and say so.
/// Unknown models return null: the planner then refuses rather than guessing.
/// </summary>
public static class GpuPeakFlops
{
    // Order matters: the first family whose markers all occur in the VmSkuCatalog GPU model name wins.
    private static readonly (string[] Markers, GpuPeak Peak)[] s_table =
    [
        (["H100", "94GB"], new("H100 NVL", 835.5m, "BF16 dense",
            "NVIDIA H100 Tensor Core GPU datasheet: H100 NVL BF16 Tensor Core 1,671 TFLOPS with sparsity (dense = half)")),
        (["H100"], new("H100 SXM", 989.5m, "BF16 dense",
            "NVIDIA H100 Tensor Core GPU datasheet: H100 SXM BF16 Tensor Core 1,979 TFLOPS with sparsity (dense = half)")),
        (["H200"], new("H200 SXM", 989.5m, "BF16 dense",
            "NVIDIA H200 Tensor Core GPU datasheet: H200 SXM BF16 Tensor Core 1,979 TFLOPS with sparsity (dense = half)")),
        (["A100"], new("A100", 312m, "BF16 dense",
            "NVIDIA A100 Tensor Core GPU datasheet: BF16 Tensor Core 312 TFLOPS (624 with sparsity), PCIe and SXM")),
        (["A10", "24GB"], new("A10", 125m, "BF16 dense",
            "NVIDIA A10 Tensor Core GPU datasheet: BF16 Tensor Core 125 TFLOPS (250 with sparsity)")),
        (["V100"], new("V100", 125m, "FP16 tensor (no BF16)",
            "NVIDIA Tesla V100 datasheet: Tensor Performance 125 TFLOPS (SXM2; PCIe 112)")),
        (["T4"], new("T4", 65m, "FP16 mixed precision (no BF16)",
            "NVIDIA T4 Tensor Core GPU datasheet: Mixed Precision (FP16/FP32) 65 TFLOPS")),
        (["MI300X"], new("MI300X", 1307.4m, "BF16 dense",
            "AMD Instinct MI300X accelerator datasheet: Peak BF16 1307.4 TFLOPS (2614.9 with sparsity)")),
    ];

    public static IReadOnlyList<GpuPeak> All => s_table.Select(t => t.Peak).ToArray();

    /// <summary>The peak for a GPU model name as written in the SKU catalog (e.g. "NVIDIA H100 80GB"), or null.</summary>
    public static GpuPeak? ForModel(string? gpuModel)
    {
        if (string.IsNullOrWhiteSpace(gpuModel)) return null;
        foreach (var (markers, peak) in s_table)
        {
            if (markers.All(m => gpuModel.Contains(m, StringComparison.OrdinalIgnoreCase))) return peak;
        }
        return null;
    }
}
