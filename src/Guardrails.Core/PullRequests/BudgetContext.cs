namespace Guardrails.Core.PullRequests;

/// <summary>What the ledger knows about a team's budget this period: "team vision has $Y left; forecast breach on the 27th".</summary>
public sealed record BudgetContext(string Team, string BudgetName, decimal Amount, decimal Remaining, string Currency,
    DateOnly PeriodEnd, DateOnly? ForecastBreachDate);

/// <summary>Seam to the budgets feature: the lead wires the ledger-backed provider; the default knows no budgets.</summary>
public interface IBudgetContextProvider
{
    Task<BudgetContext?> GetBudgetContextAsync(string team, CancellationToken cancellationToken = default);
}

public sealed class NullBudgetContextProvider : IBudgetContextProvider
{
    public static readonly NullBudgetContextProvider Instance = new();
    public Task<BudgetContext?> GetBudgetContextAsync(string team, CancellationToken cancellationToken = default) =>
        Task.FromResult<BudgetContext?>(null);
}

/// <summary>Fixed budgets (tests, demos, or budgets read straight from configuration).</summary>
public sealed class StaticBudgetContextProvider(IEnumerable<BudgetContext> budgets) : IBudgetContextProvider
{
    private readonly Dictionary<string, BudgetContext> _byTeam = budgets.ToDictionary(b => b.Team, StringComparer.OrdinalIgnoreCase);
    public Task<BudgetContext?> GetBudgetContextAsync(string team, CancellationToken cancellationToken = default) =>
        Task.FromResult(_byTeam.GetValueOrDefault(team));
}
