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
    public string ActionsQueue { get; set; } = QueueActionRequestSink.DefaultQueueName;
    public string? DashboardUrl { get; set; }
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
    public Task<BudgetEvaluationResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var evaluator = new BudgetEvaluator(ledger, resources, fresh, time, VmSkuCatalog.Default);
        var dispatcher = new AlertDispatcher(store, channels, events, actions, time);
        return new BudgetAlertService(evaluator, store, dispatcher, time).EvaluateAsync(config, new BudgetEvaluationOptions
        {
            DashboardUrl = options.DashboardUrl,
            PublishEvents = events is not NullEventPublisher,
        }, cancellationToken);
    }
}
