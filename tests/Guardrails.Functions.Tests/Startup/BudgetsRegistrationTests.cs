using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Functions.Tests.Startup;

public sealed class BudgetsRegistrationTests
{
    [Fact]
    public async Task Pull_request_checks_get_the_team_budget_from_the_ledger_whichever_feature_registers_first()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();
        var key = new AllocationKey([new("team", "vision")]);
        var facts = Enumerable.Range(0, 10).Select(i => new DailyCostFact
        {
            Day = new DateOnly(2026, 11, 1).AddDays(i),
            Allocation = key,
            Category = CostCategory.GpuCompute,
            Currency = "USD",
            BilledCost = 100m,
            EffectiveCost = 100m,
        }).ToList();
        var services = new ServiceCollection();
        services.AddSingleton(new StorageClients("UseDevelopmentStorage=true"));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 11, 6, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<ICostLedgerReader>(new InMemoryCostLedger(facts));
        services.AddSingleton(new GuardrailsConfig
        {
            Budgets = [new BudgetConfig { Name = "vision-monthly", Scope = new() { ["team"] = "vision" }, Amount = 2000m, Currency = "USD" }],
        });
        services.AddPullRequestChecks(settings); // registers the null default first, as Program.cs does
        services.AddBudgets(settings);
        await using var provider = services.BuildServiceProvider();

        var budgets = provider.GetRequiredService<IBudgetContextProvider>();
        var context = await budgets.GetBudgetContextAsync("vision");

        Assert.IsType<LedgerBudgetContextProvider>(budgets);
        Assert.NotNull(context);
        Assert.Equal("vision-monthly", context.BudgetName);
        Assert.Equal(2000m - 1000m, context.Remaining);
        Assert.Equal(new DateOnly(2026, 11, 20), context.ForecastBreachDate); // 100/day reaches 2,000 on the 20th
    }
}
