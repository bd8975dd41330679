using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Compute without a cost model is unknown in both languages. Before: an HDInsight cluster (head, worker and ZooKeeper
/// VMs) was "not estimated" in Terraform and Bicep alike, and a container group (which can hold GPUs) was unknown in
/// Terraform but "not estimated" in Bicep/ARM — the same deployment passed or failed the gate by its language.
/// </summary>
public sealed class UnmodelledComputeTests
{
    /// <summary>The compute of hashicorp/terraform-provider-azurerm's examples/hdinsight/enterprise-security-package/main.tf
    /// (line 192; the roles' credentials left out) and examples/container-instance/multiple-containers/main.tf (MPL-2.0).</summary>
    [Theory]
    [InlineData("azurerm_hdinsight_hadoop_cluster", """
        resource "azurerm_hdinsight_hadoop_cluster" "example" {
          name                = "${var.prefix}-hdicluster"
          cluster_version     = "4.0"
          tier                = "Standard"
          component_version { hadoop = "3.1" }
          roles {
            head_node { vm_size = "Standard_D3_V2" }
            worker_node {
              vm_size               = "Standard_D4_V2"
              target_instance_count = 3
            }
            zookeeper_node { vm_size = "Standard_D3_V2" }
          }
        }
        """)]
    [InlineData("azurerm_container_group", """
        resource "azurerm_container_group" "example" {
          name                = "${var.prefix}-continst"
          ip_address_type     = "Public"
          os_type             = "Linux"
          container {
            name   = "hw"
            image  = "mcr.microsoft.com/azuredocs/aci-helloworld:latest"
            cpu    = "0.5"
            memory = "1.5"
          }
        }
        """)]
    public void Terraform_compute_without_a_cost_model_is_unknown_on_its_line(string type, string text)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = "\n" + text });

        Assert.Empty(r.Errors);
        var resource = Assert.Single(r.Resources);
        Assert.Equal((type, 2, (string?)null, UnmodelledCompute.Reason), (resource.Type, resource.Line, resource.Sku, resource.UnresolvedReason));
    }

    [Theory]
    [InlineData("Microsoft.HDInsight/clusters@2023-04-15-preview")]
    [InlineData("Microsoft.ContainerInstance/containerGroups@2023-05-01")]
    [InlineData("Microsoft.Compute/hostGroups/hosts@2024-03-01")]
    [InlineData("Microsoft.Synapse/workspaces/bigDataPools@2021-06-01")]
    public void The_same_compute_in_Bicep_is_unknown_too(string type)
    {
        var text = $"resource c '{type}' = {{\n  name: 'c'\n  location: 'eastus'\n  properties: {{}}\n}}\n";

        var resource = Assert.Single(BicepReader.Read("main.bicep", text).Resources);

        Assert.Equal((type.Split('@')[0], UnmodelledCompute.Reason, 1), (resource.Type, resource.UnresolvedReason, resource.Line));
    }

    [Fact]
    public void Resources_that_run_no_machines_are_still_listed_as_not_estimated()
    {
        var r = BicepReader.Read("main.bicep", "resource s 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 's'\n}\n");

        Assert.Empty(r.Resources);
        Assert.Equal("no compute cost model for this type", Assert.Single(r.Skipped).Reason);
    }
}
