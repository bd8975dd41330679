using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Carbon;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Reporting;

/// <summary>Daily spend stacked by the values of one allocation key (the top N by spend, the rest in one named "Other (k …)" series).</summary>
public sealed record SpendSeries(string Dimension, string Currency, IReadOnlyList<DateOnly> Days, IReadOnlyList<SpendSeriesLine> Series)
{
    public decimal Total => Series.Sum(s => s.Total);
}

public sealed record SpendSeriesLine(string Name, IReadOnlyList<decimal> Daily)
{
    public decimal Total => Daily.Sum();
    /// <summary>How many values the "Other" series folds together; 0 for a named value.</summary>
    public int Folded { get; init; }
}

/// <summary>One team's cost in one currency beside its idle GPU waste and GPU emissions (never added across currencies).</summary>
/// <param name="GpuHoursNotEstimated">GPU-hours whose emissions are unknown (not in <paramref name="KgCO2e"/>, never counted as zero).</param>
public sealed record TeamCostRow(string Team, string Currency, decimal Cost, decimal GpuCost, decimal IdleCost, decimal KgCO2e, decimal GpuHoursNotEstimated)
{
    /// <summary>Idle waste as a share of the team's GPU compute; null without GPU compute.</summary>
    public decimal? IdleShare => GpuCost > 0 ? Math.Round(IdleCost / GpuCost, 4) : null;
}

/// <summary>GPU compute cost, GPU-hours, idle GPU-hours and idle waste for one team.</summary>
public sealed record GpuWasteRow
{
    public required string Team { get; init; }
    public required string Currency { get; init; }
    public decimal GpuCost { get; init; }
    public decimal GpuHours { get; init; }
    public decimal IdleGpuHours { get; init; }
    public decimal IdleCost { get; init; }
    /// <summary>Busy share of GPU-hours (1 − idle ÷ total) when idle detection reported for the team; null otherwise.</summary>
    public decimal? Utilization { get; init; }
}

public sealed record TopResourceRow(string ResourceId, string? ResourceName, string? SkuName, string Allocation, string Currency,
    decimal Cost, decimal GpuHours);

public sealed record DashboardSummary(string Currency, decimal TotalCost, decimal CloudCost, decimal FixedCost, decimal GpuCost,
    decimal GpuHours, decimal IdleCost, decimal KgCO2e, int Days, IReadOnlyList<string> OtherCurrencies);

/// <summary>Everything the dashboard shows, computed once from one <see cref="ReportDataSet"/>.</summary>
public sealed record DashboardModel
{
    public required string Title { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly ToInclusive { get; init; }
    public required CostBasis Basis { get; init; }
    public required string Source { get; init; }
    public required DashboardSummary Summary { get; init; }
    public required IReadOnlyList<SpendSeries> Spend { get; init; }
    /// <summary>Cost, idle waste and emissions per team and currency (the drill-down's entry points).</summary>
    public required IReadOnlyList<TeamCostRow> Teams { get; init; }
    /// <summary>The first day of every month with costs (the month picker); empty when the source cannot tell.</summary>
    public IReadOnlyList<DateOnly> MonthsWithData { get; init; } = [];
    /// <summary>The team this view is narrowed to (?team=); null = every team.</summary>
    public string? Team { get; init; }
    public string TeamKey { get; init; } = "team";
    public required IReadOnlyList<BudgetBurnDown> Budgets { get; init; }
    public required IReadOnlyList<GpuWasteRow> GpuWaste { get; init; }
    public required IReadOnlyList<TopResourceRow> TopResources { get; init; }
    public required IReadOnlyList<GuardrailActionLogEntry> Actions { get; init; }
    public required IReadOnlyList<PullRequestCheckSummary> PullRequests { get; init; }
    /// <summary>The days of the action log and PR checks when they differ from the cost period; null = the same.</summary>
    public (DateOnly From, DateOnly ToInclusive)? LogPeriod { get; init; }
    public required ChargebackReport Chargeback { get; init; }
    public required ModelCostReport Models { get; init; }
    public required CarbonReport Carbon { get; init; }
    public RightSizingPanel RightSizing { get; init; } = RightSizingPanel.Empty;
}

/// <summary>Options of the dashboard and reports (allocation key names, cost basis, carbon fallback region).</summary>
public sealed record DashboardOptions
{
    public CostBasis Basis { get; init; } = CostBasis.Effective;
    public IReadOnlyList<string> SpendDimensions { get; init; } = ["team", "project", "model"];
    public string TeamKey { get; init; } = "team";
    public string ModelKey { get; init; } = "model";
    public string RunKey { get; init; } = "run";
    /// <summary>Named series per spend chart (the top N by spend); the rest are one "Other (k teams)" series. At least 1.</summary>
    public int TopSeries { get; init; } = 5;
    public int TopResources { get; init; } = 10;
    /// <summary>Region assumed for carbon when resource costs carry none; null = leave those GPU-hours unestimated.</summary>
    public string? DefaultCarbonRegion { get; init; }
    public string Title { get; init; } = "Guardrails — AI training cost dashboard";
}

/// <summary>The dashboard's queries over a <see cref="ReportDataSet"/> (pure; the same ones the CLI reports use).</summary>
public static class DashboardQueries
{
    public static DashboardModel Build(ReportDataSet data, DashboardOptions? options = null, CarbonFactors? carbon = null, VmSkuCatalog? skus = null)
    {
        options ??= new DashboardOptions();
        var chargeback = ChargebackReportBuilder.Build(data, options.Basis);
        var models = ModelCostReportBuilder.Build(data, options.Basis, options.ModelKey, options.RunKey);
        var carbonReport = CarbonReportBuilder.Build(data, carbon ?? CarbonFactors.Default, skus ?? VmSkuCatalog.Default, options.Basis,
            options.TeamKey, options.ModelKey, options.DefaultCarbonRegion);
        return new DashboardModel
        {
            Title = options.Title,
            From = data.From,
            ToInclusive = data.ToInclusive,
            Basis = options.Basis,
            Source = data.SourceDescription,
            Summary = Summary(data, options.Basis, carbonReport),
            Spend = options.SpendDimensions.Select(d => Spend(data, d, options.Basis, options.TopSeries)).ToList(),
            Teams = TeamCosts(data, options.TeamKey, options.Basis, carbonReport),
            TeamKey = options.TeamKey,
            Budgets = data.Budgets,
            GpuWaste = GpuWaste(data, options.TeamKey, options.Basis),
            TopResources = TopResources(data, options.Basis, options.TopResources),
            Actions = data.Actions.OrderByDescending(a => a.Time).ToList(),
            PullRequests = data.PullRequests.OrderByDescending(p => p.CheckedAt).ToList(),
            LogPeriod = data.LogPeriod,
            Chargeback = chargeback,
            Models = models,
            Carbon = carbonReport,
            RightSizing = RightSizingPanel.Build(data.RightSizing, MainCurrency(data, options.Basis)),
        };
    }

    /// <summary>Each team's view of the period (as ?team= serves it), for the teams of <paramref name="all"/>: what a saved page embeds.</summary>
    public static IReadOnlyList<DashboardModel> TeamViews(ReportDataSet data, DashboardModel all, DashboardOptions? options = null)
    {
        options ??= new DashboardOptions();
        return all.Teams.Select(t => t.Team).Distinct(StringComparer.Ordinal)
            .Select(team => Build(Narrow(data, options.TeamKey, team), options) with { Team = team }).ToList();
    }

    /// <summary>The currency with the most cost (charts show one currency; others are listed).</summary>
    public static string MainCurrency(ReportDataSet data, CostBasis basis) =>
        data.Facts.GroupBy(f => f.Currency).OrderByDescending(g => g.Sum(f => Math.Abs(FactClass.Cost(f, basis))))
            .ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? "USD";

    public static DashboardSummary Summary(ReportDataSet data, CostBasis basis, CarbonReport? carbon = null)
    {
        var currency = MainCurrency(data, basis);
        var facts = InPeriod(data).Where(f => f.Currency == currency).ToList();
        var cloud = facts.Where(FactClass.IsCloud).ToList();
        var fix = facts.Where(FactClass.IsFixed).Sum(f => FactClass.Cost(f, basis));
        var cloudCost = cloud.Sum(f => FactClass.Cost(f, basis));
        return new DashboardSummary(currency, cloudCost + fix, cloudCost, fix,
            cloud.Where(f => f.Category == CostCategory.GpuCompute).Sum(f => FactClass.Cost(f, basis)),
            cloud.Sum(f => f.GpuHours),
            facts.Where(FactClass.IsIdleOverlay).Sum(f => FactClass.Cost(f, basis)),
            carbon?.TotalKgCO2e ?? 0m,
            data.ToInclusive.DayNumber - data.From.DayNumber + 1,
            InPeriod(data).Select(f => f.Currency).Where(c => c != currency).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    public static SpendSeries Spend(ReportDataSet data, string dimension, CostBasis basis, int topSeries = 5)
    {
        if (topSeries < 1) throw new ArgumentOutOfRangeException(nameof(topSeries), topSeries, "At least one named series.");
        var currency = MainCurrency(data, basis);
        var days = Enumerable.Range(0, data.ToInclusive.DayNumber - data.From.DayNumber + 1).Select(i => data.From.AddDays(i)).ToList();
        var facts = InPeriod(data).Where(f => f.Currency == currency && !FactClass.IsIdleOverlay(f)).ToList();
        var byName = facts.GroupBy(f => FactClass.ValueOf(f.Allocation, dimension))
            .Select(g => (Name: g.Key, Total: g.Sum(f => FactClass.Cost(f, basis))))
            .OrderByDescending(x => x.Total).ThenBy(x => x.Name, StringComparer.Ordinal).ToList();
        // Folding a single value into "Other" would hide its name for nothing: keep it named.
        var named = byName.Count <= topSeries + 1 ? byName.Count : topSeries;
        var index = byName.Select((x, i) => (x.Name, i)).ToDictionary(x => x.Name, x => Math.Min(x.i, named), StringComparer.Ordinal);
        var values = Enumerable.Range(0, Math.Min(byName.Count, named + 1)).Select(_ => new decimal[days.Count]).ToList();
        foreach (var f in facts)
            values[index[FactClass.ValueOf(f.Allocation, dimension)]][f.Day.DayNumber - data.From.DayNumber] += FactClass.Cost(f, basis);
        var folded = byName.Count - named;
        var lines = values.Select((v, i) => i < named
            ? new SpendSeriesLine(byName[i].Name, v)
            : new SpendSeriesLine(OtherName(folded, dimension), v) { Folded = folded }).ToList();
        return new SpendSeries(dimension, currency, days, lines);
    }

    /// <summary>"Other (12 teams)": the folded bucket says what it holds.</summary>
    public static string OtherName(int folded, string dimension) =>
        $"Other ({folded} {(dimension.EndsWith('s') ? dimension : dimension + "s")})";

    /// <summary>Cost (export + fixed, without the idle overlay), GPU compute, idle waste and GPU kgCO2e per team and currency.</summary>
    public static IReadOnlyList<TeamCostRow> TeamCosts(ReportDataSet data, string teamKey, CostBasis basis, CarbonReport? carbon = null)
    {
        var kg = (carbon?.ByTeam ?? []).ToDictionary(r => (r.Value, r.Currency));
        return InPeriod(data)
            .GroupBy(f => (Team: FactClass.ValueOf(f.Allocation, teamKey), f.Currency))
            .Select(g => new TeamCostRow(g.Key.Team, g.Key.Currency,
                g.Where(f => !FactClass.IsIdleOverlay(f)).Sum(f => FactClass.Cost(f, basis)),
                g.Where(f => f.Category == CostCategory.GpuCompute && !FactClass.IsFixed(f)).Sum(f => FactClass.Cost(f, basis)),
                g.Where(FactClass.IsIdleOverlay).Sum(f => FactClass.Cost(f, basis)),
                kg.GetValueOrDefault((g.Key.Team, g.Key.Currency))?.KgCO2e ?? 0m,
                kg.TryGetValue((g.Key.Team, g.Key.Currency), out var c) ? c.GpuHoursNotEstimated : g.Where(FactClass.IsCloud).Sum(f => f.GpuHours)))
            .OrderBy(r => r.Currency, StringComparer.Ordinal).ThenByDescending(r => r.Cost).ThenBy(r => r.Team, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The data of one value of an allocation key (a team's view): its costs, resources and the budgets scoped to it (a
    /// budget over everything or over another team is not the team's), its VMs' right-sizing; export totals no longer apply.
    /// </summary>
    public static ReportDataSet Narrow(ReportDataSet data, string key, string value) => data with
    {
        Facts = data.Facts.Where(f => FactClass.ValueOf(f.Allocation, key) == value).ToList(),
        Resources = data.Resources.Where(r => FactClass.ValueOf(r.Allocation, key) == value).ToList(),
        Budgets = data.Budgets.Where(b => IsScopedTo(b, key, value)).ToList(),
        RightSizing = data.RightSizing.Where(r => string.Equals(r.Team, value, StringComparison.OrdinalIgnoreCase)).ToList(),
        ExportTotals = null,
        SourceDescription = $"{data.SourceDescription}, {key} = {value}",
    };

    /// <summary>True when the budget's scope names this value of the key (values compare as budget scopes do: ignoring case).</summary>
    public static bool IsScopedTo(BudgetBurnDown budget, string key, string value) =>
        budget.Scope.Any(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(p.Value, value, StringComparison.OrdinalIgnoreCase));

    public static IReadOnlyList<GpuWasteRow> GpuWaste(ReportDataSet data, string teamKey, CostBasis basis)
    {
        var currency = MainCurrency(data, basis);
        return InPeriod(data)
            .Where(f => f.Currency == currency && (f.Category == CostCategory.GpuCompute || FactClass.IsIdleOverlay(f)) && !FactClass.IsFixed(f))
            .GroupBy(f => FactClass.ValueOf(f.Allocation, teamKey))
            .Select(g =>
            {
                var gpu = g.Where(f => f.Category == CostCategory.GpuCompute).ToList();
                var idle = g.Where(FactClass.IsIdleOverlay).ToList();
                var hours = gpu.Sum(f => f.GpuHours);
                var idleHours = idle.Sum(f => f.GpuHours);
                return new GpuWasteRow
                {
                    Team = g.Key,
                    Currency = currency,
                    GpuCost = gpu.Sum(f => FactClass.Cost(f, basis)),
                    GpuHours = hours,
                    IdleGpuHours = idleHours,
                    IdleCost = idle.Sum(f => FactClass.Cost(f, basis)),
                    Utilization = idle.Count > 0 && hours > 0 ? Math.Round(Math.Max(0, 1 - idleHours / hours), 4) : null,
                };
            })
            .OrderByDescending(r => r.GpuCost).ThenBy(r => r.Team, StringComparer.Ordinal).ToList();
    }

    public static IReadOnlyList<TopResourceRow> TopResources(ReportDataSet data, CostBasis basis, int limit = 10)
    {
        var currency = MainCurrency(data, basis);
        return data.Resources
            .Where(r => r.Day >= data.From && r.Day <= data.ToInclusive && r.Currency == currency && r.Category != CostCategory.IdleGpu)
            .GroupBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new TopResourceRow(g.Key, g.Select(r => r.ResourceName).FirstOrDefault(n => n is not null),
                g.Select(r => r.SkuName).FirstOrDefault(n => n is not null), g.First().Allocation.ToString(), currency,
                g.Sum(r => FactClass.Cost(r, basis)), g.Sum(r => r.GpuHours)))
            .OrderByDescending(r => r.Cost).ThenBy(r => r.ResourceId, StringComparer.Ordinal)
            .Take(limit).ToList();
    }

    private static IEnumerable<Ledger.DailyCostFact> InPeriod(ReportDataSet data) =>
        data.Facts.Where(f => f.Day >= data.From && f.Day <= data.ToInclusive);
}
