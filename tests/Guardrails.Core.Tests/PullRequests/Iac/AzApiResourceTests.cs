using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Terraform's AzAPI provider deploys any ARM type from its body (the AKS Verified Module builds its cluster and node
/// pools with <c>azapi_resource</c>). Before, every one was "not estimated (no compute cost model)": an AKS cluster or a
/// GPU VM written this way was silently free. Now one of a compute ARM type, or of a type that cannot be read, is unknown
/// on its line (the gate fails); other types are skipped as before.
/// </summary>
public sealed class AzApiResourceTests
{
    private static string AzApi(string kind, string type) => $$"""
        variable "pool_type" {
          type = string
        }

        resource "{{kind}}" "this" {
          type      = {{type}}
          name      = "gpu"
          parent_id = var.parent_id
          body = {
            properties = {
              hardwareProfile = { vmSize = "Standard_NC6s_v3" }
            }
          }
        }
        """;

    [Theory]
    [InlineData("azapi_resource", "\"Microsoft.Compute/virtualMachines@2024-07-01\"", "Microsoft.Compute/virtualMachines")]
    [InlineData("azapi_resource", "\"Microsoft.ContainerService/managedClusters@2025-02-01\"", "Microsoft.ContainerService/managedClusters")]
    [InlineData("azapi_resource", "\"Microsoft.ContainerService/managedClusters/agentPools@2025-02-01\"", "Microsoft.ContainerService/managedClusters/agentPools")]
    [InlineData("azapi_resource", "\"microsoft.machinelearningservices/workspaces/computes@2024-04-01\"", "microsoft.machinelearningservices/workspaces/computes")]
    [InlineData("azapi_resource", "\"Microsoft.Batch/batchAccounts/pools@2024-07-01\"", "Microsoft.Batch/batchAccounts/pools")]
    [InlineData("azapi_update_resource", "\"Microsoft.Compute/virtualMachineScaleSets@2024-07-01\"", "Microsoft.Compute/virtualMachineScaleSets")]
    public async Task An_azapi_resource_of_a_compute_type_is_unknown_on_its_line_and_fails_the_gate(string kind, string type, string armType)
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["main.tf"] = AzApi(kind, type) });

        var unknown = Assert.Single(e.Unpriced);
        Assert.Equal(("main.tf", 5), (unknown.File, unknown.Line));
        Assert.Contains(armType, unknown.Reason, StringComparison.Ordinal);
        Assert.Empty(e.Resources);
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public void An_azapi_resource_whose_type_cannot_be_read_is_unknown_not_skipped()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = AzApi("azapi_resource", "var.pool_type") });

        var res = Assert.Single(r.Resources);
        Assert.Null(res.Sku);
        Assert.StartsWith("type: ", res.UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(r.Skipped);
    }

    [Theory]
    [InlineData("azapi_resource", "\"Microsoft.Storage/storageAccounts@2023-05-01\"")]
    [InlineData("azapi_update_resource", "\"Microsoft.Network/virtualNetworks@2024-05-01\"")]
    [InlineData("azapi_resource_action", "\"Microsoft.Compute/virtualMachines@2024-07-01\"")]
    public void An_azapi_resource_of_another_type_is_skipped_as_before(string kind, string type)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = AzApi(kind, type) });

        Assert.Empty(r.Resources);
        Assert.Equal(kind, Assert.Single(r.Skipped).Type);
    }
}
