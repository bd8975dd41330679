using Guardrails.Cli.Commands;
using Guardrails.Cli.Tests.Commands;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests;

[Collection(ConsoleCaptureCollection.Name)] // commands write to the process-wide console
public sealed class GuardrailsAppTests
{
    [Theory]
    [InlineData(new[] { "ingest" }, "paths", "guardrails ingest --help")]
    [InlineData(new[] { "ingest", "x.csv", "--no-such-option" }, "no-such-option", "guardrails ingest --help")]
    [InlineData(new[] { "no-such-command" }, "no-such-command", "guardrails --help")]
    public async Task A_command_line_that_does_not_parse_is_one_error_line_and_exit_code_2(string[] args, string named, string hint)
    {
        using var error = new StringWriter();

        var exit = await GuardrailsApp.RunAsync(args, error);

        Assert.Equal(GuardrailsApp.ExitUsageError, exit);
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(named, line);
        Assert.Contains(hint, line);
        Assert.DoesNotContain(" at ", line); // no stack trace
    }

    [Fact]
    public async Task A_named_command_is_registered_alone_and_no_command_registers_them_all()
    {
        var alone = await Assert.ThrowsAsync<CommandParseException>(() => GuardrailsApp.Create(["plan"]).RunAsync(["ingest", "missing.csv"]));
        Assert.Contains("Unknown command 'ingest'", alone.Message);

        // Every command: ingest runs (and reports the missing file: a path that names nothing is a usage error).
        Assert.Equal(GuardrailsApp.ExitUsageError, await GuardrailsApp.Create().RunAsync(["ingest", "missing.csv"]));
    }

    [Theory]
    [InlineData(new[] { "ingst", "x.csv" }, "Did you mean 'guardrails ingest'?")]
    [InlineData(new[] { "budget" }, "Did you mean 'guardrails budgets'?")]
    [InlineData(new[] { "dashbaord" }, "Did you mean 'guardrails dashboard'?")]
    [InlineData(new[] { "report", "chargebak" }, "Did you mean 'guardrails report chargeback'?")]
    [InlineData(new[] { "pipeline", "rnu" }, "Did you mean 'guardrails pipeline run'?")]
    public async Task A_mistyped_command_gets_a_did_you_mean(string[] args, string suggestion)
    {
        using var error = new StringWriter();

        var exit = await GuardrailsApp.RunAsync(args, error);

        Assert.Equal(GuardrailsApp.ExitUsageError, exit);
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(suggestion, line);
    }

    [Fact]
    public async Task Nothing_close_gets_no_suggestion()
    {
        using var error = new StringWriter();
        Assert.Equal(GuardrailsApp.ExitUsageError, await GuardrailsApp.RunAsync(["xyzzy"], error));
        Assert.DoesNotContain("Did you mean", error.ToString());
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0()
    {
        // Spectre writes the version to the console it captured at start: run the real process.
        var (exit, stdout, stderr) = await CliProcess.RunAsync(null, "--version");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(GuardrailsApp.Version, stdout.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+$", GuardrailsApp.Version);
    }
}
