using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Bicep's lambda functions (<c>map</c>, <c>filter</c>, <c>reduce</c>, <c>sort</c>, <c>toObject</c>, <c>mapValues</c>,
/// <c>groupBy</c>) and ARM's <c>lambda('x', …)</c> / <c>lambdaVariables('x')</c> are evaluated over known lists. The
/// Azure Verified Modules' AKS cluster builds <c>agentPoolProfiles</c> with <c>map(pools, profile =&gt; {…})</c> (in Bicep and
/// in its compiled ARM): before, every such cluster's pools were unknown ("function `map(…)` is evaluated at deployment
/// time") and failed the gate whatever the pools were.
/// </summary>
public sealed class IacLambdaFunctionsTests
{
    private const string Cluster = """
        param pools array = [
          { name: 'system', vmSize: 'Standard_D4s_v5', count: 2 }
          { name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', enabled: true }
          { name: 'old', vmSize: 'Standard_NC6s_v3', count: 4, enabled: false }
        ]
        resource aks 'Microsoft.ContainerService/managedClusters@2025-10-01' = {
          name: 'aks'
          location: 'westeurope'
          properties: {
            agentPoolProfiles: map(filter(pools, p => p.?enabled ?? true), (profile, i) => {
              name: '${profile.name}${i}'
              count: profile.?count ?? 1
              vmSize: profile.vmSize
              mode: i == 0 ? 'System' : 'User'
            })
          }
        }
        """;

    private static List<string> Pools(IacParseResult r) =>
        r.Resources.Select(x => $"{x.Name} {x.Sku ?? x.UnresolvedReason} {x.Quantity}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_cluster_whose_pools_are_mapped_from_a_filtered_list_is_priced_pool_by_pool()
    {
        var r = BicepReader.Read("aks.bicep", Cluster);

        Assert.Empty(r.Errors);
        Assert.Equal(["aks/gpu1 Standard_NC24ads_A100_v4 1", "aks/system0 Standard_D4s_v5 2"], Pools(r));
    }

    [Fact]
    public void A_mapped_pool_whose_size_is_a_parameter_without_default_stays_unknown_with_the_reason_the_others_are_priced()
    {
        var r = BicepReader.Read("aks.bicep", Cluster.Replace("param pools array = [", "param gpuSize string\nparam pools array = [", StringComparison.Ordinal)
            .Replace("'Standard_NC24ads_A100_v4', enabled", "gpuSize, enabled", StringComparison.Ordinal));

        Assert.Equal(["aks/gpu1 size: parameter `gpuSize` has no default 1", "aks/system0 Standard_D4s_v5 2"], Pools(r));
    }

    [Fact]
    public void Reduce_sort_toObject_mapValues_and_groupBy_give_bicep_s_values()
    {
        var r = BicepReader.Read("vm.bicep", """
            var sizes = [ { n: 'b', nodes: 3 }, { n: 'a', nodes: 2 }, { n: 'c', nodes: 5 } ]
            var total = reduce(sizes, 0, (acc, s) => acc + s.nodes)
            var smallest = sort(sizes, (x, y) => x.nodes < y.nodes)[0].nodes
            var byName = toObject(sizes, s => s.n, s => s.nodes)
            var doubled = mapValues(byName, v => v * 2)
            var groups = groupBy(sizes, s => s.nodes > 2 ? 'big' : 'small')
            resource vms 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
              name: 'ss'
              location: 'eastus'
              sku: { name: 'Standard_NC6s_v3', capacity: total + doubled.a + byName.c + length(groups.big) + smallest - 20 }
            }
            """);

        var vmss = Assert.Single(r.Resources);
        Assert.Equal(("Standard_NC6s_v3", 3m), (vmss.Sku, vmss.Quantity)); // 10 + 2 × 2 + 5 + 2 (b, c) + 2 (a) - 20
    }

    [Fact]
    public void Arm_lambda_and_lambdaVariables_map_the_pools_of_a_compiled_template()
    {
        var r = ArmTemplateReader.Read("aks.json", """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": {
                "pools": { "type": "array", "defaultValue": [
                  { "name": "cpu", "vmSize": "Standard_D4s_v5", "count": 3 },
                  { "name": "gpu", "vmSize": "Standard_NC24ads_A100_v4", "count": 2, "off": true } ] }
              },
              "resources": [
                {
                  "type": "Microsoft.ContainerService/managedClusters",
                  "apiVersion": "2025-10-01",
                  "name": "aks",
                  "location": "westeurope",
                  "properties": {
                    "agentPoolProfiles": "[map(filter(parameters('pools'), lambda('p', not(coalesce(tryGet(lambdaVariables('p'), 'off'), false())))), lambda('profile', createObject('name', lambdaVariables('profile').name, 'vmSize', lambdaVariables('profile').vmSize, 'count', lambdaVariables('profile').count)))]"
                  }
                }
              ]
            }
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(["aks/cpu Standard_D4s_v5 3"], Pools(r));
    }

    [Theory]
    [InlineData("var n = v => v", "is not a value")] // a lambda where a value is wanted
    [InlineData("var n = map(list, v => v)", "`list` is not a parameter or variable")]
    [InlineData("var n = filter([1, 2], v => v)", "not true or false")]
    [InlineData("var n = reduce([1, 2], 0, (a, b, c, d) => a)", "more parameters")]
    [InlineData("var n = length(v => v)", "a lambda")]
    public void A_lambda_that_cannot_be_evaluated_leaves_the_value_unknown_with_a_reason(string declarations, string reason)
    {
        var r = BicepReader.Read("vm.bicep", declarations + """

            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, length(n)): {
              name: 'vm${i}'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
            }]
            """);

        var vm = Assert.Single(r.Resources);
        Assert.Null(vm.Sku);
        Assert.Contains(reason, vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sorting_a_hostile_list_stops_at_the_step_limit_as_unknown_never_hangs()
    {
        var r = BicepReader.Read("vm.bicep", """
            var big = sort(range(0, 10000), (a, b) => a > b)
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, big[0]): {
              name: 'vm${i}'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
            }]
            """);

        var vm = Assert.Single(r.Resources);
        Assert.Contains("steps to evaluate", vm.UnresolvedReason, StringComparison.Ordinal);
    }
}
