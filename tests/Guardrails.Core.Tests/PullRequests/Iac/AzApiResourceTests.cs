using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Terraform's AzAPI provider deploys any ARM type from its body (the AKS Verified Module builds its cluster and node
/// pools with <c>azapi_resource</c>). Before, every one was "not estimated (no compute cost model)": an AKS cluster or a
/// GPU VM written this way was silently free. Then one of a compute ARM type, or of a type that cannot be read, was unknown
/// on its line (the gate failed). Now an <c>azapi_resource</c>'s body is read as the ARM resource it makes, by the Bicep and
/// ARM rules, so a VM or a cluster's node pools written this way are priced; what its body does not tell stays unknown.
/// </summary>
public sealed class AzApiResourceTests
{
    private static string AzApi(string kind, string type) => $$"""
        variable "pool_type" {
          type = string
        }

        resource "{{kind}}" "this" {
          type      = {{type}}
          name      = "gpu"
          parent_id = var.parent_id
          body = {
            properties = {
              hardwareProfile = { vmSize = "Standard_NC6s_v3" }
            }
          }
        }
        """;

    [Theory]
    [InlineData("azapi_resource", "\"Microsoft.ContainerService/managedClusters/agentPools@2025-02-01\"", "size: missing")] // a VM's body on a pool
    [InlineData("azapi_resource", "\"microsoft.machinelearningservices/workspaces/computes@2024-04-01\"", "computeType: missing")]
    [InlineData("azapi_resource", "\"Microsoft.Batch/batchAccounts/pools@2024-07-01\"", "size: missing")]
    [InlineData("azapi_update_resource", "\"Microsoft.Compute/virtualMachineScaleSets@2024-07-01\"", "Microsoft.Compute/virtualMachineScaleSets")]
    public async Task An_azapi_resource_of_a_compute_type_whose_body_does_not_tell_its_size_is_unknown_on_its_line_and_fails_the_gate(string kind, string type, string reason)
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["main.tf"] = AzApi(kind, type) });

        var unknown = Assert.Single(e.Unpriced);
        Assert.Equal(("main.tf", 5), (unknown.File, unknown.Line));
        Assert.Contains(reason, unknown.Reason, StringComparison.Ordinal);
        Assert.Empty(e.Resources);
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public void An_azapi_resource_whose_type_cannot_be_read_is_unknown_not_skipped()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = AzApi("azapi_resource", "var.pool_type") });

        var res = Assert.Single(r.Resources);
        Assert.Null(res.Sku);
        Assert.StartsWith("type: ", res.UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(r.Skipped);
    }

    [Theory]
    [InlineData("azapi_resource", "\"Microsoft.Storage/storageAccounts@2023-05-01\"")]
    [InlineData("azapi_update_resource", "\"Microsoft.Network/virtualNetworks@2024-05-01\"")]
    [InlineData("azapi_resource_action", "\"Microsoft.Compute/virtualMachines@2024-07-01\"")]
    public void An_azapi_resource_of_another_type_is_skipped_as_before(string kind, string type)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = AzApi(kind, type) });

        Assert.Empty(r.Resources);
        Assert.Equal(kind, Assert.Single(r.Skipped).Type);
    }

    private static IacParseResult Read(string tf) => IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = tf });

    private static List<string> Priced(IacParseResult r) =>
        r.Resources.Select(x => $"{x.Name} {x.Sku ?? x.UnresolvedReason} {x.Quantity} {x.Region}").Order(StringComparer.Ordinal).ToList();

    [Theory]
    [InlineData("{\n properties = {\n hardwareProfile = { vmSize = \"Standard_NC6s_v3\" }\n }\n }")] // AzAPI 2.x: an object
    [InlineData("jsonencode({\n properties = {\n hardwareProfile = { vmSize = \"Standard_NC6s_v3\" }\n }\n })")] // AzAPI 1.x
    [InlineData("local.vm_body")] // a known value
    public void An_azapi_virtual_machine_is_priced_from_its_body(string body)
    {
        var r = Read($$"""
            locals {
              vm_body = { properties = { hardwareProfile = { vmSize = "Standard_NC6s_v3" } } }
            }
            resource "azapi_resource" "gpu" {
              count     = 2
              type      = "Microsoft.Compute/virtualMachines@2024-07-01"
              name      = "gpu"
              location  = "westeurope"
              parent_id = var.rg_id
              body      = {{body}}
            }
            """);

        Assert.Equal(["gpu Standard_NC6s_v3 2 westeurope"], Priced(r));
    }

    [Fact]
    public void An_azapi_cluster_is_priced_pool_by_pool_as_the_verified_module_writes_it()
    {
        var r = Read("""
            variable "pools" {
              default = [
                { name = "system", vm_size = "Standard_D4s_v5", count = 3 },
                { name = "gpu", vm_size = "Standard_NC24ads_A100_v4", count = 2 },
              ]
            }
            resource "azapi_resource" "this" {
              type      = "Microsoft.ContainerService/managedClusters@2025-02-01"
              name      = "aks"
              location  = "eastus"
              parent_id = var.rg_id
              body = {
                properties = {
                  agentPoolProfiles = [for p in var.pools : { name = p.name, vmSize = p.vm_size, count = p.count, mode = "System" }]
                }
              }
            }
            """);

        Assert.Equal(["this/gpu Standard_NC24ads_A100_v4 2 eastus", "this/system Standard_D4s_v5 3 eastus"], Priced(r));
    }

    [Fact]
    public void An_azapi_compute_resource_whose_body_cannot_be_known_is_unknown_with_the_reason()
    {
        var res = Assert.Single(Read("""
            variable "body" {}
            resource "azapi_resource" "vm" {
              type = "Microsoft.Compute/virtualMachines@2024-07-01"
              name = "vm"
              body = var.body
            }
            """).Resources);

        Assert.Equal("Microsoft.Compute/virtualMachines through azapi_resource: body: variable `body` has no default (compute: unknown, not free)", res.UnresolvedReason);
    }

    [Fact]
    public void An_azapi_cluster_whose_properties_cannot_be_known_is_unknown_never_a_cluster_without_pools()
    {
        var res = Assert.Single(Read("""
            variable "extra" {}
            locals {
              body = merge({ sku = { name = "Base" } }, { properties = { for k, v in var.extra : k => v if v != null } })
            }
            resource "azapi_resource" "this" {
              type = "Microsoft.ContainerService/managedClusters@2025-02-01"
              name = "aks"
              body = local.body
            }
            """).Resources);

        Assert.Null(res.Sku);
        Assert.StartsWith("properties: ", res.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bicep_resource_whose_properties_are_a_known_variable_is_read_from_it()
    {
        var r = BicepReader.Read("vm.bicep", """
            var vmProperties = { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'vm'
              location: 'eastus'
              properties: vmProperties
            }
            """);

        Assert.Equal("Standard_NC6s_v3", Assert.Single(r.Resources).Sku);
    }

    /// <summary>Before, an AzAPI resource with <c>for_each</c> was priced for its first instance only (the others were not
    /// read at all), and one whose number of instances cannot be known was priced as one.</summary>
    [Fact]
    public async Task Every_for_each_instance_of_an_azapi_vm_is_priced_and_an_unknown_number_of_instances_is_unknown()
    {
        const string Tf = """
            variable "pools" {
              type = map(string)
            }
            locals {
              vms = { a = "Standard_NC24ads_A100_v4", b = "Standard_NC4as_T4_v3", c = "Standard_NC4as_T4_v3" }
            }
            resource "azapi_resource" "vm" {
              for_each  = local.vms
              type      = "Microsoft.Compute/virtualMachines@2024-07-01"
              name      = each.key
              location  = "eastus"
              parent_id = "x"
              body = { properties = { hardwareProfile = { vmSize = each.value } } }
            }
            resource "azapi_resource" "unknown" {
              for_each  = var.pools
              type      = "Microsoft.Compute/virtualMachines@2024-07-01"
              name      = each.key
              location  = "eastus"
              parent_id = "x"
              body = { properties = { hardwareProfile = { vmSize = "Standard_NC4as_T4_v3" } } }
            }
            """;

        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), new Dictionary<string, string> { ["main.tf"] = Tf });

        Assert.Equal(
            [("vm[\"a\"]", "Standard_NC24ads_A100_v4", 1m), ("vm[\"b\"]", "Standard_NC4as_T4_v3", 1m), ("vm[\"c\"]", "Standard_NC4as_T4_v3", 1m)],
            e.Resources.Select(r => (r.Name, r.Sku!, r.Quantity)).Order());
        var unknown = Assert.Single(e.Unpriced);
        Assert.Equal("unknown", unknown.Name);
        Assert.Contains("variable `pools` has no default", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(GateState.Failure, gate.State);
    }
}
