using System.Text.Json.Serialization;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Ledger;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Reporting;

// The JSON documents of the reports and the dashboard API, as named records (property names camelCased by
// ReportWriters.Json): the same names and order the anonymous types they replace had, so every output keeps its bytes.

public sealed record ChargebackDocument(string Period, DateOnly From, DateOnly To, CostBasis Basis, IReadOnlyList<string> AllocationKeys,
    IEnumerable<ChargebackRowDocument> Rows, IEnumerable<ChargebackReconciliationDocument> Reconciliation, bool Reconciled);

public sealed record ChargebackRowDocument(IReadOnlyDictionary<string, string> Allocation, string Currency, decimal Direct, decimal Shared,
    decimal Idle, decimal Fixed, decimal Total, decimal GpuHours, bool Unallocated);

public sealed record ChargebackReconciliationDocument(string Currency, string ExportTotalSource, decimal ExportTotalAllDays, decimal OutsidePeriod,
    decimal ExportTotal, decimal RowsTotal, decimal Difference, decimal FixedTotal, decimal GrandTotal, decimal IdleCapped, bool Reconciled);

public sealed record ModelsDocument(string Period, CostBasis Basis, string ModelKey, string RunKey, string? StatusKey,
    IEnumerable<ModelRowDocument> Models, IEnumerable<RunRowDocument> Runs);

public sealed record ModelRowDocument(string Model, string Currency, decimal Cost, decimal GpuCost, decimal GpuHours, decimal? CostPerGpuHour,
    decimal? SpotShare, decimal IdleCost, int Runs, int? SuccessfulRuns, decimal? CostPerSuccessfulRun, string SuccessBasis);

public sealed record RunRowDocument(string Model, string Run, string Currency, decimal Cost, decimal GpuCost, decimal GpuHours,
    decimal? CostPerGpuHour, decimal? SpotShare, RunOutcome Outcome, DateOnly FirstDay, DateOnly LastDay);

public sealed record CarbonDocument(string Formula, decimal TotalKgCO2e, IEnumerable<CarbonRowDocument> ByTeam, IEnumerable<CarbonRowDocument> ByModel,
    IEnumerable<CarbonFactorDocument> Factors, IReadOnlyList<string> Gaps);

public sealed record CarbonRowDocument(string Dimension, string Value, decimal GpuHours, decimal GpuHoursNotEstimated, decimal EnergyKWh,
    decimal KgCO2e, decimal GpuCost, string Currency, IReadOnlyList<string> Factors);

public sealed record CarbonFactorDocument(string Id, string Kind, string Subject, decimal Value, string Unit, string Source, string? Note);

/// <summary>The body of every dashboard error answer.</summary>
public sealed record DashboardError(string Error);

public sealed record DashboardSummaryDocument(DateOnly From, DateOnly To, CostBasis Basis, string Source, DashboardSummary Summary);

public sealed record DashboardSpendDocument(string Dimension, string Currency, decimal Total, IReadOnlyList<DateOnly> Days,
    IEnumerable<DashboardSpendLineDocument> Series);

public sealed record DashboardSpendLineDocument(string Name, decimal Total, IEnumerable<decimal> Daily);

public sealed record DashboardTeamsDocument(DateOnly From, DateOnly To, IReadOnlyList<TeamCostRow> Teams);

public sealed record DashboardBudgetsDocument(DateOnly From, DateOnly To, IReadOnlyList<BudgetBurnDown> Budgets);

public sealed record DashboardGpuDocument(DateOnly From, DateOnly To, IReadOnlyList<GpuWasteRow> Teams);

public sealed record DashboardTopResourcesDocument(DateOnly From, DateOnly To, IReadOnlyList<TopResourceRow> Resources);

public sealed record DashboardActionsDocument(DateOnly From, DateOnly To, IReadOnlyList<GuardrailActionLogEntry> Actions);

public sealed record DashboardRightSizingDocument(int Evaluated, int NotRecommended, DateTimeOffset? EvaluatedThrough,
    IReadOnlyList<RightSizingTeamSavings> ByTeam, IReadOnlyList<RightSizingRecommendation> Top);

public sealed record DashboardPullRequestsDocument(DateOnly From, DateOnly To, IEnumerable<DashboardPullRequestDocument> PullRequests);

public sealed record DashboardPullRequestDocument(string Repository, int Number, string? Title, string? HeadSha, DateTimeOffset CheckedAt,
    string Currency, decimal MonthlyCostBefore, decimal MonthlyCostAfter, decimal MonthlyDelta, string? Gate, string? ApprovedBy,
    DateTimeOffset? ApprovedAt, string? Url);

/// <summary>
/// Source-generated metadata of the report and dashboard documents (no reflection, so the native CLI can write them);
/// used through <see cref="ReportWriters.Json"/>, whose naming policy, encoder and converters apply.
/// </summary>
[JsonSerializable(typeof(ChargebackDocument))]
[JsonSerializable(typeof(ModelsDocument))]
[JsonSerializable(typeof(CarbonDocument))]
[JsonSerializable(typeof(DashboardError))]
[JsonSerializable(typeof(DashboardSummaryDocument))]
[JsonSerializable(typeof(DashboardSpendDocument))]
[JsonSerializable(typeof(DashboardTeamsDocument))]
[JsonSerializable(typeof(DashboardBudgetsDocument))]
[JsonSerializable(typeof(DashboardGpuDocument))]
[JsonSerializable(typeof(DashboardTopResourcesDocument))]
[JsonSerializable(typeof(DashboardActionsDocument))]
[JsonSerializable(typeof(DashboardRightSizingDocument))]
[JsonSerializable(typeof(DashboardPullRequestsDocument))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
