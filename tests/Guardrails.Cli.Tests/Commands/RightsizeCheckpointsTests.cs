using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Rightsize;
using Guardrails.Testing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails rightsize --checkpoints</c> on the sample month's FOCUS export: fabrikamckpt (tag purpose=checkpoints) keeps
/// 60,000 GB in Hot for the whole fortnight and grows 3,500 GB a day; fabrikammldata (datasets) matches neither rule.
/// </summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class RightsizeCheckpointsTests
{
    private static readonly string Export = TestData.Sample("month", "export");
    private static FlagValue<string> ExportFlag => new() { IsSet = true, Value = Export };

    private static async Task<(int Code, string Out, string Console)> Run(RightsizeCommand.Settings settings)
    {
        using var output = new StringWriter();
        using var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 4096;
        using var errors = new StringWriter();
        var code = await RightsizeCommand.RunAsync(settings, console, output, stderr: errors);
        return (code, output.ToString(), text.ToString() + errors.ToString()); // the console text, then what went to stderr
    }

    [Fact]
    public async Task The_sample_month_flags_the_hot_checkpoint_account_with_what_cool_cold_and_archive_would_cost()
    {
        var (code, _, table) = await Run(new() { Checkpoints = ExportFlag });

        Assert.Equal(0, code);
        GoldenFile.Verify(table, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.txt"));
    }

    [Fact]
    public async Task On_an_unbounded_console_every_line_fits_120_columns_and_no_figure_is_split()
    {
        var (code, _, text) = await Run(new() { Checkpoints = ExportFlag }); // width 4096, as for a file or CI log

        Assert.Equal(0, code);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        var cool = lines.Single(l => l.StartsWith("│ Cool", StringComparison.Ordinal));
        Assert.Contains("600.00 USD", cool, StringComparison.Ordinal); // Cool's cost of the old data and its saving, whole on one row
        Assert.Contains("504.00 USD", cool, StringComparison.Ordinal);
        Assert.Contains("recommended", cool, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Why: about 60,000 GB of checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_names_the_tier_the_saving_and_the_price_source()
    {
        var (code, json, _) = await Run(new() { Checkpoints = ExportFlag, Json = true });

        Assert.Equal(0, code);
        var item = JsonDocument.Parse(json).RootElement.EnumerateArray().Single();
        Assert.Equal("fabrikamckpt", item.GetProperty("name").GetString());
        Assert.Equal("cool", item.GetProperty("recommendedTier").GetString());
        Assert.Equal(60_000m, item.GetProperty("hotGbOlderThanAge").GetDecimal());
        Assert.Equal(504.00m, item.GetProperty("monthlySavings").GetDecimal()); // 60,000 GB × (0.0184 − 0.01)
        Assert.Contains("azure.microsoft.com/pricing", item.GetProperty("priceSource").GetString(), StringComparison.Ordinal);
        GoldenFile.Verify(json, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.json"));
    }

    [Fact]
    public async Task The_csv_has_one_row_per_checkpoint_account()
    {
        var (code, csv, _) = await Run(new() { Checkpoints = ExportFlag, Format = "csv" });

        Assert.Equal(0, code);
        GoldenFile.Verify(csv, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.csv"));
    }

    [Fact]
    public async Task Checkpoints_and_telemetry_together_are_an_error()
    {
        var (code, _, console) = await Run(new() { Checkpoints = ExportFlag, Telemetry = Export });

        Assert.Equal(2, code);
        Assert.Contains("error: give exactly one of", console, StringComparison.Ordinal);
    }
}
