using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Budgets;

/// <summary>
/// Budget burn-downs from the budgets feature: <see cref="BudgetEvaluator"/> gives spend, forecast, band and breach
/// date; the daily cumulative actual line is the budget's matching ledger facts. The forecast line and band are drawn
/// straight from the spend to date to the month-end forecast/low/high (the forecaster's weekday shape is not drawn).
/// </summary>
public sealed class LedgerBudgetBurnDownSource(BudgetEvaluator evaluator, ICostLedgerReader ledger, IReadOnlyList<BudgetConfig> budgets)
    : IBudgetStatusSource
{
    public async Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        if (budgets.Count == 0) return [];
        var monthStart = new DateOnly(asOf.Year, asOf.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var statuses = await evaluator.ComputeAsync(budgets, new BudgetEvaluationOptions { Month = monthStart }, cancellationToken).ConfigureAwait(false);
        var facts = await ledger.GetFactsAsync(new LedgerQuery(monthStart, monthEnd), cancellationToken).ConfigureAwait(false);
        var result = new List<BudgetBurnDown>();
        foreach (var status in statuses)
        {
            var config = budgets.FirstOrDefault(b => b.Name == status.Name);
            if (config is null) continue;
            var scope = BudgetScope.For(config);
            var through = status.DataThrough ?? monthStart.AddDays(-1);
            var daily = facts.Where(f => f.Currency == status.Currency && FactClass.IsCloud(f) && f.Day <= through && scope.Matches(f))
                .GroupBy(f => f.Day).ToDictionary(g => g.Key, g => g.Sum(f => config.UsesBilledCost ? f.BilledCost : f.EffectiveCost));
            var actual = new List<BurnDownPoint>();
            decimal cumulative = 0;
            for (var d = monthStart; d <= through && d <= monthEnd; d = d.AddDays(1))
                actual.Add(new BurnDownPoint(d, cumulative += daily.GetValueOrDefault(d)));
            var forecast = new List<ForecastPoint>();
            var remaining = monthEnd.DayNumber - through.DayNumber;
            for (var i = 1; i <= remaining; i++)
            {
                var t = (decimal)i / remaining;
                forecast.Add(new ForecastPoint(through.AddDays(i), status.Spent + (status.Forecast - status.Spent) * t,
                    status.Spent + (status.ForecastLow - status.Spent) * t, status.Spent + (status.ForecastHigh - status.Spent) * t));
            }
            result.Add(new BudgetBurnDown
            {
                Name = status.Name + (status.Scope.Length > 0 ? $" ({status.Scope})" : ""),
                Currency = status.Currency,
                Amount = status.Amount,
                PeriodStart = monthStart,
                PeriodEnd = monthEnd,
                Scope = scope.Allocation.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
                Actual = actual,
                Forecast = forecast,
                Spent = status.Spent,
                ForecastAtPeriodEnd = status.Forecast,
                BreachDate = status.BreachDate,
                State = status.State,
                Estimated = status.Estimated?.Amount,
                EstimatedBasis = status.Estimated?.Basis,
            });
        }
        return result;
    }
}
