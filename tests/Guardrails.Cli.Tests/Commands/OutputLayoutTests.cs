using System.Globalization;
using System.Text.Json;
using Guardrails.Cli.Hosting;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>Issue 16 item 4: tables are right-aligned, full width when not a terminal, COLUMNS honoured, numbers never split.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class OutputLayoutTests
{
    private static string Config => Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
    private static string Multicloud => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");

    private static async Task<CliRun> Run(string? columns, params string[] args)
    {
        var (oldOut, oldError, oldColumns) = (Console.Out, Console.Error, Environment.GetEnvironmentVariable("COLUMNS"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        Environment.SetEnvironmentVariable("COLUMNS", columns);
        try
        {
            var code = await GuardrailsApp.RunAsync(args, stderr);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
            Environment.SetEnvironmentVariable("COLUMNS", oldColumns);
        }
    }

    /// <summary>Every effective cost of the top groups, as the table prints it, from the same run's --json.</summary>
    private static async Task<List<string>> ExpectedFigures()
    {
        var json = await Run(null, "ingest", Multicloud, "--config", Config, "--json");
        using var doc = JsonDocument.Parse(json.Out);
        var figures = doc.RootElement.GetProperty("totals").EnumerateArray()
            .Select(t => t.GetProperty("effectiveCost").GetDecimal().ToString("N2", CultureInfo.InvariantCulture)).ToList();
        return figures;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("60")]
    [InlineData("200")]
    public async Task Numbers_are_never_split_and_tables_fit_COLUMNS(string? columns)
    {
        var run = await Run(columns, "ingest", Multicloud, "--config", Config);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var figure in await ExpectedFigures())
            Assert.Contains(lines, l => l.Contains(figure, StringComparison.Ordinal)); // the whole figure on one line
        var tableLines = lines.Where(l => l.Length > 0 && "┌│├└╭╰┃━─".Contains(l[0])).ToList();
        Assert.NotEmpty(tableLines);
        if (columns is null)
        {
            // Not a terminal, no COLUMNS: as wide as needed, never cut at 80 (the cost table has 6 columns of figures).
            Assert.Contains(tableLines, l => l.Length > 80);
        }
        else
        {
            var width = int.Parse(columns, CultureInfo.InvariantCulture);
            Assert.All(tableLines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: {l}"));
        }
        // Number cells are right-aligned: in the totals table the figure ends just before its cell border.
        var total = tableLines.First(l => l.Contains("USD", StringComparison.Ordinal));
        Assert.Matches(@"\d │", total);
    }

    [Theory]
    [InlineData("100", 100)]
    [InlineData("abc", CliConsole.UnboundedWidth)]
    [InlineData("0", CliConsole.UnboundedWidth)]
    [InlineData(null, CliConsole.UnboundedWidth)]
    public void Width_is_COLUMNS_else_unbounded_when_not_a_terminal(string? columns, int expected)
    {
        using var writer = new StringWriter();
        Assert.Equal(expected, CliConsole.Width(writer, name => name == "COLUMNS" ? columns : null));
    }
}
