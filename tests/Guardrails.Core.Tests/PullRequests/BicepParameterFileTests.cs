using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// A <c>.bicepparam</c> file is a deployment of the template it names: its values win over the template's defaults, a
/// template deployed by two parameter files is priced twice, and a PR that changes only the parameters changes the bill.
/// The files are written for these tests in the shape of the Bicep documentation's parameter-file examples.
/// </summary>
public class BicepParameterFileTests
{
    private const string Template = """
        param vmSize string = 'Standard_NC6s_v3'
        param nodes int
        param location string = 'eastus'
        resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, nodes): {
          name: 'trainer-${i}'
          location: location
          properties: { hardwareProfile: { vmSize: vmSize } }
        }]
        """;

    [Fact]
    public void Each_parameter_file_is_one_deployment_of_its_template_priced_with_its_values()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["infra/main.bicep"] = Template,
            ["infra/prod.bicepparam"] = "using './main.bicep'\n\nparam vmSize = 'Standard_NC24ads_A100_v4'\nparam nodes = 4\n",
            ["infra/dev.bicepparam"] = "using 'main.bicep'\nparam nodes = 1\n",
        });
        Assert.Empty(r.Errors);
        Assert.Equal(["vms (dev.bicepparam) Standard_NC6s_v3 1", "vms (prod.bicepparam) Standard_NC24ads_A100_v4 4"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
        Assert.All(r.Resources, x => Assert.Equal("infra/main.bicep", x.File)); // annotations land on the template
    }

    [Fact]
    public void A_parameter_file_whose_template_path_climbs_above_the_root_is_not_paired_with_a_file_of_the_same_name_at_the_root()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["main.bicep"] = Template,
            ["infra/prod.bicepparam"] = "using '../../main.bicep'\nparam vmSize = 'Standard_NC24ads_A100_v4'\nparam nodes = 4\n",
        });

        var vms = Assert.Single(r.Resources); // the root template, with its own defaults: not deployed by prod.bicepparam
        Assert.Equal(("vms", "loop count: parameter `nodes` has no default"), (vms.Name, vms.UnresolvedReason));
        var skipped = Assert.Single(r.Skipped, s => s.File == "infra/prod.bicepparam");
        Assert.Equal("parameters for ../../main.bicep, which is not among the files read: not estimated", skipped.Reason);
    }

    [Fact]
    public void A_template_without_a_parameter_file_is_read_with_its_defaults()
    {
        var vms = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = Template }).Resources);
        Assert.Equal("loop count: parameter `nodes` has no default", vms.UnresolvedReason);
    }

    [Fact]
    public async Task A_change_to_the_parameters_alone_is_priced_as_a_change_of_the_deployment()
    {
        var baseFiles = new Dictionary<string, string> { ["main.bicep"] = Template, ["prod.bicepparam"] = "using './main.bicep'\nparam nodes = 2\n" };
        var headFiles = new Dictionary<string, string> { ["main.bicep"] = Template, ["prod.bicepparam"] = "using './main.bicep'\nparam nodes = 3\nparam vmSize = 'Standard_NC24ads_A100_v4'\n" };

        var (e, _) = await UnpricedIsNeverFreeTests.GateAsync(baseFiles, headFiles);

        var vms = Assert.Single(e.Resources);
        Assert.Equal((ResourceChange.Changed, "Standard_NC6s_v3", 2m, "Standard_NC24ads_A100_v4", 3m),
            (vms.Change, vms.Base!.Sku, vms.Base.Nodes, vms.Head!.Sku, vms.Head.Nodes));
        Assert.True(e.DiffMonthlyCost > 0);
    }

    [Theory]
    [InlineData("using './other.bicep'\nparam nodes = 1\n", "parameters for other.bicep, which is not among the files read: not estimated")]
    [InlineData("param nodes = 1\n", "parameters for no template (no `using`), which is not among the files read: not estimated")]
    public void A_parameter_file_whose_template_is_not_read_is_listed_not_silently_dropped(string text, string reason)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["prod.bicepparam"] = text });
        var listed = Assert.Single(r.Skipped);
        Assert.Equal(("prod.bicepparam", "parameters", reason), (listed.Name, listed.Type, listed.Reason));
    }

    [Fact]
    public void A_parameter_file_that_does_not_parse_is_an_error_with_its_file_and_line()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = Template, ["bad.bicepparam"] = "using './main.bicep'\nparam nodes = 'unterminated\n" });
        var error = Assert.Single(r.Errors);
        Assert.Equal(("bad.bicepparam", 2), (error.File, error.Line));
    }
}
