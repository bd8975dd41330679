using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Infrastructure.Budgets;

/// <summary>Settings of the deployed evaluation (section "Budgets").</summary>
public sealed class BudgetJobOptions
{
    public const string SectionName = "Budgets";
    public string AlertsTable { get; set; } = TableAlertStateStore.DefaultTableName;
    public string? DashboardUrl { get; set; }
    /// <summary>Budgets stored in Table Storage (declared ones are written there each run); empty = off.</summary>
    public string? BudgetsTable { get; set; } = TableBudgetStore.DefaultTableName;
}

/// <summary>
/// One EvaluateBudgets run, composed from the host's services: the ledger, the Table alert store, the channels,
/// the event publisher (Service Bus when configured) and the action queue. A fresh dispatcher (run id) per run.
/// </summary>
public sealed class BudgetEvaluationJob(
    GuardrailsConfig config,
    ICostLedgerReader ledger,
    IResourceCostReader? resources,
    IFreshSpendEstimator fresh,
    IAlertStateStore store,
    IAlertChannelResolver channels,
    IGuardrailEventPublisher events,
    IActionRequestSink actions,
    BudgetJobOptions options,
    TimeProvider time)
{
    /// <summary>Budgets in Table Storage (null = guardrails.yaml only).</summary>
    public TableBudgetStore? Definitions { get; init; }

    /// <summary>Stored budgets left out of the last run because they do not validate.</summary>
    public IReadOnlyList<ConfigError> DefinitionErrors { get; private set; } = [];

    public async Task<BudgetEvaluationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var evaluated = config;
        if (Definitions is not null)
        {
            var definitions = await Definitions.SyncAsync(config.Budgets, config.Channels, cancellationToken).ConfigureAwait(false);
            DefinitionErrors = definitions.Errors;
            evaluated = new GuardrailsConfig
            {
                Allocation = config.Allocation,
                Budgets = [.. definitions.Budgets],
                Policies = config.Policies,
                PullRequests = config.PullRequests,
                Channels = config.Channels,
            };
        }
        var evaluator = new BudgetEvaluator(ledger, resources, fresh, time, VmSkuCatalog.Default);
        var dispatcher = new AlertDispatcher(store, channels, events, actions, time);
        return await new BudgetAlertService(evaluator, store, dispatcher, time).EvaluateAsync(evaluated, new BudgetEvaluationOptions
        {
            DashboardUrl = options.DashboardUrl,
            PublishEvents = events is not NullEventPublisher,
        }, cancellationToken).ConfigureAwait(false);
    }
}
