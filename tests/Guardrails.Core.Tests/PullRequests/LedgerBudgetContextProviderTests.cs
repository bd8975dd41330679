using Guardrails.Core.Budgets;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Tests.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.PullRequests;

public sealed class LedgerBudgetContextProviderTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));

    private static LedgerBudgetContextProvider Provider(params Guardrails.Core.Configuration.BudgetConfig[] budgets)
    {
        // Team vision spends 100 USD a day, billed through 2026-11-19.
        var snapshot = BudgetTestData.Steady(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 19), 100m);
        var evaluator = new BudgetEvaluator(new InMemoryCostLedger(snapshot.Facts), null, null, Time);
        return new LedgerBudgetContextProvider(budgets, evaluator, Time);
    }

    [Fact]
    public async Task The_team_budget_gives_what_is_left_and_the_forecast_breach_date()
    {
        var context = await Provider(BudgetTestData.Budget(amount: 2500m)).GetBudgetContextAsync("Vision");

        Assert.NotNull(context);
        Assert.Equal("vision", context.BudgetName);
        Assert.Equal(2500m - 19 * 100m, context.Remaining);
        Assert.Equal("USD", context.Currency);
        Assert.Equal(new DateOnly(2026, 11, 30), context.PeriodEnd);
        Assert.Equal(new DateOnly(2026, 11, 25), context.ForecastBreachDate); // 100/day crosses 2,500 on day 25
    }

    [Fact]
    public async Task No_budget_for_the_team_or_a_narrower_scope_means_no_budget_line()
    {
        var narrower = BudgetTestData.Budget(name: "vision-dev");
        narrower.Scope["env"] = "dev";

        var provider = Provider(narrower);

        Assert.Null(await provider.GetBudgetContextAsync("vision"));
        Assert.Null(await provider.GetBudgetContextAsync("speech"));
    }
}
