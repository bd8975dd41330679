using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Reporting;

public class BudgetBurnDownSourceTests
{
    [Fact]
    public async Task Burn_down_comes_from_the_budget_evaluator_and_the_scoped_ledger_facts()
    {
        var rows = ReportTestData.ExportRows();
        var ledger = new LedgerSnapshot(ReportTestData.Facts(rows), ReportTestData.Resources(rows));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 10, 6, 0, 0, TimeSpan.Zero));
        var budget = new BudgetConfig { Name = "vision-training", Amount = 10_000m, Currency = "USD", Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" } };
        var source = new LedgerBudgetBurnDownSource(new BudgetEvaluator(ledger, ledger, null, time), ledger, [budget]);

        var burn = Assert.Single(await source.GetBurnDownsAsync(new DateOnly(2026, 11, 10)));

        // Data through 11-09 (today is not complete): the actual line is vision's cost per day, summed from the rows.
        Assert.Equal(new DateOnly(2026, 11, 9), burn.Actual[^1].Day);
        var expected = rows.Where(r => r.Team == "vision" && r.Currency == "USD" && r.Day >= new DateOnly(2026, 11, 1) && r.Day <= new DateOnly(2026, 11, 9)).Sum(r => r.Effective);
        Assert.Equal(expected, burn.Actual[^1].Cumulative);
        Assert.Equal(expected, burn.Spent);
        Assert.Equal(new DateOnly(2026, 11, 30), burn.Forecast[^1].Day);
        Assert.Equal(burn.ForecastAtPeriodEnd, burn.Forecast[^1].Expected);
        Assert.All(burn.Forecast, f => Assert.True(f.Low <= f.Expected && f.Expected <= f.High));
        Assert.True(burn.Spent > budget.Amount == (burn.State == BudgetStates.Over));
        Assert.StartsWith("vision-training", burn.Name);
        Assert.Equal("vision", burn.Scope["team"]); // what a team's view narrows budgets by

    }
}
