using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Operators on known values (the size or count chosen by an environment: <c>env == 'prod' ? … : …</c>,
/// <c>count = var.enabled ? 1 : 0</c>), Bicep conditions that decide whether anything is deployed, and Bicep loops whose
/// elements carry each VM's size. Anything depending on the deployment stays unknown with the operand's reason.
/// </summary>
public class IacExpressionTests
{
    private static Resolved Terraform(string expression, string variables = "")
    {
        var r = TerraformReader.Read("main.tf", $$"""
            {{variables}}
            resource "azurerm_linux_virtual_machine" "probe" {
              size = {{expression}}
            }
            """);
        var vm = Assert.Single(r.Resources);
        return vm.Sku is { } sku ? Resolved.Of(sku) : Resolved.Fail(vm.UnresolvedReason!);
    }

    [Theory]
    [InlineData("var.env == \"prod\" ? \"Standard_ND96asr_v4\" : \"Standard_NC6s_v3\"", "Standard_ND96asr_v4")]
    [InlineData("var.env != \"prod\" ? \"Standard_ND96asr_v4\" : \"Standard_NC6s_v3\"", "Standard_NC6s_v3")]
    [InlineData("var.gpus > 4 || var.env == \"dev\" ? \"big\" : \"small\"", "small")]
    [InlineData("var.gpus * 2 + 1 == 9 && !false ? \"nine\" : \"other\"", "nine")]
    [InlineData("1 + 2 * 3 == 7 ? \"precedence\" : \"left-to-right\"", "precedence")]
    [InlineData("10 - 4 - 3 == 3 ? \"left-associative\" : \"right\"", "left-associative")]
    public void Operators_on_known_values_choose_the_size(string expression, string expected)
    {
        Assert.Equal(expected, Terraform(expression, "variable \"env\" { default = \"prod\" }\nvariable \"gpus\" { default = 4 }").Value);
    }

    [Theory]
    [InlineData("var.env == \"prod\" ? \"a\" : \"b\"", "variable `env` has no default")]
    [InlineData("var.gpus > \"4\" ? \"a\" : \"b\"", "`var.gpus > '4'` cannot be evaluated statically (values of another kind)")]
    [InlineData("var.gpus / 0 == 1 ? \"a\" : \"b\"", "`var.gpus / 0` cannot be evaluated statically (values of another kind)")]
    [InlineData("var.gpus ? \"a\" : \"b\"", "the condition `var.gpus` is not true or false")]
    public void An_operand_that_cannot_be_known_or_is_of_another_kind_leaves_the_size_unknown(string expression, string reason)
    {
        var r = Terraform(expression, "variable \"env\" {}\nvariable \"gpus\" { default = 4 }");
        Assert.False(r.IsKnown);
        Assert.EndsWith(reason, r.Unresolved, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lookup(var.sizes, var.env, \"Standard_NC6s_v3\")", "Standard_ND96asr_v4")]
    [InlineData("lookup(var.sizes, \"staging\", \"Standard_NC6s_v3\")", "Standard_NC6s_v3")]
    [InlineData("element(var.pool, 3)", "Standard_NC24ads_A100_v4")]
    [InlineData("coalesce(\"\", var.env == \"prod\" ? \"Standard_NC4as_T4_v3\" : \"x\", var.unset)", "Standard_NC4as_T4_v3")]
    [InlineData("contains(var.pool, \"Standard_NC6s_v3\") ? \"listed\" : \"not listed\"", "listed")]
    public void Terraform_lookup_element_coalesce_and_contains_choose_the_size(string expression, string expected)
    {
        const string Variables = """
            variable "env" { default = "prod" }
            variable "unset" {}
            variable "sizes" { default = { prod = "Standard_ND96asr_v4", dev = "Standard_NC4as_T4_v3" } }
            variable "pool" { default = ["Standard_NC6s_v3", "Standard_NC24ads_A100_v4"] }
            """;
        Assert.Equal(expected, Terraform(expression, Variables).Value);
    }

    [Theory]
    [InlineData("lookup(var.sizes, \"staging\")", "`lookup(…)`: key 'staging' not in map")]
    [InlineData("coalesce(var.unset, \"Standard_NC6s_v3\")", "variable `unset` has no default")]
    public void A_lookup_without_its_key_or_a_coalesce_behind_an_unknown_stays_unknown(string expression, string reason)
    {
        var r = Terraform(expression, "variable \"unset\" {}\nvariable \"sizes\" { default = { prod = \"a\" } }");
        Assert.EndsWith(reason, r.Unresolved, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_first_last_empty_contains_and_coalesce_choose_the_size()
    {
        var r = BicepReader.Read("main.bicep", """
            param sizes array = ['Standard_NC6s_v3', 'Standard_NC24ads_A100_v4']
            param override string = ''
            param tags object = { team: 'vision' }
            resource a 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'a'
              properties: { hardwareProfile: { vmSize: empty(override) ? last(sizes) : override } }
            }
            resource b 'Microsoft.Compute/virtualMachines@2024-03-01' = if (contains(tags, 'team') && contains('Standard_NC6s_v3', 'nc6')) {
              name: 'b'
              properties: { hardwareProfile: { vmSize: coalesce(null, first(sizes)) } }
            }
            """);
        Assert.Equal(["a Standard_NC24ads_A100_v4", "b Standard_NC6s_v3"], r.Resources.Select(x => $"{x.Name} {x.Sku}").ToList());
    }

    [Fact]
    public void Only_the_chosen_branch_is_evaluated_so_an_unknown_other_branch_does_not_matter()
    {
        Assert.Equal("Standard_NC6s_v3", Terraform("var.use_custom ? var.custom : \"Standard_NC6s_v3\"", "variable \"use_custom\" { default = false }\nvariable \"custom\" {}").Value);
    }

    [Fact]
    public void A_terraform_count_from_a_feature_flag_deploys_one_or_none()
    {
        var r = TerraformReader.Read("main.tf", """
            variable "gpu_enabled" { default = true }
            variable "cpu_enabled" { default = false }
            resource "azurerm_linux_virtual_machine" "gpu" {
              count = var.gpu_enabled ? 2 : 0
              size  = "Standard_NC24ads_A100_v4"
            }
            resource "azurerm_linux_virtual_machine" "cpu" {
              count = var.cpu_enabled ? 1 : 0
              size  = "Standard_D4s_v5"
            }
            """);
        var gpu = Assert.Single(r.Resources);
        Assert.Equal(("gpu", 2m), (gpu.Name, gpu.Quantity));
    }

    [Fact]
    public void A_bicep_condition_that_is_false_deploys_nothing_and_one_that_cannot_be_known_is_counted_as_deployed()
    {
        var r = BicepReader.Read("main.bicep", """
            param env string = 'dev'
            param deployGpu bool
            resource prodOnly 'Microsoft.Compute/virtualMachines@2024-03-01' = if (env == 'prod') {
              name: 'prod-gpu'
              properties: { hardwareProfile: { vmSize: 'Standard_ND96asr_v4' } }
            }
            resource devOnly 'Microsoft.Compute/virtualMachines@2024-03-01' = if (env =~ 'DEV') {
              name: 'dev-gpu'
              properties: { hardwareProfile: { vmSize: env == 'prod' ? 'Standard_ND96asr_v4' : 'Standard_NC4as_T4_v3' } }
            }
            resource maybe 'Microsoft.Compute/virtualMachines@2024-03-01' = if (deployGpu) {
              name: 'maybe-gpu'
              properties: { hardwareProfile: { vmSize: 'Standard_NC6s_v3' } }
            }
            """);
        Assert.Equal(["dev-gpu Standard_NC4as_T4_v3 ", "maybe-gpu Standard_NC6s_v3 deployed only when its `if` condition holds (counted as deployed)"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {string.Join(";", x.Notes)}").ToList());
    }

    [Fact]
    public void A_bicep_loop_over_objects_prices_each_element_at_its_own_size_and_alike_elements_as_one()
    {
        var r = BicepReader.Read("main.bicep", """
            param gpuVms array = [
              { name: 'a', size: 'Standard_NC24ads_A100_v4' }
              { name: 'b', size: 'Standard_NC6s_v3' }
            ]
            param sizes array = ['Standard_NC6s_v3', 'Standard_NC6s_v3', 'Standard_NC6s_v3']
            resource perVm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for (vm, i) in gpuVms: {
              name: '${vm.name}-${i}'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: vm.size } }
            }]
            resource alike 'Microsoft.Compute/virtualMachines@2024-03-01' = [for (size, i) in sizes: {
              name: 'alike-${i}'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: sizes[i] } }
            }]
            """);
        Assert.Equal(["a-0 Standard_NC24ads_A100_v4 1", "b-1 Standard_NC6s_v3 1", "alike Standard_NC6s_v3 3"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").ToList());
    }

    [Fact]
    public void An_unknown_operand_in_a_size_gives_that_operands_reason()
    {
        var r = BicepReader.Read("main.bicep", """
            param a int
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'vm'
              properties: { hardwareProfile: { vmSize: a > 1 ? 'x' : 'y' } }
            }
            """);
        Assert.Equal("size: parameter `a` has no default", Assert.Single(r.Resources).UnresolvedReason);
    }
}
