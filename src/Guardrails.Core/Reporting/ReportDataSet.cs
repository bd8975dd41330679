using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Reporting;

/// <summary>Everything one report or dashboard render needs, for one period, loaded once.</summary>
public sealed record ReportDataSet
{
    public required DateOnly From { get; init; }
    public required DateOnly ToInclusive { get; init; }
    public IReadOnlyList<DailyCostFact> Facts { get; init; } = [];
    public IReadOnlyList<ResourceDailyCost> Resources { get; init; } = [];
    /// <summary>The export's own row totals (from the ingest, or recorded with the stored runs), to reconcile against; null when unknown.</summary>
    public ExportTotals? ExportTotals { get; init; }
    public IReadOnlyList<BudgetBurnDown> Budgets { get; init; } = [];
    public IReadOnlyList<GuardrailActionLogEntry> Actions { get; init; } = [];
    public IReadOnlyList<PullRequestCheckSummary> PullRequests { get; init; } = [];
    /// <summary>The latest right-sizing verdict per GPU VM (not of the period: what its telemetry says now).</summary>
    public IReadOnlyList<RightSizingRecommendation> RightSizing { get; init; } = [];
    /// <summary>
    /// The UTC days the action log and PR checks cover when they differ from the cost period (e.g. a report of an
    /// exported month beside this month's guardrail activity); null = the same as the cost period.
    /// </summary>
    public (DateOnly From, DateOnly ToInclusive)? LogPeriod { get; init; }
    public string SourceDescription { get; init; } = "ledger";
}

/// <summary>
/// The totals an ingest computed straight from the export rows, and the facts of all days it produced
/// (so the part outside the report period can be taken out of the comparison).
/// </summary>
public sealed record ExportTotals(IReadOnlyList<CurrencyTotal> Totals, IReadOnlyList<DailyCostFact> AllFacts, string Source)
{
    /// <summary>
    /// When set, the facts of the totals' rows that the period does not take, whatever their day (a stored run's days in a
    /// month where another run is current); else those of <see cref="AllFacts"/> outside the period's days.
    /// </summary>
    public IReadOnlyList<DailyCostFact>? NotInPeriod { get; init; }

    /// <summary>The part of a currency's totals that the period's facts cannot contain (cloud costs only).</summary>
    public decimal OutsideCost(string currency, CostBasis basis, DateOnly from, DateOnly toInclusive) =>
        (NotInPeriod ?? AllFacts.Where(f => f.Day < from || f.Day > toInclusive))
            .Where(f => f.Currency == currency && FactClass.IsCloud(f)).Sum(f => FactClass.Cost(f, basis));

    /// <summary>The row totals a ledger recorded at ingest for the runs of a period (<see cref="ILedgerRunTotals"/>).</summary>
    public static ExportTotals Recorded(RecordedRunTotals recorded) =>
        new(recorded.Totals, [], recorded.Runs == 1 ? "1 export run: row totals recorded at ingest" : $"{recorded.Runs} export runs: row totals recorded at ingest")
        {
            NotInPeriod = recorded.NotInPeriod,
        };
}

/// <summary>Loads the data of one period (the dashboard asks one per request).</summary>
public interface IReportDataProvider
{
    Task<ReportDataSet> LoadAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);

    /// <summary>The first day of every month with costs, ascending; empty when the source cannot tell.</summary>
    Task<IReadOnlyList<DateOnly>> GetMonthsWithDataAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DateOnly>>([]);
}

/// <summary>A host's request to read the action log and PR checks for other UTC days than the cost period (the CLI's --log-month).</summary>
public sealed record ReportLogPeriod(DateOnly From, DateOnly ToInclusive);

/// <summary>Reads one period through the Core seams: the ledger, resource costs, budgets, actions and PR checks.</summary>
public sealed class ReportDataLoader : IReportDataProvider
{
    private readonly ICostLedgerReader _ledger;
    private readonly IResourceCostReader _resources;
    private readonly IIdleCostStore? _idle;
    private readonly IBudgetStatusSource _budgets;
    private readonly IActionLogSource _actions;
    private readonly IPullRequestCheckSource _pullRequests;
    private readonly ExportTotals? _exportTotals;
    private readonly string _sourceDescription;

    /// <summary>
    /// When set, the action log and PR checks are read for these UTC days instead of the cost period (the report says so).
    /// </summary>
    public (DateOnly From, DateOnly ToInclusive)? LogPeriod { get; init; }

    /// <summary>The right-sizing verdicts shown beside costs; null = the panel says there are none.</summary>
    public IRightSizingSource? RightSizing { get; init; }

    public ReportDataLoader(ICostLedgerReader ledger, IResourceCostReader? resources = null, IBudgetStatusSource? budgets = null,
        IActionLogSource? actions = null, IPullRequestCheckSource? pullRequests = null, ExportTotals? exportTotals = null,
        string sourceDescription = "ledger", IIdleCostStore? idleCosts = null)
    {
        _idle = idleCosts;
        _exportTotals = exportTotals;
        _sourceDescription = sourceDescription;
        _ledger = ledger;
        _resources = resources ?? EmptyReportingSources.Instance;
        _budgets = budgets ?? EmptyReportingSources.Instance;
        _actions = actions ?? EmptyReportingSources.Instance;
        _pullRequests = pullRequests ?? EmptyReportingSources.Instance;
    }

    public async Task<IReadOnlyList<DateOnly>> GetMonthsWithDataAsync(CancellationToken cancellationToken = default) =>
        _ledger is ILedgerMonthIndex index ? await index.GetMonthsWithCostsAsync(cancellationToken).ConfigureAwait(false) : [];

    public async Task<ReportDataSet> LoadAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        if (toInclusive < from) throw new ArgumentException($"The period ends ({toInclusive:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).");
        var query = new LedgerQuery(from, toInclusive);
        var facts = await _ledger.GetFactsAsync(query, cancellationToken).ConfigureAwait(false);
        if (_idle is not null)
        {
            // Idle cost lives beside the ledger (a view of GPU compute already billed); reports carve it out of direct.
            var idle = await _idle.GetFactsAsync(query, cancellationToken).ConfigureAwait(false);
            if (idle.Count > 0) facts = [.. facts, .. idle];
        }
        var resources = await _resources.GetResourceCostsAsync(query, cancellationToken).ConfigureAwait(false);
        var budgets = await _budgets.GetBurnDownsAsync(toInclusive, cancellationToken).ConfigureAwait(false);
        var (logFrom, logTo) = LogPeriod ?? (from, toInclusive);
        var actions = await _actions.GetActionsAsync(logFrom, logTo, cancellationToken).ConfigureAwait(false);
        var prs = await _pullRequests.GetChecksAsync(logFrom, logTo, cancellationToken).ConfigureAwait(false);
        var rightSizing = RightSizing is null ? [] : await RightSizing.GetRecommendationsAsync(cancellationToken).ConfigureAwait(false);
        return new ReportDataSet
        {
            From = from,
            ToInclusive = toInclusive,
            Facts = facts,
            Resources = resources,
            ExportTotals = _exportTotals ?? await RecordedTotalsAsync(from, toInclusive, cancellationToken).ConfigureAwait(false),
            Budgets = budgets,
            Actions = actions,
            PullRequests = prs,
            RightSizing = rightSizing,
            LogPeriod = LogPeriod is { } p && p != (from, toInclusive) ? p : null,
            SourceDescription = _sourceDescription,
        };
    }

    /// <summary>What a ledger that records its runs counted from the export rows (null: it cannot tell, so the report sums its facts).</summary>
    private async Task<ExportTotals?> RecordedTotalsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken) =>
        _ledger is ILedgerRunTotals runs && await runs.GetRecordedTotalsAsync(from, toInclusive, cancellationToken).ConfigureAwait(false) is { } recorded
            ? ExportTotals.Recorded(recorded)
            : null;

    /// <summary>Parses "2026-11" into the month's first and last day.</summary>
    public static (DateOnly From, DateOnly ToInclusive) ParseMonth(string month)
    {
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var first))
            throw new FormatException($"--month '{month}' is not a month in the form yyyy-MM (e.g. 2026-11).");
        return (first, first.AddMonths(1).AddDays(-1));
    }
}
