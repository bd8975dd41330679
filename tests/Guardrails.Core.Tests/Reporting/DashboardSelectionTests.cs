using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Reporting;

/// <summary>The dashboard's selection (latest month with costs, picker, range, team) and what the page does with it.</summary>
public class DashboardSelectionTests
{
    // December 2026: the synthetic export has costs in October (the 31st) and November only.
    private static readonly FakeTimeProvider s_december = new(new DateTimeOffset(2026, 12, 7, 0, 30, 0, TimeSpan.Zero));

    private static DashboardEndpoints Endpoints(DashboardOptions? options = null) =>
        new(ReportTestData.Provider(ReportTestData.Budgets()), s_december, options);

    private static Func<string, string?> Query(params (string Key, string Value)[] pairs) =>
        k => pairs.Where(p => p.Key == k).Select(p => p.Value).FirstOrDefault();

    private static decimal UsdRows(Func<ReportTestData.Row, bool> where) =>
        ReportTestData.ExportRows().Where(r => r.Currency == "USD" && where(r)).Sum(r => r.Effective);

    [Fact]
    public async Task Without_a_period_it_opens_on_the_latest_month_with_costs_not_the_calendar_month()
    {
        var summary = JsonDocument.Parse((await Endpoints().HandleAsync("summary", _ => null)).Body).RootElement;
        Assert.Equal("2026-11-01", summary.GetProperty("from").GetString());
        Assert.Equal("2026-11-30", summary.GetProperty("to").GetString());
        Assert.Equal(Money.Cents(UsdRows(r => r.Day.Month == 11) + 300m), Money.Cents(summary.GetProperty("summary").GetProperty("totalCost").GetDecimal()));

        var page = (await Endpoints().HandleAsync("", _ => null)).Body;
        Assert.Contains("<option value=\"2026-11\" selected>2026-11</option><option value=\"2026-10\">2026-10</option>", page);
    }

    [Fact]
    public async Task A_source_that_cannot_list_its_months_opens_on_the_current_utc_month()
    {
        var seen = new List<DateOnly>();
        var endpoints = new DashboardEndpoints(new NoIndex(seen), s_december);
        await endpoints.HandleAsync("summary", _ => null);
        Assert.Equal([new DateOnly(2026, 12, 1)], seen);
    }

    [Theory]
    [InlineData("month=2026-10", "2026-10")]
    [InlineData("from=2026-10&to=2026-11", "2026-10|2026-11")]
    [InlineData("from=2026-11-03&to=2026-11-09", "2026-11-03|2026-11-09")]
    public async Task Every_link_and_json_link_keeps_the_selection(string expected, string asked)
    {
        var parts = asked.Split('|');
        var query = parts.Length == 1 ? Query(("month", parts[0])) : Query(("from", parts[0]), ("to", parts[1]));
        var page = (await Endpoints().HandleAsync("", query)).Body;
        var hrefs = Regex.Matches(page, "href=\"([^\"]*)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.True(hrefs.Count >= 12, $"only {hrefs.Count} links");
        Assert.All(hrefs, h => Assert.Contains(expected, h));
        Assert.Contains(hrefs, h => h.StartsWith("?" + expected + "&team=vision", StringComparison.Ordinal)); // the drill keeps the period too
    }

    [Fact]
    public async Task A_range_of_months_covers_every_day_of_both_and_its_totals()
    {
        var spend = JsonDocument.Parse((await Endpoints().HandleAsync("spend", Query(("from", "2026-10"), ("to", "2026-11"), ("by", "team")))).Body).RootElement;
        Assert.Equal(61, spend.GetProperty("days").GetArrayLength());
        Assert.Equal(Money.Cents(UsdRows(_ => true) + 300m), spend.GetProperty("total").GetDecimal());

        var october = JsonDocument.Parse((await Endpoints().HandleAsync("spend", Query(("month", "2026-10")))).Body).RootElement;
        Assert.Equal(Money.Cents(UsdRows(r => r.Day.Month == 10)), october.GetProperty("total").GetDecimal());

        var bad = await Endpoints().HandleAsync("summary", Query(("from", "2026-13"), ("to", "2026-11")));
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("from '2026-13' is not a month (yyyy-MM) or a day (yyyy-MM-dd)", bad.Body);
    }

    [Fact]
    public async Task A_team_view_narrows_costs_and_resources_to_the_team()
    {
        var q = Query(("month", "2026-11"), ("team", "vision"));
        var spend = JsonDocument.Parse((await Endpoints().HandleAsync("spend", k => k == "by" ? "project" : q(k))).Body).RootElement;
        Assert.Equal(Money.Cents(UsdRows(r => r.Day.Month == 11 && r.Team == "vision")), spend.GetProperty("total").GetDecimal());
        Assert.Equal(["detect"], spend.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var resources = JsonDocument.Parse((await Endpoints().HandleAsync("top-resources", q)).Body).RootElement.GetProperty("resources");
        Assert.Equal(["vm-h100-a", "vm-h100-spot"], resources.EnumerateArray().Select(r => r.GetProperty("resourceName").GetString()).Order());

        var page = (await Endpoints().HandleAsync("", q)).Body;
        Assert.Contains("data-testid=\"team-view\">team vision: its projects, resources and models below. <a href=\"?month=2026-11\">All teams</a>", page);
        Assert.Contains("<input type=\"hidden\" name=\"team\" value=\"vision\">", page);
    }

    [Fact]
    public async Task A_team_view_shows_only_the_budgets_scoped_to_the_team()
    {
        var vision = ReportTestData.Budgets()[0];
        var endpoints = new DashboardEndpoints(ReportTestData.Provider(
        [
            vision,
            vision with { Name = "organisation", Scope = new Dictionary<string, string>() },
            vision with { Name = "nlp-training (team=NLP)", Scope = new Dictionary<string, string> { ["Team"] = "NLP" } },
        ]), s_december);
        async Task<string[]> Names(string? team) =>
            JsonDocument.Parse((await endpoints.HandleAsync("budgets", Query(("month", "2026-11"), ("team", team!)))).Body).RootElement
                .GetProperty("budgets").EnumerateArray().Select(b => b.GetProperty("name").GetString()!).ToArray();

        Assert.Equal(3, (await Names(null)).Length);
        Assert.Equal([vision.Name], await Names("vision"));
        Assert.Equal(["nlp-training (team=NLP)"], await Names("nlp")); // scope values compare as budgets match costs: ignoring case
        Assert.Empty(await Names("unallocated"));
        var page = (await endpoints.HandleAsync("", Query(("month", "2026-11"), ("team", "unallocated")))).Body;
        Assert.Contains("No budget is scoped to team unallocated.", page);
        Assert.DoesNotContain("chart-budget-", page);
    }

    [Fact]
    public void The_other_bucket_is_named_with_what_it_folds_and_keeps_the_total()
    {
        var data = ReportTestData.DataSet();
        var teams = DashboardQueries.Spend(data, "team", CostBasis.Effective, topSeries: 1);
        Assert.Equal(["vision", "Other (2 teams)"], teams.Series.Select(s => s.Name));
        Assert.Equal(2, teams.Series[1].Folded);
        Assert.Equal(UsdRows(r => r.Day.Month == 11) + 300m, teams.Total);
        Assert.Equal(UsdRows(r => r.Day.Month == 11 && r.Team != "vision") + 300m, teams.Series[1].Total);

        // One value left over is shown by name, never as "Other (1 team)".
        var two = DashboardQueries.Spend(data, "team", CostBasis.Effective, topSeries: 2);
        Assert.Equal(["vision", "nlp", "unallocated"], two.Series.Select(s => s.Name));
        Assert.Throws<ArgumentOutOfRangeException>(() => DashboardQueries.Spend(data, "team", CostBasis.Effective, topSeries: 0));
    }

    [Fact]
    public async Task The_number_of_named_series_comes_from_the_options()
    {
        var spend = JsonDocument.Parse((await Endpoints(new DashboardOptions { TopSeries = 1 }).HandleAsync("spend", Query(("by", "team")))).Body).RootElement;
        Assert.Equal(["vision", "Other (2 teams)"], spend.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public void Team_rows_keep_currencies_apart_with_idle_waste_and_carbon_beside_cost()
    {
        var m = DashboardQueries.Build(ReportTestData.DataSet());
        var nlpEur = m.Teams.Single(t => t.Team == "nlp" && t.Currency == "EUR");
        Assert.Equal(19.99m, nlpEur.Cost);
        var nlpUsd = m.Teams.Single(t => t.Team == "nlp" && t.Currency == "USD");
        Assert.Equal(UsdRows(r => r.Day.Month == 11 && r.Team == "nlp") + 300m, nlpUsd.Cost);
        Assert.Equal(4.0419m * 6, nlpUsd.IdleCost);
        var vision = m.Teams.Single(t => t.Team == "vision");
        Assert.Equal(UsdRows(r => r.Day.Month == 11 && r.Team == "vision" && r.GpuHours > 0), vision.GpuCost);
        Assert.Equal(98.32m * 7.5m, vision.IdleCost);
        Assert.Equal(m.Carbon.ByTeam.Single(c => c.Value == "vision").KgCO2e, vision.KgCO2e);
        Assert.True(vision.KgCO2e > 0);
        Assert.Equal(m.Carbon.TotalKgCO2e, m.Teams.Sum(t => t.KgCO2e));
    }

    [Fact]
    public void Numeric_cells_carry_their_exact_value_for_sorting_and_csv()
    {
        var html = DashboardPage.Render(DashboardQueries.Build(ReportTestData.DataSet()), "/api/dashboard");
        var vision = UsdRows(r => r.Day.Month == 11 && r.Team == "vision");
        Assert.Contains($"<td data-v=\"{vision.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture)}\" class=\"n\">{Money.WithSymbol(vision, "USD")}</td>", html);
        Assert.Contains("data-csv=\"teams_2026-11-01_2026-11-30.csv\"", html);
    }

    [Fact]
    public void The_content_security_policy_allows_exactly_the_page_script()
    {
        var html = DashboardPage.Render(DashboardQueries.Build(ReportTestData.DataSet()), "/api/dashboard");
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(script);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
        Assert.Equal($"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'", DashboardPage.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_in_memory_ledger_lists_the_months_it_holds()
    {
        var ledger = new LedgerSnapshot(
            [Fact(new DateOnly(2026, 9, 30)), Fact(new DateOnly(2026, 11, 2)), Fact(new DateOnly(2026, 11, 20))], []);
        Assert.Equal([new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1)], await ledger.GetMonthsWithCostsAsync());
        Assert.Equal([new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1)], await new ReportDataLoader(ledger).GetMonthsWithDataAsync());
    }

    private static DailyCostFact Fact(DateOnly day) => new()
    {
        Day = day,
        Allocation = ReportTestData.Key("a", "b", "c", null, null),
        Category = CostCategory.Storage,
        Currency = "USD",
        BilledCost = 1m,
        EffectiveCost = 1m,
    };

    private sealed class NoIndex(List<DateOnly> seen) : IReportDataProvider
    {
        public Task<ReportDataSet> LoadAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
        {
            seen.Add(from);
            return Task.FromResult(new ReportDataSet { From = from, ToInclusive = toInclusive });
        }
    }
}
