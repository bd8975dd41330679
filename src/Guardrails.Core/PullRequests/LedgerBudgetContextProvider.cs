using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// The pull-request comment's budget line from the live ledger: the budget whose scope is exactly one team
/// (<c>scope: { team: vision }</c>), evaluated this month — what is left, and the forecast breach date.
/// </summary>
public sealed class LedgerBudgetContextProvider(IReadOnlyList<BudgetConfig> budgets, BudgetEvaluator evaluator, TimeProvider time,
    string teamKey = "team") : IBudgetContextProvider
{
    public async Task<BudgetContext?> GetBudgetContextAsync(string team, CancellationToken cancellationToken = default)
    {
        var budget = budgets.FirstOrDefault(b =>
            b.Scope.Count == 1 && b.Scope.TryGetValue(teamKey, out var value) && string.Equals(value.Trim(), team.Trim(), StringComparison.OrdinalIgnoreCase));
        if (budget is null) return null;

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var status = (await evaluator.ComputeAsync([budget], new BudgetEvaluationOptions { Month = today }, cancellationToken)).Single();
        var periodEnd = new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1);
        return new BudgetContext(team, budget.Name, status.Amount, status.Amount - status.Spent, status.Currency, periodEnd, status.BreachDate);
    }
}
