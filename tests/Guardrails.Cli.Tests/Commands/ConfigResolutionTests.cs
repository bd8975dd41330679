using System.Text.Json;
using Guardrails.Cli.Hosting;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// One resolver and one loader for every command (issue 16 item 2, issue 15 "Budgets and config"): a config only from
/// --config or $GuardrailsConfigPath (named on stderr), never picked up from the current directory; every config error
/// is "error: file:line: field: message" on stderr with exit 2, the cross-checks included, in every command.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class ConfigResolutionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Export => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<CliRun> Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = await GuardrailsApp.RunAsync(args, stderr);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>Every command that reads guardrails.yaml, with the config given by --config.</summary>
    private static string[][] Commands(string config, string dir) =>
    [
        ["ingest", Export, "--config", config, "--json"],
        ["budgets", "--config", config, "--input", Export],
        ["alerts", "test", "--config", config, "--channel", "ops", "--sink", dir],
        ["idle", "--config", config, "--telemetry", TestData.Sample("telemetry", "demo")],
        ["estimate", "--base", TestData.Sample("iac", "base"), "--head", TestData.Sample("iac", "head"), "--config", config],
        ["report", "chargeback", "--input", Export, "--config", config],
        ["report", "html", "--input", Export, "--config", config, "--html", Path.Combine(dir, "r.html")],
    ];

    private static void AssertConfigError(CliRun run, string expectedLine, string command)
    {
        Assert.True(run.ExitCode == 2, $"{command}: exit {run.ExitCode}\n{run.Error}\n{run.Out}");
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Contains(expectedLine), $"{command}: expected '{expectedLine}' on stderr, got:\n{run.Error}");
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(expectedLine, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclosed_flow_mapping_is_one_error_line_and_exit_2_in_every_command()
    {
        var config = Write("unclosed.yaml", "allocation: {keys: [team]\nbudgets: []\n");
        foreach (var command in Commands(config, _dir))
            AssertConfigError(await Run(command), $"error: {config}:1: (yaml): a flow mapping '{{' or sequence '[' is not closed", command[0]);
    }

    [Fact]
    public async Task Duplicate_budget_names_are_the_same_error_in_every_command()
    {
        var config = Write("dup.yaml", """
            budgets:
              - name: vision
                amount: 100
                currency: USD
                scope: {team: vision}
              - name: vision
                amount: 200
                currency: USD
                scope: {team: vision}
            """);
        foreach (var command in Commands(config, _dir))
            AssertConfigError(await Run(command), $"error: {config}:6: budgets[1].name: budget 'vision' is declared more than once", command[0]);
    }

    [Fact]
    public async Task An_undeclared_channel_is_the_same_error_in_every_command()
    {
        var config = Write("channel.yaml", """
            budgets:
              - name: vision
                amount: 100
                currency: USD
                scope: {team: vision}
                channels: [oncall]
            """);
        foreach (var command in Commands(config, _dir))
            AssertConfigError(await Run(command),
                $"error: {config}:6: budgets[0].channels[0]: budget 'vision': channel 'oncall' is not declared in channels:", command[0]);
    }

    [Fact]
    public async Task A_missing_config_file_is_a_config_error()
    {
        var missing = Path.Combine(_dir, "nope.yaml");
        foreach (var command in Commands(missing, _dir))
            AssertConfigError(await Run(command), $"error: {missing}: (file): configuration file not found", command[0]);
    }

    [Fact]
    public async Task The_current_directory_guardrails_yaml_never_leaks_into_ingest()
    {
        // The repository's own guardrails.yaml declares a $24,000/month fixed cost for team trey.
        File.Copy(Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"), Path.Combine(_dir, "guardrails.yaml"));
        var old = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_dir);
        CliRun run;
        try
        {
            run = await Run("ingest", Export, "--json");
        }
        finally
        {
            Directory.SetCurrentDirectory(old);
        }

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        using var doc = JsonDocument.Parse(run.Out);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.DoesNotContain(groups, g => g.GetProperty("category").GetString() == "fixed");
        var total = doc.RootElement.GetProperty("totals").EnumerateArray().Sum(t => t.GetProperty("billedCost").GetDecimal());
        Assert.Equal(total, groups.Sum(g => g.GetProperty("billedCost").GetDecimal())); // costs = the export, nothing added
    }

    [Fact]
    public async Task Commands_that_need_a_config_say_how_to_give_one()
    {
        foreach (var command in new[] { new[] { "budgets", "--input", Export }, ["alerts", "test", "--channel", "ops"],
                     ["idle", "--telemetry", TestData.Sample("telemetry", "demo")] })
        {
            var run = await Run(command);
            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("error: no configuration: this command needs ", run.Error, StringComparison.Ordinal);
            Assert.Contains($"give --config <file> or set {CliConfig.EnvironmentVariable}", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_environment_variable_is_used_and_named_on_stderr()
    {
        var config = Write("env.yaml", "allocation:\n  keys:\n    - name: team\n");
        Environment.SetEnvironmentVariable(CliConfig.EnvironmentVariable, config);
        CliRun run;
        try
        {
            run = await Run("ingest", Export, "--json");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CliConfig.EnvironmentVariable, null);
        }

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"config: {config} (from {CliConfig.EnvironmentVariable})", run.Error.Trim());
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(["team"], doc.RootElement.GetProperty("groups")[0].GetProperty("allocation").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Given_config_wins_over_the_environment_and_is_not_announced()
    {
        var config = Write("given.yaml", "allocation:\n  keys:\n    - name: team\n");
        Environment.SetEnvironmentVariable(CliConfig.EnvironmentVariable, Path.Combine(_dir, "missing.yaml"));
        CliRun run;
        try
        {
            run = await Run("ingest", Export, "--config", config, "--json");
        }
        finally
        {
            Environment.SetEnvironmentVariable(CliConfig.EnvironmentVariable, null);
        }
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Runtime_errors_of_budgets_are_one_error_line_on_stderr_with_exit_1()
    {
        var config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
        var unreadable = Write("not-an-export.csv", "hello,world\n1,2\n"); // a file that is there but is no cost export: runtime
        var run = await Run("budgets", "--config", config, "--input", unreadable);
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("error", run.Out, StringComparison.OrdinalIgnoreCase);

        var alerts = await Run("alerts", "test", "--config", config, "--channel", "nowhere");
        Assert.Equal(2, alerts.ExitCode);
        Assert.StartsWith("error: channel 'nowhere' is not declared in ", alerts.Error, StringComparison.Ordinal);
    }
}
