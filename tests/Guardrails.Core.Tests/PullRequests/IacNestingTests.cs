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
    [MemberData(nameof(DeepFiles))]
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

    [Fact]
    public void Nesting_a_real_template_uses_is_read()
    {
        var text = "var x = " + new string('[', 50) + "'Standard_NC4as_T4_v3'" + new string(']', 50) + "\n";

        var result = IacReader.ReadAll(new Dictionary<string, string> { ["ok.bicep"] = text });

        Assert.Empty(result.Errors);
    }
}
