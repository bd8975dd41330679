using System.Globalization;
using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Testing;
using nietras.SeparatedValues;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>`guardrails report ...` run in process on the bundled FOCUS sample through the real ledger ingest.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private static readonly string s_sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
    private static readonly string s_config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "guardrails-report-" + Guid.NewGuid().ToString("N"));

    public ReportCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<int> Run(params string[] args)
    {
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            c.AddReportCommands();
        });
        return app.RunAsync(args);
    }

    /// <summary>EffectiveCost of the sample summed straight from the CSV (independently of the ledger).</summary>
    private static decimal SampleEffectiveTotal()
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(s_sample);
        decimal sum = 0;
        foreach (var row in reader) sum += decimal.Parse(row["EffectiveCost"].Span, NumberStyles.Float, CultureInfo.InvariantCulture);
        return sum;
    }

    [Fact]
    public async Task Chargeback_csv_of_the_sample_matches_golden()
    {
        var output = Path.Combine(_dir, "chargeback.csv");
        Assert.Equal(0, await Run("report", "chargeback", "--input", s_sample, "--config", s_config, "--month", "2024-09", "--csv", "--out", output));
        GoldenFile.Verify(await File.ReadAllTextAsync(output), Path.Combine("Commands", "testdata", "chargeback-focus-sample-2024-09.csv"));
    }

    [Fact]
    public async Task Chargeback_json_reconciles_to_the_sample_total_to_the_cent()
    {
        var output = Path.Combine(_dir, "chargeback.json");
        Assert.Equal(0, await Run("report", "chargeback", "--input", s_sample, "--config", s_config, "--month", "2024-09", "--json", "--out", output));
        var json = JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement;
        Assert.True(json.GetProperty("reconciled").GetBoolean());
        var rec = json.GetProperty("reconciliation")[0];
        Assert.Equal(0m, rec.GetProperty("difference").GetDecimal());
        var total = Math.Round(SampleEffectiveTotal(), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(total, rec.GetProperty("exportTotal").GetDecimal());
        Assert.Equal(total, rec.GetProperty("rowsTotal").GetDecimal());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(total + rec.GetProperty("fixedTotal").GetDecimal(), rows.Sum(r => r.GetProperty("total").GetDecimal()));
    }

    [Fact]
    public async Task Html_report_is_one_self_contained_file_with_the_charts()
    {
        var output = Path.Combine(_dir, "out", "report.html");
        Assert.Equal(0, await Run("report", "--html", output, "--input", s_sample, "--config", s_config));
        var html = await File.ReadAllTextAsync(output);
        Assert.Contains("<svg id=\"chart-spend-team\"", html);
        Assert.Contains("<svg id=\"chart-spend-project\"", html);
        Assert.Contains("2024-09-01 to 2024-09-30", html); // the month of the latest cost in the input
        Assert.Contains("difference = 0.00", html);
        // One inline script (table sort, filter, CSV download; hashed in the page's CSP) and nothing loaded from elsewhere.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public async Task Models_csv_and_bad_input_errors()
    {
        var output = Path.Combine(_dir, "models.csv");
        Assert.Equal(0, await Run("report", "models", "--input", s_sample, "--config", s_config, "--csv", "--out", output));
        Assert.StartsWith("period,model,currency,cost,gpu_cost,gpu_hours", await File.ReadAllTextAsync(output));

        Assert.Equal(2, await Run("report", "chargeback", "--input", Path.Combine(_dir, "missing.csv"), "--csv"));
        Assert.Equal(2, await Run("report", "chargeback", "--input", s_sample, "--config", s_config, "--month", "2024-13", "--csv", "--out", output));
    }
}
