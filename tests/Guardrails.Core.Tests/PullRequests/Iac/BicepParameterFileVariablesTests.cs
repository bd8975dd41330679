using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A <c>.bicepparam</c> file's own variables (<c>var big = '…'</c> then <c>param size = big</c>, as Bicep's parameter-file
/// samples write them). Before, the value was handed to the template as written, where the variable does not exist: the
/// deployment's size was unknown. Now a value made of the file's variables is their value; one that cannot be known
/// stays unknown, never the template's default.
/// </summary>
public sealed class BicepParameterFileVariablesTests
{
    private const string Template = "param size string = 'Standard_NC6s_v3'\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'gpu'\n"
        + "  location: 'eastus'\n  properties: {\n    hardwareProfile: {\n      vmSize: size\n    }\n  }\n}\n";

    private static IacResource Deployed(string parameters)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = Template, ["main.bicepparam"] = "using 'main.bicep'\n" + parameters });
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    [Theory]
    [InlineData("var big = 'Standard_NC24ads_A100_v4'\nparam size = big\n")]
    [InlineData("var family = 'NC24ads'\nvar big = 'Standard_${family}_A100_v4'\nparam size = big\n")]
    [InlineData("var sizes = {\n  large: 'Standard_NC24ads_A100_v4'\n}\nparam size = sizes.large\n")]
    [InlineData("var large = true\nparam size = large ? 'Standard_NC24ads_A100_v4' : 'Standard_NC6s_v3'\n")]
    [InlineData("param size = big\nvar big = toUpper('Standard_NC24ads_A100_v4')\n")]
    public void A_parameter_made_of_the_file_s_variables_is_their_value(string parameters)
    {
        Assert.Equal("Standard_NC24ads_A100_v4", Deployed(parameters).Sku, ignoreCase: true);
    }

    [Theory]
    [InlineData("var big = readEnvironmentVariable('GPU_SIZE')\nparam size = big\n")]
    [InlineData("var a = b\nvar b = a\nparam size = a\n")]
    public void A_parameter_whose_variables_cannot_be_known_is_unknown_not_the_template_default(string parameters)
    {
        var vm = Deployed(parameters);

        Assert.Null(vm.Sku);
        Assert.NotNull(vm.UnresolvedReason);
    }
}
