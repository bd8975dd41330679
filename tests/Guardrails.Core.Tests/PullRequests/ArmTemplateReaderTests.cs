using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// ARM templates (JSON) are read as the Bicep they compile from: parameters' defaults, variables, template expressions,
/// <c>copy.count</c> and <c>condition</c>. The template below is written for these tests in the shape of the
/// azure-quickstart-templates' compiled <c>azuredeploy.json</c> files.
/// </summary>
public class ArmTemplateReaderTests
{
    private const string Template = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {
            "vmName": { "type": "string", "defaultValue": "trainer" },
            "location": { "type": "string", "defaultValue": "eastus" },
            "tier": { "type": "string", "defaultValue": "gpu-large", "allowedValues": ["cpu", "gpu-small", "gpu-large"] },
            "nodeCount": { "type": "int", "defaultValue": 3 },
            "deployInference": { "type": "bool", "defaultValue": false },
            "adminPassword": { "type": "secureString" }
          },
          "variables": {
            "sizes": { "cpu": "Standard_D4s_v5", "gpu-small": "Standard_NC4as_T4_v3", "gpu-large": "Standard_NC24ads_A100_v4" },
            "vmFullName": "[format('{0}-{1}', parameters('vmName'), parameters('tier'))]"
          },
          "resources": [
            {
              "type": "Microsoft.Network/networkInterfaces",
              "apiVersion": "2023-05-01",
              "name": "[concat(parameters('vmName'), '-nic')]",
              "location": "[parameters('location')]",
              "properties": {}
            },
            {
              "type": "Microsoft.Compute/virtualMachines",
              "apiVersion": "2024-03-01",
              "name": "[concat(variables('vmFullName'), copyIndex())]",
              "location": "[parameters('location')]",
              "copy": { "name": "nodes", "count": "[parameters('nodeCount')]" },
              "properties": {
                "hardwareProfile": { "vmSize": "[variables('sizes')[parameters('tier')]]" },
                "osProfile": { "adminPassword": "[parameters('adminPassword')]" }
              }
            },
            {
              "type": "Microsoft.Compute/virtualMachines",
              "apiVersion": "2024-03-01",
              "name": "inference",
              "condition": "[parameters('deployInference')]",
              "location": "[parameters('location')]",
              "properties": { "hardwareProfile": { "vmSize": "Standard_ND96asr_v4" } }
            },
            {
              "type": "Microsoft.Compute/virtualMachines",
              "apiVersion": "2024-03-01",
              "name": "[parameters('vmName')]",
              "location": "[resourceGroup().location]",
              "properties": { "hardwareProfile": { "vmSize": "[if(equals(parameters('tier'), 'cpu'), 'Standard_D4s_v5', 'Standard_NC6s_v3')]" } }
            }
          ]
        }
        """;

    [Fact]
    public void Parameters_variables_copy_condition_and_if_are_read_as_the_bicep_they_compile_from()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["infra/azuredeploy.json"] = Template });

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["trainer Standard_NC6s_v3 1 ", "virtualMachines[1] Standard_NC24ads_A100_v4 3 eastus"], // `inference` has condition false: not deployed
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity} {x.Region}").Order(StringComparer.Ordinal).ToList());
        Assert.Contains(r.Skipped, s => s.Type == "Microsoft.Network/networkInterfaces");
    }

    [Fact]
    public void A_parameter_without_a_default_leaves_the_size_unknown_with_its_name()
    {
        var r = ArmTemplateReader.Read("t.json", Template.Replace("\"defaultValue\": \"gpu-large\", ", "", StringComparison.Ordinal));
        var copied = r.Resources.Single(x => x.Name == "virtualMachines[1]");
        Assert.Equal("size: parameter `tier` has no default", copied.UnresolvedReason);
    }

    [Theory]
    [InlineData("{\"name\": \"package\", \"dependencies\": {}}")]
    [InlineData("{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\", \"parameters\": {}}")]
    public void Other_json_is_left_alone(string json)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["x.json"] = json });
        Assert.Empty(r.Resources);
        Assert.Empty(r.Errors);
        Assert.True(IacReader.IsCostBearingPath("x.json")); // read, then recognised by its schema
    }

    [Fact]
    public void A_parameters_file_beside_the_template_is_one_deployment_of_it_and_a_key_vault_reference_is_unknown()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["infra/azuredeploy.json"] = Template,
            ["infra/azuredeploy.parameters.prod.json"] = """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                  "contentVersion": "1.0.0.0",
                  "parameters": {
                    "tier": { "value": "gpu-small" },
                    "nodeCount": { "value": 5 },
                    "adminPassword": { "reference": { "keyVault": { "id": "/subscriptions/x/vaults/kv" }, "secretName": "pw" } }
                  }
                }
                """,
            ["other/main.parameters.json"] = """{ "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {} }""",
        });

        Assert.Equal(
            ["trainer (azuredeploy.parameters.prod.json) Standard_NC6s_v3 1", "virtualMachines[1] (azuredeploy.parameters.prod.json) Standard_NC4as_T4_v3 5"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
        var orphan = Assert.Single(r.Skipped, s => s.Type == "parameters");
        Assert.Equal("parameters for no template of the same name beside it, which is not among the files read: not estimated", orphan.Reason);
    }

    [Fact]
    public void A_template_that_is_not_valid_json_is_an_error_with_its_line()
    {
        var broken = Template[..Template.IndexOf("\"resources\"", StringComparison.Ordinal)] + "\"resources\": [ { \"type\": \n";
        var error = Assert.Single(ArmTemplateReader.Read("broken.json", broken).Errors);
        Assert.Equal("broken.json", error.File);
        Assert.NotNull(error.Line);
    }
}
