using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A flexible (orchestrated) scale set written without <c>sku_name</c> or <c>instances</c> is a container: VMs join it
/// and are priced themselves. Azure/terraform-azurerm-virtual-machine's <c>examples/vmss/main.tf</c> (copied unchanged,
/// see SOURCES.md) writes one and joins a VM from the module to it. Before: "sku: not set" failed the gate on a scale
/// set that bills nothing; one with a size still counts its instances.
/// </summary>
public sealed class FlexibleScaleSetTests
{
    [Fact]
    public void The_module_example_s_flexible_scale_set_holds_no_vms_of_its_own()
    {
        var text = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "tf-vm-module-vmss", "main.tf"));

        var r = TerraformReader.Read("vmss/main.tf", text);

        Assert.Empty(r.Errors);
        var vmss = Assert.Single(r.Skipped, s => s.Type == "azurerm_orchestrated_virtual_machine_scale_set");
        Assert.Equal("a flexible scale set without sku_name or instances holds no VMs of its own (VMs that join it are priced themselves)", vmss.Reason);
        // The VM that joins it is the module's, whose folder is not read here: unknown, as the registry network module.
        Assert.Equal(["linux", "vnet"], r.Resources.Select(x => x.Name).Order(StringComparer.Ordinal).ToList());
        Assert.All(r.Resources, x => Assert.Null(x.Sku));
        Assert.Equal("module `linux` (../..) points above the root of the files read: its resources are not priced",
            Assert.Single(r.Resources, x => x.Name == "linux").UnresolvedReason);
    }

    [Fact]
    public void A_flexible_scale_set_with_a_size_is_priced_at_its_instances()
    {
        var vmss = Assert.Single(TerraformReader.Read("main.tf", """
            resource "azurerm_orchestrated_virtual_machine_scale_set" "gpu" {
              name                        = "gpu"
              location                    = "westeurope"
              platform_fault_domain_count = 1
              sku_name                    = "Standard_NC24ads_A100_v4"
              instances                   = 3
            }
            """).Resources);

        Assert.Equal(("Standard_NC24ads_A100_v4", 3m), (vmss.Sku, vmss.Quantity));
    }
}
