using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// IaC nested deeper than any template (tens of thousands of brackets or blocks) is a file error on its line — the file
/// is unknown, so it fails the gate — never a stack overflow that ends the Function App or the CLI.
/// </summary>
public sealed class IacNestingTests
{
    private const int Deep = 100_000;

    private static string Resource(string property) =>
        "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  " + property + "\n}\n";

    public static TheoryData<string, string> DeepFiles() => new()
    {
        { "parens.bicep", Resource("name: " + new string('(', Deep) + "'vm'" + new string(')', Deep)) },
        { "arrays.bicep", Resource("name: " + new string('[', Deep) + new string(']', Deep)) },
        { "objects.bicep", Resource("properties: " + string.Concat(Enumerable.Repeat("{\n a: ", Deep)) + "1" + string.Concat(Enumerable.Repeat("\n}", Deep))) },
        { "blocks.tf", string.Concat(Enumerable.Repeat("a {\n", Deep)) + string.Concat(Enumerable.Repeat("}\n", Deep)) },
        { "calls.tf", "locals {\n  x = " + string.Concat(Enumerable.Repeat("f(", Deep)) + "1" + new string(')', Deep) + "\n}\n" },
    };

    [Theory]
    [MemberData(nameof(DeepFiles), DisableDiscoveryEnumeration = true)] // large texts: built when run, not when listed
    public void A_file_nested_deeper_than_the_limit_is_a_file_error_not_a_crash(string name, string text)
    {
        IacParseResult? result = null;
        var thread = new Thread(() => result = IacReader.ReadAll(new Dictionary<string, string> { [name] = text }), 1024 * 1024);
        thread.Start();
        thread.Join();

        var error = Assert.Single(result!.Errors);
        Assert.Equal(name, error.File);
        Assert.Contains($"nested deeper than {ExpressionParser.MaxNesting} levels", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Resources);
    }

    /// <summary>Long flat chains (no brackets) build deep trees too: each reader's walk over them is bounded.</summary>
    public static TheoryData<string, string, string> LongChains() => new()
    {
        { "sum.tf", "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  count = " + string.Join(" + ", Enumerable.Repeat("1", Deep)) + "\n  size = \"Standard_NC6s_v3\"\n}\n", "count: nested deeper than 64 levels" },
        { "members.tf", "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  for_each = var.x" + string.Concat(Enumerable.Repeat(".a", Deep)) + "\n  size = each.value\n}\n", "for_each: `…" },
        { "ternaries.tf", "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  size = " + string.Concat(Enumerable.Repeat("true ? ", 150)) + "\"Standard_NC6s_v3\"" + string.Concat(Enumerable.Repeat(" : \"x\"", 150)) + "\n}\n", "size: nested deeper than 64 levels" },
        { "sum.bicep", Resource("properties: { hardwareProfile: { vmSize: " + string.Join(" + ", Enumerable.Repeat("1", Deep)) + " } }"), "size: nested deeper than 64 levels" },
        { "loop.bicep", "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for (x, i) in range(0, 2): {\n  properties: { hardwareProfile: { vmSize: x" + string.Concat(Enumerable.Repeat(".a", Deep)) + " } }\n}]\n", "size: nested deeper than 64 levels" },
    };

    [Theory]
    [MemberData(nameof(LongChains), DisableDiscoveryEnumeration = true)] // large texts: built when run, not when listed
    public void A_chain_of_a_hundred_thousand_operators_or_members_is_unknown_not_a_crash(string name, string text, string reason)
    {
        IacParseResult? result = null;
        var thread = new Thread(() => result = IacReader.ReadAll(new Dictionary<string, string> { [name] = text }), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(result);
        Assert.Empty(result.Errors);
        var vm = Assert.Single(result.Resources);
        Assert.Null(vm.Sku);
        Assert.StartsWith(reason, vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_a_real_template_uses_is_read()
    {
        var text = "var x = " + new string('[', 50) + "'Standard_NC4as_T4_v3'" + new string(']', 50) + "\n";

        var result = IacReader.ReadAll(new Dictionary<string, string> { ["ok.bicep"] = text });

        Assert.Empty(result.Errors);
    }
}
