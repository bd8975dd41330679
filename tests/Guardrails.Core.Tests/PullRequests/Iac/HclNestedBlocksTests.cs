using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Every nested block that prices a Terraform resource may be written by a <c>dynamic</c> block, as modules do: the
/// legacy scale set's <c>sku</c>, the Windows configuration and image that choose Windows prices, an Azure ML cluster's
/// <c>scale_settings</c>. Before: only <c>dynamic "default_node_pool"</c> was read; a dynamic <c>sku</c> left the scale
/// set "sku.name: not set", and a dynamic <c>os_profile_windows_config</c> priced a Windows VM at Linux prices.
/// </summary>
public sealed class HclNestedBlocksTests
{
    private static IacResource Single(string text, string variables = "")
    {
        var r = TerraformReader.Read("main.tf", variables + "\n" + text);
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    private const string LegacyScaleSet = """
        resource "azurerm_virtual_machine_scale_set" "gpu" {
          name     = "gpu"
          location = "westeurope"
          dynamic "sku" {
            for_each = [var.pool]
            iterator = pool
            content {
              name     = pool.value.size
              tier     = "Standard"
              capacity = pool.value.nodes
            }
          }
        }
        """;

    [Fact]
    public void A_dynamic_sku_prices_the_scale_set_at_its_element_s_size_and_capacity()
    {
        var vmss = Single(LegacyScaleSet, "variable \"pool\" {\n  default = { size = \"Standard_NC24ads_A100_v4\", nodes = 3 }\n}");

        Assert.Equal(("Standard_NC24ads_A100_v4", 3m, (string?)null), (vmss.Sku, vmss.Quantity, vmss.UnresolvedReason));
    }

    [Fact]
    public void A_dynamic_sku_whose_for_each_is_unknown_leaves_the_scale_set_unpriced_with_the_reason()
    {
        var vmss = Single(LegacyScaleSet, "variable \"pool\" {}");

        Assert.Null(vmss.Sku);
        Assert.Equal("dynamic \"sku\" for_each: variable `pool` has no default", vmss.UnresolvedReason);
    }

    private static string LegacyVm(string forEach) => $$"""
        resource "azurerm_virtual_machine" "vm" {
          name     = "vm"
          location = "westeurope"
          vm_size  = "Standard_NC4as_T4_v3"
          dynamic "os_profile_windows_config" {
            for_each = {{forEach}}
            content {
              provision_vm_agent = true
            }
          }
          dynamic "os_profile_linux_config" {
            for_each = var.is_windows ? [] : ["linux"]
            content {
              disable_password_authentication = true
            }
          }
        }
        """;

    [Theory]
    [InlineData("true", VmOs.Windows)]
    [InlineData("false", VmOs.Linux)]
    public void A_dynamic_windows_configuration_chooses_windows_prices_only_when_its_for_each_has_an_element(string isWindows, VmOs os)
    {
        var vm = Single(LegacyVm("var.is_windows ? [\"windows\"] : []"), $"variable \"is_windows\" {{\n  default = {isWindows}\n}}");

        Assert.Equal(("Standard_NC4as_T4_v3", os), (vm.Sku, vm.Os));
    }

    [Fact]
    public void A_dynamic_windows_configuration_that_may_or_may_not_be_there_leaves_the_vm_unpriced()
    {
        var vm = Single(LegacyVm("var.is_windows ? [\"windows\"] : []"), "variable \"is_windows\" {}");

        Assert.Null(vm.Sku);
        Assert.Equal("dynamic \"os_profile_windows_config\" for_each: variable `is_windows` has no default (Windows and Linux prices differ)", vm.UnresolvedReason);
    }

    [Fact]
    public void A_dynamic_image_reference_with_a_windows_publisher_chooses_windows_prices()
    {
        var vm = Single("""
            resource "azurerm_orchestrated_virtual_machine_scale_set" "flex" {
              name      = "flex"
              location  = "westeurope"
              sku_name  = "Standard_NC4as_T4_v3"
              instances = 2
              dynamic "source_image_reference" {
                for_each = var.images
                content {
                  publisher = source_image_reference.value.publisher
                  offer     = source_image_reference.value.offer
                  sku       = "2022-datacenter"
                  version   = "latest"
                }
              }
            }
            """,
            "variable \"images\" {\n  default = { win = { publisher = \"MicrosoftWindowsServer\", offer = \"WindowsServer\" } }\n}");

        Assert.Equal(("Standard_NC4as_T4_v3", 2m, VmOs.Windows), (vm.Sku, vm.Quantity, vm.Os));
    }

    [Theory]
    [InlineData("[{ min = 0, max = 4 }]", 4, null)]
    [InlineData("var.scale", null, "dynamic \"scale_settings\" for_each: variable `scale` has no default")]
    public void A_dynamic_scale_settings_block_gives_the_cluster_its_nodes_or_its_reason(string forEach, int? max, string? reason)
    {
        var cluster = Single($$"""
            resource "azurerm_machine_learning_compute_cluster" "gpu" {
              name     = "gpu-cluster"
              location = "westeurope"
              vm_size  = "Standard_NC24ads_A100_v4"
              vm_priority = "Dedicated"
              dynamic "scale_settings" {
                for_each = {{forEach}}
                content {
                  min_node_count = scale_settings.value.min
                  max_node_count = scale_settings.value.max
                  scale_down_nodes_after_idle_duration = "PT30S"
                }
              }
            }
            """, "variable \"scale\" {}");

        Assert.Equal(((decimal?)max, reason), (cluster.MaxNodes, cluster.UnresolvedReason));
    }
}
