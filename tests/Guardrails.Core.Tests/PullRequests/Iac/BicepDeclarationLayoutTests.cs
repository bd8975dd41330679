using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Valid Bicep layouts found in the Bicep compiler's own samples (public-iac-corpus/bicep-samples): a declaration whose
/// value starts on the next line (<c>=</c>, a comment or a line break, then <c>if (…) {</c>), and multi-line strings that
/// end in more than three quotes (<c>''''abc''''</c> is <c>'abc'</c>). Before, each made the whole file "could not be read".
/// </summary>
public sealed class BicepDeclarationLayoutTests
{
    private const string Type = "'Microsoft.Compute/virtualMachines@2024-03-01'";
    private const string Body = "{\n  name: 'gpu'\n  location: 'eastus'\n  properties: {\n    hardwareProfile: {\n      vmSize: 'Standard_NC6s_v3'\n    }\n  }\n}\n";

    private static IacResource Single(string text)
    {
        var r = BicepReader.Read("main.bicep", text);
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    [Theory]
    [InlineData("=\n  if (deploy) ")]
    [InlineData("=\n// awkward comment\nif (deploy) ")]
    [InlineData("=\r\n                    if (deploy) ")]
    [InlineData("=\n\n  if (deploy) ")]
    [InlineData("= // why\n  if (deploy) ")]
    public void A_condition_on_the_line_after_the_equals_sign_is_the_resource_s_value(string layout)
    {
        var vm = Single($"param deploy bool = true\nresource vm {Type} {layout}{Body}");

        Assert.Equal(("gpu", "Standard_NC6s_v3", 2), (vm.Name, vm.Sku, vm.Line));
    }

    [Fact]
    public void A_module_whose_condition_starts_on_the_next_line_is_read_as_a_module_call()
    {
        var r = BicepReader.Read("main.bicep", "module child './child.bicep' =\n// awkward comment\nif (1 + 1 == 2) {\n  name: 'child'\n}\n");

        Assert.Empty(r.Errors);
        Assert.Contains(r.Resources, m => m.Type.StartsWith("module", StringComparison.Ordinal) && m.Line == 1);
    }

    [Theory]
    [InlineData("''''abc''''")]
    [InlineData("''''''")]
    [InlineData("'''\n'''")]
    [InlineData("''''\nabc\n''''")]
    [InlineData("'''it''s'''")]
    [InlineData("'''''''''")]
    public void A_multi_line_string_ends_at_its_first_run_of_three_or_more_quotes(string literal)
    {
        var vm = Single($"var text = {literal}\nresource vm {Type} = {Body}");

        Assert.Equal("Standard_NC6s_v3", vm.Sku);
    }

    [Theory]
    [InlineData("'''Standard_NC6s_v3'''", "Standard_NC6s_v3")]
    [InlineData("''''Standard_NC6s_v3''''", "'Standard_NC6s_v3'")]
    public void The_quotes_past_the_last_three_belong_to_the_text(string literal, string expected)
    {
        var vm = Single($"resource vm {Type} = {Body.Replace("'Standard_NC6s_v3'", literal, StringComparison.Ordinal)}");

        Assert.Equal(expected, vm.Sku);
    }

    [Theory]
    [InlineData("$'''Standard_${family}_v3'''")]
    [InlineData("$$'''Standard_$${family}_v3'''")]
    [InlineData("$$$'''Standard_$$${family}_v3'''")]
    [InlineData("$'''Standard_${toUpper('nc')}6s_${'v3'}'''")]
    [InlineData("$'''Standard_NC6s_v3'''")]
    public void An_interpolated_multi_line_string_fills_its_holes(string literal)
    {
        var vm = Single($"var family = 'NC6s'\nresource vm {Type} = {Body.Replace("'Standard_NC6s_v3'", literal, StringComparison.Ordinal)}");

        Assert.Equal("Standard_NC6s_v3", vm.Sku, ignoreCase: true);
    }

    [Fact]
    public void An_interpolated_multi_line_string_with_an_unknown_hole_is_unknown_not_its_text()
    {
        var vm = Single($"param family string\nresource vm {Type} = {Body.Replace("'Standard_NC6s_v3'", "$'''Standard_${family}_v3'''", StringComparison.Ordinal)}");

        Assert.Null(vm.Sku);
        Assert.Contains("family", vm.UnresolvedReason, StringComparison.Ordinal);
    }
}
