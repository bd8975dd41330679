using Guardrails.Core.Configuration;

namespace Guardrails.Core.Budgets;

/// <summary>Budgets evaluated in a run and the stored budgets that were left out because they are invalid.</summary>
public sealed record BudgetDefinitions(IReadOnlyList<BudgetConfig> Budgets, IReadOnlyList<ConfigError> Errors);

/// <summary>
/// Budgets stored outside guardrails.yaml (a table when deployed): each run stores the declared budgets and returns
/// them with the stored ones, leaving out a stored budget that does not validate (with its error).
/// </summary>
public interface IBudgetDefinitionStore
{
    Task<BudgetDefinitions> SyncAsync(IReadOnlyList<BudgetConfig> declared, IReadOnlyDictionary<string, ChannelConfig> channels,
        CancellationToken cancellationToken = default);
}
