using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Compute without a cost model is unknown in both languages. Before: an HDInsight cluster (head, worker and ZooKeeper
/// VMs) was "not estimated" in Terraform and Bicep alike, and a container group (which can hold GPUs) was unknown in
/// Terraform but "not estimated" in Bicep/ARM — the same deployment passed or failed the gate by its language.
/// </summary>
public sealed class UnmodelledComputeTests
{
    private static string Real(params string[] parts) => File.ReadAllText(Repo.TestData(["pull-requests", "public-iac", "terraform-provider-azurerm", .. parts]));

    [Theory]
    [InlineData("hdinsight", "azurerm_hdinsight_hadoop_cluster", 192)]
    [InlineData("container-instance", "azurerm_container_group", 13)]
    public void A_real_Terraform_example_of_unmodelled_compute_is_unknown_on_its_line(string folder, string type, int line)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { [$"{folder}/main.tf"] = Real(folder, "main.tf") });

        Assert.Empty(r.Errors);
        var resource = Assert.Single(r.Resources);
        Assert.Equal((type, line, (string?)null, UnmodelledCompute.Reason), (resource.Type, resource.Line, resource.Sku, resource.UnresolvedReason));
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
