using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.Common;

/// <summary>
/// Every YAML the product reads (guardrails.yaml — also a PR base branch's —, inventory, usage file, Azure ML files in a
/// PR) nested thousands of levels deep is an error with file and line, never a stack overflow that ends the process.
/// </summary>
public sealed class YamlNestingTests
{
    private const int Deep = 20_000;

    public static TheoryData<string> DeepDocuments() => new()
    {
        { "budgets: " + new string('[', Deep) + new string(']', Deep) + "\n" },
        // Block nesting by indentation grows as the square of the depth (20,000 levels would be 2 × 10⁸ characters):
        // 2,000 levels (2 MB) are 30 times the limit and deeper than the readers' recursion could go on a small stack.
        { "budgets:\n" + string.Concat(Enumerable.Range(1, 2_000).Select(i => new string(' ', i) + "- \n")) },
        { "machines: " + string.Concat(Enumerable.Repeat("{a: ", Deep)) + "1" + new string('}', Deep) + "\n" },
    };

    private static readonly (string Name, Action<string> Read)[] s_readers =
    [
        ("guardrails.yaml", y => GuardrailsConfigLoader.LoadFromYaml(y, "guardrails.yaml")),
        ("policies", y => IdlePolicyFile.Parse(y, "guardrails.yaml")),
        ("inventory.yaml", y => InventoryFile.Parse(y, "inventory.yaml")),
        ("pull request config", y => PullRequestConfigReader.Parse(y, "guardrails.yaml")),
        ("usage file", y => UsageFile.Parse(y, "guardrails-usage.yml")),
    ];

    /// <summary>Runs on a thread with a small stack, so a recursion that would overflow in production overflows here too.</summary>
    private static Exception? OnSmallStack(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { thrown = e; }
        }, 512 * 1024);
        thread.Start();
        thread.Join();
        return thrown;
    }

    [Theory]
    [MemberData(nameof(DeepDocuments), DisableDiscoveryEnumeration = true)] // megabytes each: built when run, not when listed
    public void Every_yaml_reader_reports_a_deeply_nested_document_as_a_config_error_with_its_line(string yaml)
    {
        foreach (var (name, read) in s_readers)
        {
            var e = OnSmallStack(() => read(yaml));

            var config = Assert.IsType<ConfigException>(e);
            var error = Assert.Single(config.Errors);
            Assert.True(error.Line is > 0, name);
            Assert.Contains($"nested deeper than {YamlNesting.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DeepDocuments), DisableDiscoveryEnumeration = true)] // megabytes each: built when run, not when listed
    public void A_deeply_nested_azure_ml_file_in_a_pull_request_is_a_file_error(string yaml)
    {
        IacParseResult? result = null;
        var e = OnSmallStack(() => result = AzureMlYamlReader.Read("job.yml", "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\n" + yaml));

        Assert.Null(e);
        var error = Assert.Single(result!.Errors);
        Assert.Equal("job.yml", error.File);
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_real_files_use_is_read()
    {
        var yaml = "budgets: " + new string('[', YamlNesting.MaxDepth - 1) + new string(']', YamlNesting.MaxDepth - 1) + "\n";

        YamlNesting.Check(yaml); // does not throw
        Assert.Throws<YamlDotNet.Core.YamlException>(() => YamlNesting.Check("budgets: " + new string('[', YamlNesting.MaxDepth) + new string(']', YamlNesting.MaxDepth)));
    }
}
