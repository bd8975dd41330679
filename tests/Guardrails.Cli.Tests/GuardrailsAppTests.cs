namespace Guardrails.Cli.Tests;

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
}
