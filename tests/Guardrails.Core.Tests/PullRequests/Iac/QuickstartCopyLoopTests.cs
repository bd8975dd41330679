using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// The azure-quickstart-templates' <c>multi-vm-lb-zones/azuredeploy.json</c> (copied unchanged, see SOURCES.md): N VMs
/// in a <c>copy</c> loop whose count is a parameter, zones from <c>split(string(add(mod(copyIndex(),3),1)), ',')</c>, and
/// the image (so Windows or Linux prices) chosen by <c>if(equals(parameters('windowsOrUbuntu'), 'Windows'), …)</c>.
/// </summary>
public sealed class QuickstartCopyLoopTests
{
    private static readonly string Template = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "quickstart-multi-vm-lb-zones", "azuredeploy.json"));

    private static string Parameters(int vms, string os) => $$"""
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {
            "location": { "value": "westeurope" },
            "windowsOrUbuntu": { "value": "{{os}}" },
            "numberOfVms": { "value": {{vms}} },
            "vmSize": { "value": "Standard_NC4as_T4_v3" }
          }
        }
        """;

    private static async Task<(CostEstimate Estimate, GateResult Gate)> PullRequest(Dictionary<string, string> baseFiles, Dictionary<string, string> headFiles) =>
        await UnpricedIsNeverFreeTests.GateAsync(baseFiles, headFiles);

    [Fact]
    public async Task With_its_defaults_the_three_copies_are_priced_in_the_default_region_from_the_wide_table()
    {
        var read = IacReader.ReadAll(new Dictionary<string, string> { ["lb/azuredeploy.json"] = Template });
        var (e, gate) = await PullRequest([], new() { ["lb/azuredeploy.json"] = Template });

        Assert.Empty(read.Errors);
        var vm = Assert.Single(read.Resources);
        Assert.Equal(("Standard_D2s_v3", 3m, 337), (vm.Sku, vm.Quantity, vm.Line)); // numberOfVms defaults to 3
        Assert.Empty(e.Unpriced);
        // location is resourceGroup().location: the default region (eastus), Linux on-demand 0.096/h from the wide table.
        var priced = Assert.Single(e.Resources);
        Assert.Equal(("eastus", 3m, new DateOnly(2026, 6, 18)), (priced.Head!.Region, priced.Head.Nodes, priced.Head.Quote.AsOf));
        Assert.Equal(3 * 0.096m * 730, e.HeadMonthlyCost);
        Assert.Equal(GateState.Success, gate.State);
    }

    [Fact]
    public async Task A_pull_request_that_doubles_the_copies_and_switches_to_Windows_is_priced_per_copy_at_Windows_prices()
    {
        var (e, gate) = await PullRequest(
            new() { ["lb/azuredeploy.json"] = Template, ["lb/azuredeploy.parameters.json"] = Parameters(2, "Ubuntu") },
            new() { ["lb/azuredeploy.json"] = Template, ["lb/azuredeploy.parameters.json"] = Parameters(4, "Windows") });

        Assert.Empty(e.Unpriced);
        Assert.Equal(2 * 0.658m * 730, e.BaseMonthlyCost); // 2 × NC4as_T4_v3 Linux in westeurope, $0.658/h in the snapshot
        Assert.Equal(4 * 0.842m * 730, e.HeadMonthlyCost); // 4 × the Windows price, $0.842/h
        Assert.Equal(1497.96m, e.DiffMonthlyCost);
        Assert.Equal(GateState.Success, gate.State); // no limits configured
    }
}
