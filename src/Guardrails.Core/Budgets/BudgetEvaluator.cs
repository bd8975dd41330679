using System.Globalization;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Budgets;

public sealed record BudgetEvaluationOptions
{
    /// <summary>The month to evaluate (any day of it); null means the current UTC month.</summary>
    public DateOnly? Month { get; init; }
    /// <summary>Dashboard link shown on every card.</summary>
    public string? DashboardUrl { get; init; }
    /// <summary>Publish every alert to guardrail-events too (a Service Bus publisher is configured).</summary>
    public bool PublishEvents { get; init; }
    /// <summary>How many of the latest data days are tested for anomalies.</summary>
    public int AnomalyDays { get; init; } = 1;
}

/// <summary>The result of one evaluation: every budget's status, the alerts created and what delivery did.</summary>
public sealed record BudgetEvaluationResult(
    IReadOnlyList<BudgetStatus> Budgets,
    IReadOnlyList<AlertRecord> AlertsCreated,
    IReadOnlyList<AlertDeliveryOutcome> Deliveries);

/// <summary>
/// Computes budget status from the ledger: spend to date, forecast with band and breach date, estimated fresh spend,
/// top drivers and anomalies. Reads the ledger once per evaluation (the month plus 35 days of history) and matches
/// scopes itself.
/// </summary>
public sealed class BudgetEvaluator(
    ICostLedgerReader ledger,
    IResourceCostReader? resources,
    IFreshSpendEstimator? fresh,
    TimeProvider time,
    VmSkuCatalog? skus = null)
{
    public const int HistoryDays = 35;
    public const int TopDriverCount = 5;

    public async Task<IReadOnlyList<BudgetStatus>> ComputeAsync(IReadOnlyList<BudgetConfig> budgets, BudgetEvaluationOptions options,
        CancellationToken cancellationToken = default)
    {
        var ledgerMonth = await ReadMonthAsync(budgets, options, cancellationToken);
        var statuses = new List<BudgetStatus>();
        foreach (var budget in budgets) statuses.Add(await StatusAsync(budget, ledgerMonth, options, cancellationToken));
        return statuses;
    }

    /// <summary>The month evaluated, what the ledger holds for it (with the history before it) and which days it knows.</summary>
    private sealed record LedgerMonth(DateTimeOffset Now, DateOnly Start, DateOnly End, IReadOnlyList<DailyCostFact> Facts,
        IReadOnlyList<ResourceDailyCost> Resources, DateOnly DataFrom, DateOnly DataThrough)
    {
        public string Period => Start.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads the ledger once: the month plus <see cref="HistoryDays"/> of history; the known days end before today.</summary>
    private async Task<LedgerMonth> ReadMonthAsync(IReadOnlyList<BudgetConfig> budgets, BudgetEvaluationOptions options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var month = options.Month ?? DateOnly.FromDateTime(now.UtcDateTime);
        var monthStart = new DateOnly(month.Year, month.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        var query = new LedgerQuery(monthStart.AddDays(-HistoryDays), monthEnd);

        var facts = await ledger.GetFactsAsync(query with { Detail = DetailNeeded(budgets) }, cancellationToken);
        var resourceCosts = resources is null ? [] : await resources.GetResourceCostsAsync(query, cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        // What the ledger knows: first day with data, last complete day of data (never today or later).
        var known = facts.Select(f => f.Day).Where(d => d < today).ToList();
        var dataFrom = known.Count == 0 ? monthStart : known.Min();
        var dataThrough = known.Count == 0 ? monthStart.AddDays(-1) : known.Max();
        if (dataThrough > monthEnd) dataThrough = monthEnd;
        return new LedgerMonth(now, monthStart, monthEnd, facts, resourceCosts, dataFrom, dataThrough);
    }

    private async Task<BudgetStatus> StatusAsync(BudgetConfig budget, LedgerMonth m, BudgetEvaluationOptions options, CancellationToken cancellationToken)
    {
        var scope = BudgetScope.For(budget);
        decimal Cost(DailyCostFact f) => budget.UsesBilledCost ? f.BilledCost : f.EffectiveCost;
        decimal ResCost(ResourceDailyCost r) => budget.UsesBilledCost ? r.BilledCost : r.EffectiveCost;
        bool InBudget(string currency) => string.Equals(currency, budget.Currency, StringComparison.OrdinalIgnoreCase);

        var inScope = m.Facts.Where(f => scope.Matches(f) && (budget.IncludeFixedCosts || f.Category != CostCategory.Fixed)).ToList();
        var ignored = inScope.Select(f => f.Currency).Where(c => !InBudget(c))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var daily = inScope.Where(f => InBudget(f.Currency) && f.Day <= m.DataThrough)
            .GroupBy(f => f.Day).ToDictionary(g => g.Key, g => g.Sum(Cost));
        var scopeResources = m.Resources
            .Where(r => scope.Matches(r) && (budget.IncludeFixedCosts || r.Category != CostCategory.Fixed) && InBudget(r.Currency) && r.Day <= m.DataThrough)
            .ToList();

        var forecast = BudgetForecaster.Forecast(new ForecastInput(m.Start, m.DataFrom, m.DataThrough, daily, budget.Amount));
        var estimate = await EstimateFreshSpendAsync(budget, scope, m, cancellationToken);
        var drivers = TopDrivers(scopeResources.Where(r => r.Day >= m.Start), ResCost);
        var anomalyDays = Enumerable.Range(0, Math.Max(1, options.AnomalyDays)).Select(i => m.DataThrough.AddDays(-i))
            .Where(d => d >= m.Start && d <= m.End).ToList();
        var anomalies = AnomalyDetector.Detect(budget.Anomalies, anomalyDays, m.DataFrom, daily, scopeResources, ResCost, skus);

        var pct = BudgetStatus.Percent(forecast.ActualToDate, budget.Amount);
        var fpct = BudgetStatus.Percent(forecast.Forecast, budget.Amount);
        return new BudgetStatus
        {
            Name = budget.Name,
            Period = m.Period,
            Currency = budget.Currency.ToUpperInvariant(),
            Amount = budget.Amount,
            Scope = scope.ToString(),
            Severity = budget.Severity.ToLowerInvariant(),
            Spent = forecast.ActualToDate,
            PercentUsed = pct,
            Forecast = forecast.Forecast,
            ForecastPercent = fpct,
            ForecastLow = forecast.Low,
            ForecastHigh = forecast.High,
            BreachDate = forecast.BreachDate,
            DataThrough = forecast.DataThrough,
            State = State(budget, forecast, pct, fpct),
            Estimated = estimate,
            TopDrivers = drivers,
            Anomalies = anomalies,
            IgnoredCurrencies = ignored,
            ForecastDetail = forecast,
        };
    }

    /// <summary>Spend since the last billed day, priced from telemetry: only while the month evaluated is the current one.</summary>
    private async Task<FreshSpendEstimate?> EstimateFreshSpendAsync(BudgetConfig budget, BudgetScope scope, LedgerMonth m, CancellationToken cancellationToken)
    {
        if (fresh is null || m.Now.UtcDateTime < m.Start.ToDateTime(TimeOnly.MinValue) || DateOnly.FromDateTime(m.Now.UtcDateTime) > m.End) return null;
        var billedThrough = new DateTimeOffset(m.DataThrough.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return await fresh.EstimateAsync(new FreshSpendRequest(budget.Name, scope, budget.Currency, billedThrough, m.Now), cancellationToken);
    }

    /// <summary>The month's most expensive resources in the budget's scope.</summary>
    private static List<CostDriver> TopDrivers(IEnumerable<ResourceDailyCost> monthResources, Func<ResourceDailyCost, decimal> cost) =>
        monthResources.GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new CostDriver(g.Key, g.First().ResourceName, g.First().SkuName, g.Sum(cost), 0m))
            .Where(d => d.Cost != 0)
            .OrderByDescending(d => d.Cost).ThenBy(d => d.ResourceId, StringComparer.Ordinal).Take(TopDriverCount).ToList();

    /// <summary>No data, over, forecast breach (the lowest forecast threshold), warning (the lowest threshold) or ok.</summary>
    private static string State(BudgetConfig budget, BudgetForecast forecast, decimal pct, decimal fpct) =>
        forecast.DataThrough is null && forecast.ActualToDate == 0 ? BudgetStates.NoData
        : pct >= 100 ? BudgetStates.Over
        : budget.ForecastThresholds.Count > 0 && fpct >= budget.ForecastThresholds.Min() ? BudgetStates.ForecastBreach
        : budget.Thresholds.Count > 0 && pct >= budget.Thresholds.Min() ? BudgetStates.Warning
        : BudgetStates.Ok;

    /// <summary>Scopes by allocation only need the ledger's per-run summary; a subscription or resource group needs the facts.</summary>
    internal static LedgerDetail DetailNeeded(IReadOnlyList<BudgetConfig> budgets) =>
        budgets.Select(BudgetScope.For).All(s => s.SubscriptionId is null && s.ResourceGroupName is null)
            ? LedgerDetail.Allocation
            : LedgerDetail.Fact;

    /// <summary>Spending-limit requests for the resources of a budget's onBreach scope seen this month.</summary>
    public async Task<IReadOnlyList<GuardrailActionRequest>> SpendingLimitRequestsAsync(BudgetConfig budget, BudgetStatus status,
        CancellationToken cancellationToken = default)
    {
        if (budget.OnBreach is null || resources is null) return [];
        var monthStart = DateOnly.ParseExact(status.Period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var costs = await resources.GetResourceCostsAsync(new LedgerQuery(monthStart, monthStart.AddMonths(1).AddDays(-1)), cancellationToken);
        var scope = BudgetScope.For(budget);
        var kind = budget.OnBreach.Action.ToLowerInvariant() switch
        {
            "mark" => GuardrailActionKind.Mark,
            "notify" => GuardrailActionKind.Notify,
            _ => GuardrailActionKind.Deallocate,
        };
        var now = time.GetUtcNow();
        return costs.Where(r => scope.Matches(r) && BudgetScope.MatchesAllocation(r.Allocation, budget.OnBreach.Scope))
            .Select(r => r.ResourceId).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)
            .Select(id => new GuardrailActionRequest
            {
                Id = new AlertKey(budget.Name, AlertKind.SpendingLimit, AlertKey.FormatPercent(budget.OnBreach.Threshold), status.Period).AlertId
                    + "-" + StableHash(id),
                ResourceId = id,
                Kind = kind,
                Origin = ActionOrigin.SpendingLimit,
                RequestedBy = budget.Name,
                RequestedAt = now,
                Reasons = [string.Create(CultureInfo.InvariantCulture,
                    $"budget {budget.Name} spent {status.Spent:0.00} {status.Currency} of {status.Amount:0.00} ({status.PercentUsed}%) in {status.Period}, onBreach threshold {budget.OnBreach.Threshold}%")],
                Currency = status.Currency,
                DryRun = budget.OnBreach.DryRun,
            }).ToList();
    }

    internal static string StableHash(string text)
    {
        // FNV-1a 64: deterministic across processes (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in text.ToLowerInvariant())
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
