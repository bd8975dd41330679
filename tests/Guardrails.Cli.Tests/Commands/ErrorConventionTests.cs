using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 4, consistent errors: every command, run as the real executable, reports a bad argument and a runtime
/// failure as one <c>error: …</c> line on stderr, nothing on stdout, and exit 2 (usage: an option that does not parse,
/// a path that names nothing, an unusable configuration) or 1 (runtime: input that cannot be read, storage refusing).
/// </summary>
public sealed class ErrorConventionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-errors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string M(params string[] parts) => TestData.Sample(["month", .. parts]);
    private static string Config => M("guardrails.yaml");
    private static string Export => M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv");
    private const string DeadStore = "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;TableEndpoint=http://127.0.0.1:1/x";

    /// <summary>A file that is not a cost export (random bytes): unreadable input.</summary>
    private string Garbage()
    {
        var path = Path.Combine(_dir, "garbage.csv");
        File.WriteAllBytes(path, [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 251))]);
        return path;
    }

    public static TheoryData<string, string[]> BadArguments => new()
    {
        { "ingest", ["ingest", "--bogus"] },
        { "ingest missing file", ["ingest", "/nonexistent/export.csv"] },
        { "costs", ["costs", "--month", "2026-13"] },
        { "budgets", ["budgets", "--config", Config, "--input", Export, "--month", "13"] },
        { "budgets missing file", ["budgets", "--config", Config, "--input", "/nonexistent/export.csv"] },
        { "idle", ["idle", "--config", Config, "--telemetry", "/nonexistent/telemetry"] },
        { "estimate", ["estimate", "--head", "/nonexistent/head"] },
        { "plan", ["plan", "--params", "abc"] },
        { "report chargeback", ["report", "chargeback", "--input", "/nonexistent/export.csv"] },
        { "report carbon", ["report", "carbon", "--input", "/nonexistent/export.csv"] },
        { "report models", ["report", "models", "--input", "/nonexistent/export.csv"] },
        { "dashboard", ["dashboard", "--input", "/nonexistent/export.csv"] },
        { "pipeline run", ["pipeline", "run", "--input", "/nonexistent/export.csv"] },
        { "alerts test", ["alerts", "test", "--config", "/nonexistent/guardrails.yaml", "--channel", "oncall-teams"] },
        { "mistyped command", ["budgest"] },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task A_bad_argument_is_one_error_line_on_stderr_and_exit_2(string command, string[] args)
    {
        var (code, output, err) = await CliProcess.RunAsync(null, args);
        Assert.True(code == 2, $"{command}: exit {code}\n{err}\n{output}");
        AssertOneErrorOnStderr(command, output, err);
    }

    public static TheoryData<string, string[]> RuntimeFailures => new()
    {
        { "ingest", ["ingest", "{garbage}"] },
        { "budgets", ["budgets", "--config", Config, "--input", "{garbage}"] },
        { "costs", ["costs", "--month", "2026-11", "--store", DeadStore] },
        { "report chargeback", ["report", "chargeback", "--input", "{garbage}"] },
        { "report carbon", ["report", "carbon", "--input", "{garbage}"] },
        { "report models", ["report", "models", "--input", "{garbage}"] },
        { "report html", ["report", "html", "--input", "{garbage}", "--html", "{dir}/r.html"] },
        { "dashboard", ["dashboard", "--input", "{garbage}"] },
        { "estimate", ["estimate", "--base", M("pr", "base"), "--head", M("pr", "head"), "--config", Config, "--store", DeadStore] },
    };

    [Theory]
    [MemberData(nameof(RuntimeFailures))]
    public async Task A_runtime_failure_is_one_error_line_on_stderr_and_exit_1(string command, string[] args)
    {
        var garbage = Garbage();
        var (code, output, err) = await CliProcess.RunAsync(null, [.. args.Select(a => a.Replace("{garbage}", garbage).Replace("{dir}", _dir))]);
        Assert.True(code == 1, $"{command}: exit {code}\n{err}\n{output}");
        AssertOneErrorOnStderr(command, output, err);
        Assert.DoesNotContain("   at ", err); // no stack trace
    }

    [Fact]
    public async Task Idle_runtime_errors_go_to_stderr_not_stdout()
    {
        var inventory = Path.Combine(_dir, "inventory.yaml");
        File.WriteAllText(inventory, "machines:\n  - resourceId: not-an-arm-id\n    vmSize: Standard_NC24ads_A100_v4\n");
        var (code, output, err) = await CliProcess.RunAsync(null, "idle", "--config", Config, "--telemetry", Garbage(), "--inventory", inventory);
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("error:", output);
        Assert.Contains("error: ", err);
    }

    private static void AssertOneErrorOnStderr(string command, string output, string err)
    {
        Assert.True(output.Length == 0, $"{command}: stdout should be empty, got: {output}");
        var errors = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count >= 1, $"{command}: no 'error: ' line on stderr: {err}");
    }
}
