namespace Guardrails.Core.Budgets;

/// <summary>What the forecaster needs: the month, which days the ledger has data for, and the daily spend.</summary>
/// <param name="Month">Any day of the budget month (its first day is used).</param>
/// <param name="DataFrom">First day the ledger holds data for (earlier days are unknown, not zero).</param>
/// <param name="DataThrough">Last complete day of billed data (billing lags 8–24 h). Days after it are projected.</param>
/// <param name="DailySpend">Spend per day in the budget's scope; a day within [DataFrom, DataThrough] that is absent spent 0.</param>
/// <param name="Amount">The budget amount (for the breach date).</param>
public sealed record ForecastInput(DateOnly Month, DateOnly DataFrom, DateOnly DataThrough,
    IReadOnlyDictionary<DateOnly, decimal> DailySpend, decimal Amount);

/// <summary>Month-end projection of one budget.</summary>
/// <param name="ActualToDate">Billed spend of the month through <see cref="DataThrough"/>.</param>
/// <param name="Forecast">Actual to date plus the projected remaining days.</param>
/// <param name="Low">Lower end of the ~90% band (never below actual to date).</param>
/// <param name="High">Upper end of the ~90% band.</param>
/// <param name="BreachDate">First day cumulative spend (actual, then projected) reaches the amount; null if it does not this month.</param>
/// <param name="DailyRunRate">The de-seasonalised daily run-rate used for the projection.</param>
/// <param name="WeekdayPatternApplied">True when enough history (≥ 14 days) existed to weight remaining days by weekday.</param>
public sealed record BudgetForecast(decimal ActualToDate, decimal Forecast, decimal Low, decimal High, DateOnly? BreachDate,
    DateOnly? DataThrough, int DaysObserved, int DaysRemaining, decimal DailyRunRate, bool WeekdayPatternApplied);

/// <summary>
/// Run-rate forecast with a weekday pattern. The run-rate is the mean spend of the last 14 observed days divided by
/// each day's weekday factor; weekday factors (mean spend of that weekday ÷ mean of the seven weekday means, over the
/// last 28 days) are applied when every weekday was seen at least twice. The band is ±1.645 σ √(remaining days), σ
/// the standard deviation of the daily residuals in the run-rate window. Projected days never go below zero, so a
/// forecast is never below the actual spend to date, and a constant daily spend forecasts exactly.
/// </summary>
public static class BudgetForecaster
{
    public const int RunRateDays = 14;
    public const int PatternDays = 28;
    private const decimal Z90 = 1.645m;

    public static BudgetForecast Forecast(ForecastInput input)
    {
        var monthStart = new DateOnly(input.Month.Year, input.Month.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var dataThrough = input.DataThrough > monthEnd ? monthEnd : input.DataThrough;
        var dataFrom = input.DataFrom;

        decimal Spend(DateOnly d) => input.DailySpend.TryGetValue(d, out var v) ? v : 0m;

        var actual = 0m;
        var observed = 0;
        for (var d = Max(monthStart, dataFrom); d <= dataThrough; d = d.AddDays(1))
        {
            actual += Spend(d);
            observed++;
        }
        var firstProjected = Max(dataThrough.AddDays(1), monthStart);
        var remaining = firstProjected > monthEnd ? 0 : monthEnd.DayNumber - firstProjected.DayNumber + 1;

        // Weekday pattern over the last 28 known days.
        var factors = new decimal[7];
        Array.Fill(factors, 1m);
        var patternFrom = Max(dataFrom, dataThrough.AddDays(-(PatternDays - 1)));
        var patternApplied = false;
        if (dataThrough.DayNumber - patternFrom.DayNumber + 1 >= 14)
        {
            var sums = new decimal[7];
            var counts = new int[7];
            for (var d = patternFrom; d <= dataThrough; d = d.AddDays(1))
            {
                sums[(int)d.DayOfWeek] += Spend(d);
                counts[(int)d.DayOfWeek]++;
            }
            var means = Enumerable.Range(0, 7).Select(w => sums[w] / counts[w]).ToArray();
            var overall = means.Sum() / 7m;
            if (overall > 0 && means.All(m => m >= 0))
            {
                for (var w = 0; w < 7; w++) factors[w] = means[w] / overall;
                patternApplied = factors.Any(f => f != 1m);
            }
        }

        // De-seasonalised run-rate over the last 14 known days.
        var rateFrom = Max(dataFrom, dataThrough.AddDays(-(RunRateDays - 1)));
        var adjusted = new List<decimal>();
        var raw = new List<(DateOnly Day, decimal Spend)>();
        for (var d = rateFrom; d <= dataThrough; d = d.AddDays(1))
        {
            var f = factors[(int)d.DayOfWeek];
            raw.Add((d, Spend(d)));
            if (f > 0) adjusted.Add(Spend(d) / f);
        }
        var rate = adjusted.Count == 0 ? 0m : Math.Max(0m, adjusted.Sum() / adjusted.Count);

        // Residual spread → band.
        var band = 0m;
        if (raw.Count >= 2 && remaining > 0)
        {
            var residuals = raw.Select(r => r.Spend - rate * factors[(int)r.Day.DayOfWeek]).ToArray();
            var mean = residuals.Sum() / residuals.Length;
            var variance = residuals.Sum(e => (e - mean) * (e - mean)) / (residuals.Length - 1);
            band = Z90 * DecimalMath.Sqrt(variance) * DecimalMath.Sqrt(remaining);
        }

        var projected = 0m;
        DateOnly? breach = null;
        var cumulative = 0m;
        for (var d = monthStart; d <= monthEnd; d = d.AddDays(1))
        {
            decimal day;
            if (d <= dataThrough) day = d >= dataFrom ? Spend(d) : 0m;
            else
            {
                day = Math.Max(0m, rate * factors[(int)d.DayOfWeek]);
                projected += day;
            }
            cumulative += day;
            if (breach is null && input.Amount > 0 && cumulative >= input.Amount) breach = d;
        }

        var forecast = actual + projected;
        return new BudgetForecast(
            ActualToDate: actual,
            Forecast: forecast,
            Low: Math.Max(actual, forecast - band),
            High: forecast + band,
            BreachDate: breach,
            DataThrough: dataThrough >= monthStart ? dataThrough : null,
            DaysObserved: observed,
            DaysRemaining: remaining,
            DailyRunRate: rate,
            WeekdayPatternApplied: patternApplied);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
