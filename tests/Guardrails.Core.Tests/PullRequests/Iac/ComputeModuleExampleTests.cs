using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Azure/terraform-azurerm-compute (MIT; copied unchanged, see SOURCES.md): <c>examples/complete/main.tf</c> calls the
/// module at the repository root (<c>source = "../.."</c>) four times — Ubuntu at Standard_DS2_V2, two Debian and one
/// Windows (<c>is_windows_image = true</c>, <c>license_type = var.license_type</c>, default <c>Windows_Client</c>) at the
/// module's default size — in <c>var.location_alt</c>. Before: each call was listed as "priced in its own files (with its
/// variables' defaults)", so the example's own sizes and the Windows VM were never read.
/// </summary>
public sealed class ComputeModuleExampleTests
{
    private static readonly string[] Files =
        ["main.tf", "variables.tf", "locals.tf", "os/variables.tf", "os/outputs.tf", "examples/complete/main.tf", "examples/complete/variables.tf"];

    private static IacParseResult ReadModule() => IacReader.ReadAll(Files.ToDictionary(
        f => f, f => File.ReadAllText(Repo.TestData(["pull-requests", "public-iac", "tf-compute-module", .. f.Split('/')]))));

    [Fact]
    public void The_complete_example_prices_each_module_call_at_what_it_passes()
    {
        var r = ReadModule();

        Assert.Equal(
            [
                "examples/complete/module.debianservers.vm_linux Standard_D2s_v3 1 Linux False eastus2 main.tf:59",
                "examples/complete/module.debianservers2.vm_linux Standard_D2s_v3 1 Linux False eastus2 main.tf:59",
                "examples/complete/module.ubuntuservers.vm_linux Standard_DS2_V2 1 Linux False eastus2 main.tf:59",
                "examples/complete/module.windowsservers.vm_windows Standard_D2s_v3 1 Windows True eastus2 main.tf:201",
            ],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity} {x.Os} {x.HybridBenefit} {x.Region} {x.File}:{x.Line}").Order(StringComparer.Ordinal).ToList());
        Assert.Contains(r.Skipped, s => s.Type == "module folder" && s.Reason.StartsWith("read through the module call in examples/complete/main.tf", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_the_example_the_root_module_is_priced_on_its_own_at_its_defaults()
    {
        var r = IacReader.ReadAll(Files.Where(f => !f.StartsWith("examples/", StringComparison.Ordinal)).ToDictionary(
            f => f, f => File.ReadAllText(Repo.TestData(["pull-requests", "public-iac", "tf-compute-module", .. f.Split('/')]))));

        var vm = Assert.Single(r.Resources);
        Assert.Equal(("vm_linux", "Standard_D2s_v3", 1m, VmOs.Linux), (vm.Name, vm.Sku, vm.Quantity, vm.Os));
    }
}
