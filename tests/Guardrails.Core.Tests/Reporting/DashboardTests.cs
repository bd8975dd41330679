using System.Text.Json;
using System.Xml.Linq;
using Guardrails.Core.Common;
using Guardrails.Core.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Reporting;

public class DashboardTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    private static DashboardModel Model(bool withPanels = true) =>
        DashboardQueries.Build(withPanels
            ? ReportTestData.DataSet(ReportTestData.Budgets(), ReportTestData.Actions(), ReportTestData.PullRequests())
            : ReportTestData.DataSet());

    [Fact]
    public void Page_matches_golden() => Golden.Assert("dashboard-2026-11.html", DashboardPage.Render(Model(), "/api/dashboard", s_now));

    [Fact]
    public void A_saved_page_embeds_each_teams_view_and_drills_to_it_without_a_request()
    {
        var data = ReportTestData.DataSet(ReportTestData.Budgets());
        var all = DashboardQueries.Build(data);
        var html = DashboardPage.RenderFile(all, DashboardQueries.TeamViews(data, all), s_now);

        // The same rule as the served page's header: only this page's script runs, nothing is fetched.
        var csp = System.Text.RegularExpressions.Regex.Match(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">");
        Assert.Equal(DashboardPage.ContentSecurityPolicy, System.Net.WebUtility.HtmlDecode(csp.Groups[1].Value));
        Assert.DoesNotContain("/api/dashboard", html);
        Assert.DoesNotContain("href=\"?", html);

        // One embedded view per team of the teams table, each linked from its row.
        var views = System.Text.RegularExpressions.Regex.Matches(html, "<template data-team=\"([^\"]*)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(all.Teams.Select(t => t.Team).Distinct().Order(), views.Order());
        Assert.All(views, t => Assert.Contains($"<a href=\"#team={Uri.EscapeDataString(t)}\">{t}</a>", html));

        // Vision's view: its banner, its own spend and resources, its budget; not nlp's VMs.
        var start = html.IndexOf("<template data-team=\"vision\">", StringComparison.Ordinal);
        var vision = html[start..html.IndexOf("</template>", start, StringComparison.Ordinal)];
        Assert.Contains("team vision: its projects, resources and models below. <a href=\"#\">All teams</a>", vision);
        var visionCost = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11 && r.Team == "vision").Sum(r => r.Effective);
        Assert.Contains($"data-testid=\"spend-project-total\">{Money.WithSymbol(visionCost, "USD")}</b>", vision);
        Assert.Contains("vm-h100-spot", vision);
        Assert.DoesNotContain("vm-a100-1", vision);
        Assert.Contains("ml-training (team=vision)", vision);
        var nlpStart = html.IndexOf("<template data-team=\"nlp\">", StringComparison.Ordinal);
        Assert.Contains("No budget is scoped to team nlp.", html[nlpStart..html.IndexOf("</template>", nlpStart, StringComparison.Ordinal)]);
    }

    [Fact]
    public void Budget_burn_down_shows_fresh_spend_separately_as_estimated()
    {
        var html = DashboardPage.Render(Model(), "/api/dashboard", s_now);
        Assert.Contains("Spent $9,360.00 of $14,000.00", html); // the billed spend does not include the estimate
        Assert.Contains("<p class=\"note\" data-testid=\"budget-estimated\">+$196.64 estimated since the last billed hour (not in spent): GPU telemetry &#215; on-demand price, 1 VM, 2 h</p>", html);
        Assert.DoesNotContain("budget-estimated", DashboardPage.Render(Model(withPanels: false)));
    }

    [Fact]
    public void Page_from_ledger_facts_alone_shows_every_cost_panel_and_says_what_is_missing()
    {
        var html = DashboardPage.Render(Model(withPanels: false));
        Assert.Contains("id=\"chart-spend-team\"", html);
        Assert.Contains("id=\"chart-gpu\"", html);
        Assert.Contains("id=\"chart-top-resources\"", html);
        Assert.Contains("No budget data", html);
        Assert.Contains("No guardrail actions recorded", html);
        Assert.Contains("No pull-request checks recorded", html);
        Assert.DoesNotContain("/api/dashboard", html); // a file has no API links
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("<script src", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
    }

    [Fact]
    public void Every_svg_is_well_formed_with_a_title_and_a_total_that_matches_the_data()
    {
        var model = Model();
        var html = DashboardPage.Render(model, "/api/dashboard", s_now);
        var svgs = System.Text.RegularExpressions.Regex.Matches(html, "<svg .*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(svgs.Count >= 6, $"only {svgs.Count} charts");
        foreach (System.Text.RegularExpressions.Match m in svgs)
        {
            var svg = XElement.Parse(m.Value);
            XNamespace ns = "http://www.w3.org/2000/svg";
            Assert.NotNull(svg.Element(ns + "title"));
            Assert.Equal("img", (string?)svg.Attribute("role"));
            Assert.All(svg.Descendants(ns + "rect"), r => Assert.NotNull(r.Element(ns + "title")));
        }
        // The stacked chart's bars add up to the USD cloud + fixed total of the month.
        var rows = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).Sum(r => r.Effective) + 300m;
        var team = XElement.Parse(svgs.Select(x => x.Value).Single(v => v.StartsWith("<svg id=\"chart-spend-team\"", StringComparison.Ordinal)));
        Assert.Equal(Money.Cents(rows).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), (string?)team.Attribute("data-total"));
        Assert.Contains(Money.WithSymbol(rows, "USD"), html);
    }

    [Fact]
    public void Summary_and_gpu_waste_come_from_the_facts()
    {
        var m = Model();
        var rows = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).ToList();
        Assert.Equal(rows.Where(r => r.GpuHours > 0).Sum(r => r.Effective), m.Summary.GpuCost);
        Assert.Equal(98.32m * 7.5m + 4.0419m * 6, m.Summary.IdleCost);
        Assert.Equal(["EUR"], m.Summary.OtherCurrencies);
        var vision = m.GpuWaste.Single(g => g.Team == "vision");
        Assert.Equal(Math.Round(1 - 60m / 1506m, 4), vision.Utilization);
        Assert.Equal("vm-h100-a", m.TopResources[0].ResourceName);
    }

    [Fact]
    public void Currency_formatting()
    {
        Assert.Equal("$1,234.57", Money.WithSymbol(1234.5678m, "USD"));
        Assert.Equal("-€0.50", Money.WithSymbol(-0.5m, "EUR"));
        Assert.Equal("CHF 3.10", Money.WithSymbol(3.1m, "CHF"));
        Assert.Equal("$12k", Money.Short(12_345m, "USD"));
        Assert.Equal("$2.5k", Money.Short(2_500m, "USD"));
    }

    [Fact]
    public async Task Endpoints_serve_the_page_and_json_per_chart()
    {
        var data = ReportTestData.DataSet(ReportTestData.Budgets(), ReportTestData.Actions(), ReportTestData.PullRequests());
        var endpoints = new DashboardEndpoints(new Fixed(data), new FakeTimeProvider(s_now));
        string? Q(string k) => k == "month" ? "2026-11" : null;

        var page = await endpoints.HandleAsync("", Q);
        Assert.Equal(200, page.StatusCode);
        Assert.StartsWith("text/html", page.ContentType);
        Assert.Contains("<svg id=\"chart-spend-team\"", page.Body);

        foreach (var route in DashboardEndpoints.JsonRoutes)
        {
            var r = await endpoints.HandleAsync(route, Q);
            Assert.Equal(200, r.StatusCode);
            using var _ = JsonDocument.Parse(r.Body);
        }

        var spend = JsonDocument.Parse((await endpoints.HandleAsync("spend", k => k == "by" ? "model" : Q(k))).Body).RootElement;
        Assert.Equal("model", spend.GetProperty("dimension").GetString());
        var expected = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).Sum(r => r.Effective) + 300m;
        Assert.Equal(Money.Cents(expected), spend.GetProperty("total").GetDecimal());
        Assert.Equal(30, spend.GetProperty("days").GetArrayLength());

        var cb = JsonDocument.Parse((await endpoints.HandleAsync("chargeback", Q)).Body).RootElement;
        Assert.True(cb.GetProperty("reconciled").GetBoolean());

        Assert.Equal(404, (await endpoints.HandleAsync("nope", Q)).StatusCode);
        var bad = await endpoints.HandleAsync("summary", k => k == "month" ? "11/2026" : null);
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("yyyy-MM", bad.Body);
        Assert.Equal(400, (await endpoints.HandleAsync("spend", k => k == "by" ? "colour" : Q(k))).StatusCode);
    }

    [Fact]
    public async Task Endpoints_default_to_the_current_utc_month()
    {
        var seen = new List<(DateOnly, DateOnly)>();
        var endpoints = new DashboardEndpoints(new Fixed(ReportTestData.DataSet(), seen), new FakeTimeProvider(s_now));
        await endpoints.HandleAsync("summary", _ => null);
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), seen.Single());
    }

    private sealed class Fixed(ReportDataSet data, List<(DateOnly, DateOnly)>? seen = null) : IReportDataProvider
    {
        public Task<ReportDataSet> LoadAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
        {
            seen?.Add((from, toInclusive));
            return Task.FromResult(data with { From = from, ToInclusive = toInclusive });
        }
    }
}
