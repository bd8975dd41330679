using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Samples;
using Guardrails.Core.Common;
using Guardrails.Core.Reporting;
using Guardrails.Core.Tests.Reporting;
using Guardrails.Infrastructure.RightSizing;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Guardrails.Cli.Tests.Reporting;

/// <summary>
/// A FinOps person's work on the dashboard in headless Chromium: it opens on the latest month with costs, the picker
/// changes the figures and every link keeps the month, a header sorts, the box filters, the CSV download holds the
/// model's rows, a team drills to its projects and resources, and nothing scrolls sideways at 390 px.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DashboardWorkflowBrowserTests(ITestOutputHelper output, AzuriteFixture azurite)
{
    /// <summary>Where the screenshots go: $GUARDRAILS_SCREENSHOT_DIR (scripts/dashboard-screenshots.sh sets docs/images), else next to the tests.</summary>
    private static string ScreenshotDir => Environment.GetEnvironmentVariable("GUARDRAILS_SCREENSHOT_DIR") is { Length: > 0 } d ? d : AppContext.BaseDirectory;

    private static readonly FakeTimeProvider s_december = new(new DateTimeOffset(2026, 12, 7, 0, 30, 0, TimeSpan.Zero));

    private static decimal UsdRows(Func<ReportTestData.Row, bool> where) =>
        ReportTestData.ExportRows().Where(r => r.Currency == "USD" && where(r)).Sum(r => r.Effective);

    [ChromiumFact]
    public async Task A_finops_person_picks_months_sorts_filters_downloads_and_drills_to_a_team()
    {
        await using var host = await DashboardHost.StartAsync(new DashboardEndpoints(
            ReportTestData.Provider(ReportTestData.Budgets(), rightSizing: ReportTestData.RightSizing()), s_december));
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, AcceptDownloads = true });
        // The whole suite runs test assemblies side by side on two cores: give each step time, not a verdict on speed.
        page.SetDefaultTimeout(120_000);
        page.SetDefaultNavigationTimeout(120_000);
        var external = DashboardBrowser.TrackExternalRequests(page, host.Address);

        // Opens on November (the latest month with costs), not December (the calendar month).
        Assert.Equal(200, (await page.GotoAsync(host.PageUri.ToString()))!.Status);
        var picker = page.GetByTestId("month-picker").Locator("select");
        Assert.Equal("2026-11", await picker.InputValueAsync());
        Assert.Equal(Money.WithSymbol(UsdRows(r => r.Day.Month == 11) + 300m, "USD"), await page.GetByTestId("total-cost").InnerTextAsync());

        // The picker changes the figures, and every link (page and JSON) keeps the month.
        await picker.SelectOptionAsync("2026-10");
        await NavigatedTo(page, "/api/dashboard?month=2026-10");
        Assert.Equal(Money.WithSymbol(UsdRows(r => r.Day.Month == 10), "USD"), await page.GetByTestId("total-cost").InnerTextAsync());
        var hrefs = await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        Assert.True(hrefs.Length >= 12, $"only {hrefs.Length} links");
        Assert.All(hrefs, h => Assert.Contains("month=2026-10", h));
        await page.Locator("#teams .api a").ClickAsync();
        using (var teamsJson = JsonDocument.Parse(await page.Locator("body").InnerTextAsync()))
            Assert.Equal("2026-10-01", teamsJson.RootElement.GetProperty("from").GetString());

        // The range form: October to November.
        await page.GotoAsync(host.PageUri + "?month=2026-11");
        var range = page.GetByTestId("range-picker");
        await range.Locator("input[name=from]").FillAsync("2026-10");
        await range.Locator("button").ClickAsync();
        await NavigatedTo(page, "from=2026-10&to=2026-11");
        Assert.Equal(Money.WithSymbol(UsdRows(_ => true) + 300m, "USD"), await page.GetByTestId("total-cost").InnerTextAsync());
        Assert.All(await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"), h => Assert.Contains("from=2026-10&to=2026-11", h));

        await page.GotoAsync(host.PageUri + "?month=2026-11");
        var model = DashboardQueries.Build(ReportTestData.DataSet());
        await SortsNumerically(page);
        await ShowsRightSizing(page);
        await FiltersAndDownloads(page, model);
        await DrillsToATeam(page);
        await page.GotoAsync(host.PageUri + "?month=2026-11");
        await DashboardBrowser.ScreenshotAsync(page, 1440, Path.Combine(AppContext.BaseDirectory, "dashboard-test-1440.png"), output);
        await FitsAPhone(page);
        await DashboardBrowser.ScreenshotAsync(page, 390, Path.Combine(AppContext.BaseDirectory, "dashboard-test-390.png"), output);
        Assert.Empty(external); // works offline: the CSV is a Blob in the page, no request leaves the host
    }

    [ChromiumFact]
    public async Task A_saved_report_drills_from_a_team_to_its_projects_and_resources_with_no_network()
    {
        var data = ReportTestData.DataSet(ReportTestData.Budgets());
        var all = DashboardQueries.Build(data);
        var path = Path.Combine(Path.GetTempPath(), $"guardrails-report-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(path, DashboardPage.RenderFile(all, DashboardQueries.TeamViews(data, all)));
        try
        {
            await using var browser = await DashboardBrowser.LaunchAsync();
            var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            page.SetDefaultTimeout(120_000);
            var requests = new List<string>();
            page.Request += (_, r) => { if (!r.Url.StartsWith("file:", StringComparison.Ordinal)) requests.Add(r.Url); };
            var errors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync(new Uri(path).AbsoluteUri);
            Assert.Equal(Money.WithSymbol(UsdRows(r => r.Day.Month == 11) + 300m, "USD"), await page.GetByTestId("total-cost").InnerTextAsync());

            // A team's name opens its embedded view: its projects, resources and budget, and the script works there too.
            await page.Locator("#table-teams a", new() { HasText = "vision" }).ClickAsync();
            await Assertions.Expect(page.GetByTestId("team-view")).ToContainTextAsync("team vision");
            Assert.EndsWith("#team=vision", page.Url, StringComparison.Ordinal);
            Assert.Equal(Money.WithSymbol(UsdRows(r => r.Day.Month == 11 && r.Team == "vision"), "USD"), await page.GetByTestId("spend-project-total").InnerTextAsync());
            Assert.Equal(["vm-h100-a", "vm-h100-spot"], (await page.Locator("#table-resources tbody td:first-child").AllInnerTextsAsync()).Order());
            Assert.Contains("ml-training (team=vision)", await page.Locator("#budgets").InnerTextAsync());
            await page.GetByTestId("filter-resources").FillAsync("spot");
            Assert.Equal(1, await page.Locator("#table-resources tbody tr:not([hidden])").CountAsync());

            // Back to every team, then another team's view by its address alone (a link someone shared).
            await page.GetByTestId("team-view").Locator("a").ClickAsync();
            await Assertions.Expect(page.GetByTestId("team-view")).ToHaveCountAsync(0);
            Assert.Equal(Money.WithSymbol(UsdRows(r => r.Day.Month == 11) + 300m, "USD"), await page.GetByTestId("total-cost").InnerTextAsync());
            await page.GotoAsync(new Uri(path).AbsoluteUri + "#team=nlp");
            await Assertions.Expect(page.GetByTestId("team-view")).ToContainTextAsync("team nlp");
            Assert.Contains("No budget is scoped to team nlp.", await page.Locator("#budgets").InnerTextAsync());
            Assert.Empty(requests);
            Assert.Empty(errors); // a script or style the page's CSP refused would be reported here
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The page is at a URL ending so, and its document is parsed to the footer. It polls the page's URL rather than
    /// calling WaitForURLAsync after the action: that checks the URL and only then listens for the next navigation, so a
    /// navigation committing in between (the picker submits from its change handler, after SelectOptionAsync returned) was
    /// never seen. That race, not the page or the host, was the picker's "does not navigate in one run in three".
    /// </summary>
    private static async Task NavigatedTo(IPage page, string urlEnding)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(urlEnding) + "$"), new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("footer")).ToBeAttachedAsync(new() { Timeout = 120_000 });
    }

    private static async Task<decimal[]> Column(IPage page, string table, int index) =>
        (await page.Locator($"#table-{table} tbody tr:not([hidden]) td:nth-child({index})").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.v)"))
        .Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    private static async Task SortsNumerically(IPage page)
    {
        // GPU-hours: "1,506.0" sorts after "60.0" only by value, never as text.
        var gpuHours = page.Locator("#table-gpu th", new() { HasText = "GPU-hours" }).First;
        await gpuHours.ClickAsync();
        var up = await Column(page, "gpu", 3);
        Assert.True(up.Length >= 2);
        Assert.Equal(up.Order().ToArray(), up);
        Assert.Equal("ascending", await gpuHours.GetAttributeAsync("aria-sort"));
        await gpuHours.ClickAsync();
        Assert.Equal(up.Reverse().ToArray(), await Column(page, "gpu", 3));

        var cost = page.Locator("#table-teams th", new() { HasText = "Cost" }).First;
        await cost.ClickAsync();
        var costs = await Column(page, "teams", 3);
        Assert.Equal(costs.Order().ToArray(), costs);
        Assert.NotEqual(costs, costs.Order(Comparer<decimal>.Create((a, b) => string.CompareOrdinal(a.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture)))).ToArray());
    }

    /// <summary>Savings per team and currency, and the top opportunities (the synthetic verdicts of ReportTestData.RightSizing).</summary>
    private static async Task ShowsRightSizing(IPage page)
    {
        Assert.Equal(Money.WithSymbol(5104.16m + 2297.31m, "USD"), await page.GetByTestId("rightsizing-total-USD").InnerTextAsync());
        Assert.Equal(Money.WithSymbol(1987.5m, "EUR"), await page.GetByTestId("rightsizing-total-EUR").InnerTextAsync());
        Assert.Equal(["vm-h100-pair", "vm-a100-1", "vm-a100-eu"], await page.Locator("#table-rightsizing tbody td:first-child").AllInnerTextsAsync());
        var top = await page.Locator("#table-rightsizing tbody tr").First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["vm-h100-pair", "vision", "Standard_NC80adis_H100_v5", "Standard_NC40ads_H100_v5", "fewer-gpus", "$5,104.16", "USD", "high"], top.Take(8));
        Assert.Equal(3, await page.Locator("#table-rightsizing-teams tbody tr").CountAsync());
    }

    private static async Task FiltersAndDownloads(IPage page, DashboardModel model)
    {
        // The whole table as CSV: one line per team and currency, exact values, the model's totals per currency.
        var rows = await DownloadCsv(page, "teams");
        Assert.Equal(["Team", "Currency", "Cost", "GPU compute", "Idle waste", "Idle share", "kgCO2e", "Not estimated (GPU-h)"], rows[0]);
        Assert.Equal(model.Teams.Count, rows.Count - 1);
        foreach (var currency in model.Teams.Select(t => t.Currency).Distinct())
            Assert.Equal(model.Teams.Where(t => t.Currency == currency).Sum(t => t.Cost),
                rows.Skip(1).Where(r => r[1] == currency).Sum(r => decimal.Parse(r[2], CultureInfo.InvariantCulture)));
        Assert.Equal(UsdRows(r => r.Day.Month == 11) + 300m, rows.Skip(1).Where(r => r[1] == "USD").Sum(r => decimal.Parse(r[2], CultureInfo.InvariantCulture)));

        // Filtered: only the rows shown are downloaded.
        await page.GetByTestId("filter-teams").FillAsync("vision");
        Assert.Equal(1, await page.Locator("#table-teams tbody tr:not([hidden])").CountAsync());
        var vision = await DownloadCsv(page, "teams");
        Assert.Equal(2, vision.Count);
        Assert.Equal(model.Teams.Single(t => t.Team == "vision").Cost, decimal.Parse(vision[1][2], CultureInfo.InvariantCulture));
        await page.GetByTestId("filter-teams").FillAsync("");
        Assert.Equal(model.Teams.Count, await page.Locator("#table-teams tbody tr:not([hidden])").CountAsync());

        // A team name (from tags) that a spreadsheet would run as a formula is downloaded as text, as CsvField writes it.
        await page.Locator("#table-teams tbody tr").First.Locator("td").First.EvaluateAsync("td => { td.textContent = '=1+2'; delete td.dataset.v; }");
        Assert.Equal("'=1+2", (await DownloadCsv(page, "teams"))[1][0]);
        await page.ReloadAsync();
    }

    private static async Task<List<string[]>> DownloadCsv(IPage page, string table)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("csv-" + table).ClickAsync());
        Assert.Equal($"{table}_2026-11-01_2026-11-30.csv", download.SuggestedFilename);
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path!);
        Assert.EndsWith("\r\n", text);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    private static async Task DrillsToATeam(IPage page)
    {
        await page.Locator("#table-teams a", new() { HasText = "vision" }).ClickAsync();
        await NavigatedTo(page, "month=2026-11&team=vision");
        Assert.Contains("team vision", await page.GetByTestId("team-view").InnerTextAsync());
        var vision = UsdRows(r => r.Day.Month == 11 && r.Team == "vision");
        Assert.Equal(Money.WithSymbol(vision, "USD"), await page.GetByTestId("spend-project-total").InnerTextAsync());
        Assert.Equal(["detect"], await page.Locator("#spend-project .legend li").EvaluateAllAsync<string[]>("items => items.map(li => li.firstChild.nextSibling.textContent.trim())"));
        var resources = await page.Locator("#table-resources tbody td:first-child").AllInnerTextsAsync();
        Assert.Equal(["vm-h100-a", "vm-h100-spot"], resources.Order());
        Assert.Contains("ml-training (team=vision)", await page.Locator("#budgets").InnerTextAsync());
        Assert.Equal(["vm-h100-pair"], await page.Locator("#table-rightsizing tbody td:first-child").AllInnerTextsAsync());
        Assert.All(await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)"),
            h => Assert.Contains("month=2026-11", h));
    }

    private static async Task FitsAPhone(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= width, $"the page scrolls sideways at 390 px: {scroll} > {width}");
        // Wide tables scroll inside their own box instead.
        Assert.True(await page.EvaluateAsync<bool>("[...document.querySelectorAll('.scroll')].some(s => s.scrollWidth > s.clientWidth)"));
    }

    /// <summary>
    /// The screenshots in docs/images: the generated sample month (samples/month) ingested into Azurite with its idle
    /// cost and audit, served by the local host, at 1440 and 390 px. `scripts/dashboard-screenshots.sh` runs this.
    /// </summary>
    [ChromiumFact]
    public async Task Sample_month_screenshots_at_1440_and_390_px()
    {
        string M(params string[] parts) => TestData.Sample(["month", .. parts]);
        var store = azurite.ConnectionString;
        foreach (var args in new[]
        {
            new[] { "ingest", M("export"), "--config", M("guardrails.yaml"), "--store", store },
            ["idle", "--config", M("guardrails.yaml"), "--telemetry", M("telemetry"), "--inventory", M("inventory.yaml"), "--store", store],
        })
        {
            var (code, stdout, err) = await CliProcess.RunAsync(null, args);
            Assert.True(code == 0, $"guardrails {string.Join(' ', args)} → {code}\n{err}\n{stdout}");
        }
        // What RightSizeGpuVms would store for the sample month's VMs (recorded every 30 minutes), in the right-sizing table the served page reads.
        var rightSizingConfig = Guardrails.Cli.Hosting.CliConfig.LoadOrDefault(M("guardrails.yaml"));
        Assert.Equal(TimeSpan.FromMinutes(30), rightSizingConfig.RightSizing.SampleIntervalTime); // the recordings' interval, as the sample config says
        var (verdicts, _, _) = await Guardrails.Cli.Commands.Rightsize.RightsizeCommand.RecommendFromRecordingsAsync(rightSizingConfig,
            M("telemetry"), M("inventory.yaml"), null, null, CancellationToken.None);
        var rightSizingStore = new TableRightSizingStore(new TableClient(store, TableRightSizingStore.DefaultTableName));
        await rightSizingStore.UpsertAsync(verdicts.Max(v => v.Evidence!.WindowEnd), verdicts);
        // As the timer does: verdicts of VMs not evaluated now (another test's, in the shared Azurite) are deleted.
        await rightSizingStore.DeleteOthersAsync([.. verdicts.Select(v => v.ResourceId)]);
        var exportedAt = new FakeTimeProvider(DateTimeOffset.Parse(SampleMonth.ExportedAt, CultureInfo.InvariantCulture));
        var provider = ReportSources.FromStore(store, M("guardrails.yaml"), exportedAt);
        await using var host = await DashboardHost.StartAsync(new DashboardEndpoints(provider, exportedAt));
        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var external = DashboardBrowser.TrackExternalRequests(page, host.Address);
        Assert.Equal(200, (await page.GotoAsync(host.PageUri + "?month=" + SampleMonth.Month))!.Status);

        // Every headline figure of the GPU story is there before the picture is taken.
        foreach (var id in new[] { "total-cost", "gpu-cost", "idle-cost" })
            Assert.NotEqual("$0.00", await page.GetByTestId(id).InnerTextAsync());
        Assert.True(await page.Locator("svg[id^=chart-budget-] polygon").CountAsync() >= 1, "no burn-down with a forecast band");
        Assert.Contains($"{verdicts.Count} GPU VMs evaluated", await page.Locator("#rightsizing").InnerTextAsync());
        // The right-sizing panel is not empty either: the small model on an A100 (inference-a100-01) saves money on a T4.
        Assert.Contains(verdicts, v => v.IsRecommended && v.Name == "inference-a100-01" && v.MonthlySavings > 0m);
        Assert.NotEqual("$0.00", await page.GetByTestId("rightsizing-total-USD").InnerTextAsync());
        var shown = await page.Locator("#table-rightsizing tbody td:first-child").AllInnerTextsAsync();
        Assert.All(verdicts.Where(v => v.IsRecommended).OrderByDescending(v => v.MonthlySavings).Take(10), v => Assert.Contains(v.Name, shown));
        Directory.CreateDirectory(ScreenshotDir);
        await DashboardBrowser.ScreenshotAsync(page, 1440, Path.Combine(ScreenshotDir, "dashboard-1440.png"), output);
        await FitsAPhone(page);
        await DashboardBrowser.ScreenshotAsync(page, 390, Path.Combine(ScreenshotDir, "dashboard-390.png"), output);
        Assert.Empty(external);
    }
}

/// <summary>Headless Debian Chromium through Playwright .NET (its bundled driver, offline).</summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private DashboardBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<DashboardBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return new DashboardBrowser(playwright, browser);
    }

    /// <summary>Every request that leaves the local host (a Blob the page made itself stays in the page).</summary>
    public static List<string> TrackExternalRequests(IPage page, Uri host)
    {
        var external = new List<string>();
        var origin = host.GetLeftPart(UriPartial.Authority);
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(origin + "/", StringComparison.Ordinal) && !r.Url.StartsWith("blob:" + origin + "/", StringComparison.Ordinal))
                external.Add(r.Url);
        };
        return external;
    }

    public static async Task ScreenshotAsync(IPage page, int width, string path, ITestOutputHelper output)
    {
        await page.SetViewportSizeAsync(width, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is almost empty");
        output.WriteLine("Screenshot: " + path);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
