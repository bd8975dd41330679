using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>A Bicep local module call is read with the values it passes (<c>BicepReader</c>'s module calls).</summary>
public sealed class BicepModuleTests
{
    private static IacParseResult Read(string main, string module = PullRequestCheckerTests.VmModule) => IacReader.ReadAll(new Dictionary<string, string>
    {
        ["main.bicep"] = main,
        ["modules/vm.bicep"] = module,
    });

    [Fact]
    public async Task The_reproduction_a_pr_that_moves_a_module_s_vm_from_a_t4_to_an_a100_costs_the_difference()
    {
        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(
            new Dictionary<string, string> { ["main.bicep"] = PullRequestCheckerTests.BicepMain("Standard_NC4as_T4_v3"), ["modules/vm.bicep"] = PullRequestCheckerTests.VmModule },
            new Dictionary<string, string> { ["main.bicep"] = PullRequestCheckerTests.BicepMain("Standard_NC24ads_A100_v4"), ["modules/vm.bicep"] = PullRequestCheckerTests.VmModule });

        Assert.Empty(e.Unpriced);
        var vm = Assert.Single(e.Resources);
        Assert.Equal(("modules/vm.bicep", "gpu/gpu-vm", ResourceChange.Changed), (vm.File, vm.Name, vm.Change));
        var a100 = SnapshotPriceCatalog.Default.Find("Standard_NC24ads_A100_v4", "westeurope")!.HourlyPrice;
        var t4 = SnapshotPriceCatalog.Default.Find("Standard_NC4as_T4_v3", "westeurope")!.HourlyPrice;
        Assert.Equal(decimal.Round((a100 - t4) * 730, 2), e.DiffMonthlyCost);
        Assert.Equal(GateState.Success, gate.State); // no limits configured, nothing unknown
    }

    [Fact]
    public void The_module_file_is_priced_through_its_call_not_also_at_its_own_defaults()
    {
        var r = Read(PullRequestCheckerTests.BicepMain("Standard_NC24ads_A100_v4"));

        var vm = Assert.Single(r.Resources);
        Assert.Equal(("gpu/gpu-vm", "Standard_NC24ads_A100_v4", 1m), (vm.Name, vm.Sku, vm.Quantity));
        Assert.Equal("read through the module call in main.bicep (with the values it passes), not on its own",
            Assert.Single(r.Skipped, s => s.File == "modules/vm.bicep").Reason);
    }

    [Fact]
    public void A_module_parameter_without_a_default_that_the_call_does_not_pass_stays_unknown()
    {
        var r = Read("module gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n}\n", "param vmSize string\n" + PullRequestCheckerTests.VmModule[(PullRequestCheckerTests.VmModule.IndexOf('\n') + 1)..]);

        var vm = Assert.Single(r.Resources);
        Assert.Null(vm.Sku);
        Assert.Contains("parameter `vmSize` has no default", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_call_passes_that_is_known_only_at_deployment_stays_unknown_with_the_reason()
    {
        var r = Read("param size string\nmodule gpu 'modules/vm.bicep' = {\n  name: 'gpu'\n  params: { vmSize: size }\n}\n");

        var vm = Assert.Single(r.Resources);
        Assert.Null(vm.Sku);
        Assert.Contains("value passed by module `gpu`: parameter `size` has no default", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_over_a_module_counts_its_copies_and_per_element_values_price_each_copy()
    {
        var counted = Read("module gpu 'modules/vm.bicep' = [for i in range(0, 3): {\n  name: 'gpu${i}'\n}]\n");
        var perElement = Read("""
            var sizes = ['Standard_NC4as_T4_v3', 'Standard_NC24ads_A100_v4']
            module gpu 'modules/vm.bicep' = [for s in sizes: {
              name: 'gpu-${s}'
              params: { vmSize: s }
            }]
            """);
        var unknown = Read("param n int\nmodule gpu 'modules/vm.bicep' = [for i in range(0, n): {\n  name: 'gpu${i}'\n}]\n");

        var three = Assert.Single(counted.Resources);
        Assert.Equal(("gpu/gpu-vm", "Standard_NC4as_T4_v3", 3m), (three.Name, three.Sku, three.Quantity));
        Assert.Equal([("gpu[0]/gpu-vm", "Standard_NC4as_T4_v3"), ("gpu[1]/gpu-vm", "Standard_NC24ads_A100_v4")],
            perElement.Resources.Select(x => (x.Name, x.Sku)).ToList());
        var notKnown = Assert.Single(unknown.Resources);
        Assert.Null(notKnown.Sku);
        Assert.StartsWith("module `gpu` loop count:", notKnown.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_whose_if_is_false_deploys_nothing_and_one_whose_if_is_unknown_is_counted_with_a_note()
    {
        var off = Read("param env string = 'dev'\nmodule gpu 'modules/vm.bicep' = if (env == 'prod') {\n  name: 'gpu'\n}\n");
        var maybe = Read("param env string\nmodule gpu 'modules/vm.bicep' = if (env == 'prod') {\n  name: 'gpu'\n}\n");

        Assert.Empty(off.Resources);
        var vm = Assert.Single(maybe.Resources);
        Assert.Equal("Standard_NC4as_T4_v3", vm.Sku);
        Assert.Contains("deployed only when its `if` condition holds (counted as deployed)", vm.Notes);
    }

    [Fact]
    public void Two_environments_that_call_the_same_module_by_the_same_name_are_priced_apart()
    {
        static string Env(string size) => $"module gpu '../../modules/vm.bicep' = {{\n  name: 'gpu'\n  params: {{ vmSize: '{size}' }}\n}}\n";
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["envs/dev/main.bicep"] = Env("Standard_NC4as_T4_v3"),
            ["envs/prod/main.bicep"] = Env("Standard_NC24ads_A100_v4"),
            ["envs/prod/extra.bicep"] = Env("Standard_NC24ads_A100_v4"),
            ["modules/vm.bicep"] = PullRequestCheckerTests.VmModule,
        });

        Assert.Equal(
            [("envs/dev/gpu/gpu-vm", "Standard_NC4as_T4_v3"), ("envs/prod/extra/gpu/gpu-vm", "Standard_NC24ads_A100_v4"), ("envs/prod/gpu/gpu-vm", "Standard_NC24ads_A100_v4")],
            r.Resources.Select(x => (x.Name, x.Sku)).Order().ToList());
    }

    [Fact]
    public void Modules_that_call_each_other_stop_at_the_depth_limit_with_an_error_on_the_call()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["a.bicep"] = "module b 'b.bicep' = {\n  name: 'b'\n}\n",
            ["b.bicep"] = "module a 'a.bicep' = {\n  name: 'a'\n}\n",
        });

        Assert.Contains(r.Errors, e => e.Line == 1 && e.Message == $"module `{(e.File == "a.bicep" ? "b" : "a")}`: modules nested deeper than {BicepReader.MaxModuleDepth} levels");
    }
}
