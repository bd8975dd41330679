using System.Globalization;
using Guardrails.Core.Alerts;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.Budgets;

/// <summary>
/// One evaluation run (the EvaluateBudgets function and <c>guardrails budgets --evaluate</c>): status of every
/// budget → alert records through the state machine (<see cref="AlertPlanner"/>, store adds are once-only) →
/// delivery of everything pending, including what earlier runs could not deliver.
/// </summary>
public sealed class BudgetAlertService(BudgetEvaluator evaluator, IAlertStateStore store, AlertDispatcher dispatcher, TimeProvider time)
{
    public async Task<BudgetEvaluationResult> EvaluateAsync(GuardrailsConfig config, BudgetEvaluationOptions options,
        CancellationToken cancellationToken = default)
    {
        var validation = new ConfigValidationContext("guardrails.yaml");
        BudgetConfig.ValidateAll(config.Budgets, config.Channels, validation);
        if (validation.Errors.Count > 0)
            throw new ConfigException(validation.Errors.Select(e => new ConfigError(validation.File, null, e.Field, e.Message)).ToList());

        var statuses = await evaluator.ComputeAsync(config.Budgets, options, cancellationToken);
        var created = new List<AlertRecord>();
        foreach (var (budget, status) in config.Budgets.Zip(statuses))
        {
            var existing = await store.ListAsync(budget.Name, status.Period, cancellationToken);
            created.AddRange(await StoreAlertsAsync(budget, status, Plan(budget, status, existing), options, cancellationToken));
        }

        var deliveries = await dispatcher.DispatchAsync(cancellationToken);
        return new BudgetEvaluationResult(statuses, created, deliveries);
    }

    /// <summary>The alerts a budget's status raises that its stored records of the period do not have yet.</summary>
    private static List<PlannedAlert> Plan(BudgetConfig budget, BudgetStatus status, IReadOnlyList<AlertRecord> existing)
    {
        var plans = new List<PlannedAlert>();
        plans.AddRange(AlertPlanner.Plan(budget.Name, status.Period, AlertKind.Actual, budget.Thresholds, status.PercentUsed, existing));
        plans.AddRange(AlertPlanner.Plan(budget.Name, status.Period, AlertKind.Forecast, budget.ForecastThresholds, status.ForecastPercent, existing));
        var existingKeys = existing.Select(r => r.Key.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var anomaly in status.Anomalies)
        {
            var key = new AlertKey(budget.Name, anomaly.Kind == AnomalyKind.NewGpuSku ? AlertKind.NewGpuSku : AlertKind.Anomaly, anomaly.Key, status.Period);
            if (!existingKeys.Contains(key.RowKey)) plans.Add(new PlannedAlert(key, AlertStatus.Pending));
        }
        if (budget.OnBreach is { } limit && status.PercentUsed >= limit.Threshold)
        {
            var key = new AlertKey(budget.Name, AlertKind.SpendingLimit, AlertKey.FormatPercent(limit.Threshold), status.Period);
            if (!existingKeys.Contains(key.RowKey)) plans.Add(new PlannedAlert(key, AlertStatus.Pending));
        }
        return plans;
    }

    /// <summary>
    /// One card per budget per evaluation: the most urgent pending alert leads, the others are folded into it (stored, so
    /// each threshold still fires once, but not delivered on their own). Returns the records the store added.
    /// </summary>
    private async Task<List<AlertRecord>> StoreAlertsAsync(BudgetConfig budget, BudgetStatus status, List<PlannedAlert> plans,
        BudgetEvaluationOptions options, CancellationToken cancellationToken)
    {
        var created = new List<AlertRecord>();
        var lead = plans.Where(p => p.InitialStatus == AlertStatus.Pending).OrderBy(p => Urgency(p.Key)).FirstOrDefault();
        var folded = plans.Where(p => p.InitialStatus == AlertStatus.Pending && p != lead).ToList();
        // The lead is stored last: a concurrent evaluation that already sees a folded record plans the same lead,
        // and the store adds each key once, so concurrent runs still send one card.
        foreach (var plan in plans.Where(p => p != lead).Append(lead).OfType<PlannedAlert>())
        {
            var actions = plan.Key.Kind == AlertKind.SpendingLimit
                ? await evaluator.SpendingLimitRequestsAsync(budget, status, cancellationToken) : [];
            var notification = AlertMessages.Build(plan.Key, budget, status, options.DashboardUrl, time.GetUtcNow()) with { Actions = actions };
            var initial = plan.InitialStatus;
            if (plan == lead)
                notification = notification with
                {
                    AlsoRaised = folded.Select(f => AlertMessages.Build(f.Key, budget, status, options.DashboardUrl, time.GetUtcNow()).Title).ToList(),
                };
            else if (folded.Contains(plan)) initial = AlertStatus.Suppressed;
            var record = new AlertRecord
            {
                Key = plan.Key,
                Status = initial,
                CreatedAt = time.GetUtcNow(),
                Targets = initial == AlertStatus.Suppressed ? [] : Targets(budget, plan.Key, options),
                Notification = notification,
            };
            var added = await store.TryAddAsync(record, cancellationToken);
            if (added is not null) created.Add(added);
        }
        return created;
    }

    /// <summary>Where an alert goes: the budget's channels, the events topic when publishing, the action executor for a spending limit.</summary>
    private static List<string> Targets(BudgetConfig budget, AlertKey key, BudgetEvaluationOptions options)
    {
        var targets = budget.Channels.ToList();
        if (options.PublishEvents) targets.Add(AlertDispatcher.EventsTarget);
        if (key.Kind == AlertKind.SpendingLimit) targets.Add(AlertDispatcher.ActionsTarget);
        return targets;
    }

    /// <summary>Which alert leads a budget's card: a spending limit (it carries the actions), then spend, forecast, anomalies, recoveries.</summary>
    private static int Urgency(AlertKey key) => key.Recovery ? 10 : key.Kind switch
    {
        AlertKind.SpendingLimit => 0,
        AlertKind.Actual => 1,
        AlertKind.Forecast => 2,
        AlertKind.Anomaly => 3,
        AlertKind.NewGpuSku => 4,
        _ => 5,
    };
}

/// <summary>Titles and summaries of alerts: plain text the card renderers lay out.</summary>
public static class AlertMessages
{
    public static AlertNotification Build(AlertKey key, BudgetConfig budget, BudgetStatus status, string? dashboardUrl, DateTimeOffset now)
    {
        var c = status.Currency;
        var anomaly = key.Kind is AlertKind.Anomaly or AlertKind.NewGpuSku
            ? status.Anomalies.FirstOrDefault(a => a.Key == key.Threshold) : null;
        var (title, summary) = TitleAndSummary(key, budget, anomaly, SpendLine(status), ForecastLine(status));
        return new AlertNotification
        {
            AlertId = key.AlertId,
            BudgetName = budget.Name,
            Kind = key.Kind,
            Recovery = key.Recovery,
            Threshold = key.Threshold,
            Severity = key.Recovery ? "info" : key.Kind == AlertKind.SpendingLimit ? "critical" : status.Severity,
            Period = status.Period,
            Title = title,
            Summary = summary,
            Scope = status.Scope,
            Currency = c,
            Amount = status.Amount,
            Spent = status.Spent,
            PercentUsed = status.PercentUsed,
            Forecast = status.Forecast,
            ForecastLow = status.ForecastLow,
            ForecastHigh = status.ForecastHigh,
            BreachDate = status.BreachDate,
            DataThrough = status.DataThrough,
            EstimatedSinceBilling = status.Estimated?.Amount,
            EstimatedBasis = status.Estimated?.Basis,
            TopDrivers = (anomaly?.Drivers ?? status.TopDrivers).Where(d => d.Cost > 0).ToList(),
            Owners = budget.Owners.ToList(),
            DashboardUrl = dashboardUrl,
            CreatedAt = now,
        };
    }

    /// <summary>"Spent … of … (…%) in 2026-11, billed data through …."</summary>
    private static string SpendLine(BudgetStatus status)
    {
        var c = status.Currency;
        return string.Create(CultureInfo.InvariantCulture,
            $"Spent {Common.Money.WithCode(status.Spent, c)} of {Common.Money.WithCode(status.Amount, c)} ({status.PercentUsed}%) in {status.Period}")
            + (status.DataThrough is { } through ? string.Create(CultureInfo.InvariantCulture, $", billed data through {through:yyyy-MM-dd}") : "") + ".";
    }

    /// <summary>"Forecast … (…%), range … – …; projected to reach the budget on …" (or not this month).</summary>
    private static string ForecastLine(BudgetStatus status)
    {
        var c = status.Currency;
        return string.Create(CultureInfo.InvariantCulture,
            $"Forecast {Common.Money.WithCode(status.Forecast, c)} ({status.ForecastPercent}%), range {Common.Money.WithCode(status.ForecastLow, c)} – {Common.Money.WithCode(status.ForecastHigh, c)}")
            + (status.BreachDate is { } b ? string.Create(CultureInfo.InvariantCulture, $"; projected to reach the budget on {b:yyyy-MM-dd}") : "; not projected to reach the budget this month") + ".";
    }

    /// <summary>The card's title, and its summary: the line the alert is about first (spend, forecast, the anomaly or the limit).</summary>
    private static (string Title, string Summary) TitleAndSummary(AlertKey key, BudgetConfig budget, SpendAnomaly? anomaly, string spendLine,
        string forecastLine) => key.Kind switch
        {
            AlertKind.Actual when key.Recovery => ($"Budget {budget.Name}: spend back below {key.Threshold}%", $"{spendLine} {forecastLine}"),
            AlertKind.Actual => ($"Budget {budget.Name}: {key.Threshold}% of the monthly budget spent", $"{spendLine} {forecastLine}"),
            AlertKind.Forecast when key.Recovery => ($"Budget {budget.Name}: forecast back below {key.Threshold}%", $"{forecastLine} {spendLine}"),
            AlertKind.Forecast => ($"Budget {budget.Name}: forecast to reach {key.Threshold}% of the budget", $"{forecastLine} {spendLine}"),
            AlertKind.Anomaly => ($"Budget {budget.Name}: spend anomaly on {anomaly?.Day:yyyy-MM-dd}", $"{anomaly?.Description}. {spendLine}"),
            AlertKind.NewGpuSku => ($"Budget {budget.Name}: new GPU SKU {anomaly?.SkuName}", $"{anomaly?.Description}. {spendLine}"),
            AlertKind.SpendingLimit => ($"Budget {budget.Name}: spending limit reached ({key.Threshold}%)",
                budget.OnBreach?.DryRun ?? true
                    ? $"{spendLine} Dry run: onBreach would request {budget.OnBreach?.Action} for resources matching {FormatScope(budget.OnBreach?.Scope)}; nothing is changed."
                    : $"{spendLine} onBreach: {budget.OnBreach?.Action} requested for resources matching {FormatScope(budget.OnBreach?.Scope)}."),
            _ => ($"Budget {budget.Name}", spendLine),
        };

    private static string FormatScope(IReadOnlyDictionary<string, string>? scope) =>
        scope is null || scope.Count == 0 ? "the budget's scope" : string.Join(", ", scope.Select(kv => $"{kv.Key}={kv.Value}"));
}
