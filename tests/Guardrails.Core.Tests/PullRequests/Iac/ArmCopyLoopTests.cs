using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// ARM <c>copy</c> loops as the quickstart templates write them: the count from a literal, a parameter, a variable or
/// arithmetic multiplies the resource; <c>copyIndex()</c> (with an offset) picks each copy's own size and decides each
/// copy's <c>condition</c>; a count that cannot be known leaves the resource unpriced with the reason, never one copy.
/// Before: <c>copyIndex()</c> was "evaluated at deployment time", so a size per copy was unknown, and a condition on
/// <c>copyIndex()</c> counted every copy as deployed.
/// </summary>
public sealed class ArmCopyLoopTests
{
    private static string Template(string vm, string parameters = "{}", string variables = "{}") => $$"""
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {{parameters}},
          "variables": {{variables}},
          "resources": [
            {
              "type": "Microsoft.Compute/virtualMachines",
              "apiVersion": "2024-03-01",
              "location": "eastus",
              {{vm}}
            }
          ]
        }
        """;

    private static IacResource Single(string vm, string parameters = "{}", string variables = "{}")
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", Template(vm, parameters, variables));
        Assert.Empty(r.Errors);
        return Assert.Single(r.Resources);
    }

    [Theory]
    [InlineData("\"count\": 4", 4)]
    [InlineData("\"count\": \"[parameters('nodes')]\"", 3)]
    [InlineData("\"count\": \"[mul(parameters('nodes'), 2)]\"", 6)]
    [InlineData("\"count\": \"[add(variables('extra'), sub(parameters('nodes'), 1))]\"", 7)]
    [InlineData("\"count\": \"[div(parameters('nodes'), 2)]\"", 1)]
    [InlineData("\"count\": \"[length(variables('names'))]\"", 2)]
    [InlineData("\"count\": \"[if(greater(parameters('nodes'), 2), parameters('nodes'), 1)]\"", 3)]
    [InlineData("\"count\": \"[int(variables('asText'))]\"", 5)]
    public void A_copy_count_from_literals_parameters_variables_and_arithmetic_multiplies_the_resource(string count, int quantity)
    {
        var vm = Single(
            "\"name\": \"[format('gpu-{0:D2}', copyIndex(1))]\", \"copy\": {\"name\": \"vms\", " + count + "}, \"properties\": {\"hardwareProfile\": {\"vmSize\": \"Standard_NC4as_T4_v3\"}}",
            """{ "nodes": { "type": "int", "defaultValue": 3 } }""",
            """{ "extra": 5, "names": ["a", "b"], "asText": "5" }""");

        Assert.Equal(("Standard_NC4as_T4_v3", (decimal)quantity, (string?)null), (vm.Sku, vm.Quantity, vm.UnresolvedReason));
    }

    [Fact]
    public void Each_copy_is_priced_at_the_size_its_copy_index_picks()
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", Template(
            "\"name\": \"[concat('node', copyIndex())]\", \"copy\": {\"name\": \"vms\", \"count\": \"[length(parameters('sizes'))]\"},"
            + " \"properties\": {\"hardwareProfile\": {\"vmSize\": \"[parameters('sizes')[copyIndex()]]\"}}",
            """{ "sizes": { "type": "array", "defaultValue": ["Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3"] } }"""));

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["node0 Standard_NC4as_T4_v3 1", "node1 Standard_NC24ads_A100_v4 1", "node2 Standard_NC4as_T4_v3 1"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_condition_on_the_copy_index_deploys_only_the_copies_it_holds_for()
    {
        var vm = Single(
            "\"name\": \"[concat('node', copyIndex())]\", \"copy\": {\"name\": \"vms\", \"count\": 5}, \"condition\": \"[less(copyIndex(), parameters('wanted'))]\","
            + " \"properties\": {\"hardwareProfile\": {\"vmSize\": \"Standard_NC6s_v3\"}}",
            """{ "wanted": { "type": "int", "defaultValue": 2 } }""");

        Assert.Equal(("Standard_NC6s_v3", 2m), (vm.Sku, vm.Quantity));
    }

    [Theory]
    [InlineData("\"count\": \"[parameters('nodes')]\"", "{\"nodes\": {\"type\": \"int\"}}", "loop count: parameter `nodes` has no default")]
    [InlineData("\"count\": \"[reference('pool').count]\"", "{}", "loop count: function `reference(…)` is evaluated at deployment time")]
    [InlineData("\"count\": \"[div(4, 0)]\"", "{}", "loop count: `div(…)` divides by zero")]
    [InlineData("\"count\": 2.5", "{}", "loop count: not a whole number from 0 to 10,000")]
    [InlineData("\"count\": -1", "{}", "loop count: not a whole number from 0 to 10,000")]
    public void A_copy_count_that_cannot_be_known_leaves_the_resource_unpriced_with_the_reason(string count, string parameters, string reason)
    {
        var vm = Single("\"name\": \"[concat('node', copyIndex())]\", \"copy\": {\"name\": \"vms\", " + count + "}, \"properties\": {\"hardwareProfile\": {\"vmSize\": \"Standard_NC6s_v3\"}}",
            parameters);

        Assert.Null(vm.Sku);
        Assert.Equal(reason, vm.UnresolvedReason);
    }

    [Fact]
    public void A_copy_count_of_zero_deploys_nothing()
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", Template(
            "\"name\": \"[concat('node', copyIndex())]\", \"copy\": {\"name\": \"vms\", \"count\": \"[parameters('nodes')]\"}, \"properties\": {\"hardwareProfile\": {\"vmSize\": \"Standard_NC6s_v3\"}}",
            """{ "nodes": { "type": "int", "defaultValue": 0 } }"""));

        Assert.Empty(r.Resources);
        Assert.Empty(r.Errors);
    }

    [Fact]
    public void A_size_that_uses_the_copy_index_outside_a_loop_is_unknown_with_the_reason()
    {
        var vm = Single("\"name\": \"solo\", \"properties\": {\"hardwareProfile\": {\"vmSize\": \"[parameters('sizes')[copyIndex()]]\"}}",
            """{ "sizes": { "type": "array", "defaultValue": ["Standard_NC6s_v3"] } }""");

        Assert.Equal("size: `copyIndex()` outside a copy loop whose count is known", vm.UnresolvedReason);
    }

    [Fact]
    public void A_copied_nested_deployment_passes_each_copy_its_own_size()
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", NestedTemplate);

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["vm (deployments[0] copy 0) Standard_NC6s_v3 1", "vm (deployments[0] copy 1) Standard_NC6s_v3 1", "vm (deployments[0] copy 2) Standard_ND96asr_v4 1"],
            r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity}").Order(StringComparer.Ordinal).ToList());
    }

    private const string NestedTemplate = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": { "sizes": { "type": "array", "defaultValue": ["Standard_NC6s_v3", "Standard_NC6s_v3", "Standard_ND96asr_v4"] } },
              "resources": [
                {
                  "type": "Microsoft.Resources/deployments",
                  "apiVersion": "2022-09-01",
                  "name": "[format('vm-{0}', copyIndex())]",
                  "copy": { "name": "vms", "count": "[length(parameters('sizes'))]" },
                  "properties": {
                    "mode": "Incremental",
                    "expressionEvaluationOptions": { "scope": "inner" },
                    "parameters": { "vmSize": { "value": "[parameters('sizes')[copyIndex()]]" } },
                    "template": {
                      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                      "parameters": { "vmSize": { "type": "string" } },
                      "resources": [ { "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "vm", "location": "eastus",
                                       "properties": { "hardwareProfile": { "vmSize": "[parameters('vmSize')]" } } } ]
                    }
                  }
                }
              ]
            }
            """;

    [Fact]
    public void Copies_of_a_nested_deployment_that_price_alike_are_one_resource()
    {
        var r = ArmTemplateReader.Read("azuredeploy.json", NestedTemplate.Replace("\"Standard_ND96asr_v4\"", "\"Standard_NC6s_v3\"", StringComparison.Ordinal));

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources);
        Assert.Equal(("vm", "Standard_NC6s_v3", 3m), (vm.Name, vm.Sku, vm.Quantity));
    }
}
