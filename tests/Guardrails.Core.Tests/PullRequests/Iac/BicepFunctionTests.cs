using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Bicep's user-defined functions (<c>func sizeFor(tier string) string => …</c>, Bicep 0.26+): before, a size or count
/// computed by one was "evaluated at deployment time", so the VM was unknown and the gate failed.
/// </summary>
public sealed class BicepFunctionTests
{
    private static IacParseResult Read(string text) => IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = text });

    [Fact]
    public void A_size_or_count_computed_by_a_function_is_known()
    {
        const string Bicep = """
            @description('a size per tier')
            func sizeFor(tier string) string => tier == 'gpu' ? 'Standard_NC24ads_A100_v4' : 'Standard_D4s_v5'
            func twice(n int) int => n * 2
            func names(prefix string, counts { n: int }) string[] => map(range(0, counts.n), i => '${prefix}${i}')
            func noArgs() string => sizeFor('gpu')

            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: names('vm', { n: 2 })[1]
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: noArgs() } }
            }
            resource ss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
              name: 'ss'
              location: 'eastus'
              sku: { name: sizeFor('cpu'), capacity: twice(3) }
            }
            """;

        var r = Read(Bicep);

        Assert.Empty(r.Errors);
        Assert.Equal([("ss", "Standard_D4s_v5", 6m), ("vm1", "Standard_NC24ads_A100_v4", 1m)], r.Resources.Select(x => (x.Name, x.Sku!, x.Quantity)).Order());
    }

    [Theory]
    [InlineData("func f(n int) int => f(n)\n", "f(3)", "function calls nested deeper than 32")]
    [InlineData("func f(n int) int => f((((((((((((((((((((n))))))))))))))))))))\n", "f(3)", "deeper than")]
    [InlineData("func f(n int) int => n\n", "f(1, 2)", "`f(…)` takes 1 arguments, not 2")]
    [InlineData("param unknown int\nfunc f(n int) int => n\n", "f(unknown)", "parameter `unknown` has no default")]
    public void A_call_that_cannot_be_known_is_unknown_with_the_reason_never_a_crash(string functions, string call, string reason)
    {
        var text = functions + "resource ss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {\n  name: 'ss'\n  sku: { name: 'Standard_D4s_v5', capacity: " + call + " }\n}\n";
        IacParseResult? r = null;
        var thread = new Thread(() => r = Read(text), 1024 * 1024); // smaller than the Functions host's stack
        thread.Start();
        thread.Join();

        var ss = Assert.Single(r!.Resources);
        Assert.Null(ss.Sku);
        Assert.Contains(reason, ss.UnresolvedReason, StringComparison.Ordinal);
    }
}
