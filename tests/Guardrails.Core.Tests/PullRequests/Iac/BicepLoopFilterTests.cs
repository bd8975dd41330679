using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A Bicep loop with an <c>if</c> on its element (<c>[for p in pools: if (p.enabled) {…}]</c>) deploys only the
/// elements the condition holds for. Before: the condition was evaluated without the element, so every element was
/// counted as deployed (a disabled GPU pool was priced).
/// </summary>
public sealed class BicepLoopFilterTests
{
    private const string Bicep = """
        param pools array = [
          { name: 'train', size: 'Standard_NC24ads_A100_v4', enabled: true }
          { name: 'spare', size: 'Standard_ND96asr_v4', enabled: false }
          { name: 'infer', size: 'Standard_NC4as_T4_v3', enabled: true }
        ]
        param gate bool

        resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for p in pools: if (p.enabled) {
          name: p.name
          location: 'eastus'
          properties: { hardwareProfile: { vmSize: p.size } }
        }]

        resource gated 'Microsoft.Compute/virtualMachines@2024-03-01' = [for p in pools: if (p.enabled && gate) {
          name: 'gated-${p.name}'
          location: 'eastus'
          properties: { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
        }]
        """;

    [Fact]
    public void Only_the_elements_whose_condition_holds_are_deployed()
    {
        var r = BicepReader.Read("main.bicep", Bicep);

        Assert.Empty(r.Errors);
        Assert.Equal(["infer Standard_NC4as_T4_v3 1", "train Standard_NC24ads_A100_v4 1"],
            r.Resources.Where(x => !x.Name.StartsWith("gated", StringComparison.Ordinal))
                .Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void An_element_whose_condition_cannot_be_known_is_counted_as_deployed_with_a_note()
    {
        var gated = BicepReader.Read("main.bicep", Bicep).Resources.Where(x => x.Name.StartsWith("gated", StringComparison.Ordinal)).ToList();

        // `gate` has no value: train and infer are counted as deployed; spare is not (false && anything is false).
        Assert.Equal(2m, gated.Sum(x => x.Quantity));
        Assert.All(gated, x => Assert.Contains("deployed only when its `if` condition holds (counted as deployed)", x.Notes));
    }
}
