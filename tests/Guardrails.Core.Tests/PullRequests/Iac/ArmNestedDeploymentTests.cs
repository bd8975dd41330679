using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// ARM templates as Bicep compiles them: a module is a nested deployment with an inline template (before: skipped
/// silently as "no compute cost model", so a GPU VM inside a module passed the gate at $0), an <c>existing</c> resource
/// is a reference (before: priced as a new one, "size: missing"), and the compiled <c>main.json</c> committed beside its
/// <c>main.bicep</c> is the same deployment (before: priced twice).
/// </summary>
public sealed class ArmNestedDeploymentTests
{
    private const string Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    private static string Vm(string vmSize) =>
        "{\"type\": \"Microsoft.Compute/virtualMachines\", \"apiVersion\": \"2024-03-01\", \"name\": \"gpu\", \"location\": \"eastus\","
        + " \"properties\": {\"hardwareProfile\": {\"vmSize\": \"" + vmSize + "\"}}}";

    /// <summary>A template whose one resource is a nested deployment (<paramref name="extra"/> adds copy or condition).</summary>
    private static string Parent(string deploymentProperties, string extra = "", string parameters = "{\"size\": {\"type\": \"string\", \"defaultValue\": \"Standard_NC24ads_A100_v4\"}}") =>
        "{\"$schema\": \"" + Schema + "\", \"parameters\": " + parameters + ", \"resources\": [{\"type\": \"Microsoft.Resources/deployments\","
        + " \"apiVersion\": \"2022-09-01\", \"name\": \"gpuModule\"" + extra + ", \"properties\": {\"mode\": \"Incremental\", " + deploymentProperties + "}}]}";

    private const string InnerTemplate = "\"template\": {\"$schema\": \"" + Schema + "\", \"parameters\": {\"vmSize\": {\"type\": \"string\", \"defaultValue\": \"Standard_D2s_v3\"}},"
        + " \"resources\": [{\"type\": \"Microsoft.Compute/virtualMachines\", \"apiVersion\": \"2024-03-01\", \"name\": \"gpu\", \"location\": \"eastus\","
        + " \"properties\": {\"hardwareProfile\": {\"vmSize\": \"[parameters('vmSize')]\"}}}]}";

    private const string Inner = "\"expressionEvaluationOptions\": {\"scope\": \"inner\"}, ";

    [Theory]
    [InlineData(Inner + "\"parameters\": {\"vmSize\": {\"value\": \"[parameters('size')]\"}}, " + InnerTemplate, "", "Standard_NC24ads_A100_v4", 1)]
    [InlineData(Inner + "\"parameters\": {}, " + InnerTemplate, "", "Standard_D2s_v3", 1)]
    [InlineData(Inner + "\"parameters\": {\"vmSize\": {\"value\": \"Standard_NC4as_T4_v3\"}}, " + InnerTemplate, ", \"copy\": {\"name\": \"c\", \"count\": 3}", "Standard_NC4as_T4_v3", 3)]
    public void A_module_compiled_to_a_nested_deployment_is_priced_at_the_values_its_parent_passes(string properties, string extra, string sku, int quantity)
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", Parent(properties, extra));

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources);
        Assert.Equal((sku, (decimal)quantity), (vm.Sku, vm.Quantity));
    }

    [Fact]
    public void A_nested_deployment_in_the_outer_scope_reads_the_parent_s_parameters()
    {
        var properties = "\"template\": {\"$schema\": \"" + Schema + "\", \"resources\": [" + Vm("[parameters('size')]") + "]}";

        var vm = Assert.Single(ArmTemplateReader.Read("azuredeploy.json", Parent(properties)).Resources);

        Assert.Equal("Standard_NC24ads_A100_v4", vm.Sku);
    }

    [Fact]
    public void A_nested_deployment_whose_condition_is_false_deploys_nothing()
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", Parent(Inner + InnerTemplate, ", \"condition\": \"[equals(parameters('size'), 'none')]\""));

        Assert.Empty(r.Resources);
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void A_value_the_parent_cannot_know_leaves_the_module_s_size_unknown_with_the_reason()
    {
        var properties = Inner + "\"parameters\": {\"vmSize\": {\"value\": \"[parameters('size')]\"}}, " + InnerTemplate;

        var vm = Assert.Single(ArmTemplateReader.Read("azuredeploy.json", Parent(properties, parameters: "{\"size\": {\"type\": \"string\"}}")).Resources);

        Assert.Null(vm.Sku);
        Assert.Contains("passed by the parent template: parameter `size` has no default", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_linked_from_another_host_is_unknown_not_free_and_a_copy_count_that_cannot_be_known_leaves_the_module_unpriced()
    {
        var linked = ArmTemplateReader.Read("azuredeploy.json", Parent("\"templateLink\": {\"uri\": \"https://example.com/vm.json\"}"));
        var loop = ArmTemplateReader.Read("azuredeploy.json", Parent(Inner + InnerTemplate, ", \"copy\": {\"name\": \"c\", \"count\": \"[length(parameters('nodes'))]\"}"));

        // Before: listed as skipped, so a linked template full of GPU VMs passed the gate at $0.
        var unknown = Assert.Single(linked.Resources);
        Assert.Null(unknown.Sku);
        Assert.Contains("its templateLink (https://example.com/vm.json) is outside this repository and is not read", unknown.UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(linked.Skipped);
        var vm = Assert.Single(loop.Resources);
        Assert.Null(vm.Sku);
        Assert.Contains("copies of nested deployment", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    /// <summary>Before, every ARM resource was reported without a line ("line": null in the JSON, no check-run annotation).</summary>
    [Fact]
    public void Each_resource_is_reported_on_the_line_its_object_starts_in_arrays_symbolic_names_and_nested_templates()
    {
        const string Text = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              // a comment, as ARM allows
              "parameters": { "size": { "type": "string" } },
              "resources": [
                { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-05-01", "name": "s" },
                {
                  "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "top",
                  "properties": { "hardwareProfile": { "vmSize": "[parameters('size')]" } }
                },
                {
                  "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "module",
                  "properties": {
                    "template": {
                      "languageVersion": "2.0",
                      "resources": {
                        "inner": {
                          "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "inner",
                          "properties": { "hardwareProfile": { "vmSize": "[parameters('size')]" } }
                        }
                      }
                    }
                  }
                }
              ]
            }
            """;

        var r = ArmTemplateReader.Read("azuredeploy.json", Text);

        Assert.Equal([("top", 7), ("inner", 17)], r.Resources.Select(x => (x.Name, x.Line)));
        Assert.All(r.Resources, x => Assert.Contains("parameter `size` has no default", x.UnresolvedReason, StringComparison.Ordinal));
    }

    [Fact]
    public void An_existing_resource_in_a_real_compiled_module_is_a_reference_not_a_new_scale_set()
    {
        var text = File.ReadAllText(Repo.TestData("pull-requests", "public-iac", "avm-vmss-extension", "main.json"));

        var r = ArmTemplateReader.Read("extension/main.json", text);

        Assert.Empty(r.Errors);
        Assert.Empty(r.Resources);
        Assert.Contains(r.Skipped, s => s.Type == "Microsoft.Compute/virtualMachineScaleSets/extensions");
    }

    [Fact]
    public void A_template_compiled_from_the_Bicep_file_beside_it_is_counted_once_and_its_parameters_file_deploys_the_Bicep()
    {
        var bicep = "param size string = 'Standard_D2s_v3'\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'gpu'\n"
            + "  properties: {\n    hardwareProfile: { vmSize: size }\n  }\n}\n";
        var compiled = "{\"$schema\": \"" + Schema + "\", \"metadata\": {\"_generator\": {\"name\": \"bicep\", \"version\": \"0.42.1.51946\"}},"
            + " \"parameters\": {\"size\": {\"type\": \"string\", \"defaultValue\": \"Standard_D2s_v3\"}}, \"resources\": [" + Vm("[parameters('size')]") + "]}";
        var parameters = "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#\", \"parameters\": {\"size\": {\"value\": \"Standard_NC4as_T4_v3\"}}}";

        var r = IacReader.ReadAll(new Dictionary<string, string> { ["vm/main.bicep"] = bicep, ["vm/main.json"] = compiled, ["vm/main.parameters.json"] = parameters });
        var handWritten = IacReader.ReadAll(new Dictionary<string, string> { ["vm/main.bicep"] = bicep, ["vm/main.json"] = compiled.Replace("\"bicep\"", "\"hand\"", StringComparison.Ordinal) });

        var vm = Assert.Single(r.Resources);
        Assert.Equal(("vm/main.bicep", "Standard_NC4as_T4_v3"), (vm.File, vm.Sku));
        Assert.Contains(r.Skipped, s => s.File == "vm/main.json" && s.Reason.Contains("compiled from vm/main.bicep", StringComparison.Ordinal));
        Assert.Equal(2, handWritten.Resources.Count);
    }

    /// <summary>Before, a nested deployment declared as a resource in Bicep (or through AzAPI) was skipped as a type without
    /// a cost model, so a GPU VM in its template passed the gate at $0.</summary>
    [Fact]
    public void A_nested_deployment_declared_in_bicep_or_azapi_is_read_an_empty_one_deploys_nothing_and_a_linked_one_is_unknown()
    {
        const string Bicep = """
            param size string = 'Standard_NC24ads_A100_v4'
            resource avmTelemetry 'Microsoft.Resources/deployments@2024-03-01' = {
              name: 'telemetry'
              properties: {
                mode: 'Incremental'
                template: {
                  '$schema': 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#'
                  contentVersion: '1.0.0.0'
                  resources: []
                  outputs: { telemetry: { type: 'String', value: '${uniqueString(deployment().name)}' } }
                }
              }
            }
            resource inline 'Microsoft.Resources/deployments@2024-03-01' = [for i in range(0, 2): {
              name: 'inline${i}'
              properties: {
                mode: 'Incremental'
                expressionEvaluationOptions: { scope: 'inner' }
                parameters: { vmSize: { value: size } }
                template: {
                  parameters: { vmSize: { type: 'string' } }
                  resources: [ { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: 'gpu', location: 'eastus'
                    properties: { hardwareProfile: { vmSize: '[parameters(\'vmSize\')]' } } } ]
                }
              }
            }]
            resource linked 'Microsoft.Resources/deployments@2024-03-01' = {
              name: 'linked'
              properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/vm.json' } }
            }
            """;
        const string Tf = """
            resource "azapi_resource" "dep" {
              type      = "Microsoft.Resources/deployments@2022-09-01"
              name      = "nested"
              parent_id = "x"
              body = { properties = { mode = "Incremental", templateLink = { uri = "https://example.com/vm.json" } } }
            }
            """;

        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = Bicep, ["main.tf"] = Tf });

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources, x => x.Sku is not null);
        Assert.Equal(("main.bicep", 14, "Standard_NC24ads_A100_v4", 2m), (vm.File, vm.Line, vm.Sku, vm.Quantity));
        Assert.Equal(
            [("main.bicep", "linked", "a nested deployment of a linked template (templateLink) declared as a resource is not read"),
             ("main.tf", "dep", "a nested deployment of a linked template (templateLink) declared as a resource is not read")],
            r.Resources.Where(x => x.Sku is null).Select(x => (x.File, x.Name, x.UnresolvedReason![..x.UnresolvedReason!.IndexOf(':', StringComparison.Ordinal)])).Order());
    }

    /// <summary>Before, a resource's own <c>resources</c> array (ARM's child resources with short types) was never read: a GPU
    /// compute cluster nested in its workspace, or a GPU pool nested in its cluster, passed the gate at $0.</summary>
    [Fact]
    public void Child_resources_nested_in_a_resource_are_read_with_their_full_type_under_their_parent_s_condition_and_copy()
    {
        const string Text = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": { "withAks": { "type": "bool", "defaultValue": false } },
              "resources": [
                {
                  "type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2023-04-01", "name": "ws", "location": "eastus",
                  "copy": { "name": "regions", "count": 2 },
                  "properties": {},
                  "resources": [
                    {
                      "type": "computes", "apiVersion": "2023-04-01", "name": "gpu-cluster", "location": "eastus",
                      "properties": { "computeType": "AmlCompute", "properties": { "vmSize": "Standard_NC24ads_A100_v4", "scaleSettings": { "minNodeCount": 1, "maxNodeCount": 1 } } }
                    },
                    {
                      "type": "Microsoft.MachineLearningServices/workspaces/computes", "apiVersion": "2023-04-01", "name": "ws/full", "location": "eastus",
                      "properties": { "computeType": "ComputeInstance", "properties": { "vmSize": "Standard_NC4as_T4_v3" } }
                    }
                  ]
                },
                {
                  "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-01-01", "name": "aks", "location": "eastus",
                  "condition": "[parameters('withAks')]",
                  "properties": { "agentPoolProfiles": [] },
                  "resources": [ { "type": "agentPools", "apiVersion": "2024-01-01", "name": "gpu", "properties": { "count": 2, "vmSize": "Standard_NC4as_T4_v3" } } ]
                }
              ]
            }
            """;

        var r = ArmTemplateReader.Read("azuredeploy.json", Text);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [("Microsoft.MachineLearningServices/workspaces/computes", "Standard_NC24ads_A100_v4", 2m, 10), ("Microsoft.MachineLearningServices/workspaces/computes", "Standard_NC4as_T4_v3", 2m, 14)],
            r.Resources.Select(x => (x.Type, x.Sku!, x.MaxNodes ?? x.Quantity, x.Line)).Order());
    }
}
