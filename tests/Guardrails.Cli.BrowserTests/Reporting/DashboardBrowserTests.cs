using System.Text.Json;
using Azure.Data.Tables;
using Guardrails.Cli.Reporting;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Core.Tests.Reporting;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>A fact that runs only where Debian's Chromium is installed (`apt-get install -y chromium`).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
            Skip = $"{ChromiumPath} is absent: install Debian's Chromium (apt-get install -y chromium) to run the browser test.";
    }
}

/// <summary>
/// Loads the dashboard served by the local Kestrel host on 127.0.0.1 in headless Chromium (Playwright .NET, its
/// bundled driver, the system browser) and checks the charts and their totals, then saves a screenshot.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output, AzuriteFixture azurite)
{
    [ChromiumFact]
    public async Task Dashboard_renders_its_charts_with_the_right_totals_in_chromium()
    {
        var data = ReportTestData.DataSet(ReportTestData.Budgets(), ReportTestData.Actions(), ReportTestData.PullRequests());
        await using var host = await DashboardHost.StartAsync(new DashboardEndpoints(new Fixed(data)));

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var external = DashboardBrowser.TrackExternalRequests(page, host.Address);

        var response = await page.GotoAsync(host.PageUri + "?month=2026-11");
        Assert.Equal(200, response!.Status);
        Assert.Equal("Guardrails — AI training cost dashboard", await page.TitleAsync());

        // Expected figures, summed straight from the synthetic export rows (not from the report code).
        var rows = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).ToList();
        var total = rows.Sum(r => r.Effective) + 300m; // + the declared fixed licence
        var gpu = rows.Where(r => r.GpuHours > 0).Sum(r => r.Effective);
        var idle = 98.32m * 7.5m + 4.0419m * 6;

        Assert.Equal(Money.WithSymbol(total, "USD"), await page.GetByTestId("total-cost").InnerTextAsync());
        Assert.Equal(Money.WithSymbol(gpu, "USD"), await page.GetByTestId("gpu-cost").InnerTextAsync());
        Assert.Equal(Money.WithSymbol(idle, "USD"), await page.GetByTestId("idle-total").InnerTextAsync());
        foreach (var dim in new[] { "team", "project", "model" })
        {
            Assert.Equal(Money.WithSymbol(total, "USD"), await page.GetByTestId($"spend-{dim}-total").InnerTextAsync());
            var chart = page.Locator($"svg#chart-spend-{dim}");
            Assert.True(await chart.IsVisibleAsync(), $"spend-{dim} chart not visible");
            // Every bar is drawn with a real size, and the bars' tooltips add up to the total.
            var bars = chart.Locator("rect");
            Assert.True(await bars.CountAsync() >= 30, $"spend-{dim}: only {await bars.CountAsync()} bars");
            var box = await bars.First.BoundingBoxAsync();
            Assert.True(box is { Height: > 0, Width: > 0 });
            var titles = await chart.Locator("rect > title").AllTextContentsAsync();
            var sum = titles.Sum(t => decimal.Parse(t[(t.LastIndexOf('$') + 1)..].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(sum - total, -0.01m * titles.Count, 0.01m * titles.Count); // each tooltip is rounded to the cent
        }

        // Burn-down with its forecast band and breach date, the GPU waste bars, top resources, PR deltas.
        Assert.True(await page.Locator("svg#chart-budget-0 polygon").IsVisibleAsync());
        Assert.Contains("breach forecast 2026-11-27", await page.Locator("#budgets").InnerTextAsync());
        Assert.Equal(2, await page.Locator("svg#chart-gpu > rect:not([stroke])").CountAsync());
        Assert.Contains("vm-h100-a", await page.Locator("svg#chart-top-resources").TextContentAsync());
        Assert.Contains("+$71,773.60/month", await page.Locator("svg#chart-pull-requests").TextContentAsync());
        Assert.Contains("difference = 0.00", await page.GetByTestId("reconciliation").InnerTextAsync());
        Assert.Contains("acted", await page.Locator("#actions").InnerTextAsync());

        // The JSON behind a chart, through the browser: same total as the page.
        var api = await page.GotoAsync(host.Address + "api/dashboard/spend?by=model&month=2026-11");
        using var json = JsonDocument.Parse(await api!.TextAsync());
        Assert.Equal(Money.Cents(total), json.RootElement.GetProperty("total").GetDecimal());

        await page.GotoAsync(host.PageUri + "?month=2026-11");
        var shot = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshot.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
        output.WriteLine("Screenshot: " + shot);
        Assert.Empty(external); // works offline: no request leaves the local host
    }

    [ChromiumFact]
    public async Task Action_log_and_pr_check_panels_render_the_stored_rows_with_their_figures()
    {
        // The idle audit table and the PR checks table on Azurite, read by the same loader the Function App and serve use.
        var audit = new TableActionAuditLog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("audit")));
        var checks = new TablePullRequestCheckLog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prchecks")));
        const string Rg = "/subscriptions/s/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/";
        await audit.AppendAsync(new ActionAuditEntry
        {
            Id = "r1-acted",
            Time = new DateTimeOffset(2026, 11, 5, 14, 0, 0, TimeSpan.Zero),
            ResourceId = Rg + "vm-h100-a",
            Action = "deallocate",
            Outcome = ActionOutcomeStatus.Acted,
            Origin = ActionOrigin.IdlePolicy,
            Reasons = ["deallocation started", "8/8 GPUs idle for 60 min"],
            HourlyCostSaved = 98.32m,
            Currency = "USD",
        });
        await audit.AppendAsync(new ActionAuditEntry
        {
            Id = "r2-dryrun",
            Time = new DateTimeOffset(2026, 11, 13, 9, 30, 0, TimeSpan.Zero),
            ResourceId = Rg + "vm-a100-1",
            Action = "deallocate",
            Outcome = ActionOutcomeStatus.DryRun,
            Origin = ActionOrigin.IdlePolicy,
            Reasons = ["dry-run: would deallocate"],
            HourlyCostSaved = 4.0419m,
            Currency = "USD",
            DryRun = true,
        });
        await audit.AppendAsync(new ActionAuditEntry
        {
            Id = "r3-old",
            Time = new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero),
            ResourceId = Rg + "vm-october",
            Action = "deallocate",
            Outcome = ActionOutcomeStatus.Acted,
            Origin = ActionOrigin.IdlePolicy,
            HourlyCostSaved = 1m,
            Currency = "USD",
        });
        await checks.RecordAsync(new PullRequestCheckSummary
        {
            Repository = "contoso/ml-infra",
            Number = 42,
            Title = "Add ND H100 pool",
            HeadSha = "aaa",
            CheckedAt = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            MonthlyCostBefore = 2950.56m,
            MonthlyCostAfter = 74724.16m,
            Gate = "approved",
            ApprovedBy = "budget-owner",
            ApprovedAt = new DateTimeOffset(2026, 11, 10, 11, 0, 0, TimeSpan.Zero),
        });
        await checks.RecordAsync(new PullRequestCheckSummary
        {
            Repository = "contoso/ml-infra",
            Number = 45,
            Title = "Use spot for eval nodes",
            HeadSha = "bbb",
            CheckedAt = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero),
            Currency = "USD",
            MonthlyCostBefore = 1200m,
            MonthlyCostAfter = 480m,
            Gate = "pass",
        });
        var data = ReportTestData.DataSet();
        var ledger = new LedgerSnapshot(data.Facts, data.Resources);
        await using var host = await DashboardHost.StartAsync(new DashboardEndpoints(new ReportDataLoader(ledger, ledger, actions: audit, pullRequests: checks)));

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        Assert.Equal(200, (await page.GotoAsync(host.PageUri + "?month=2026-11"))!.Status);

        async Task<List<string[]>> Rows(string section)
        {
            var rows = new List<string[]>();
            var trs = page.Locator($"#{section} tbody tr");
            for (var i = 0; i < await trs.CountAsync(); i++)
                rows.Add([.. await trs.Nth(i).Locator("td").AllInnerTextsAsync()]);
            return rows;
        }

        // Newest first; October's entry is outside the month.
        var actions = await Rows("actions");
        Assert.Equal(2, actions.Count);
        Assert.Equal(["2026-11-13 09:30", "deallocate (dry-run)", "dry-run", "vm-a100-1", "dry-run: would deallocate", "$4.04/h"], actions[0]);
        Assert.Equal(["2026-11-05 14:00", "deallocate", "acted", "vm-h100-a", "deallocation started; 8/8 GPUs idle for 60 min", "$98.32/h"], actions[1]);

        var prs = await Rows("pull-requests");
        Assert.Equal(2, prs.Count);
        Assert.Equal(["contoso/ml-infra#45", "Use spot for eval nodes", "2026-11-16 08:00", "$1,200.00", "$480.00", "-$720.00", "pass"], prs[0]);
        Assert.Equal(["contoso/ml-infra#42", "Add ND H100 pool", "2026-11-10 12:00", "$2,950.56", "$74,724.16", "+$71,773.60", "approved by @budget-owner"], prs[1]);
        var deltas = page.Locator("svg#chart-pull-requests");
        Assert.True(await deltas.IsVisibleAsync());
        Assert.Contains("+$71,773.60/month", await deltas.TextContentAsync());

        var shot = Path.Combine(AppContext.BaseDirectory, "dashboard-logs-screenshot.png");
        await page.Locator("#actions").ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
        output.WriteLine("Screenshot: " + shot);
    }

    private sealed class Fixed(ReportDataSet data) : IReportDataProvider
    {
        public Task<ReportDataSet> LoadAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
            Task.FromResult(data with { From = from, ToInclusive = toInclusive });
    }
}
