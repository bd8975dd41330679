using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// A resource the head cannot read is never shown as removed (a saving): a base resource without a head counterpart is
/// removed only when the head was read where it would be. Each case below showed the base's resources as removed and the
/// difference as negative before.
/// </summary>
public class HeadUnknownsTests
{
    private const string BicepVm = """
        param vmSize string = 'Standard_NC24ads_A100_v4'
        resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
          name: 'gpu-vm'
          location: 'westeurope'
          properties: { hardwareProfile: { vmSize: vmSize } }
        }
        """;

    private const string TerraformVm = """
        variable "size" {
          default = "Standard_NC24ads_A100_v4"
        }
        resource "azurerm_linux_virtual_machine" "vm" {
          name     = "vm"
          location = "westeurope"
          size     = var.size
        }
        """;

    private static async Task AssertNothingRemovedAsync(Dictionary<string, string> baseFiles, Dictionary<string, string> headFiles, string reasonPart,
        string headFile)
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(baseFiles, headFiles);

        Assert.DoesNotContain(e.Resources, r => r.Change == ResourceChange.Removed);
        Assert.True(e.DiffMonthlyCost >= 0, $"a saving of {e.DiffMonthlyCost} was shown");
        var hidden = Assert.Single(e.Unpriced, u => u.Reason.StartsWith("not read at head, so not counted as removed: ", StringComparison.Ordinal)
            && u.Name.EndsWith("vm", StringComparison.Ordinal));
        Assert.Contains(reasonPart, hidden.Reason, StringComparison.Ordinal);
        Assert.True(hidden.BlocksGate);
        Assert.Equal(headFile, hidden.File); // where the head could not be read (a check-run annotation lands on a head line)
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public async Task A_bicep_module_call_expanded_at_base_but_not_read_at_head_is_unknown_not_removed()
    {
        var baseFiles = new Dictionary<string, string> { ["main.bicep"] = "module gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n}\n", ["modules/vm.bicep"] = BicepVm };
        var registry = new Dictionary<string, string> { ["main.bicep"] = "module gpu 'br/public:avm/res/compute/virtual-machine:0.1.0' = {\n  name: 'gpu'\n}\n" };
        var missing = new Dictionary<string, string> { ["main.bicep"] = baseFiles["main.bicep"] };

        await AssertNothingRemovedAsync(baseFiles, registry, "main.bicep:1: registry module `gpu`", "main.bicep");
        await AssertNothingRemovedAsync(baseFiles, missing, "main.bicep:1: module `gpu` (modules/vm.bicep) is not among the files read", "main.bicep");
    }

    [Fact]
    public async Task A_module_called_through_another_module_that_is_not_read_at_head_is_unknown_not_removed()
    {
        var baseFiles = new Dictionary<string, string>
        {
            ["main.bicep"] = "module outer 'a/outer.bicep' = {\n  name: 'outer'\n}\n",
            ["a/outer.bicep"] = "module inner '../b/inner.bicep' = {\n  name: 'inner'\n}\n",
            ["b/inner.bicep"] = BicepVm,
        };
        var head = new Dictionary<string, string>(baseFiles) { ["a/outer.bicep"] = "module inner 'br:example.azurecr.io/inner:1' = {\n  name: 'inner'\n}\n" };

        await AssertNothingRemovedAsync(baseFiles, head, "a/outer.bicep:1: registry module `inner`", "a/outer.bicep");
    }

    [Fact]
    public async Task A_terraform_module_call_expanded_at_base_but_a_registry_module_at_head_is_unknown_not_removed()
    {
        var baseFiles = new Dictionary<string, string>
        {
            ["envs/prod/main.tf"] = "module \"gpu\" {\n  source = \"../../modules/gpu\"\n}\n",
            ["modules/gpu/main.tf"] = TerraformVm,
        };
        var head = new Dictionary<string, string> { ["envs/prod/main.tf"] = "module \"gpu\" {\n  source  = \"Azure/avm-res-compute-virtualmachine/azurerm\"\n}\n" };

        await AssertNothingRemovedAsync(baseFiles, head, "envs/prod/main.tf:1: registry module `gpu`", "envs/prod/main.tf");
    }

    [Fact]
    public async Task Resources_of_a_file_or_of_a_caller_that_does_not_parse_at_head_are_unknown_not_removed()
    {
        var bicepBase = new Dictionary<string, string> { ["main.bicep"] = "module gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n}\n", ["modules/vm.bicep"] = BicepVm };
        var brokenCaller = new Dictionary<string, string>(bicepBase) { ["main.bicep"] = "module gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n" };
        var brokenModule = new Dictionary<string, string>(bicepBase) { ["modules/vm.bicep"] = BicepVm + "\nresource x 'a@1' = {\n" };
        var terraformBase = new Dictionary<string, string> { ["main.tf"] = TerraformVm };
        var brokenTerraform = new Dictionary<string, string> { ["main.tf"] = TerraformVm + "\nresource \"x\" \"y\" {\n" };

        await AssertNothingRemovedAsync(bicepBase, brokenCaller, "main.bicep", "main.bicep");
        await AssertNothingRemovedAsync(bicepBase, brokenModule, "modules/vm.bicep", "modules/vm.bicep");
        await AssertNothingRemovedAsync(terraformBase, brokenTerraform, "main.tf", "main.tf");
    }

    [Fact]
    public async Task A_parameter_file_that_does_not_parse_at_head_hides_its_deployment_which_is_unknown_not_removed()
    {
        var baseFiles = new Dictionary<string, string> { ["main.bicep"] = BicepVm, ["prod.bicepparam"] = "using 'main.bicep'\nparam vmSize = 'Standard_NC24ads_A100_v4'\n" };
        var head = new Dictionary<string, string>(baseFiles) { ["prod.bicepparam"] = "using 'main.bicep\nparam vmSize = 'Standard_NC24ads_A100_v4'\n" };

        var (e, _) = await UnpricedIsNeverFreeTests.GateAsync(baseFiles, head);

        Assert.DoesNotContain(e.Resources, r => r.Change == ResourceChange.Removed);
        Assert.Contains(e.Unpriced, u => u.Name == "gpu-vm (prod.bicepparam)" && u.Reason.Contains("prod.bicepparam", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Instances_read_one_by_one_at_base_whose_count_is_unknown_at_head_are_unknown_not_removed()
    {
        const string Sizes = "variable \"sizes\" {\n  default = [\"Standard_NC24ads_A100_v4\", \"Standard_NC4as_T4_v3\"]\n}\n";
        var baseFiles = new Dictionary<string, string>
        {
            ["main.tf"] = Sizes + "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  count    = 2\n  location = \"westeurope\"\n  size     = var.sizes[count.index]\n}\n",
        };
        var head = new Dictionary<string, string>
        {
            ["main.tf"] = Sizes + "variable \"n\" {}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  count    = var.n\n  location = \"westeurope\"\n  size     = var.sizes[count.index]\n}\n",
        };

        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(baseFiles, head);

        Assert.DoesNotContain(e.Resources, r => r.Change == ResourceChange.Removed);
        Assert.Equal(0m, e.DiffMonthlyCost);
        Assert.Equal(2, e.Unpriced.Count(u => u.Reason.StartsWith("not read at head", StringComparison.Ordinal)));
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public async Task A_resource_the_head_read_and_no_longer_has_is_still_removed_with_its_saving()
    {
        var baseFiles = new Dictionary<string, string> { ["main.bicep"] = "module gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n}\n", ["modules/vm.bicep"] = BicepVm };
        var head = new Dictionary<string, string> { ["main.bicep"] = "param x string = 'y'\n" };

        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(baseFiles, head);

        var vm = Assert.Single(e.Resources);
        Assert.Equal((ResourceChange.Removed, "gpu/gpu-vm"), (vm.Change, vm.Name));
        Assert.True(e.DiffMonthlyCost < 0);
        Assert.Empty(e.Unpriced);
        Assert.Equal(GateState.Success, gate.State);
    }
}
