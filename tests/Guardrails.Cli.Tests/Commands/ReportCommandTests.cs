using System.Globalization;
using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Rightsize;
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
    public async Task Html_report_with_recorded_telemetry_shows_the_right_sizing_that_rightsize_computes()
    {
        string M(params string[] parts) => TestData.Sample(["month", .. parts]);
        // The sample month's configuration right-sizes at its recordings' 30-minute interval (rightsizing.sampleInterval).
        var config = M("guardrails.yaml");
        var panel = await RightSizingPanel(config, M("export"), M("telemetry"), M("inventory.yaml"));

        // The same verdicts as `guardrails rightsize --telemetry` over the same recordings and configuration. (The sample
        // month's VMs are busy, or too thinly recorded, or nothing cheaper fits: none gets a recommendation.)
        var (verdicts, _, _) = await RightsizeCommand.RecommendFromRecordingsAsync(Guardrails.Cli.Hosting.CliConfig.LoadOrDefault(config), M("telemetry"),
            M("inventory.yaml"), null, null, CancellationToken.None);
        Assert.Contains($"{verdicts.Count} GPU VMs evaluated", panel);
        Assert.Contains($"; {verdicts.Count(v => !v.IsRecommended)} without a recommendation", panel);
        var made = verdicts.Count(v => v.IsRecommended);
        Assert.Equal(made > 0, panel.Contains("id=\"table-rightsizing\"", StringComparison.Ordinal));
        if (made > 0)
            Assert.Equal(Math.Min(made, 10), System.Text.RegularExpressions.Regex.Matches(panel[panel.IndexOf("id=\"table-rightsizing\"", StringComparison.Ordinal)..], "<tr><td>").Count);
    }

    [Fact]
    public async Task Html_report_with_a_quiet_a100_recording_lists_it_as_an_opportunity_with_its_saving()
    {
        var telemetry = Directory.CreateDirectory(Path.Combine(_dir, "telemetry")).FullName;
        var csv = new System.Text.StringBuilder("timestamp, name, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB], power.draw [W]\n");
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 14 * 48; i++)
        {
            var busy = i % 12 == 0; // one reading in 12 busy: ~8 %
            csv.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(30 * i):yyyy/MM/dd HH:mm:ss}.010, NVIDIA A100 80GB PCIe, 0, {(busy ? 90 : 0)} %, {(busy ? 6144 : 1024)} MiB, 81920 MiB, 80.00 W\n");
        }
        await File.WriteAllTextAsync(Path.Combine(telemetry, "dev-a100.nvidia-smi.csv"), csv.ToString());
        await File.WriteAllTextAsync(Path.Combine(telemetry, "inventory.yaml"), """
            machines:
              - resourceId: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/dev-a100
                vmSize: Standard_NC24ads_A100_v4
                location: eastus
                tags: { team: speech }
            """);
        var config = Path.Combine(_dir, "guardrails.yaml");
        await File.WriteAllTextAsync(config, await File.ReadAllTextAsync(s_config) + "\nrightsizing:\n  sampleInterval: 30m\n");

        var panel = await RightSizingPanel(config, s_sample, telemetry, null);

        var saving = Guardrails.Core.Common.Money.WithSymbol((3.673m - 0.526m) * 730m, "USD"); // the snapshot's East US on-demand prices
        Assert.Contains($"data-testid=\"rightsizing-total-USD\">{saving}</b>", panel);
        Assert.Contains($"<tr><td>dev-a100</td><td>speech</td><td>Standard_NC24ads_A100_v4</td><td>Standard_NC4as_T4_v3</td><td>smaller-gpu</td><td data-v=\"2297.31\" class=\"n\">{saving}</td><td>USD</td>", panel);
        Assert.Contains("1 GPU VMs evaluated", panel);
    }

    private async Task<string> RightSizingPanel(string config, string input, string telemetry, string? inventory)
    {
        var output = Path.Combine(_dir, "report.html");
        string[] args = ["report", "--html", output, "--input", input, "--config", config, "--telemetry", telemetry];
        Assert.Equal(0, await Run(inventory is null ? args : [.. args, "--inventory", inventory]));
        var html = await File.ReadAllTextAsync(output);
        var start = html.IndexOf("<section id=\"rightsizing\">", StringComparison.Ordinal);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
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
