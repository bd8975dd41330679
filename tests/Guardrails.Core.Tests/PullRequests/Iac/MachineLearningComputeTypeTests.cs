using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// An Azure ML compute whose <c>computeType</c> is not known before deployment (the workspace compute Verified Module takes
/// it as a parameter without a default). Before, it was skipped as "attached compute: billed by its own resource", so a
/// GPU cluster or compute instance behind it was silently free. Now it is unknown on its line; a known attached type
/// (Kubernetes, a VM, Databricks…) is skipped as before, and a known cluster is priced as before.
/// </summary>
public sealed class MachineLearningComputeTypeTests
{
    private static string Bicep(string computeType) =>
        $"param computeType string{computeType}\nparam vmSize string = 'Standard_NC6s_v3'\n"
        + "resource c 'Microsoft.MachineLearningServices/workspaces/computes@2024-10-01' = {\n  name: 'ws/gpu'\n  location: 'eastus'\n"
        + "  properties: {\n    computeType: computeType\n    properties: {\n      vmSize: vmSize\n      scaleSettings: { minNodeCount: 0, maxNodeCount: 2 }\n    }\n  }\n}\n";

    private const string Arm = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "computeType": { "type": "string" } },
          "resources": [
            {
              "type": "Microsoft.MachineLearningServices/workspaces/computes",
              "apiVersion": "2024-10-01",
              "name": "ws/gpu",
              "location": "eastus",
              "properties": { "computeType": "[parameters('computeType')]", "properties": { "vmSize": "Standard_NC6s_v3" } }
            }
          ]
        }
        """;

    [Theory]
    [InlineData("", "parameter `computeType` has no default")]
    [InlineData(" = resourceGroup().tags.computeType", "")]
    public void A_compute_type_that_cannot_be_known_is_unknown_on_its_line(string computeType, string reason)
    {
        var r = BicepReader.Read("compute.bicep", Bicep(computeType));

        var compute = Assert.Single(r.Resources);
        Assert.Equal((null, 3), (compute.Sku, compute.Line));
        Assert.StartsWith("computeType: ", compute.UnresolvedReason, StringComparison.Ordinal);
        Assert.Contains(reason, compute.UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(r.Skipped);
    }

    [Fact]
    public void A_compute_type_that_cannot_be_known_in_an_arm_template_is_unknown_too()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["compute.json"] = Arm });

        var compute = Assert.Single(r.Resources);
        Assert.Null(compute.Sku);
        Assert.StartsWith("computeType: ", compute.UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(r.Skipped);
    }

    [Theory]
    [InlineData(" = 'AmlCompute'", "Standard_NC6s_v3")]
    [InlineData(" = 'ComputeInstance'", "Standard_NC6s_v3")]
    public void A_known_cluster_or_instance_is_priced_as_before(string computeType, string sku)
    {
        Assert.Equal(sku, Assert.Single(BicepReader.Read("compute.bicep", Bicep(computeType)).Resources).Sku);
    }

    [Theory]
    [InlineData(" = 'Kubernetes'")]
    [InlineData(" = 'VirtualMachine'")]
    [InlineData(" = 'Databricks'")]
    public void A_known_attached_compute_is_skipped_as_before(string computeType)
    {
        var r = BicepReader.Read("compute.bicep", Bicep(computeType));

        Assert.Empty(r.Resources);
        Assert.Contains("attached compute", Assert.Single(r.Skipped).Reason, StringComparison.Ordinal);
    }
}
