using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Reporting;

/// <summary>The empty defaults: a panel without a producer shows "no data" instead of failing.</summary>
public sealed class EmptyReportingSources : IBudgetStatusSource, IActionLogSource, IPullRequestCheckSource, IResourceCostReader
{
    public static EmptyReportingSources Instance { get; } = new();

    public Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BudgetBurnDown>>([]);

    public Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<GuardrailActionLogEntry>>([]);

    public Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PullRequestCheckSummary>>([]);

    public Task<IReadOnlyList<ResourceDailyCost>> GetResourceCostsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ResourceDailyCost>>([]);
}

