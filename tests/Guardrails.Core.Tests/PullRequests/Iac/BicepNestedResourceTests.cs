using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A resource declared inside another's body (<c>resource compute 'computes@…' = {…}</c> in a workspace, an agent pool in
/// a cluster), as Bicep's NestedResources sample writes them. Before, every nested resource was read and dropped, so a GPU
/// cluster nested in its workspace was silently free. Now it is read with its full type, under the <c>if</c> conditions
/// and loops of the resources around it; a loop inside a looped parent is unknown on its line.
/// </summary>
public sealed class BicepNestedResourceTests
{
    private const string Compute = """
          resource gpu 'computes@2024-04-01' = {
            name: 'gpu-cluster'
            location: 'eastus'
            properties: {
              computeType: 'AmlCompute'
              properties: {
                vmSize: 'Standard_NC6s_v3'
                scaleSettings: { minNodeCount: 0, maxNodeCount: 2 }
              }
            }
          }
        """;

    private static IacParseResult Read(string text)
    {
        var r = BicepReader.Read("main.bicep", text);
        Assert.Empty(r.Errors);
        return r;
    }

    private static string Workspace(string value = "", string prelude = "", string nested = Compute) =>
        prelude + "\nresource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = " + value + "{\n  name: 'ws'\n  location: 'eastus'\n" + nested + "\n}\n";

    [Fact]
    public void A_compute_cluster_nested_in_its_workspace_is_read_with_its_full_type()
    {
        var cluster = Assert.Single(Read(Workspace()).Resources);

        Assert.Equal(("Microsoft.MachineLearningServices/workspaces/computes", "Standard_NC6s_v3", 2m), (cluster.Type, cluster.Sku, cluster.MaxNodes));
    }

    [Fact]
    public void A_nested_resource_in_an_existing_parent_is_deployed()
    {
        var cluster = Assert.Single(Read(Workspace().Replace("@2024-04-01' = {\n  name: 'ws'", "@2024-04-01' existing = {\n  name: 'ws'", StringComparison.Ordinal)).Resources);

        Assert.Equal("Standard_NC6s_v3", cluster.Sku);
    }

    [Fact]
    public void A_nested_agent_pool_with_a_fully_qualified_type_keeps_it()
    {
        var pool = "  resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {\n    name: 'gpu'\n"
            + "    properties: {\n      vmSize: 'Standard_NC6s_v3'\n      count: 3\n    }\n  }\n";
        var r = Read("resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' existing = {\n  name: 'aks'\n" + pool + "}\n");

        var read = Assert.Single(r.Resources);
        Assert.Equal(("Microsoft.ContainerService/managedClusters/agentPools", "Standard_NC6s_v3", 3m), (read.Type, read.Sku, read.Quantity));
    }

    [Theory]
    [InlineData("if (deploy) ", "param deploy bool = false", 0)]
    [InlineData("if (deploy) ", "param deploy bool = true", 1)]
    public void A_nested_resource_is_deployed_only_when_its_parent_s_condition_holds(string value, string prelude, int expected)
    {
        Assert.Equal(expected, Read(Workspace(value, prelude)).Resources.Count);
    }

    [Fact]
    public void A_nested_resource_in_a_looped_parent_is_counted_once_per_element()
    {
        var text = "param regions array = ['eastus', 'westeurope', 'swedencentral']\nresource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = [for r in regions: {\n  name: 'ws-${r}'\n  location: r\n"
            + Compute + "\n}]\n";

        var cluster = Assert.Single(Read(text).Resources);

        Assert.Equal(("Standard_NC6s_v3", 6m), (cluster.Sku, cluster.MaxNodes)); // 2 nodes at most in each of 3 workspaces
    }

    [Fact]
    public void A_looped_resource_nested_in_a_looped_parent_is_unknown_on_its_line()
    {
        var text = "param names array = ['a', 'b']\nresource ws 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = [for n in names: {\n  name: n\n"
            + "  resource gpu 'computes@2024-04-01' = [for i in range(0, 2): {\n    name: 'c${i}'\n    properties: {\n      computeType: 'AmlCompute'\n"
            + "      properties: { vmSize: 'Standard_NC6s_v3' }\n    }\n  }]\n}]\n";

        var cluster = Assert.Single(Read(text).Resources);

        Assert.Equal(("Microsoft.MachineLearningServices/workspaces/computes", 4, null), (cluster.Type, cluster.Line, cluster.Sku));
        Assert.Contains("loop", cluster.UnresolvedReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.MachineLearningServices/workspaces@2024-04-01", "computes@2024-10-01", "Microsoft.MachineLearningServices/workspaces/computes@2024-10-01")]
    [InlineData("Microsoft.MachineLearningServices/workspaces@2024-04-01", "computes", "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01")]
    [InlineData("Microsoft.Compute/virtualMachines@2024-03-01", "Microsoft.Compute/virtualMachines/extensions@2024-03-01", "Microsoft.Compute/virtualMachines/extensions@2024-03-01")]
    [InlineData("Microsoft.Storage/storageAccounts@2023-01-01", "blobServices@2023-01-01", "Microsoft.Storage/storageAccounts/blobServices@2023-01-01")]
    public void A_nested_type_is_its_parent_s_type_and_its_own(string parent, string child, string expected)
    {
        Assert.Equal(expected, BicepParser.ChildType(parent, child));
    }

    [Fact]
    public void A_non_compute_child_is_skipped_and_a_grandchild_is_read()
    {
        var text = "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n  resource blob 'blobServices' = {\n    name: 'default'\n"
            + "    resource c 'containers' = {\n      name: 'data'\n    }\n  }\n}\n";

        var r = Read(text);

        Assert.Empty(r.Resources);
        Assert.Contains(r.Skipped, s => s.Type == "Microsoft.Storage/storageAccounts/blobServices/containers");
    }
}
