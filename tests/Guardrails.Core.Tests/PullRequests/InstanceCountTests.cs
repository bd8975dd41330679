using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// How many instances a resource makes is read, not guessed: <c>count</c> and <c>for_each</c> through variables,
/// <c>terraform.tfvars</c> and pure functions; per-instance values (<c>each.value.size</c>); and a number of instances
/// that cannot be known makes the resource unpriced, failing the gate, never "one instance". The IaC below is written for
/// these tests in the shape of the azurerm provider's and Bicep's reference documentation.
/// </summary>
public class InstanceCountTests
{
    private static Dictionary<string, string> One(string path, string text) => new() { [path] = text };

    private static IacResource Single(string tf) => Assert.Single(TerraformReader.Read("main.tf", tf).Resources);

    [Fact]
    public void A_for_each_over_toset_of_a_literal_list_counts_its_distinct_members()
    {
        var vm = Single("""
            resource "azurerm_linux_virtual_machine" "worker" {
              for_each = toset(["a", "b", "c", "a"])
              name     = "worker-${each.key}"
              size     = "Standard_NC6s_v3"
              location = "westeurope"
            }
            """);
        Assert.Equal(("worker", "Standard_NC6s_v3", 3m), (vm.Name, vm.Sku, vm.Quantity));
    }

    [Fact]
    public void A_for_each_over_a_map_prices_each_instance_at_its_own_size()
    {
        var r = TerraformReader.Read("main.tf", """
            variable "trainers" {
              default = {
                big   = { size = "Standard_ND96asr_v4" }
                small = { size = "Standard_NC4as_T4_v3" }
              }
            }
            resource "azurerm_linux_virtual_machine" "trainer" {
              for_each = var.trainers
              name     = each.key
              size     = each.value.size
              location = "eastus"
            }
            """);
        Assert.Equal(
            [("trainer[\"big\"]", "Standard_ND96asr_v4", 1m), ("trainer[\"small\"]", "Standard_NC4as_T4_v3", 1m)],
            r.Resources.Select(x => (x.Name, x.Sku!, x.Quantity)).ToList());
    }

    [Fact]
    public void Count_reads_length_of_a_variable_and_count_index_picks_each_size()
    {
        var r = TerraformReader.Read("main.tf", """
            variable "sizes" { default = ["Standard_NC6s_v3", "Standard_NC24ads_A100_v4"] }
            resource "azurerm_linux_virtual_machine" "gpu" {
              count    = length(var.sizes)
              size     = var.sizes[count.index]
              location = "eastus"
            }
            resource "azurerm_linux_virtual_machine" "cpu" {
              count    = length(var.sizes) + 1
              size     = "Standard_D4s_v5"
              location = "eastus"
            }
            """);
        Assert.Equal(["gpu[0] Standard_NC6s_v3", "gpu[1] Standard_NC24ads_A100_v4"],
            r.Resources.Where(x => x.Name.StartsWith("gpu", StringComparison.Ordinal)).Select(x => $"{x.Name} {x.Sku}").ToList());
        var cpu = r.Resources.Single(x => x.Name == "cpu");
        Assert.Equal(("Standard_D4s_v5", 3m), (cpu.Sku, cpu.Quantity));
    }

    [Theory]
    [InlineData("count = var.nodes", "count: variable `nodes` has no default")]
    [InlineData("for_each = var.nodes", "for_each: variable `nodes` has no default")]
    [InlineData("for_each = data.azurerm_resources.gpus.resources", "for_each: `data.azurerm_resources.gpus.resources` is known only after apply")]
    [InlineData("count = 2.5", "count: 2.5 is not a whole number of instances")]
    [InlineData("count = -1", "count: -1 is not a whole number of instances")]
    [InlineData("for_each = [1, [2]]", "for_each: a set of strings or a map is needed")]
    [InlineData("count = 1\n  for_each = toset([\"a\"])", "count and for_each are both set (Terraform rejects the block)")]
    public void An_instance_count_that_cannot_be_known_leaves_the_resource_unpriced(string countLine, string reason)
    {
        var vm = Single($$"""
            variable "nodes" {}
            resource "azurerm_linux_virtual_machine" "vm" {
              {{countLine}}
              size     = "Standard_ND96isr_H100_v5"
              location = "eastus"
            }
            """);
        Assert.Null(vm.Sku);
        Assert.Equal(reason, vm.UnresolvedReason);
    }

    [Fact]
    public void Count_zero_deploys_nothing()
    {
        var r = TerraformReader.Read("main.tf", """
            variable "enabled" { default = 0 }
            resource "azurerm_linux_virtual_machine" "vm" {
              count = var.enabled
              size  = "Standard_ND96isr_H100_v5"
            }
            """);
        Assert.Empty(r.Resources);
    }

    [Fact]
    public async Task An_unknown_count_fails_the_gate_where_it_was_priced_as_one_vm_before()
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), One("gpu/main.tf", """
            variable "gpu_nodes" { type = number }
            resource "azurerm_linux_virtual_machine" "trainer" {
              count    = var.gpu_nodes
              size     = "Standard_ND96isr_H100_v5"
              location = "eastus"
            }
            """));
        Assert.Empty(e.Resources);
        var unpriced = Assert.Single(e.Unpriced);
        Assert.Contains("count: variable `gpu_nodes` has no default", unpriced.Reason, StringComparison.Ordinal);
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public void Scale_set_instances_and_node_pool_counts_that_cannot_be_known_are_unpriced()
    {
        var r = TerraformReader.Read("main.tf", """
            resource "azurerm_linux_virtual_machine_scale_set" "ss" {
              sku       = "Standard_NC4as_T4_v3"
              instances = var.instances
            }
            resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
              vm_size    = "Standard_NC24ads_A100_v4"
              node_count = var.gpu_nodes
            }
            """);
        Assert.Equal(
            ["instances: variable `instances` is not declared", "node_count: variable `gpu_nodes` is not declared"],
            r.Resources.Select(x => x.Sku is null ? x.UnresolvedReason! : "priced").ToList());
    }

    [Fact]
    public void Terraform_tfvars_and_auto_tfvars_set_variables_in_terraforms_order_and_other_tfvars_are_not_loaded()
    {
        var files = new Dictionary<string, string>
        {
            ["infra/main.tf"] = """
                resource "azurerm_linux_virtual_machine" "trainer" {
                  count    = var.nodes
                  size     = var.size
                  location = var.region
                }
                """,
            ["infra/variables.tf"] = """
                variable "size" { default = "Standard_NC6s_v3" }
                variable "nodes" { type = number }
                variable "region" { default = "eastus" }
                """,
            ["infra/terraform.tfvars"] = "size = \"Standard_NC24ads_A100_v4\"\nnodes = 2\nregion = \"westus2\"\n",
            ["infra/b.auto.tfvars"] = "region = \"westeurope\"\n",
            ["infra/a.auto.tfvars"] = "region = \"swedencentral\"\nnodes = 4\n",
            ["infra/prod.tfvars"] = "size = \"Standard_ND96isr_H100_v5\"\n",
            ["other/terraform.tfvars"] = "size = \"Standard_D2s_v5\"\n",
        };
        var vm = Assert.Single(IacReader.ReadAll(files).Resources);
        Assert.Equal(("Standard_NC24ads_A100_v4", 4m, "westeurope"), (vm.Sku, vm.Quantity, vm.Region));
        Assert.True(IacReader.IsCostBearingPath("infra/terraform.tfvars"));
        Assert.True(IacReader.IsCostBearingPath("infra/gpu.auto.tfvars"));
        Assert.False(IacReader.IsCostBearingPath("infra/prod.tfvars"));
    }

    [Fact]
    public void A_variable_file_that_does_not_parse_is_an_error_with_its_file_and_line()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["infra/main.tf"] = "variable \"size\" {}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  size = var.size\n}\n",
            ["infra/terraform.tfvars"] = "size = \"Standard_NC6s_v3\"\nnodes = {\n",
        });
        var error = Assert.Single(r.Errors);
        Assert.Equal("infra/terraform.tfvars", error.File);
        Assert.NotNull(error.Line);
        Assert.Equal("size: variable `size` has no default", Assert.Single(r.Resources).UnresolvedReason); // a broken file sets nothing
    }

    [Fact]
    public void Module_calls_that_are_not_expanded_are_unknown_on_their_lines_and_a_call_with_count_zero_deploys_nothing()
    {
        var r = TerraformReader.Read("main.tf", """
            module "gpu_pool" {
              source  = "./modules/gpu-pool"
              vm_size = "Standard_NC24ads_A100_v4"
            }
            module "azure-vm" {
              source = "github.com/intel/terraform-intel-azure-linux-virtual-machine"
            }
            module "aks" {
              source  = "Azure/aks/azurerm"
              version = "9.0.0"
            }
            module "off" {
              source = "Azure/aks/azurerm"
              count  = 0
            }
            """);
        Assert.Empty(r.Skipped);
        Assert.Equal(
            [
                ("gpu_pool", 1, "module `gpu_pool` (./modules/gpu-pool) is not among the files read: its resources are not priced"),
                ("azure-vm", 5, "module `azure-vm` (github.com/intel/terraform-intel-azure-linux-virtual-machine) is outside this repository and is not read: its resources are not priced"),
                ("aks", 8, "registry module `aks` (Azure/aks/azurerm) is not read: its resources are not priced"),
            ],
            r.Resources.Select(x => (x.Name, x.Line, x.UnresolvedReason)).ToList());
        Assert.All(r.Resources, x => Assert.Null(x.Sku));
    }

    [Fact]
    public async Task A_module_that_is_not_read_fails_the_gate_on_its_line_unless_the_policy_says_warn()
    {
        var head = One("main.tf", """
            module "azure-vm" {
              source = "github.com/intel/terraform-intel-azure-linux-virtual-machine"
            }
            resource "azurerm_virtual_network" "net" {
              name = "vnet"
            }
            """);
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), head);
        var (_, warned) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(), head,
            new PullRequestConfig { Gate = new GateConfig { OnUnpriced = "warn" } });

        Assert.Equal(0m, e.HeadMonthlyCost);
        var module = Assert.Single(e.Unpriced);
        Assert.Equal(("main.tf", 1, "head", true), (module.File, module.Line, module.Side, module.BlocksGate));
        Assert.Equal(GateState.Failure, gate.State);
        Assert.Contains(gate.Reasons, x => x.StartsWith("not priced: `azure-vm` (main.tf:1, head): module `azure-vm`", StringComparison.Ordinal));
        Assert.Equal(GateState.Success, warned.State);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, [], [], gate, "0123abcd", DateTimeOffset.UnixEpoch));
        Assert.Contains("- not estimated (no compute cost model): 1 × azurerm_virtual_network\n", md, StringComparison.Ordinal);
        Assert.Contains("- `azure-vm` (module github.com/intel/terraform-intel-azure-linux-virtual-machine, main.tf:1, head): module ", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_registry_template_spec_and_unread_local_modules_are_unknown_on_their_lines_and_an_empty_loop_or_false_if_deploys_nothing()
    {
        const string Main = """
            module vm 'br/public:avm/res/compute/virtual-machine:0.5.0' = {
              name: 'vm'
              params: { vmSize: 'Standard_NC24ads_A100_v4' }
            }
            module spec 'ts:00000000-0000-0000-0000-000000000000/rg/gpu:1.0' = {
              name: 'spec'
            }
            module pool './gpu-pool.bicep' = {
              name: 'pool'
            }
            module none 'modules/none.bicep' = [for i in range(0, 0): {
              name: 'none${i}'
            }]
            module never 'modules/never.bicep' = if (false) {
              name: 'never'
            }
            """;
        var alone = BicepReader.Read("infra/main.bicep", Main);
        var withPool = IacReader.ReadAll(new Dictionary<string, string> { ["infra/main.bicep"] = Main, ["infra/gpu-pool.bicep"] = "param size string\n" });

        Assert.Equal(
            [
                ("vm", 1, "registry module `vm` (br/public:avm/res/compute/virtual-machine:0.5.0) is not read: its resources are not priced"),
                ("spec", 5, "template spec module `spec` (ts:00000000-0000-0000-0000-000000000000/rg/gpu:1.0) is not read: its resources are not priced"),
                ("pool", 8, "module `pool` (./gpu-pool.bicep) is not among the files read: its resources are not priced"),
            ],
            alone.Resources.Select(x => (x.Name, x.Line, x.UnresolvedReason)).ToList());
        Assert.All(alone.Resources, x => Assert.Null(x.Sku));
        Assert.Equal(["vm", "spec"], withPool.Resources.Select(x => x.Name).ToList()); // the pool module is read: it deploys no compute
    }

    [Fact]
    public void A_bicep_loop_over_an_unknown_list_is_unpriced_not_one_copy()
    {
        var r = BicepReader.Read("main.bicep", """
            param gpuNames array
            param poolCount int
            resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for n in gpuNames: {
              name: n
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } }
            }]
            resource lengthLoop 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, length(['a', 'b', 'c'])): {
              name: 'vm${i}'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
            }]
            resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {
              name: 'aks/gpu'
              properties: { vmSize: 'Standard_NC24ads_A100_v4', count: poolCount }
            }
            """);
        Assert.Equal(
            ["loop count: parameter `gpuNames` has no default", "3 Standard_NC6s_v3", "count: parameter `poolCount` has no default"],
            r.Resources.Select(x => x.Sku is null ? x.UnresolvedReason! : $"{x.Quantity} {x.Sku}").ToList());
    }

    [Theory]
    [InlineData("range(3)", "0,1,2")]
    [InlineData("range(1, 4)", "1,2,3")]
    [InlineData("range(6, 0, -2)", "6,4,2")]
    [InlineData("keys({ b = 1, a = 2 })", "a,b")]
    [InlineData("values(merge({ a = \"x\" }, { a = \"y\", b = \"z\" }))", "y,z")]
    [InlineData("distinct(concat([\"a\"], [\"a\", \"b\"]))", "a,b")]
    public void Terraform_collection_functions_evaluate_to_their_values(string expression, string expected)
    {
        var r = TerraformReader.Read("main.tf", $$"""
            resource "azurerm_linux_virtual_machine" "vm" {
              for_each = toset({{expression}})
              size     = "Standard_NC6s_v3"
            }
            """);
        Assert.Equal(expected.Split(',').Length, Assert.Single(r.Resources).Quantity);
        var parsed = new HclParser(new HclLexer($"x = {expression}\n").Tokenize(), "t.tf").ParseBody(topLevel: true).Attributes[0].Value;
        var values = (List<object?>)new ExprEvaluator((_, _) => null, IacDialect.Terraform).Evaluate(parsed).Value!;
        Assert.Equal(expected, string.Join(",", values.Select(v => new Resolved(v, null).AsString())));
    }

    [Theory]
    [InlineData("count = length(range(100000))")]
    [InlineData("for_each = toset(range(0, 1000000000, 1))")]
    [InlineData("count = length(range(0, 5, 0))")]
    public void A_range_too_large_or_without_a_step_is_unknown_and_allocates_nothing(string countLine)
    {
        var vm = Single($$"""
            resource "azurerm_linux_virtual_machine" "vm" {
              {{countLine}}
              size = "Standard_NC6s_v3"
            }
            """);
        Assert.Null(vm.Sku);
        Assert.Contains("range(…)", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_range_takes_a_start_and_a_count_where_terraform_takes_a_limit()
    {
        var bicep = new ExprEvaluator((_, _) => null, IacDialect.Bicep);
        var terraform = new ExprEvaluator((_, _) => null, IacDialect.Terraform);
        var call = new CallExpr("range", [new LiteralExpr(2m, 1), new LiteralExpr(3m, 1)], 1);
        Assert.Equal([2m, 3m, 4m], ((List<object?>)bicep.Evaluate(call).Value!).Cast<decimal>());
        Assert.Equal([2m], ((List<object?>)terraform.Evaluate(call).Value!).Cast<decimal>());
    }
}
