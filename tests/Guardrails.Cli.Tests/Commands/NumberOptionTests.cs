namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Every numeric option (decimal ones the commands read, whole-number ones the parser converts) is read by one parser
/// whose one error line says what is wrong: too large (with the limit), not a number, negative or zero, not whole.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class NumberOptionTests
{
    private static readonly string[] s_plan = ["plan", "--params", "7e9", "--tokens", "2e12", "--sku", "Standard_ND96isr_H100_v5"];

    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = await GuardrailsApp.RunAsync(args, stderr);
            return (code, stderr.ToString().Trim());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    [Theory]
    [InlineData("--params", "1e30", "error: --params: '1e30' is too large: the limit is 79,228,162,514,264,337,593,543,950,335")]
    [InlineData("--params", "79228162514264337593543950336", "error: --params: '79228162514264337593543950336' is too large: the limit is")]
    [InlineData("--tokens", "1e400", "error: --tokens: '1e400' is too large: the limit is")]
    [InlineData("--params", "-5", "error: --params: '-5' is negative: give a positive number")]
    [InlineData("--params", "0", "error: --params: '0' is zero: give a positive number")]
    [InlineData("--params", "NaN", "error: --params: 'NaN' is NaN: not a number")]
    [InlineData("--tokens", "Infinity", "error: --tokens: 'Infinity' is Infinity: not a number")]
    [InlineData("--params", "abc", "error: --params: 'abc' is not a number")]
    [InlineData("--mfu", "2", "error: --mfu: '2' is too large: the limit is 1")]
    [InlineData("--mfu", "-0.4", "error: --mfu: '-0.4' is negative: give a positive number")]
    public async Task A_bad_decimal_option_says_what_is_wrong(string option, string value, string message)
    {
        string[] args = [.. s_plan.Where((a, i) => a != option && (i == 0 || s_plan[i - 1] != option)), option, value];

        var (code, error) = await Run(args);

        Assert.Equal(2, code);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--nodes", "1e30" }, "error: --nodes: '1e30' is too large: the limit is 2,147,483,647. See 'guardrails plan --help'.")]
    [InlineData(new[] { "--nodes", "99999999999" }, "error: --nodes: '99999999999' is too large: the limit is 2,147,483,647. See 'guardrails plan --help'.")]
    [InlineData(new[] { "--nodes=2.5" }, "error: --nodes: '2.5' is not a whole number. See 'guardrails plan --help'.")]
    [InlineData(new[] { "--nodes", "0" }, "error: --nodes: '0' is zero: give a whole number of 1 or more. See 'guardrails plan --help'.")]
    [InlineData(new[] { "--nodes", "-3" }, "error: --nodes: '-3' is negative: give a whole number of 1 or more. See 'guardrails plan --help'.")]
    [InlineData(new[] { "--nodes", "NaN" }, "error: --nodes: 'NaN' is NaN: not a number. See 'guardrails plan --help'.")]
    public async Task A_bad_whole_number_option_says_what_is_wrong(string[] option, string message)
    {
        var (code, error) = await Run([.. s_plan, .. option]);

        Assert.Equal(2, code);
        Assert.Equal(message, error);
    }

    [Theory]
    [InlineData("dashboard", "--port", "99999", "error: --port: '99999' is too large: the limit is 65,535. See 'guardrails dashboard --help'.")]
    [InlineData("serve", "--port", "-1", "error: --port: '-1' is negative: give a whole number of 0 or more. See 'guardrails serve --help'.")]
    [InlineData("pipeline", "--parts", "1e12", "error: --parts: '1e12' is too large: the limit is 2,147,483,647. See 'guardrails pipeline --help'.")]
    [InlineData("pipeline", "--consumers", "0", "error: --consumers: '0' is zero: give a whole number of 1 or more. See 'guardrails pipeline --help'.")]
    public async Task Every_whole_number_option_uses_the_same_parser(string command, string option, string value, string message)
    {
        string[] args = command == "pipeline" ? ["pipeline", "run", option, value] : [command, option, value];

        var (code, error) = await Run(args);

        Assert.Equal(2, code);
        Assert.Equal(message, error);
    }

    [Fact]
    public async Task A_good_whole_number_option_is_still_read()
    {
        var (code, _) = await Run([.. s_plan, "--nodes", "4", "--json"]);

        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("increase:1e40", "'1e40' is too large: the limit is 79,228,162,514,264,337,593,543,950,335")]
    [InlineData("increase:NaN", "'NaN' is NaN: not a number")]
    [InlineData("increase:-5", "'-5' is negative")]
    [InlineData("increase:ten", "'ten' is not a number")]
    public void The_fail_on_amount_uses_the_same_parser(string text, string why)
    {
        Assert.False(Guardrails.Cli.Commands.Estimate.FailOnRule.TryParse(text, out _, out var reason));
        Assert.StartsWith(why, reason, StringComparison.Ordinal);
    }
}
