using System.Text.Json;
using Guardrails.Core.Common;
using Guardrails.Core.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Reporting;

/// <summary>The dashboard's right-sizing panel: savings per team and currency, the top opportunities, and a team's view of them.</summary>
public class RightSizingPanelTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);

    private static ReportDataSet Data() =>
        ReportTestData.Provider(rightSizing: ReportTestData.RightSizing()).LoadAsync(ReportTestData.From, ReportTestData.To).GetAwaiter().GetResult();

    private static string Section(string page)
    {
        var start = page.IndexOf("<section id=\"rightsizing\">", StringComparison.Ordinal);
        return page[start..(page.IndexOf("</section>", start, StringComparison.Ordinal) + "</section>".Length)];
    }

    [Fact]
    public void Panel_matches_golden() =>
        Golden.Assert("rightsizing-panel-2026-11.html", Section(DashboardPage.Render(DashboardQueries.Build(Data()), "/api/dashboard", s_now)));

    [Fact]
    public void Savings_are_per_team_and_currency_and_never_added_across_currencies()
    {
        var panel = DashboardQueries.Build(Data()).RightSizing;

        Assert.Equal(
            [("vision", "USD", 1, 5104.16m), ("nlp", "USD", 1, 2297.31m), ("nlp", "EUR", 1, 1987.5m)],
            panel.ByTeam.Select(t => (t.Team, t.Currency, t.Recommendations, t.MonthlySavings)));
        Assert.Equal(["vm-h100-pair", "vm-a100-1", "vm-a100-eu"], panel.Top.Select(r => r.Name)); // most saving first, the page's currency first
        Assert.Equal((4, 1), (panel.Evaluated, panel.NotRecommended));

        var html = Section(DashboardPage.Render(DashboardQueries.Build(Data())));
        Assert.Contains($"data-testid=\"rightsizing-total-USD\">{Money.WithSymbol(5104.16m + 2297.31m, "USD")}</b>", html);
        Assert.Contains($"data-testid=\"rightsizing-total-EUR\">{Money.WithSymbol(1987.5m, "EUR")}</b>", html);
        Assert.DoesNotContain(Money.Amount(5104.16m + 2297.31m + 1987.5m), html);
        Assert.DoesNotContain("vm-t4", html); // no recommendation: counted, not listed as an opportunity
    }

    [Fact]
    public async Task A_team_view_shows_only_the_teams_vms()
    {
        var endpoints = new DashboardEndpoints(ReportTestData.Provider(rightSizing: ReportTestData.RightSizing()), new FakeTimeProvider(s_now));
        var json = JsonDocument.Parse((await endpoints.HandleAsync("rightsizing", k => k switch { "month" => "2026-11", "team" => "vision", _ => null })).Body).RootElement;

        Assert.Equal(["vm-h100-pair"], json.GetProperty("top").EnumerateArray().Select(r => r.GetProperty("name").GetString()!));
        Assert.Equal(1, json.GetProperty("evaluated").GetInt32());
        Assert.Equal(5104.16m, json.GetProperty("byTeam").EnumerateArray().Single().GetProperty("monthlySavings").GetDecimal());
    }

    [Fact]
    public void Without_verdicts_the_panel_says_where_they_come_from()
    {
        var html = Section(DashboardPage.Render(DashboardQueries.Build(ReportTestData.DataSet())));
        Assert.Contains("No right-sizing verdicts", html);
        Assert.DoesNotContain("<table", html);
    }
}
