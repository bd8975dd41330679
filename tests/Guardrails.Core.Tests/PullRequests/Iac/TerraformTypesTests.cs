using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A variable's type constraint fills in the optional attributes an element leaves out, as Terraform does
/// (<c>optional(string, "Linux")</c> → "Linux", <c>optional(string)</c> → null). The AKS module types its
/// <c>node_pools</c> this way. Before: <c>each.value.os_type</c> of a pool that does not set it was "not in the instance's
/// value", so every pool was unpriced ("Windows and Linux prices differ").
/// </summary>
public sealed class TerraformTypesTests
{
    private static string Pools(string osType) => $$"""
        variable "node_pools" {
          type = map(object({
            vm_size    = string
            node_count = optional(number, 1)
            os_type    = {{osType}}
            priority   = optional(string)
            labels     = optional(object({ tier = optional(string, "gpu") }), {})
          }))
          default = {
            a100 = { vm_size = "Standard_NC24ads_A100_v4", node_count = 2 }
            win  = { vm_size = "Standard_NC4as_T4_v3", os_type = "Windows" }
          }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "pool" {
          for_each              = var.node_pools
          name                  = each.key
          kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
          vm_size               = each.value.vm_size
          node_count            = each.value.node_count
          os_type               = each.value.os_type
          priority              = each.value.priority
          node_labels           = { tier = each.value.labels.tier }
        }
        """;

    [Theory]
    [InlineData("optional(string, \"Linux\")")]
    [InlineData("optional(string)")]
    public void Optional_attributes_an_element_leaves_out_take_the_type_s_default(string osType)
    {
        var r = TerraformReader.Read("pools.tf", Pools(osType));

        Assert.Empty(r.Errors);
        Assert.Equal(["pool[\"a100\"] Standard_NC24ads_A100_v4 2 Linux ", "pool[\"win\"] Standard_NC4as_T4_v3 1 Windows "],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity} {x.Os} {x.UnresolvedReason}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Without_a_type_a_missing_attribute_is_still_unknown()
    {
        var r = TerraformReader.Read("pools.tf", Pools("optional(string)").Replace("  type = map(object({\n    vm_size    = string\n    node_count = optional(number, 1)\n    os_type    = optional(string)\n    priority   = optional(string)\n    labels     = optional(object({ tier = optional(string, \"gpu\") }), {})\n  }))\n", "", StringComparison.Ordinal));

        var a100 = Assert.Single(r.Resources, x => x.Name == "pool[\"a100\"]");
        Assert.Null(a100.Sku);
        Assert.StartsWith("os_type: `each.value.os_type`: `os_type` is not in the instance's value", a100.UnresolvedReason, StringComparison.Ordinal);
    }
}
