using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Budgets;

namespace Guardrails.Core.Tests.Budgets;

public class BudgetForecasterTests
{
    private static readonly DateOnly Sep = new(2024, 9, 1);

    private static Dictionary<DateOnly, decimal> Series(DateOnly from, IReadOnlyList<decimal> values) =>
        values.Select((v, i) => (Day: from.AddDays(i), v)).ToDictionary(x => x.Day, x => x.v);

    // Generators: daily spend in cents up to 10,000.00, 1..30 observed days, 0..40 days of prior history.
    private static readonly Gen<decimal> Money = Gen.Choose(0, 1_000_000).Select(c => c / 100m);

    private static Arbitrary<(decimal[] Spend, int History, int Observed)> Scenarios() =>
        (from history in Gen.Choose(0, 40)
         from observed in Gen.Choose(1, 30)
         from spend in Gen.ArrayOf(Money, history + observed)
         select (spend, history, observed)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Constant_daily_spend_forecasts_exactly() =>
        Prop.ForAll(Gen.Choose(1, 30).Select(x => x).ToArbitrary(), Money.ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), (observed, daily, history) =>
        {
            var from = Sep.AddDays(-history);
            var days = Enumerable.Repeat(daily, history + observed).ToArray();
            var f = BudgetForecaster.Forecast(new ForecastInput(Sep, from, Sep.AddDays(observed - 1), Series(from, days), 1_000_000m));
            return f.Forecast == daily * 30 && f.ActualToDate == daily * observed && f.Low == f.Forecast && f.High == f.Forecast;
        });

    [Property(MaxTest = 300)]
    public Property Forecast_is_never_below_actual_and_band_contains_forecast() =>
        Prop.ForAll(Scenarios(), s =>
        {
            var from = Sep.AddDays(-s.History);
            var f = BudgetForecaster.Forecast(new ForecastInput(Sep, from, Sep.AddDays(s.Observed - 1), Series(from, s.Spend), 5_000m));
            var actual = s.Spend.Skip(s.History).Sum();
            return f.ActualToDate == actual && f.Forecast >= actual && f.Low >= actual && f.Low <= f.Forecast && f.High >= f.Forecast;
        });

    [Property(MaxTest = 300)]
    public Property Breach_date_exists_exactly_when_forecast_reaches_the_amount() =>
        Prop.ForAll(Scenarios(), Gen.Choose(1, 200_000).ToArbitrary(), (s, amount) =>
        {
            var from = Sep.AddDays(-s.History);
            var f = BudgetForecaster.Forecast(new ForecastInput(Sep, from, Sep.AddDays(s.Observed - 1), Series(from, s.Spend), amount));
            return (f.BreachDate is not null) == (f.Forecast >= amount)
                && (f.BreachDate is null || (f.BreachDate.Value.Month == 9 && f.BreachDate.Value.Year == 2024));
        });

    [Property(MaxTest = 200)]
    public Property Complete_month_forecasts_its_actual() =>
        Prop.ForAll(Gen.ArrayOf(Money, 30).ToArbitrary(), spend =>
        {
            var f = BudgetForecaster.Forecast(new ForecastInput(Sep, Sep, new DateOnly(2024, 9, 30), Series(Sep, spend), 100m));
            return f.Forecast == spend.Sum() && f.DaysRemaining == 0 && f.High == f.Forecast;
        });

    [Fact]
    public void Weekday_pattern_projects_weekends_lower()
    {
        // 28 days of history: weekdays 100, weekends 20. Data through Sunday 2024-09-08.
        var from = new DateOnly(2024, 8, 12);
        var through = new DateOnly(2024, 9, 8);
        var daily = new Dictionary<DateOnly, decimal>();
        for (var d = from; d <= through; d = d.AddDays(1))
            daily[d] = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 20m : 100m;

        var f = BudgetForecaster.Forecast(new ForecastInput(Sep, from, through, daily, 10_000m));

        Assert.True(f.WeekdayPatternApplied);
        // Remaining 2024-09-09..30: 16 weekdays, 6 weekend days. Actual to date: 5 weekdays + 3 weekend days (1st is Sunday).
        Assert.Equal(5 * 100m + 3 * 20m, f.ActualToDate);
        Assert.Equal(f.ActualToDate + 16 * 100m + 6 * 20m, decimal.Round(f.Forecast, 6));
        Assert.Equal(0m, decimal.Round(f.High - f.Low, 6)); // a perfect weekly pattern has no residual spread
    }

    [Fact]
    public void Breach_date_is_the_first_day_cumulative_spend_reaches_the_amount()
    {
        var daily = Series(Sep, Enumerable.Repeat(100m, 10).ToArray());
        var f = BudgetForecaster.Forecast(new ForecastInput(Sep, Sep, Sep.AddDays(9), daily, 1_500m));
        Assert.Equal(new DateOnly(2024, 9, 15), f.BreachDate);
        Assert.Equal(3_000m, f.Forecast);
    }

    [Fact]
    public void Noisy_spend_gets_a_band_and_no_data_forecasts_zero()
    {
        var daily = Series(Sep, [10m, 200m, 15m, 180m, 5m, 220m, 12m, 190m]);
        var f = BudgetForecaster.Forecast(new ForecastInput(Sep, Sep, Sep.AddDays(7), daily, 5_000m));
        Assert.True(f.High > f.Forecast && f.Low < f.Forecast, $"band {f.Low}..{f.High} around {f.Forecast}");

        var empty = BudgetForecaster.Forecast(new ForecastInput(Sep, Sep, Sep.AddDays(-1), new Dictionary<DateOnly, decimal>(), 100m));
        Assert.Equal(0m, empty.Forecast);
        Assert.Null(empty.BreachDate);
        Assert.Null(empty.DataThrough);
    }
}
