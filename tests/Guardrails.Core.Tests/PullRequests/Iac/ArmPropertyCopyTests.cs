using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// ARM property and variable iteration (<c>"copy": [{ "name", "count", "input" }]</c> inside an object) and Bicep
/// property loops make lists the readers price: an AKS cluster's <c>agentPoolProfiles</c> written as a copy loop is N
/// pools, a variable built by a copy loop is a list. Before: the cluster had "no agentPoolProfiles" and was skipped as
/// if its pools were separate resources (its GPU nodes passed at $0), and the variable was "not declared".
/// </summary>
public sealed class ArmPropertyCopyTests
{
    private const string Template = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "parameters": { "pools": { "type": "int", "defaultValue": 3 }, "gpuPools": { "type": "int", "defaultValue": 1 } },
          "variables": {
            "copy": [ { "name": "vmSizes", "count": 2, "input": "[if(equals(copyIndex('vmSizes'), 0), 'Standard_NC6s_v3', 'Standard_NC4as_T4_v3')]" } ]
          },
          "resources": [
            {
              "type": "Microsoft.ContainerService/managedClusters",
              "apiVersion": "2024-02-01",
              "name": "aks",
              "location": "westeurope",
              "properties": {
                "dnsPrefix": "aks",
                "copy": [
                  { "name": "agentPoolProfiles", "count": "[parameters('pools')]",
                    "input": {
                      "name": "[concat('pool', copyIndex('agentPoolProfiles'))]",
                      "vmSize": "[if(less(copyIndex('agentPoolProfiles'), parameters('gpuPools')), 'Standard_NC24ads_A100_v4', 'Standard_D4s_v5')]",
                      "count": 2,
                      "mode": "System"
                    } }
                ]
              }
            },
            {
              "type": "Microsoft.Compute/virtualMachines",
              "apiVersion": "2024-03-01",
              "name": "vm",
              "location": "westeurope",
              "properties": { "hardwareProfile": { "vmSize": "[variables('vmSizes')[1]]" } }
            }
          ]
        }
        """;

    [Fact]
    public void A_cluster_whose_pools_are_a_copy_loop_is_priced_pool_by_pool()
    {
        var r = ArmTemplateReader.Read("aks.json", Template);

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["aks/pool0 Standard_NC24ads_A100_v4 2 8", "aks/pool1 Standard_D4s_v5 2 8", "aks/pool2 Standard_D4s_v5 2 8", "vm Standard_NC4as_T4_v3 1 26"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity} {x.Line}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_copy_loop_whose_count_is_unknown_leaves_the_pools_unpriced_never_skipped()
    {
        var r = ArmTemplateReader.Read("aks.json", Template.Replace("\"pools\": { \"type\": \"int\", \"defaultValue\": 3 }", "\"pools\": { \"type\": \"int\" }", StringComparison.Ordinal));

        var pools = Assert.Single(r.Resources, x => x.Name == "aks/agentPoolProfiles");
        Assert.Equal("agentPoolProfiles: parameter `pools` has no default (node pools are compute: unknown, not free)", pools.UnresolvedReason);
        Assert.DoesNotContain(r.Skipped, s => s.Name == "aks");
    }

    [Fact]
    public void A_bicep_property_loop_over_a_parameter_makes_the_cluster_s_pools()
    {
        var r = BicepReader.Read("aks.bicep", """
            param pools array = [
              { name: 'gpu', size: 'Standard_NC24ads_A100_v4', nodes: 2 }
              { name: 'cpu', size: 'Standard_D4s_v5', nodes: 3 }
            ]
            resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
              name: 'aks'
              location: 'westeurope'
              properties: {
                agentPoolProfiles: [for p in pools: {
                  name: p.name
                  vmSize: p.size
                  count: p.nodes
                  mode: 'System'
                }]
              }
            }
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(["aks/cpu Standard_D4s_v5 3", "aks/gpu Standard_NC24ads_A100_v4 2"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
    }
}
