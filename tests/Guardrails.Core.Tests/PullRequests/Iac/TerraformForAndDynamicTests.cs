using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Terraform <c>for</c> expressions and <c>dynamic</c> blocks, as Azure/terraform-azurerm-aks (MIT) writes its node pools
/// (<c>local.node_pools_create_before_destroy = { for k, p in var.node_pools : k =&gt; p if p.create_before_destroy == true }</c>)
/// and its default node pool (one <c>dynamic "default_node_pool"</c> per scaling mode). Before: every for expression was
/// opaque (the pools unknown) and the cluster was "no default_node_pool block" though it has one.
/// </summary>
public sealed class TerraformForAndDynamicTests
{
    private const string NodePools = """
        variable "node_pools" {
          default = {
            gpu  = { vm_size = "Standard_NC24ads_A100_v4", node_count = 2, create_before_destroy = true }
            cpu  = { vm_size = "Standard_D4s_v5", node_count = 3, create_before_destroy = false }
            t4   = { vm_size = "Standard_NC4as_T4_v3", node_count = 1, create_before_destroy = true }
          }
        }
        locals {
          node_pools_create_before_destroy = { for k, p in var.node_pools : k => p if p.create_before_destroy == true }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "node_pool_create_before_destroy" {
          for_each   = local.node_pools_create_before_destroy
          name       = each.key
          vm_size    = each.value.vm_size
          node_count = each.value.node_count
        }
        """;

    private static IacParseResult Read(string text) => TerraformReader.Read("main.tf", text);

    [Fact]
    public void A_for_each_over_a_filtered_map_prices_each_kept_pool_at_its_own_size()
    {
        var r = Read(NodePools);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [("Standard_NC24ads_A100_v4", 2m), ("Standard_NC4as_T4_v3", 1m)],
            r.Resources.Select(x => (x.Sku!, x.Quantity)).Order());
    }

    [Theory]
    [InlineData("[for s in var.sizes : s]", 3)]
    [InlineData("[for i, s in var.sizes : s if i > 0]", 2)]
    [InlineData("{ for s in var.sizes : s => s... }", 2)]
    [InlineData("[for s in var.sizes : upper(s) if s != \"Standard_D2s_v3\"]", 2)]
    public void List_and_map_for_expressions_count_what_they_make(string expression, int count)
    {
        var text = "variable \"sizes\" {\n  default = [\"Standard_NC4as_T4_v3\", \"Standard_NC4as_T4_v3\", \"Standard_D2s_v3\"]\n}\n"
            + $"resource \"azurerm_linux_virtual_machine\" \"vm\" {{\n  count = length({expression})\n  size  = \"Standard_NC4as_T4_v3\"\n}}\n";

        Assert.Equal(count, Assert.Single(Read(text).Resources).Quantity);
    }

    [Fact]
    public void A_for_expression_over_something_known_only_after_apply_is_unknown_never_one_instance()
    {
        var text = "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  for_each = { for s in data.azurerm_resources.r.resources : s.name => s }\n"
            + "  size = \"Standard_NC4as_T4_v3\"\n}\n";

        var vm = Assert.Single(Read(text).Resources);

        Assert.Null(vm.Sku);
        Assert.Contains("known only after apply", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    private static string Cluster(bool autoScaling) => $$"""
        variable "auto_scaling_enabled" {
          default = {{(autoScaling ? "true" : "false")}}
        }
        resource "azurerm_kubernetes_cluster" "main" {
          location = "eastus"
          dynamic "default_node_pool" {
            for_each = var.auto_scaling_enabled == true ? [] : ["default_node_pool_manually_scaled"]
            content {
              name       = "system"
              vm_size    = "Standard_NC4as_T4_v3"
              node_count = 2
            }
          }
          dynamic "default_node_pool" {
            for_each = var.auto_scaling_enabled == true ? ["default_node_pool_auto_scaled"] : []
            content {
              name                 = default_node_pool.value
              vm_size              = "Standard_NC6s_v3"
              auto_scaling_enabled = true
              min_count            = 1
              max_count            = 4
            }
          }
        }
        """;

    [Theory]
    [InlineData(false, "Standard_NC4as_T4_v3", 2)]
    [InlineData(true, "Standard_NC6s_v3", 1)]
    public void The_dynamic_default_node_pool_whose_for_each_has_an_element_is_the_cluster_s_pool(bool autoScaling, string sku, int nodes)
    {
        var pool = Assert.Single(Read(Cluster(autoScaling)).Resources);

        Assert.Equal((sku, (decimal)nodes, (string?)null), (pool.Sku, pool.Quantity, pool.UnresolvedReason));
    }

    [Fact]
    public void A_dynamic_default_node_pool_whose_for_each_cannot_be_known_is_unknown_with_that_reason()
    {
        var text = Cluster(false).Replace("var.auto_scaling_enabled == true ? [] : [\"default_node_pool_manually_scaled\"]", "var.modes", StringComparison.Ordinal);

        var pool = Assert.Single(Read(text).Resources);

        Assert.Null(pool.Sku);
        Assert.StartsWith("dynamic \"default_node_pool\" for_each: variable `modes` is not declared", pool.UnresolvedReason, StringComparison.Ordinal);
    }
}
