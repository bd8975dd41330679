using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Provider-defined functions (Terraform 1.8: <c>provider::azapi::parse_resource_id(…)</c>, as the AKS Verified Module's
/// outputs call them). Before, <c>::</c> made the whole file "could not be read: unexpected ':'". They are not evaluated:
/// a size that comes from one is unknown on its line, and anything else in the file is read.
/// </summary>
public sealed class TerraformProviderFunctionTests
{
    private static string Vm(string size) => $$"""
        resource "azurerm_linux_virtual_machine" "gpu" {
          name     = "gpu"
          location = "eastus"
          size     = {{size}}
        }
        """;

    [Theory]
    [InlineData("output \"rg\" {\n  value = provider::azapi::parse_resource_id(\"Microsoft.Resources/resourceGroups\", var.parent_id).parent_id\n}\n")]
    [InlineData("output \"rg\" {\n  value = try(format(\n    \"%s/x\",\n    provider::azapi::parse_resource_id(\"a\", var.b).parent_id\n  ), null)\n}\n")]
    [InlineData("locals {\n  ids = [for id in var.ids : provider::azurerm::normalise_resource_id(id)]\n}\n")]
    [InlineData("locals {\n  x = provider::time::rfc3339_parse(\"2024-01-01T00:00:00Z\")[\"year\"]\n}\n")]
    public void A_provider_function_anywhere_in_a_file_does_not_stop_the_file_being_read(string text)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = text + Vm("\"Standard_NC6s_v3\"") });

        Assert.Empty(r.Errors);
        Assert.Equal("Standard_NC6s_v3", Assert.Single(r.Resources).Sku);
    }

    [Fact]
    public void A_size_from_a_provider_function_is_unknown_on_its_line_and_names_the_function()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = Vm("provider::corp::gpu_size(\"large\")") });

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources);
        Assert.Null(vm.Sku);
        Assert.Equal(1, vm.Line);
        Assert.Contains("provider::corp::gpu_size", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_function_name_cut_short_is_an_error_on_its_line()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = "locals {\n  x = provider::\n}\n" });

        Assert.Equal(("main.tf", 2), (Assert.Single(r.Errors).File, r.Errors[0].Line));
    }
}
