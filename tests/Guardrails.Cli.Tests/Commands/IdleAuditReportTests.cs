using Azure.Data.Tables;
using Guardrails.Cli.Commands;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// The demo's path: `guardrails idle --store` audits its dry-run decisions in Table Storage (Azurite), and `guardrails
/// report --html --input … --store … --log-month` shows them in the action log beside the export's costs.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdleAuditReportTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly string s_config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
    private static readonly string s_sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "guardrails-idle-audit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Idle_store_audits_the_dry_run_decisions_and_the_html_report_shows_them()
    {
        var table = AzuriteFixture.UniqueName("audit");
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["idle", "--config", s_config, "--telemetry", TestData.Sample("telemetry", "demo"),
            "--store", azurite.ConnectionString, "--audit-table", table]));

        // Every decision is audited at the newest recorded sample (nvidia-smi 2026/07/14 22:00:00.353), all dry-run.
        var log = new TableActionAuditLog(new TableClient(azurite.ConnectionString, table));
        var entries = await log.GetActionsAsync(new DateOnly(2026, 7, 14), new DateOnly(2026, 7, 14));
        Assert.Equal(7, entries.Count);
        Assert.All(entries, e => Assert.Equal(new DateTimeOffset(2026, 7, 14, 22, 0, 0, 353, TimeSpan.Zero), e.Time));
        Assert.All(entries, e => Assert.True(e.DryRun));
        var byVm = entries.ToDictionary(e => e.ResourceName!);
        Assert.Equal(("deallocate", "dry-run", 98.32m, "USD"), (byVm["train-h100-01"].Action, byVm["train-h100-01"].Outcome, byVm["train-h100-01"].SavingsPerHour, byVm["train-h100-01"].Currency));
        Assert.StartsWith("dry-run: would deallocate", byVm["train-h100-01"].Reason, StringComparison.Ordinal);
        Assert.Equal(("mark", "dry-run"), (byVm["dev-a100-01"].Action, byVm["dev-a100-01"].Outcome));
        Assert.Null(byVm["dev-a100-01"].SavingsPerHour); // only a deallocation saves
        Assert.Equal(("notify", "dry-run"), (byVm["notebook-t4-01"].Action, byVm["notebook-t4-01"].Outcome));
        Assert.Equal(["dev-a100-02", "dev-t4-01", "train-h100-02", "train-h100-03"],
            entries.Where(e => e.Outcome == "skipped").Select(e => e.ResourceName!).Order(StringComparer.Ordinal));
        Assert.Equal("exempt: tag guardrails:exempt=true", byVm["dev-t4-01"].Reason);

        // Re-running writes the same entries (deterministic ids), not duplicates.
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["idle", "--config", s_config, "--telemetry", TestData.Sample("telemetry", "demo"),
            "--store", azurite.ConnectionString, "--audit-table", table, "--json"]));
        Assert.Equal(7, (await log.GetActionsAsync(new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 31))).Count);

        // The report reads the Function App's default audit table: write the same run there, then render.
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["idle", "--config", s_config, "--telemetry", TestData.Sample("telemetry", "demo"),
            "--store", azurite.ConnectionString, "--json"]));
        var html = Path.Combine(_dir, "report.html");
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["report", "--html", html, "--input", s_sample, "--config", s_config,
            "--store", azurite.ConnectionString, "--log-month", "2026-07"]));
        var page = await File.ReadAllTextAsync(html);
        var actions = page[page.IndexOf("<section id=\"actions\">", StringComparison.Ordinal)..page.IndexOf("<section id=\"pull-requests\">", StringComparison.Ordinal)];
        Assert.Contains("Entries from 2026-07-01 to 2026-07-31 (not the cost period).", actions, StringComparison.Ordinal);
        Assert.Contains("<td>train-h100-01</td>", actions, StringComparison.Ordinal);
        Assert.Contains("$98.32/h", actions, StringComparison.Ordinal);
        Assert.Contains("deallocate (dry-run)", actions, StringComparison.Ordinal);
        Assert.Equal(7, CountOf(actions, "2026-07-14 22:00"));
        Assert.Contains("No pull-request checks recorded in this period.", page, StringComparison.Ordinal);
        Assert.Contains("2024-09-01 to 2024-09-30", page, StringComparison.Ordinal); // costs stay the export's month
    }

    [Fact]
    public async Task Idle_store_writes_the_recordings_rollups_and_idle_cost_through_the_Function_Apps_stage()
    {
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["idle", "--config", s_config, "--telemetry", TestData.Sample("telemetry", "demo"),
            "--store", azurite.ConnectionString, "--audit-table", AzuriteFixture.UniqueName("audit"), "--json"]));

        var day = new DateOnly(2026, 7, 14);
        var from = new DateTimeOffset(2026, 7, 14, 0, 0, 0, TimeSpan.Zero);
        var rollups = new TableRollupStore(new TableClient(azurite.ConnectionString, "guardrailsgpurollups"));
        var idleCost = new TableIdleCostStore(new TableClient(azurite.ConnectionString, "guardrailsidlecost"));
        var facts = await idleCost.GetFactsAsync(new LedgerQuery(day, day) { Allocation = new Dictionary<string, string> { ["team"] = "vision" } });

        // Independently: the vision H100 machines' idle GPU-minutes as rolled up, at 98.32 USD/h for 8 GPUs.
        var visionHours = 0m;
        foreach (var host in new[] { "train-h100-01", "train-h100-02", "train-h100-03" })
            visionHours += (await rollups.GetAsync(host, from, from.AddDays(1))).Sum(r => r.IdleMinutes) / 60m;
        Assert.True(visionHours > 0);
        var vision = Assert.Single(facts);
        Assert.Equal(CostCategory.IdleGpu, vision.Category);
        Assert.Equal("USD", vision.Currency);
        Assert.Equal(Math.Round(visionHours, 2), Math.Round(vision.GpuHours, 2));
        Assert.Equal(Math.Round(visionHours * 98.32m / 8m, 2), Math.Round(vision.EffectiveCost, 2));

        // The exempt T4 is still idle capacity (idle cost is a view of spend, not an action), and running twice is idempotent.
        var all = await idleCost.GetFactsAsync(new LedgerQuery(day, day));
        Assert.Equal(["research", "speech", "vision"], all.Select(f => f.Allocation["team"]!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, await GuardrailsApp.Create().RunAsync(["idle", "--config", s_config, "--telemetry", TestData.Sample("telemetry", "demo"),
            "--store", azurite.ConnectionString, "--audit-table", AzuriteFixture.UniqueName("audit"), "--json"]));
        Assert.Equal(all.Sum(f => f.EffectiveCost), (await idleCost.GetFactsAsync(new LedgerQuery(day, day))).Sum(f => f.EffectiveCost));
    }

    [Fact]
    public async Task Log_month_without_a_store_is_refused()
    {
        var e = await Assert.ThrowsAsync<Spectre.Console.Cli.CommandRuntimeException>(() =>
            GuardrailsApp.Create().RunAsync(["report", "--html", Path.Combine(_dir, "r.html"), "--input", s_sample, "--log-month", "2026-07"]));
        Assert.Contains("--log-month needs --store", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "r.html")));
    }

    private static int CountOf(string text, string value)
    {
        var n = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
