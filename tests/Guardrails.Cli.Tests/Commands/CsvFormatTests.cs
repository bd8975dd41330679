using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Hosting;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 4, <c>--format csv|json|table</c>: RFC 4180 CSV with money as invariant decimals and a currency column.
/// Golden files under testdata/csv; checked by the one GoldenFile helper (CRLF line ends are checked apart).
/// </summary>
public sealed class CsvFormatTests
{
    private static string M(params string[] parts) => TestData.Sample(["month", .. parts]);

    private static void AssertGolden(string name, string actual) => GoldenFile.Verify(actual, Path.Combine("testdata", "csv", name));

    [Fact]
    public async Task Budgets_csv_of_the_sample_month_matches_the_golden_file()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", M("guardrails.yaml"),
            "--input", M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv"), "--format", "csv");
        Assert.True(code == 0, err);
        Assert.Equal("", err);
        AssertGolden("budgets-sample-month.csv", output);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length); // header + three budgets
        Assert.DoesNotContain(lines.Skip(1), l => l.Contains('$') || l.Contains(" USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Format_json_is_the_json_and_a_bad_format_is_a_usage_error()
    {
        string[] args = ["budgets", "--config", M("guardrails.yaml"), "--input", M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv")];
        var json = await CliProcess.RunAsync(null, [.. args, "--json"]);
        var format = await CliProcess.RunAsync(null, [.. args, "--format", "json"]);
        Assert.Equal(json.Out, format.Out);
        Assert.StartsWith("[", format.Out, StringComparison.Ordinal);
        var bad = await CliProcess.RunAsync(null, [.. args, "--format", "xml"]);
        Assert.Equal(2, bad.Code);
        Assert.StartsWith("error: --format: expected csv, json or table, got 'xml'", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Costs_csv_never_writes_a_team_name_from_tags_as_a_spreadsheet_formula()
    {
        var report = new CostsReport("2026-11", [new CurrencyTotal("USD", 10m, 10m)],
        [
            new CostsRow([new("team", "=HYPERLINK(\"https://e.vil\",\"invoice\")"), new("project", "@SUM(A1)")], "USD", 7m, 7m),
            new CostsRow([new("team", "-vision"), new("project", "+1")], "USD", 3m, 3m),
        ]);
        using var writer = new StringWriter();
        report.WriteCsv(writer);
        Assert.Equal(
            "team,project,currency,billedCost,effectiveCost\r\n" +
            "\"'=HYPERLINK(\"\"https://e.vil\"\",\"\"invoice\"\")\",'@SUM(A1),USD,7,7\r\n" +
            "'-vision,+1,USD,3,3\r\n",
            writer.ToString());
    }

    [Fact]
    public void Costs_csv_quotes_what_needs_quoting_and_never_groups_thousands()
    {
        var report = new CostsReport("2026-11", [new CurrencyTotal("USD", 12345.6789m, 12000m)],
        [
            new CostsRow([new("team", "vision, cv"), new("project", "say \"hi\"")], "USD", 12345.6789m, 12000m),
            new CostsRow([new("team", "speech"), new("project", "multi\nline")], "EUR", -0.5m, 0m),
        ]);
        using var writer = new StringWriter();
        report.WriteCsv(writer);
        Assert.Equal(
            "team,project,currency,billedCost,effectiveCost\r\n" +
            "\"vision, cv\",\"say \"\"hi\"\"\",USD,12345.6789,12000\r\n" +
            "speech,\"multi\nline\",EUR,-0.5,0\r\n",
            writer.ToString());
    }

    [Fact]
    public async Task Rightsize_csv_of_the_sample_month_matches_the_golden_file_one_row_per_vm()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "rightsize", "--config", M("guardrails.yaml"),
            "--telemetry", M("telemetry"), "--inventory", M("inventory.yaml"), "--format", "csv");
        Assert.True(code == 0, err);
        AssertGolden("rightsize-sample-month.csv", output);
        var lines = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var machines = File.ReadAllLines(M("inventory.yaml")).Count(l => l.TrimStart().StartsWith("- resourceId:", StringComparison.Ordinal));
        Assert.Equal(machines + 1, lines.Length);
        Assert.StartsWith("resourceId,name,currentSize,recommendedSize,", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain('│', output);
    }

    [Fact]
    public async Task Idle_csv_of_the_demo_has_every_decision_and_warnings_stay_off_stdout()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "idle", "--config", Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"),
            "--telemetry", TestData.Sample("telemetry", "demo"), "--format", "csv");
        Assert.True(code == 0, err);
        AssertGolden("idle-demo.csv", output);
        var decisions = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[3]).ToHashSet();
        Assert.Superset(new HashSet<string> { "deallocate", "mark", "notify", "skip" }, decisions);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rightsize", "table")]
    [InlineData("rightsize", "csv")]
    [InlineData("idle", "csv")]
    public async Task Format_table_or_csv_with_the_json_alias_is_a_usage_error(string command, string format)
    {
        var (code, output, err) = await CliProcess.RunAsync(null, command, "--telemetry", M("telemetry"), "--format", format, "--json");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"error: --format {format} and --json contradict each other", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_chargeback_format_csv_is_the_csv_alias_and_matches_its_golden_file()
    {
        var sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
        string[] args = ["report", "chargeback", "--input", sample, "--config", Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"), "--month", "2024-09"];
        var format = await CliProcess.RunAsync(null, [.. args, "--format", "csv"]);
        var alias = await CliProcess.RunAsync(null, [.. args, "--csv"]);
        Assert.True(format.Code == 0, format.Err);
        Assert.Equal(alias.Out, format.Out);
        GoldenFile.Verify(format.Out, Path.Combine("Commands", "testdata", "chargeback-focus-sample-2024-09.csv"));
    }

    [Theory]
    [InlineData("--format table --csv", "error: --format table and --csv contradict each other")]
    [InlineData("--format json --csv", "error: --format json and --csv contradict each other")]
    [InlineData("--json --csv", "error: --csv and --json contradict each other")]
    public async Task Report_format_contradicting_an_alias_is_a_usage_error(string options, string expected)
    {
        string[] args = ["report", "chargeback", "--input", M("export", "fabrikam-ml_focus-1.2_2026-11-16.csv"), .. options.Split(' ')];
        var (code, output, err) = await CliProcess.RunAsync(null, args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false, OutputFormat.Table)]
    [InlineData(null, true, OutputFormat.Json)]
    [InlineData("CSV", false, OutputFormat.Csv)]
    [InlineData("json", true, OutputFormat.Json)]
    public void Format_and_the_json_alias_resolve(string? format, bool json, OutputFormat expected) =>
        Assert.Equal(expected, CliOutput.Resolve(format, json));
}
