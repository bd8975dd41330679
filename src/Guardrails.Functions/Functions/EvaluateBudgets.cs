using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Budgets;

namespace Guardrails.Functions.Functions;

/// <summary>Timer (hourly by default): budget status → alert state (once per budget/kind/threshold/period) → delivery.</summary>
public sealed class EvaluateBudgets(BudgetEvaluationJob job, GuardrailsMetrics metrics, ILogger<EvaluateBudgets> logger)
{
    [Function(nameof(EvaluateBudgets))]
    public async Task Run([TimerTrigger("%" + AppSettings.BudgetSchedule + "%")] TimerInfo timer, FunctionContext context)
    {
        var result = await job.RunAsync(context.CancellationToken);
        foreach (var e in job.DefinitionErrors)
            logger.LogError("Stored budget left out: {Error}", e.ToString());
        foreach (var b in result.Budgets)
            using (logger.BeginScope(new Dictionary<string, object> { ["Budget"] = b.Name, ["Period"] = b.Period }))
                logger.LogInformation("Budget {Budget} {Period}: spent {Spent} {Currency} of {Amount} ({Percent}%), forecast {Forecast}, breach {BreachDate}, state {State}",
                b.Name, b.Period, b.Spent, b.Currency, b.Amount, b.PercentUsed, b.Forecast, b.BreachDate, b.State);
        foreach (var d in result.Deliveries)
        {
            if (d.Status == AlertStatus.Delivered) metrics.AlertsSent.Add(1);
            if (d.Status == AlertStatus.Delivered) logger.LogInformation("Alert {AlertId} delivered to {Targets}", d.AlertId, string.Join(", ", d.DeliveredNow));
            else logger.LogWarning("Alert {AlertId} {Status}: {Reason}; retried next run", d.AlertId, d.Status, d.Error ?? d.Skipped);
        }
        logger.LogInformation("{Created} alerts created, {Deliveries} deliveries; next run {Next}",
            result.AlertsCreated.Count, result.Deliveries.Count, timer.ScheduleStatus?.Next);
    }
}
