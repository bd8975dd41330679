using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Bicep as Azure Verified Modules write it today: safe dereference <c>.?</c> and safe index <c>[?'k']</c>, linter
/// pragmas inside objects, ternaries that break before <c>?</c> and <c>:</c>, operators at the end of a line, spreads,
/// lambdas and optional (<c>string?</c>) parameters. Before, each made the whole file "could not be read" (158 of the
/// registry's 610 files under avm/res/compute, container-service, machine-learning-services and avm/ptn).
/// </summary>
public sealed class BicepCurrentSyntaxTests
{
    private static string Vm(string vmSize, string prelude = "") =>
        prelude + "\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'gpu'\n  location: 'eastus'\n  properties: {\n"
        + "    hardwareProfile: {\n      vmSize: " + vmSize + "\n    }\n  }\n}\n";

    private static IacResource Single(string text)
    {
        var r = BicepReader.Read("main.bicep", text);
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    [Theory]
    [InlineData("config.?size ?? 'Standard_D2s_v3'", "Standard_NC4as_T4_v3")]
    [InlineData("config.?gpuSize ?? 'Standard_NC6s_v3'", "Standard_NC6s_v3")]
    [InlineData("config[?'size'] ?? 'Standard_D2s_v3'", "Standard_NC4as_T4_v3")]
    [InlineData("config.?nested.?size ?? 'Standard_NC6s_v3'", "Standard_NC6s_v3")]
    [InlineData("config.?size!", "Standard_NC4as_T4_v3")]
    public void A_safe_dereference_reads_the_member_and_is_null_when_the_member_is_missing(string vmSize, string expected)
    {
        var vm = Single(Vm(vmSize, "var config = {\n  size: 'Standard_NC4as_T4_v3'\n}"));

        Assert.Equal(expected, vm.Sku);
    }

    [Fact]
    public void Linter_pragmas_inside_objects_arrays_and_between_statements_are_read_as_comments()
    {
        var text = "#disable-next-line no-unused-params\nparam unused string = 'x'\n#disable-diagnostics BCP081\n" + Vm("'Standard_NC4as_T4_v3'").Replace(
            "  name: 'gpu'\n", "  name: 'gpu'\n  #disable-next-line BCP036\n  zones: [\n    #disable-next-line BCP329\n    '1'\n  ]\n", StringComparison.Ordinal)
            + "#restore-diagnostics BCP081\n";

        Assert.Equal("Standard_NC4as_T4_v3", Single(text).Sku);
    }

    [Theory]
    [InlineData(true, "Standard_ND96asr_v4")]
    [InlineData(false, "Standard_NC4as_T4_v3")]
    public void A_ternary_that_breaks_before_its_question_mark_and_colon_is_one_expression(bool large, string expected)
    {
        var text = Vm("large\n        ? 'Standard_ND96asr_v4'\n        : 'Standard_NC4as_T4_v3'", $"param large bool = {(large ? "true" : "false")}");

        Assert.Equal(expected, Single(text).Sku);
    }

    [Fact]
    public void An_operator_at_the_end_of_a_line_continues_the_expression_on_the_next()
    {
        Assert.Equal("Standard_ND96asr_v4", Single(Vm("gpu &&\n        large ? 'Standard_ND96asr_v4' : 'Standard_NC4as_T4_v3'", "param gpu bool = true\nparam large bool = true")).Sku);
        Assert.Equal("Standard_NC4as_T4_v3", Single(Vm("gpu &&\n        !large ? 'Standard_ND96asr_v4' : 'Standard_NC4as_T4_v3'", "param gpu bool = true\nparam large bool = true")).Sku);
    }

    [Fact]
    public void An_object_spread_before_a_property_keeps_the_property_and_one_after_it_decides_it()
    {
        const string Base = "var base = {\n  hardwareProfile: { vmSize: 'Standard_NC6s_v3' }\n}\n";
        static string WithProps(string props) =>
            Base + "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'gpu'\n  properties: {\n" + props + "\n  }\n}\n";

        Assert.Equal("Standard_NC4as_T4_v3", Single(WithProps("    ...base\n    hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }")).Sku);
        Assert.Equal("Standard_NC6s_v3", Single(WithProps("    hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }\n    ...base")).Sku);
    }

    [Fact]
    public void A_spread_that_cannot_be_known_leaves_the_size_unknown_never_the_size_written_before_it()
    {
        var text = "param overrides object\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'gpu'\n  properties: {\n"
            + "    hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }\n    ...overrides\n  }\n}\n";

        var vm = Single(text);

        Assert.Null(vm.Sku);
        Assert.NotNull(vm.UnresolvedReason);
    }

    [Theory]
    [InlineData("['a', 'b']", 3)]
    [InlineData("[]", 1)]
    public void An_array_spread_counts_the_spread_list_s_items(string extra, int expected)
    {
        var text = $"var extra = {extra}\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for n in [...extra, 'c']: {{\n"
            + "  name: n\n  properties: {\n    hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }\n  }\n}]\n";

        Assert.Equal(expected, Single(text).Quantity);
    }

    [Fact]
    public void Lambdas_are_evaluated_and_a_loop_over_a_filtered_list_counts_the_elements_kept()
    {
        var text = "param pools array = [\n  { name: 'a', enabled: true }\n  { name: 'b', enabled: false }\n  { name: 'c', enabled: true }\n]\n"
            + "var zones = map(range(1, 3), z => '${z}')\n"
            + "var names = reduce(pools, [], (acc, p) => concat(acc, [p.name]))\n"
            + "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for p in filter(pools, p => p.enabled): {\n"
            + "  name: p.name\n  zones: zones\n  properties: {\n    hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }\n  }\n}]\n";

        var vm = Single(text);

        Assert.Equal(("Standard_NC4as_T4_v3", 2m), (vm.Sku, vm.Quantity)); // a and c; b is filtered out
    }

    [Fact]
    public void An_optional_parameter_without_a_default_is_null_as_Bicep_deploys_it()
    {
        var text = Vm("type == 'VirtualMachines' ? 'Standard_D2s_v3' : size", "param type string?\nparam size string = 'Standard_NC4as_T4_v3'");

        Assert.Equal("Standard_NC4as_T4_v3", Single(text).Sku);
    }

    [Fact]
    public void The_Azure_Verified_Module_agent_pool_is_read_and_priced_at_the_size_its_parameter_file_gives()
    {
        var template = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "avm-agent-pool", "main.bicep"));
        var files = new Dictionary<string, string>
        {
            ["pool/main.bicep"] = template,
            ["pool/gpu.bicepparam"] = "using './main.bicep'\nparam managedClusterName = 'aks'\nparam name = 'gpu'\n"
                + "param vmSize = 'Standard_NC24ads_A100_v4'\nparam count = 2\n",
        };

        var defaults = BicepReader.Read("pool/main.bicep", template);
        var deployed = IacReader.ReadAll(files);

        Assert.Empty(defaults.Errors);
        var pool = Assert.Single(defaults.Resources);
        Assert.Equal(("Standard_D2s_v3", 1m), (pool.Sku, pool.Quantity));
        Assert.Empty(deployed.Errors);
        var gpu = Assert.Single(deployed.Resources);
        Assert.Equal(("Standard_NC24ads_A100_v4", 2m, 193), (gpu.Sku, gpu.Quantity, gpu.Line));
    }
}
