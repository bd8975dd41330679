using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Budgets;

public class FreshSpendTests
{
    private sealed class FixedEstimator(decimal amount) : IFreshSpendEstimator
    {
        public FreshSpendRequest? Seen { get; private set; }
        public Task<FreshSpendEstimate?> EstimateAsync(FreshSpendRequest request, CancellationToken cancellationToken = default)
        {
            Seen = request;
            return Task.FromResult<FreshSpendEstimate?>(new FreshSpendEstimate(amount, request.Currency, request.BilledThrough, request.Now, "test"));
        }
    }

    [Fact]
    public async Task An_estimate_is_reported_separately_and_does_not_count_as_actual_spend()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero));
        var ledger = BudgetTestData.Steady(new DateOnly(2024, 9, 1), new DateOnly(2024, 9, 20), 100m);
        var estimator = new FixedEstimator(5_000m);
        var evaluator = new BudgetEvaluator(ledger, ledger, estimator, time);

        var status = Assert.Single(await evaluator.ComputeAsync([BudgetTestData.Budget()], new BudgetEvaluationOptions()));

        Assert.Equal(2000m, status.Spent);
        Assert.Equal(66.7m, status.PercentUsed);
        Assert.Equal(5_000m, status.Estimated?.Amount);
        Assert.Equal(new DateTimeOffset(2024, 9, 21, 0, 0, 0, TimeSpan.Zero), estimator.Seen!.BilledThrough);
        Assert.Equal("team=vision", estimator.Seen.Scope.ToString());
        var n = AlertMessages.Build(new AlertKey("vision", AlertKind.Actual, "50", "2024-09"), BudgetTestData.Budget(), status, null, time.GetUtcNow());
        Assert.Equal(5_000m, n.EstimatedSinceBilling);
    }

    [Fact]
    public async Task Past_months_are_not_estimated()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 10, 5, 10, 0, 0, TimeSpan.Zero));
        var ledger = BudgetTestData.Steady(new DateOnly(2024, 9, 1), new DateOnly(2024, 10, 4), 100m);
        var estimator = new FixedEstimator(1m);
        var status = Assert.Single(await new BudgetEvaluator(ledger, ledger, estimator, time)
            .ComputeAsync([BudgetTestData.Budget()], new BudgetEvaluationOptions { Month = new DateOnly(2024, 9, 1) }));

        Assert.Null(status.Estimated);
        Assert.Null(estimator.Seen);
        Assert.Equal(3000m, status.Spent);
        Assert.Equal(3000m, status.Forecast);
        Assert.Equal(BudgetStates.Over, status.State);
    }
}
