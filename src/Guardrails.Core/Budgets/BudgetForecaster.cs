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
        var known = new KnownSpend(input.DailySpend, input.DataFrom, input.DataThrough > monthEnd ? monthEnd : input.DataThrough);
        var dataThrough = known.Through;

        var (actual, observed) = ActualToDate(known, monthStart);
        var firstProjected = Max(dataThrough.AddDays(1), monthStart);
        var remaining = firstProjected > monthEnd ? 0 : monthEnd.DayNumber - firstProjected.DayNumber + 1;
        var (factors, patternApplied) = WeekdayFactors(known);
        var (rate, band) = RunRate(known, factors, remaining);
        var (projected, breach) = Project(known, factors, rate, monthStart, monthEnd, input.Amount);

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

    /// <summary>The ledger's daily spend between the first day it has data for and the last complete billed day.</summary>
    private readonly record struct KnownSpend(IReadOnlyDictionary<DateOnly, decimal> Daily, DateOnly From, DateOnly Through)
    {
        /// <summary>A known day that is absent spent 0.</summary>
        public decimal On(DateOnly d) => Daily.TryGetValue(d, out var v) ? v : 0m;
    }

    /// <summary>Billed spend of the month's known days, and how many there are.</summary>
    private static (decimal Actual, int Observed) ActualToDate(KnownSpend known, DateOnly monthStart)
    {
        var actual = 0m;
        var observed = 0;
        for (var d = Max(monthStart, known.From); d <= known.Through; d = d.AddDays(1))
        {
            actual += known.On(d);
            observed++;
        }
        return (actual, observed);
    }

    /// <summary>Weekday factors over the last 28 known days (all 1 with less than 14 days, or no positive spend).</summary>
    private static (decimal[] Factors, bool Applied) WeekdayFactors(KnownSpend known)
    {
        var factors = new decimal[7];
        Array.Fill(factors, 1m);
        var patternFrom = Max(known.From, known.Through.AddDays(-(PatternDays - 1)));
        if (known.Through.DayNumber - patternFrom.DayNumber + 1 < 14) return (factors, false);
        var sums = new decimal[7];
        var counts = new int[7];
        for (var d = patternFrom; d <= known.Through; d = d.AddDays(1))
        {
            sums[(int)d.DayOfWeek] += known.On(d);
            counts[(int)d.DayOfWeek]++;
        }
        var means = Enumerable.Range(0, 7).Select(w => sums[w] / counts[w]).ToArray();
        var overall = means.Sum() / 7m;
        if (overall <= 0 || !means.All(m => m >= 0)) return (factors, false);
        for (var w = 0; w < 7; w++) factors[w] = means[w] / overall;
        return (factors, factors.Any(f => f != 1m));
    }

    /// <summary>The de-seasonalised run-rate over the last 14 known days, and the ~90% band of the residuals over the remaining days.</summary>
    private static (decimal Rate, decimal Band) RunRate(KnownSpend known, decimal[] factors, int remaining)
    {
        var rateFrom = Max(known.From, known.Through.AddDays(-(RunRateDays - 1)));
        var adjusted = new List<decimal>();
        var raw = new List<(DateOnly Day, decimal Spend)>();
        for (var d = rateFrom; d <= known.Through; d = d.AddDays(1))
        {
            var f = factors[(int)d.DayOfWeek];
            raw.Add((d, known.On(d)));
            if (f > 0) adjusted.Add(known.On(d) / f);
        }
        var rate = adjusted.Count == 0 ? 0m : Math.Max(0m, adjusted.Sum() / adjusted.Count);
        if (raw.Count < 2 || remaining <= 0) return (rate, 0m);
        var residuals = raw.Select(r => r.Spend - rate * factors[(int)r.Day.DayOfWeek]).ToArray();
        var mean = residuals.Sum() / residuals.Length;
        var variance = residuals.Sum(e => (e - mean) * (e - mean)) / (residuals.Length - 1);
        return (rate, Z90 * DecimalMath.Sqrt(variance) * DecimalMath.Sqrt(remaining));
    }

    /// <summary>The projected spend of the days after the known ones, and the first day cumulative spend reaches the amount.</summary>
    private static (decimal Projected, DateOnly? Breach) Project(KnownSpend known, decimal[] factors, decimal rate, DateOnly monthStart,
        DateOnly monthEnd, decimal amount)
    {
        var projected = 0m;
        DateOnly? breach = null;
        var cumulative = 0m;
        for (var d = monthStart; d <= monthEnd; d = d.AddDays(1))
        {
            decimal day;
            if (d <= known.Through) day = d >= known.From ? known.On(d) : 0m;
            else
            {
                day = Math.Max(0m, rate * factors[(int)d.DayOfWeek]);
                projected += day;
            }
            cumulative += day;
            if (breach is null && amount > 0 && cumulative >= amount) breach = d;
        }
        return (projected, breach);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
