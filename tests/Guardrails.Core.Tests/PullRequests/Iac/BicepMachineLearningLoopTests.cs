using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Azure ML computes declared in a loop (<c>[for team in teams: {…}]</c>, <c>[for i in range(0, n): …]</c>). Before, the
/// loop's count was dropped for them (VMs, scale sets and pools kept it): three GPU compute instances were priced as one,
/// three clusters as one cluster's nodes. Now each element is a cluster or an instance.
/// </summary>
public sealed class BicepMachineLearningLoopTests
{
    private static IacResource Single(string loop, string computeType, string inner)
    {
        var text = "param teams array = ['vision', 'speech', 'nlp']\n"
            + $"resource c 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {loop} {{\n  name: 'ws/gpu'\n  location: 'eastus'\n"
            + $"  properties: {{\n    computeType: '{computeType}'\n    properties: {{\n{inner}\n    }}\n  }}\n}}{(loop.Length > 0 ? "]" : "")}\n";
        var r = BicepReader.Read("main.bicep", text);
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    private const string Cluster = "      vmSize: 'Standard_NC6s_v3'\n      scaleSettings: { minNodeCount: 1, maxNodeCount: 4 }";

    [Theory]
    [InlineData("", 1, 4)]
    [InlineData("[for team in teams:", 3, 12)]
    [InlineData("[for i in range(0, 2):", 2, 8)]
    public void Each_looped_cluster_counts_its_own_nodes(string loop, int min, int max)
    {
        var cluster = Single(loop, "AmlCompute", Cluster);

        Assert.Equal(((decimal)min, (decimal)max, (decimal)max), (cluster.MinNodes, cluster.MaxNodes, cluster.Quantity));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("[for team in teams:", 3)]
    [InlineData("[for i in range(0, 5):", 5)]
    public void Each_looped_compute_instance_is_one_instance(string loop, int expected)
    {
        var instance = Single(loop, "ComputeInstance", "      vmSize: 'Standard_NC6s_v3'");

        Assert.Equal(("Standard_NC6s_v3", (decimal)expected), (instance.Sku, instance.Quantity));
    }
}
