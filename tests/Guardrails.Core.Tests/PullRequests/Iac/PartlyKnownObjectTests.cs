using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// An object with a member known only at apply (a subnet id, a random name) is still known: its keys and its other
/// members price the resource, and reading the unknown member is unknown with its reason. Before: one such member made the
/// whole map unknown, so the AKS module's own multiple_node_pools example (pools keyed worker0…2, each with
/// <c>vnet_subnet = { id = azurerm_subnet.x[i].id }</c>) left every pool unpriced.
/// </summary>
public sealed class PartlyKnownObjectTests
{
    private const string Pools = """
        locals {
          nodes = {
            for i in range(3) : "worker${i}" => {
              name        = substr("worker${i}${random_id.prefix.hex}", 0, 8)
              vm_size     = i == 0 ? "Standard_NC24ads_A100_v4" : "Standard_NC4as_T4_v3"
              node_count  = 2
              vnet_subnet = { id = azurerm_subnet.node_pool_subnet[i].id }
            }
          }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "pool" {
          for_each              = local.nodes
          name                  = each.value.name
          kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
          vm_size               = each.value.vm_size
          node_count            = each.value.node_count
          vnet_subnet_id        = each.value.vnet_subnet.id
          tags                  = { subnet = each.value.vnet_subnet.id }
        }
        """;

    [Fact]
    public void A_map_whose_members_are_partly_known_prices_each_instance_at_its_known_size()
    {
        var r = TerraformReader.Read("pools.tf", Pools);

        Assert.Empty(r.Errors);
        Assert.Equal(["pool[\"worker0\"] Standard_NC24ads_A100_v4 2", "pool[\"worker1\"] Standard_NC4as_T4_v3 2", "pool[\"worker2\"] Standard_NC4as_T4_v3 2"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
        Assert.All(r.Resources, x => Assert.Null(x.Tags)); // a tag known only at apply: the tags are unknown, not junk
    }

    [Theory]
    // substr is evaluated (TerraformFunctions): the member is unknown for its real reason, the random suffix
    [InlineData("each.value.name", "`random_id.prefix.hex` is known only after apply")]
    [InlineData("contains(values(each.value), \"x\") ? \"a\" : \"b\"", "`random_id.prefix.hex` is known only after apply")]
    [InlineData("length(each.value) == 4 ? \"Standard_NC6s_v3\" : \"b\"", null)]
    public void Reading_the_unknown_member_or_deciding_from_it_is_unknown_counting_its_keys_is_not(string size, string? reason)
    {
        var r = TerraformReader.Read("pools.tf", Pools.Replace("each.value.vm_size", size, StringComparison.Ordinal));

        Assert.All(r.Resources, x => Assert.Equal(reason is null ? null : $"vm_size: {reason}", x.UnresolvedReason));
        Assert.Equal(reason is null ? 6m : 0m, r.Resources.Where(x => x.Sku == "Standard_NC6s_v3").Sum(x => x.Quantity)); // 3 pools × 2 nodes
    }
}
