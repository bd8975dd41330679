using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Ledger;

public sealed class InMemoryCostLedgerTests
{
    private static DailyCostFact Fact(string day, string team, string? rg = null, string? sub = null) => new()
    {
        Day = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture),
        Allocation = new AllocationKey([new("team", team), new("env", "prod")]),
        Category = CostCategory.Storage,
        Currency = "USD",
        ResourceGroupName = rg,
        SubAccountId = sub,
        BilledCost = 1m,
    };

    [Fact]
    public async Task Filters_by_day_range_allocation_subscription_and_resource_group()
    {
        var ledger = new InMemoryCostLedger([Fact("2024-08-31", "a"), Fact("2024-09-01", "a", "rg1", "s1"), Fact("2024-09-30", "b", "rg2", "s1"), Fact("2024-10-01", "a")]);

        var september = await ledger.GetFactsAsync(LedgerQuery.ForMonth(2024, 9));
        Assert.Equal(["2024-09-01", "2024-09-30"], september.Select(f => f.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

        var teamA = await ledger.GetFactsAsync(LedgerQuery.ForMonth(2024, 9) with { Allocation = new Dictionary<string, string> { ["TEAM"] = "A" } });
        Assert.Equal("rg1", Assert.Single(teamA).ResourceGroupName);

        Assert.Single(await ledger.GetFactsAsync(LedgerQuery.ForMonth(2024, 9) with { ResourceGroupName = "RG2" }));
        Assert.Equal(2, (await ledger.GetFactsAsync(LedgerQuery.ForMonth(2024, 9) with { SubAccountId = "s1" })).Count);
        Assert.Empty(await ledger.GetFactsAsync(LedgerQuery.ForMonth(2024, 9) with { Allocation = new Dictionary<string, string> { ["model"] = "x" } }));
    }
}
