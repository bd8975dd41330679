using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Issue 14, defect 5: <c>guardrails estimate --fail-on gate|increase:&lt;amount&gt;|never</c> can gate a CI pipeline
/// (exit 1 on failure, 2 on bad input, 0 by default as before); the policy is the base directory's guardrails.yaml.
/// </summary>
public sealed class EstimateFailOnTests : IDisposable
{
    private static readonly string s_iac = Path.Combine(TestData.RepositoryRoot, "samples", "iac");
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-failon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<(int Code, string Out, string Err)> Estimate(params string[] args) => CliProcess.RunAsync(null, ["estimate", .. args]);

    private static string[] Demo => ["--base", Path.Combine(s_iac, "base"), "--head", Path.Combine(s_iac, "head"), "--config", Path.Combine(s_iac, "guardrails.yaml")];

    // The T4 pool 1 → 2 nodes in eastus: +$383.98/month, everything priced.
    private static string[] Aks => ["--base", Path.Combine(s_iac, "base", "aks"), "--head", Path.Combine(s_iac, "head", "aks")];

    [Fact]
    public async Task Without_fail_on_a_failing_gate_still_exits_0_as_before()
    {
        var (code, output, err) = await Estimate([.. Demo, "--markdown"]);
        Assert.True(code == 0, err);
        Assert.Contains("❌ **Gate failed**", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_gate_exits_1_when_the_gate_fails_and_still_prints_the_comment()
    {
        var (code, output, err) = await Estimate([.. Demo, "--markdown", "--fail-on", "gate"]);
        Assert.Equal(1, code);
        Assert.Contains("❌ **Gate failed**", output, StringComparison.Ordinal);
        Assert.Contains("estimate: --fail-on gate: the gate failed", err, StringComparison.Ordinal);

        var (passing, _, err2) = await Estimate([.. Aks, "--json", "--fail-on", "gate"]);
        Assert.True(passing == 0, err2);
    }

    [Fact]
    public async Task Fail_on_increase_compares_the_monthly_increase_with_the_amount()
    {
        Assert.Equal(1, (await Estimate([.. Aks, "--json", "--fail-on", "increase:100"])).Code);
        Assert.Equal(0, (await Estimate([.. Aks, "--json", "--fail-on", "increase:383.98"])).Code);
    }

    [Theory]
    [InlineData("always")]
    [InlineData("increase:")]
    [InlineData("increase:ten")]
    [InlineData("increase:-5")]
    public async Task A_bad_fail_on_value_exits_2_with_one_error_line(string value)
    {
        var (code, output, err) = await Estimate([.. Aks, "--fail-on", value]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: --fail-on", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_base_directory_exits_2()
    {
        var (code, _, err) = await Estimate("--base", Path.Combine(_dir, "nope"), "--head", Path.Combine(s_iac, "head", "aks"), "--fail-on", "gate");
        Assert.Equal(2, code);
        Assert.Contains("--base", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_policy_is_read_from_the_base_directory_and_a_loosened_head_policy_does_not_apply()
    {
        var baseDir = Directory.CreateDirectory(Path.Combine(_dir, "base")).FullName;
        var headDir = Directory.CreateDirectory(Path.Combine(_dir, "head")).FullName;
        File.Copy(Path.Combine(s_iac, "base", "aks", "gpu-pool.tf"), Path.Combine(baseDir, "gpu-pool.tf"));
        File.Copy(Path.Combine(s_iac, "head", "aks", "gpu-pool.tf"), Path.Combine(headDir, "gpu-pool.tf"));
        await File.WriteAllTextAsync(Path.Combine(baseDir, "guardrails.yaml"), "pullRequests:\n  gate:\n    maxIncreaseAmount: 100\n");
        await File.WriteAllTextAsync(Path.Combine(headDir, "guardrails.yaml"), "pullRequests:\n  gate:\n    maxIncreaseAmount: 100000\n");

        var (code, output, _) = await Estimate("--base", baseDir, "--head", headDir, "--markdown", "--fail-on", "gate");
        Assert.Equal(1, code);
        Assert.Contains("exceeds $100.00", output, StringComparison.Ordinal);
        Assert.Contains("this PR changes the cost policy; it applies after merge", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_as_head_or_base_is_a_usage_error_that_names_it_as_a_file()
    {
        var file = Directory.GetFiles(Path.Combine(s_iac, "head", "aks"))[0];

        var (code, _, err) = await Estimate("--head", file);
        var (baseCode, _, baseErr) = await Estimate("--base", file, "--head", Path.Combine(s_iac, "head", "aks"));

        Assert.Equal((2, 2), (code, baseCode));
        Assert.StartsWith($"error: --head: '{file}' is a file: give the folder of the checkout", err, StringComparison.Ordinal);
        Assert.StartsWith($"error: --base: '{file}' is a file", baseErr, StringComparison.Ordinal);
    }
}
