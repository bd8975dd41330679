using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 4: <c>--format</c> on <c>ingest</c> (table|json|csv; the input format moved to <c>--input-format</c>, the old
/// values still accepted on <c>--format</c>) and on <c>estimate</c> (table|json|markdown, <c>--json</c>/<c>--markdown</c> aliases).
/// </summary>
public sealed class FormatOptionTests
{
    private static string M(params string[] parts) => TestData.Sample(["month", .. parts]);
    private static string Export => M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv");

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliProcess.RunAsync(null, args);

    [Fact]
    public async Task Ingest_format_csv_is_the_json_documents_daily_groups_one_row_each()
    {
        var csv = await Run("ingest", Export, "--config", M("guardrails.yaml"), "--format", "csv");
        var json = await Run("ingest", Export, "--config", M("guardrails.yaml"), "--json");
        Assert.True(csv.Code == 0, csv.Err);
        var lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["day", "team", "project"], header[..3]);
        Assert.Equal(["category", "currency", "billedCost", "effectiveCost", "listCost", "gpuHours"], header[^6..]);

        var groups = JsonNode.Parse(json.Out)!["groups"]!.AsArray();
        Assert.Equal(groups.Count, lines.Length - 1);
        var effective = Array.IndexOf(header, "effectiveCost");
        // The sample's allocation values carry no commas: a plain split finds the columns.
        Assert.Equal(groups.Sum(g => (decimal)g!["effectiveCost"]!), lines.Skip(1).Sum(l => decimal.Parse(l.Split(',')[effective], CultureInfo.InvariantCulture)));
        Assert.Equal((string)groups[0]!["day"]!, lines[1].Split(',')[0]);
    }

    [Fact]
    public async Task Ingest_input_format_names_the_export_format_and_the_old_format_values_still_do()
    {
        var moved = await Run("ingest", Export, "--config", M("guardrails.yaml"), "--input-format", "focus", "--json");
        var old = await Run("ingest", Export, "--config", M("guardrails.yaml"), "--format", "focus", "--json");
        Assert.True(moved.Code == 0, moved.Err);
        Assert.Equal(moved.Out, old.Out);
        Assert.Equal("focus", (string)JsonNode.Parse(moved.Out)!["format"]!);

        // Forcing a legacy format onto a FOCUS file fails the same way through either option: the value reaches the reader.
        var movedEa = await Run("ingest", Export, "--input-format", "azure-ea", "--json");
        var oldEa = await Run("ingest", Export, "--format", "azure-ea", "--json");
        Assert.Equal(1, movedEa.Code);
        Assert.StartsWith("error: ", movedEa.Err, StringComparison.Ordinal);
        Assert.Equal((movedEa.Code, movedEa.Err), (oldEa.Code, oldEa.Err));
    }

    [Theory]
    [InlineData("--format focus --input-format azure-ea", "error: --format focus and --input-format azure-ea contradict each other")]
    [InlineData("--input-format xml", "error: --input-format 'xml' is not one of auto, focus, azure-ea, azure-mca")]
    [InlineData("--format csv --json", "error: --format csv and --json contradict each other")]
    [InlineData("--format xml", "error: --format 'xml' is not one of table, json, csv (output) or auto, focus, azure-ea, azure-mca")]
    public async Task Ingest_format_options_that_cannot_hold_together_are_usage_errors(string options, string expected)
    {
        var (code, output, err) = await Run(["ingest", Export, .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, err, StringComparison.Ordinal);
    }

    private static readonly string[] Pr = ["estimate", "--base", M("pr", "base"), "--head", M("pr", "head"), "--config", M("guardrails.yaml"), "--at", "2026-11-16T00:00:00Z"]; // a fixed time: the comment carries it

    [Fact]
    public async Task Estimate_format_json_and_markdown_are_the_json_and_markdown_aliases()
    {
        var json = await Run([.. Pr, "--json"]);
        var formatJson = await Run([.. Pr, "--format", "json"]);
        Assert.True(json.Code == 0, json.Err);
        Assert.Equal(json.Out, formatJson.Out);
        Assert.NotNull(JsonNode.Parse(formatJson.Out)!["diffMonthlyCost"]);

        var markdown = await Run([.. Pr, "--markdown"]);
        var formatMarkdown = await Run([.. Pr, "--format", "markdown"]);
        Assert.Equal(markdown.Out, formatMarkdown.Out);
        Assert.Contains("|", formatMarkdown.Out, StringComparison.Ordinal);
        Assert.NotEqual(formatJson.Out, formatMarkdown.Out);

        var table = await Run([.. Pr, "--format", "table"]);
        Assert.True(table.Code == 0, table.Err);
        Assert.Contains("Monthly:", table.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format markdown --json", "error: --format markdown and --json contradict each other")]
    [InlineData("--format json --markdown", "error: --format json and --markdown contradict each other")]
    [InlineData("--json --markdown", "error: choose one of --json and --markdown")]
    [InlineData("--format csv", "error: --format: expected table, json or markdown, got 'csv'")]
    public async Task Estimate_format_contradicting_an_alias_is_a_usage_error(string options, string expected)
    {
        var (code, output, err) = await Run([.. Pr, .. options.Split(' ')]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, err, StringComparison.Ordinal);
    }
}
