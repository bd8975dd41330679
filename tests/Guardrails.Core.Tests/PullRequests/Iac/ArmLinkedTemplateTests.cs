using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Linked templates (a nested deployment's <c>templateLink</c>), as azure-quickstart-templates and other public ARM
/// repositories split a deployment into files: before, every one was listed as skipped, so the GPU VMs in
/// <c>nested/vm.json</c> passed the gate at $0 while the file itself was priced again on its own with its defaults. Now the
/// linked file is read through the deployment with the values passed, once, and a link that is not read is unknown.
/// </summary>
public sealed class ArmLinkedTemplateTests
{
    private const string Schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

    private const string LinkedVm = """
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "parameters": {
            "vmSize": { "type": "string", "defaultValue": "Standard_B2s" },
            "location": { "type": "string", "defaultValue": "eastus" }
          },
          "resources": [
            {
              "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "trainer",
              "location": "[parameters('location')]",
              "properties": { "hardwareProfile": { "vmSize": "[parameters('vmSize')]" } }
            }
          ]
        }
        """;

    /// <summary>A template deploying one linked template; <paramref name="link"/> is the <c>templateLink</c> object.</summary>
    private static string Parent(string link, string extra = "", string passed = "\"parameters\": {\"vmSize\": {\"value\": \"Standard_NC24ads_A100_v4\"}}") =>
        "{\"$schema\": \"" + Schema + "\", \"parameters\": {"
        + "\"_artifactsLocation\": {\"type\": \"string\", \"defaultValue\": \"[deployment().properties.templateLink.uri]\"},"
        + " \"_artifactsLocationSasToken\": {\"type\": \"securestring\", \"defaultValue\": \"\"},"
        + " \"noDefault\": {\"type\": \"string\"}},"
        + " \"resources\": [{\"type\": \"Microsoft.Resources/deployments\", \"apiVersion\": \"2022-09-01\", \"name\": \"trainerDeployment\"" + extra + ","
        + " \"properties\": {\"mode\": \"Incremental\", \"templateLink\": " + link + (passed.Length > 0 ? ", " + passed : "") + "}}]}";

    private static IacParseResult ReadAll(params (string Path, string Text)[] files) =>
        IacReader.ReadAll(files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal));

    [Theory]
    // The quickstart pattern: _artifactsLocation defaults to the template's own location.
    [InlineData("{\"uri\": \"[uri(parameters('_artifactsLocation'), concat('nested/vm.json', parameters('_artifactsLocationSasToken')))]\"}")]
    [InlineData("{\"uri\": \"[uri(deployment().properties.templateLink.uri, 'nested/vm.json')]\"}")]
    [InlineData("{\"relativePath\": \"nested/vm.json\"}")]
    [InlineData("{\"relativePath\": \"./nested/../nested/vm.json?sv=token\"}")]
    public void A_linked_template_in_the_repository_is_priced_once_at_the_values_passed_on_its_own_lines(string link)
    {
        var r = ReadAll(("infra/azuredeploy.json", Parent(link)), ("infra/nested/vm.json", LinkedVm));

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources); // not a second time on its own, with its default size
        Assert.Equal(("Standard_NC24ads_A100_v4", 1m, "infra/nested/vm.json", 8, "trainerDeployment/trainer"), (vm.Sku, vm.Quantity, vm.File, vm.Line, vm.Name));
        Assert.Equal(["infra/azuredeploy.json#trainerDeployment"], vm.Via);
        Assert.Contains(r.Skipped, s => s.File == "infra/nested/vm.json" && s.Reason.Contains("read through the linked deployment in infra/azuredeploy.json", StringComparison.Ordinal));
    }

    [Fact]
    public void A_linked_deployment_copied_three_times_deploys_three_and_a_false_condition_deploys_none()
    {
        var copied = ReadAll(("azuredeploy.json", Parent("{\"relativePath\": \"vm.json\"}", ", \"copy\": {\"name\": \"c\", \"count\": 3}")), ("vm.json", LinkedVm));
        var off = ReadAll(("azuredeploy.json", Parent("{\"relativePath\": \"vm.json\"}", ", \"condition\": false")), ("vm.json", LinkedVm));

        Assert.Equal(3m, Assert.Single(copied.Resources).Quantity);
        Assert.Empty(off.Resources); // nor is vm.json priced on its own: it is the deployment's, which deploys nothing
        Assert.Contains(off.Skipped, s => s.File == "vm.json" && s.Type == "linked template");
    }

    [Fact]
    public void A_copy_per_index_links_a_template_per_copy()
    {
        var parent = Parent("{\"relativePath\": \"[concat('vm', copyIndex(), '.json')]\"}", ", \"copy\": {\"name\": \"c\", \"count\": 2}", passed: "");

        var r = ReadAll(("azuredeploy.json", parent), ("vm0.json", LinkedVm), ("vm1.json", LinkedVm.Replace("Standard_B2s", "Standard_NC4as_T4_v3", StringComparison.Ordinal)));

        Assert.Equal(["Standard_B2s", "Standard_NC4as_T4_v3"], r.Resources.Select(x => x.Sku).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_parameters_link_gives_the_values_and_the_deployment_s_own_parameters_stay_unknown_when_they_are()
    {
        const string Parameters = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
              "parameters": { "vmSize": { "value": "Standard_ND96asr_v4" } } }
            """;
        var withFile = Parent("{\"relativePath\": \"vm.json\"}", passed: "\"parametersLink\": {\"relativePath\": \"vm.prod.parameters.json\"}");
        var unknownValue = Parent("{\"relativePath\": \"vm.json\"}", passed: "\"parameters\": {\"vmSize\": {\"value\": \"[parameters('noDefault')]\"}}");

        var fromFile = Assert.Single(ReadAll(("azuredeploy.json", withFile), ("vm.json", LinkedVm), ("vm.prod.parameters.json", Parameters)).Resources);
        var unknown = Assert.Single(ReadAll(("azuredeploy.json", unknownValue), ("vm.json", LinkedVm)).Resources);

        Assert.Equal("Standard_ND96asr_v4", fromFile.Sku);
        Assert.Null(unknown.Sku);
        Assert.Contains("parameter `noDefault` has no default", unknown.UnresolvedReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"uri\": \"https://raw.githubusercontent.com/Azure/azure-quickstart-templates/master/vm.json\"}", "is outside this repository and is not read")]
    [InlineData("{\"relativePath\": \"../../vm.json\"}", "points above the root of the files read")]
    [InlineData("{\"uri\": \"[uri(deployment().properties.templateLink.uri, '../../../vm.json')]\"}", "points above the root of the files read")]
    [InlineData("{\"relativePath\": \"missing/vm.json\"}", "its templateLink (infra/missing/vm.json) is not among the files read")]
    [InlineData("{\"id\": \"/subscriptions/x/resourceGroups/y/providers/Microsoft.Resources/templateSpecs/vm/versions/1.0\"}", "is a template spec (id), which is not read")]
    [InlineData("{\"uri\": \"[concat(parameters('noDefault'), '/vm.json')]\"}", "its templateLink.uri is not known: parameter `noDefault` has no default")]
    [InlineData("{\"uri\": \"[concat(parameters('_artifactsLocation'), 'nested/vm.json')]\"}", "its templateLink (infra/azuredeploy.jsonnested/vm.json) is not among the files read")]
    [InlineData("\"nested/vm.json\"", "its templateLink is not an object")]
    public void A_link_that_is_not_read_is_one_unknown_item_on_the_deployment_s_line_never_free(string link, string reason)
    {
        var r = ReadAll(("infra/azuredeploy.json", Parent(link)), ("infra/nested/vm.json", LinkedVm));

        var unknown = Assert.Single(r.Resources, x => x.File == "infra/azuredeploy.json");
        Assert.Null(unknown.Sku);
        Assert.Equal(1, unknown.Line);
        Assert.Contains(reason, unknown.UnresolvedReason, StringComparison.Ordinal);
        Assert.EndsWith("what it deploys is not priced", unknown.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_given_as_an_expression_is_unknown_and_a_deployment_with_no_template_deploys_nothing()
    {
        var expression = ReadAll(("azuredeploy.json", "{\"$schema\": \"" + Schema + "\", \"variables\": {\"t\": {}}, \"resources\": [{\"type\": \"Microsoft.Resources/deployments\","
            + " \"apiVersion\": \"2022-09-01\", \"name\": \"d\", \"properties\": {\"mode\": \"Incremental\", \"template\": \"[variables('t')]\"}}]}"));
        var none = ReadAll(("azuredeploy.json", "{\"$schema\": \"" + Schema + "\", \"resources\": [{\"type\": \"Microsoft.Resources/deployments\","
            + " \"apiVersion\": \"2022-09-01\", \"name\": \"d\", \"properties\": {\"mode\": \"Incremental\"}}]}"));

        Assert.Contains("its template is not an object", Assert.Single(expression.Resources).UnresolvedReason, StringComparison.Ordinal);
        Assert.Empty(none.Resources);
        Assert.Contains("neither `template` nor `templateLink`", Assert.Single(none.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_file_that_is_not_valid_json_is_an_error_on_its_line_and_templates_linking_each_other_stop_at_the_depth_limit()
    {
        var broken = ReadAll(("azuredeploy.json", Parent("{\"relativePath\": \"vm.json\"}")), ("vm.json", "{\n  \"resources\": [\n"));
        var loop = ReadAll(
            ("a.json", Parent("{\"relativePath\": \"b.json\"}", passed: "")),
            ("b.json", Parent("{\"relativePath\": \"a.json\"}", passed: "")));

        Assert.Contains(broken.Errors, e => e.File == "vm.json" && e.Line is 3);
        Assert.Contains(loop.Errors, e => e.Message.Contains("nested deployments deeper than 10 levels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://host/a/b/c.json", "d/e.json", "https://host/a/b/d/e.json")]
    [InlineData("https://host/a/b/", "e.json", "https://host/a/b/e.json")]
    [InlineData("https://host/a/b/c.json", "../e.json?sv=1", "https://host/a/e.json?sv=1")]
    public void Uri_resolves_a_relative_reference_against_its_base(string baseUri, string relative, string expected)
    {
        var r = new ExprEvaluator((_, _) => null).Evaluate(new CallExpr("uri", [new LiteralExpr(baseUri, 1), new LiteralExpr(relative, 1)], 1));

        Assert.Equal(expected, r.Value);
    }
}
