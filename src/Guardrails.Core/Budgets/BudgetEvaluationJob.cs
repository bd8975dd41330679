using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Budgets;

/// <summary>Settings of the deployed evaluation (section "Budgets").</summary>
public sealed class BudgetJobOptions
{
    public const string SectionName = "Budgets";
    /// <summary>Default table names: the table adapters use these too (one place for each name).</summary>
    public const string DefaultAlertsTable = "budgetalerts", DefaultBudgetsTable = "budgets";
    /// <summary>The alert state table.</summary>
    public string AlertsTable { get; set; } = DefaultAlertsTable;
    public string? DashboardUrl { get; set; }
    /// <summary>Budgets stored in Table Storage (declared ones are written there each run); empty = off.</summary>
    public string? BudgetsTable { get; set; } = DefaultBudgetsTable;
}

/// <summary>What one evaluation is asked for: the month (any day of it; null = the current UTC month, what the timer evaluates).</summary>
public sealed record BudgetEvaluationRequest(DateOnly? Month = null)
{
    public static BudgetEvaluationRequest CurrentMonth { get; } = new();
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
    public IBudgetDefinitionStore? Definitions { get; init; }

    /// <summary>Stored budgets left out of the last run because they do not validate.</summary>
    public IReadOnlyList<ConfigError> DefinitionErrors { get; private set; } = [];

    /// <summary>The timer's run: the current UTC month.</summary>
    public Task<BudgetEvaluationResult> RunAsync(CancellationToken cancellationToken = default) =>
        RunAsync(BudgetEvaluationRequest.CurrentMonth, cancellationToken);

    /// <summary>Evaluates the request's month: budget status → alert state (once per budget/kind/threshold/period) → delivery.</summary>
    public async Task<BudgetEvaluationResult> RunAsync(BudgetEvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var evaluated = await BudgetsToEvaluateAsync(cancellationToken).ConfigureAwait(false);
        var dispatcher = new AlertDispatcher(store, channels, events, actions, time);
        return await new BudgetAlertService(CreateEvaluator(), store, dispatcher, time).EvaluateAsync(evaluated, Options(request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Budget status only (no alert state, no delivery) for the request's month, over guardrails.yaml's budgets.</summary>
    public Task<IReadOnlyList<BudgetStatus>> StatusAsync(BudgetEvaluationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateEvaluator().ComputeAsync(config.Budgets, Options(request), cancellationToken);
    }

    private BudgetEvaluator CreateEvaluator() => new(ledger, resources, fresh, time, VmSkuCatalog.Default);

    private BudgetEvaluationOptions Options(BudgetEvaluationRequest request) => new()
    {
        Month = request.Month,
        DashboardUrl = options.DashboardUrl,
        PublishEvents = events is not NullEventPublisher,
    };

    /// <summary>guardrails.yaml's budgets, or (with a budgets table) the declared ones synced with the stored ones.</summary>
    private async Task<GuardrailsConfig> BudgetsToEvaluateAsync(CancellationToken cancellationToken)
    {
        if (Definitions is null) return config;
        var definitions = await Definitions.SyncAsync(config.Budgets, config.Channels, cancellationToken).ConfigureAwait(false);
        DefinitionErrors = definitions.Errors;
        return new GuardrailsConfig
        {
            Allocation = config.Allocation,
            Budgets = [.. definitions.Budgets],
            Policies = config.Policies,
            PullRequests = config.PullRequests,
            Channels = config.Channels,
        };
    }
}
