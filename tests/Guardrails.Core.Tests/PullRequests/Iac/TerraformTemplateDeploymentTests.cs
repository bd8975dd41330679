using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// ARM templates deployed through Terraform (<c>azurerm_resource_group_template_deployment</c> and kin, the legacy
/// <c>azurerm_template_deployment</c>), written in the shape of the azurerm provider's documentation examples. Before,
/// every one was skipped as a type without a cost model: the GPU VMs in its template passed the gate at $0.
/// </summary>
public sealed class TerraformTemplateDeploymentTests
{
    private const string Template = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": { "vmSize": { "type": "string", "defaultValue": "Standard_B2s" } },
          "resources": [
            {
              "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "trainer", "location": "eastus",
              "properties": { "hardwareProfile": { "vmSize": "[parameters('vmSize')]" } }
            }
          ]
        }
        """;

    private static IacParseResult Read(string tf) =>
        IacReader.ReadAll(new Dictionary<string, string> { ["infra/main.tf"] = tf, ["infra/arm/vm.json"] = Template });

    private static string Deployment(string type, string body) => $$"""
        variable "size" {
          default = "Standard_NC24ads_A100_v4"
        }
        variable "no_default" {
          type = string
        }
        resource "{{type}}" "gpu" {
          name                = "gpu"
          resource_group_name = "rg"
          deployment_mode     = "Incremental"
        {{body}}
        }
        """;

    [Theory]
    [InlineData("azurerm_resource_group_template_deployment", "  template_content = file(\"${path.module}/arm/vm.json\")\n  parameters_content = jsonencode({ vmSize = { value = var.size } })")]
    [InlineData("azurerm_subscription_template_deployment", "  template_content = file(\"arm/vm.json\")\n  parameters_content = jsonencode({ \"vmSize\" = { \"value\" = \"Standard_NC24ads_A100_v4\" } })")]
    [InlineData("azurerm_template_deployment", "  template_body = file(\"${path.module}/arm/vm.json\")\n  parameters = { vmSize = var.size }")]
    [InlineData("azurerm_resource_group_template_deployment", "  template_content = file(\"${path.module}/arm/vm.json\")\n  parameters_content = <<PARAMS\n{ \"vmSize\": { \"value\": \"Standard_NC24ads_A100_v4\" } }\nPARAMS")]
    public void A_template_read_with_file_is_priced_once_at_the_values_passed_on_its_own_lines(string type, string body)
    {
        var r = Read(Deployment(type, body));

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources); // not a second time on its own with its default size
        Assert.Equal(("Standard_NC24ads_A100_v4", "infra/arm/vm.json", 6, "gpu/trainer"), (vm.Sku, vm.File, vm.Line, vm.Name));
        Assert.Equal(["infra/main.tf#gpu"], vm.Via);
        Assert.Contains(r.Skipped, s => s.File == "infra/arm/vm.json" && s.Reason.Contains("read through the template deployment in infra/main.tf", StringComparison.Ordinal));
    }

    [Fact]
    public void A_template_written_in_the_block_is_priced_on_the_block_s_line_times_its_count()
    {
        var body = "  count = 2\n  template_content = <<-TEMPLATE\n    " + Template.Replace("\n", "\n    ", StringComparison.Ordinal) + "\n  TEMPLATE";
        var encoded = "  template_content = jsonencode({ resources = [{ type = \"Microsoft.Compute/virtualMachines\", apiVersion = \"2024-03-01\", name = \"t4\","
            + " location = \"eastus\", properties = { hardwareProfile = { vmSize = \"Standard_NC4as_T4_v3\" } } }] })";

        var heredoc = Assert.Single(Read(Deployment("azurerm_resource_group_template_deployment", body)).Resources, r => r.File == "infra/main.tf");
        var json = Assert.Single(Read(Deployment("azurerm_resource_group_template_deployment", encoded)).Resources, r => r.File == "infra/main.tf");

        Assert.Equal(("Standard_B2s", 2m, "infra/main.tf", 7), (heredoc.Sku, heredoc.Quantity, heredoc.File, heredoc.Line));
        Assert.Contains("from the ARM template deployed by `gpu`", heredoc.Notes);
        Assert.Equal(("Standard_NC4as_T4_v3", 1m, "gpu/t4"), (json.Sku, json.Quantity, json.Name));
    }

    [Theory]
    [InlineData("  template_content = data.template_file.vm.rendered", "template_content: `data.template_file.vm.rendered` is known only after apply")]
    [InlineData("  template_content = templatefile(\"${path.module}/arm/vm.json\", {})", "rendered by templatefile(…), which is not read")]
    [InlineData("  template_content = file(\"${path.module}/arm/missing.json\")", "file(\"./arm/missing.json\") is infra/arm/missing.json, which is not among the files read")]
    [InlineData("  template_content = file(\"../../vm.json\")", "points above the root of the files read")]
    [InlineData("  template_content = file(var.no_default)", "the path given to file(…) is not known: variable `no_default` has no default")]
    [InlineData("  template_content = <<EOT\n{ \"resources\": [ ${var.size} ] }\nEOT", "template_content: expression `heredoc`")]
    [InlineData("", "template_content: not set")]
    public void A_template_that_cannot_be_read_leaves_the_deployment_unknown_on_its_line_never_free(string body, string reason)
    {
        var r = Read(Deployment("azurerm_resource_group_template_deployment", body));

        var unknown = Assert.Single(r.Resources, x => x.File == "infra/main.tf");
        Assert.Null(unknown.Sku);
        Assert.Equal(7, unknown.Line);
        Assert.Contains(reason, unknown.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_passed_that_cannot_be_known_leaves_unknown_what_depends_on_it_and_fails_the_gate()
    {
        var tf = Deployment("azurerm_resource_group_template_deployment",
            "  template_content = file(\"${path.module}/arm/vm.json\")\n  parameters_content = jsonencode({ vmSize = { value = var.no_default } })");

        var (e, gate) = await UnpricedIsNeverFreeTests.GateAsync(new Dictionary<string, string>(),
            new Dictionary<string, string> { ["infra/main.tf"] = tf, ["infra/arm/vm.json"] = Template });

        var unknown = Assert.Single(e.Unpriced);
        Assert.Equal("gpu/trainer", unknown.Name);
        Assert.Contains("parameters_content.vmSize: variable `no_default` has no default", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public void An_indented_heredoc_without_template_sequences_is_its_text_without_the_common_indentation()
    {
        const string Tf = """
            locals {
              size = <<-EOT
                Standard_NC4as_T4_v3
              EOT
            }
            resource "azurerm_linux_virtual_machine" "vm" {
              size = trimspace(local.size)
            }
            """;

        var vm = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = Tf }).Resources);

        Assert.Equal("Standard_NC4as_T4_v3", vm.Sku);
    }
}
