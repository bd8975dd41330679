using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// The number, comparison and string functions of ARM templates (and Bicep) that quickstarts use to choose a size or a
/// count, read through an ARM template's <c>vmSize</c> as the estimator reads it. Before: each was "evaluated at
/// deployment time", so the VM was unpriced though its size was written in the file.
/// </summary>
public sealed class IacValueFunctionsTests
{
    private static Resolved Size(string expression)
    {
        var template = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": {
                "cores": { "type": "int", "defaultValue": 4 },
                "family": { "type": "string", "defaultValue": "nc" },
                "gpu": { "type": "bool", "defaultValue": true },
                "pinned": { "type": "string" }
              },
              "variables": { "sizes": ["Standard_NC4as_T4_v3", "Standard_NC8as_T4_v3", "Standard_NC16as_T4_v3"] },
              "resources": [ { "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "vm", "location": "eastus",
                               "properties": { "hardwareProfile": { "vmSize": "[EXPR]" } } } ]
            }
            """.Replace("EXPR", expression, StringComparison.Ordinal);
        var r = ArmTemplateReader.Read("azuredeploy.json", template);
        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources);
        return vm.Sku is { } sku ? Resolved.Of(sku) : Resolved.Fail(vm.UnresolvedReason!);
    }

    [Theory]
    [InlineData("format('Standard_{0}{1}as_T4_v3', toUpper(parameters('family')), parameters('cores'))", "Standard_NC4as_T4_v3")]
    [InlineData("format('Standard_NC{0:D2}as_T4_v3', 8)", "Standard_NC08as_T4_v3")]
    [InlineData("format('{{literal}} {0}', 'x')", "{literal} x")]
    [InlineData("variables('sizes')[div(mul(parameters('cores'), 2), 8)]", "Standard_NC8as_T4_v3")]
    [InlineData("variables('sizes')[mod(add(parameters('cores'), 1), 3)]", "Standard_NC16as_T4_v3")]
    [InlineData("variables('sizes')[sub(length(variables('sizes')), 1)]", "Standard_NC16as_T4_v3")]
    [InlineData("variables('sizes')[min(createArray(2, 0, 1))]", "Standard_NC4as_T4_v3")]
    [InlineData("variables('sizes')[max(0, 1)]", "Standard_NC8as_T4_v3")]
    [InlineData("if(greaterOrEquals(parameters('cores'), 4), 'Standard_NC4as_T4_v3', 'Standard_D2s_v5')", "Standard_NC4as_T4_v3")]
    [InlineData("if(lessOrEquals(parameters('cores'), 2), 'Standard_D2s_v5', 'Standard_NC4as_T4_v3')", "Standard_NC4as_T4_v3")]
    [InlineData("if(parameters('gpu'), 'Standard_NC6s_v3', parameters('pinned'))", "Standard_NC6s_v3")]
    [InlineData("if(or(parameters('gpu'), equals(parameters('pinned'), 'x')), 'Standard_NC6s_v3', 'Standard_D2s_v5')", "Standard_NC6s_v3")]
    [InlineData("if(and(not(parameters('gpu')), equals(parameters('pinned'), 'x')), 'Standard_D2s_v5', 'Standard_NC6s_v3')", "Standard_NC6s_v3")]
    [InlineData("concat('Standard_NC', string(mul(parameters('cores'), 6)), 'ads_A100_v4')", "Standard_NC24ads_A100_v4")]
    [InlineData("concat('Standard_NC', mul(parameters('cores'), 6), 'ads_A100_v4')", "Standard_NC24ads_A100_v4")]
    [InlineData("replace('Standard_NCxas_T4_v3', 'x', string(parameters('cores')))", "Standard_NC4as_T4_v3")]
    [InlineData("first(split('Standard_NC6s_v3,Standard_D2s_v5', ','))", "Standard_NC6s_v3")]
    [InlineData("last(take(variables('sizes'), 2))", "Standard_NC8as_T4_v3")]
    [InlineData("first(skip(variables('sizes'), 2))", "Standard_NC16as_T4_v3")]
    [InlineData("substring('xxStandard_NC6s_v3', 2)", "Standard_NC6s_v3")]
    [InlineData("trim('  Standard_NC6s_v3 ')", "Standard_NC6s_v3")]
    [InlineData("if(startsWith(variables('sizes')[0], 'standard_nc'), 'Standard_NC6s_v3', 'Standard_D2s_v5')", "Standard_NC6s_v3")]
    [InlineData("createObject('gpu', 'Standard_NC6s_v3', 'cpu', 'Standard_D2s_v5').gpu", "Standard_NC6s_v3")]
    [InlineData("coalesce(json('null'), 'Standard_NC6s_v3')", "Standard_NC6s_v3")]
    [InlineData("concat('Standard_NC', padLeft(parameters('cores'), 2, '0'), 'as_T4_v3')", "Standard_NC04as_T4_v3")]
    public void Functions_on_known_values_give_the_size(string expression, string size)
    {
        Assert.Equal(size, Size(expression).Value);
    }

    [Theory]
    [InlineData("format('Standard_NC{1}', parameters('cores'))", "size: `format(…)`: no argument {1}")]
    [InlineData("format('Standard_NC{0}', parameters('pinned'))", "size: parameter `pinned` has no default")]
    [InlineData("variables('sizes')[div(parameters('cores'), 0)]", "size: `div(…)` divides by zero")]
    [InlineData("variables('sizes')[add(parameters('cores'), 'x')]", "size: `add(…)` with these arguments cannot be evaluated statically")]
    [InlineData("if(equals(parameters('pinned'), 'x'), 'Standard_NC6s_v3', 'Standard_D2s_v5')", "size: parameter `pinned` has no default")]
    [InlineData("if(and(parameters('gpu'), equals(parameters('pinned'), 'x')), 'a', 'b')", "size: parameter `pinned` has no default")]
    [InlineData("format('Standard_{0}', uniqueString(resourceGroup().id))", "size: function `uniqueString(…)` is evaluated at deployment time")]
    public void A_function_whose_arguments_cannot_be_known_leaves_the_size_unknown_with_the_reason(string expression, string reason)
    {
        var size = Size(expression);
        Assert.False(size.IsKnown);
        Assert.Equal(reason, size.Unresolved);
    }
}
