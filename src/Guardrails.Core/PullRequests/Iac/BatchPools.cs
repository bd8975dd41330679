using Guardrails.Core.Pricing;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// An Azure Batch pool as both readers price it: its fixed-scale target nodes, dedicated and low-priority (Spot) apart,
/// each running all month like a scale set's instances. A pool that autoscales runs as many nodes as its formula
/// decides at run time, so its size is unknown (never free); so is a target count that cannot be read.
/// </summary>
internal static class BatchPools
{
    public const string AutoScale = "the node count is decided by its autoscale formula at run time (compute: unknown, not free)";

    /// <summary>The node agent (<c>batch.node.windows amd64</c>) or image publisher (<c>MicrosoftWindowsServer</c>) says Windows.</summary>
    public static bool IsWindows(string? nodeAgentSkuId, string? publisher) =>
        (nodeAgentSkuId?.StartsWith("batch.node.windows", StringComparison.OrdinalIgnoreCase) ?? false)
        || (publisher?.Contains("Windows", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The pool's dedicated nodes (<paramref name="pool"/>, at <paramref name="dedicated"/> × <paramref name="instances"/>)
    /// and, when it has any, its low-priority nodes as a second resource named <c>NAME (low priority)</c>.</summary>
    public static List<IacResource> Split(IacResource pool, Resolved dedicated, Resolved lowPriority, string dedicatedName, string lowName, decimal instances)
    {
        if (dedicated.AsDecimal() is not { } d || d < 0 || d != decimal.Truncate(d))
            return [pool with { Sku = null, UnresolvedReason = pool.UnresolvedReason ?? $"{dedicatedName}: {dedicated.Unresolved ?? "not a whole number"}" }];
        if (lowPriority.AsDecimal() is not { } l || l < 0 || l != decimal.Truncate(l))
            return [pool with { Sku = null, UnresolvedReason = pool.UnresolvedReason ?? $"{lowName}: {lowPriority.Unresolved ?? "not a whole number"}" }];
        var pools = new List<IacResource>();
        if (d > 0 || l == 0) pools.Add(pool with { Quantity = d * instances });
        if (l > 0) pools.Add(pool with { Name = pool.Name + " (low priority)", Quantity = l * instances, Priority = CapacityPriority.LowPriority });
        return pools;
    }
}
