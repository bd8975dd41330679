using System.Text.Json;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Hostile templates against the template functions and copy loops: a string that grows tenfold per level, values that
/// refer to the one below twice per level (twice the work per level), copies of nested deployments nested in copies.
/// Each ends with the resource unknown (or the file unreadable) with the reason; none runs or allocates without bound.
/// </summary>
public sealed class HostileExpressionTests
{
    private const string Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    private static object Vm(string vmSize, object? copy = null) => new Dictionary<string, object?>
    {
        ["type"] = "Microsoft.Compute/virtualMachines",
        ["apiVersion"] = "2024-03-01",
        ["name"] = copy is null ? "vm" : "[concat('vm', copyIndex())]",
        ["location"] = "eastus",
        ["copy"] = copy,
        ["properties"] = new { hardwareProfile = new { vmSize } },
    };

    private static string Template(object resource, Dictionary<string, object>? variables = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["$schema"] = Schema, ["variables"] = variables ?? [], ["resources"] = new[] { resource } });

    [Fact]
    public void A_text_that_grows_tenfold_per_level_is_unknown_beyond_its_limit()
    {
        var expression = "'Standard_NC6s_v3'";
        for (var i = 0; i < 12; i++) expression = $"replace({expression}, 'S', 'SSSSSSSSSS')"; // 16 × 10^12 characters if built

        var vm = Assert.Single(ArmTemplateReader.Read("t.json", Template(Vm($"[{expression}]"))).Resources);

        Assert.Equal("size: a text longer than 100,000 characters", vm.UnresolvedReason);
    }

    [Fact]
    public void Values_that_double_the_work_per_level_stop_at_the_step_limit()
    {
        var variables = new Dictionary<string, object> { ["v0"] = 3 };
        for (var i = 1; i <= 30; i++) variables[$"v{i}"] = $"[max(variables('v{i - 1}'), variables('v{i - 1}'))]"; // 2^30 evaluations

        var vm = Assert.Single(ArmTemplateReader.Read("t.json", Template(Vm("Standard_NC6s_v3", new { name = "c", count = "[variables('v30')]" }), variables)).Resources);

        Assert.Null(vm.Sku);
        // Once the budget is spent every later value of the file is unknown too (here the size, read after the count).
        Assert.EndsWith(": the file's expressions take more than 2,000,000 steps to evaluate", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_of_nested_deployments_nested_in_copies_stop_at_the_read_limit_and_fail_closed()
    {
        object resource = Vm("[parameters('size')]");
        for (var level = 0; level < 4; level++) // 20^4 = 160,000 templates if every copy were read
        {
            resource = new Dictionary<string, object>
            {
                ["type"] = "Microsoft.Resources/deployments",
                ["apiVersion"] = "2022-09-01",
                ["name"] = $"[format('level{level}-{{0}}', copyIndex())]",
                ["copy"] = new { name = $"c{level}", count = 20 },
                ["properties"] = new Dictionary<string, object>
                {
                    ["mode"] = "Incremental",
                    ["expressionEvaluationOptions"] = new { scope = "inner" },
                    ["parameters"] = new { size = new { value = "[if(equals(copyIndex(), 0), 'Standard_NC6s_v3', 'Standard_NC4as_T4_v3')]" } },
                    ["template"] = new Dictionary<string, object>
                    {
                        ["$schema"] = Schema,
                        ["parameters"] = new { size = new { type = "string" } },
                        ["resources"] = new[] { resource },
                    },
                },
            };
        }

        var r = ArmTemplateReader.Read("t.json", Template(resource));

        var error = Assert.Single(r.Errors.DistinctBy(e => e.Message));
        Assert.Equal("more than 200 templates to read (nested deployments × their copies): not estimated", error.Message);
        Assert.Equal("t.json", error.File);
    }
}
