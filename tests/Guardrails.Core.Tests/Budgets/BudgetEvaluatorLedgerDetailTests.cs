using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Budgets;

/// <summary>Which detail of the ledger a budget evaluation asks for: the allocation summary unless a scope needs more.</summary>
public sealed class BudgetEvaluatorLedgerDetailTests
{
    private sealed class RecordingLedger : ICostLedgerReader
    {
        public List<LedgerQuery> Queries { get; } = [];

        public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
        {
            Queries.Add(query);
            return Task.FromResult<IReadOnlyList<DailyCostFact>>([]);
        }
    }

    private static BudgetConfig Budget(params (string Key, string Value)[] scope) => new()
    {
        Name = "b",
        Amount = 100m,
        Scope = scope.ToDictionary(s => s.Key, s => s.Value, StringComparer.OrdinalIgnoreCase),
    };

    private static async Task<LedgerDetail> DetailAskedForAsync(params BudgetConfig[] budgets)
    {
        var ledger = new RecordingLedger();
        await new BudgetEvaluator(ledger, null, null, TimeProvider.System).ComputeAsync(budgets, new BudgetEvaluationOptions { Month = new DateOnly(2026, 11, 1) });
        return Assert.Single(ledger.Queries).Detail;
    }

    [Fact]
    public async Task Budgets_scoped_by_allocation_only_read_the_allocation_summary()
    {
        Assert.Equal(LedgerDetail.Allocation, await DetailAskedForAsync(Budget(("team", "vision")), Budget()));
    }

    [Fact]
    public async Task A_budget_scoped_by_subscription_or_resource_group_reads_the_facts()
    {
        Assert.Equal(LedgerDetail.Fact, await DetailAskedForAsync(Budget(("team", "vision")), Budget(("subscription", "sub-1"))));
        Assert.Equal(LedgerDetail.Fact, await DetailAskedForAsync(Budget(("resourceGroup", "rg-1"))));
    }
}
