namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// GPU capacity bought outside virtual machines, which Guardrails has no prices for: a Container Apps environment's GPU
/// workload profiles (<c>NC24-A100</c>, <c>Consumption-GPU-NC8as-T4</c>) and an Azure OpenAI / AI Foundry deployment with
/// provisioned throughput (<c>ProvisionedManaged</c>, <c>GlobalProvisionedManaged</c>, <c>DataZoneProvisionedManaged</c>,
/// billed per PTU-hour whether used or not). Each is unknown — listed as not priced, failing the gate — never skipped as
/// if it cost nothing; the same resources without GPU profiles or with pay-per-token deployments are skipped.
/// </summary>
internal static class ReservedGpuCapacity
{
    public const string ContainerAppEnvironments = "Microsoft.App/managedEnvironments";
    public const string CognitiveDeployments = "Microsoft.CognitiveServices/accounts/deployments";

    /// <summary>One of the ARM types that may hold such capacity (the Bicep and ARM readers, and an AzAPI resource's type).</summary>
    public static bool IsArmType(string type) =>
        type.Equals(ContainerAppEnvironments, StringComparison.OrdinalIgnoreCase) || type.Equals(CognitiveDeployments, StringComparison.OrdinalIgnoreCase);

    /// <summary>A GPU workload profile type: the dedicated <c>NC…</c> profiles and the serverless <c>Consumption-GPU-…</c> ones.</summary>
    public static bool IsGpuWorkloadProfile(string type) =>
        type.StartsWith("NC", StringComparison.OrdinalIgnoreCase) || type.Contains("GPU", StringComparison.OrdinalIgnoreCase);

    public static string GpuProfileReason(string type) =>
        $"GPU workload profile `{type}`: Container Apps GPU capacity has no cost model in Guardrails (compute: unknown, not free)";

    public static string UnknownProfileReason(string why) =>
        $"workload profile type: {why} (a GPU profile is compute: unknown, not free)";

    /// <summary>A deployment SKU that reserves provisioned throughput (PTUs).</summary>
    public static bool IsProvisioned(string skuName) => skuName.Contains("Provisioned", StringComparison.OrdinalIgnoreCase);

    public static string ProvisionedReason(string skuName, string? capacity) =>
        $"{skuName} deployment{(capacity is null ? "" : $" of {capacity} PTUs")}: provisioned throughput is billed per PTU-hour, used or not, and has no cost model in Guardrails (unknown, not free)";

    public static string UnknownSkuReason(string why) =>
        $"sku name: {why} (a provisioned-throughput deployment is reserved capacity: unknown, not free)";
}
