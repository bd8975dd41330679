using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Reporting;

/// <summary>The outcome of a training run, read from a status allocation key when one is configured.</summary>
public enum RunOutcome { Unknown, Succeeded, Failed }

/// <summary>Cost of one model (allocation key <c>model</c>) in one currency.</summary>
public sealed record ModelCostRow
{
    public required string Model { get; init; }
    public required string Currency { get; init; }
    /// <summary>All cost of the model: cloud (direct + shared) and declared fixed.</summary>
    public decimal Cost { get; init; }
    public decimal GpuCost { get; init; }
    public decimal GpuHours { get; init; }
    /// <summary>GPU compute cost ÷ GPU-hours; null without GPU-hours.</summary>
    public decimal? EffectiveCostPerGpuHour { get; init; }
    /// <summary>Share of GPU compute cost bought as spot/low priority (FOCUS PricingCategory Dynamic); null without GPU cost.</summary>
    public decimal? SpotShare { get; init; }
    public decimal IdleCost { get; init; }
    public int Runs { get; init; }
    /// <summary>Runs with a known "succeeded" status; null when no run of the model has a status.</summary>
    public int? SuccessfulRuns { get; init; }
    /// <summary>The model's whole cost ÷ successful runs (failed runs are part of what a success costs); null when unknown.</summary>
    public decimal? CostPerSuccessfulRun { get; init; }
    /// <summary>How "successful" was decided, e.g. "status key 'status'" or "unknown: no run status key".</summary>
    public required string SuccessBasis { get; init; }
}

/// <summary>Cost of one training run (allocation key <c>run</c>).</summary>
public sealed record RunCostRow
{
    public required string Model { get; init; }
    public required string Run { get; init; }
    public required string Currency { get; init; }
    public decimal Cost { get; init; }
    public decimal GpuCost { get; init; }
    public decimal GpuHours { get; init; }
    public decimal? EffectiveCostPerGpuHour { get; init; }
    public decimal? SpotShare { get; init; }
    public RunOutcome Outcome { get; init; }
    public DateOnly FirstDay { get; init; }
    public DateOnly LastDay { get; init; }
}

public sealed record ModelCostReport(string Period, CostBasis Basis, string ModelKey, string RunKey, string? StatusKey,
    IReadOnlyList<ModelCostRow> Models, IReadOnlyList<RunCostRow> Runs);

/// <summary>Cost per model and per training run, from ledger facts (pure).</summary>
public static class ModelCostReportBuilder
{
    /// <summary>Allocation keys read as a run's status, first match wins.</summary>
    public static readonly IReadOnlyList<string> StatusKeys = ["status", "run-status", "run_status", "runstatus", "outcome"];

    private static readonly HashSet<string> s_succeeded = new(["succeeded", "success", "successful", "completed", "complete", "done", "ok", "finished"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> s_failed = new(["failed", "failure", "error", "errored", "cancelled", "canceled", "killed", "aborted", "preempted"], StringComparer.OrdinalIgnoreCase);

    public static RunOutcome ParseOutcome(string? status) =>
        status is null ? RunOutcome.Unknown
        : s_succeeded.Contains(status.Trim()) ? RunOutcome.Succeeded
        : s_failed.Contains(status.Trim()) ? RunOutcome.Failed
        : RunOutcome.Unknown;

    public static ModelCostReport Build(ReportDataSet data, CostBasis basis = CostBasis.Effective, string modelKey = "model",
        string runKey = "run", string? period = null)
    {
        var facts = data.Facts.Where(f => f.Day >= data.From && f.Day <= data.ToInclusive).ToList();
        var keys = ChargebackReportBuilder.AllocationKeysOf(facts);
        var statusKey = StatusKeys.FirstOrDefault(s => keys.Contains(s, StringComparer.OrdinalIgnoreCase));

        var runs = new Dictionary<(string Model, string Run, string Currency), RunAcc>();
        var models = new Dictionary<(string Model, string Currency), RunAcc>();
        foreach (var f in facts)
        {
            var model = FactClass.ValueOf(f.Allocation, modelKey);
            var run = f.Allocation[runKey];
            var cost = FactClass.Cost(f, basis);
            if (!models.TryGetValue((model, f.Currency), out var m)) models[(model, f.Currency)] = m = new RunAcc();
            m.Add(f, cost, statusKey);
            if (run is null || string.Equals(run, AllocationKey.Unallocated, StringComparison.OrdinalIgnoreCase)) continue;
            if (!runs.TryGetValue((model, run, f.Currency), out var r)) runs[(model, run, f.Currency)] = r = new RunAcc();
            r.Add(f, cost, statusKey);
        }

        var runRows = runs
            .Select(p => RunRow(p.Key, p.Value))
            .OrderBy(r => r.Model, StringComparer.Ordinal).ThenByDescending(r => r.Cost).ThenBy(r => r.Run, StringComparer.Ordinal)
            .ToList();
        var modelRows = models
            .Select(p => ModelRow(p.Key, p.Value, runRows.Where(r => r.Model == p.Key.Model && r.Currency == p.Key.Currency).ToList(), runKey, statusKey))
            .OrderByDescending(m => m.Cost).ThenBy(m => m.Model, StringComparer.Ordinal)
            .ToList();

        return new ModelCostReport(period ?? $"{data.From:yyyy-MM-dd}..{data.ToInclusive:yyyy-MM-dd}", basis, modelKey, runKey,
            statusKey, modelRows, runRows);
    }

    private static RunCostRow RunRow((string Model, string Run, string Currency) key, RunAcc a) => new()
    {
        Model = key.Model,
        Run = key.Run,
        Currency = key.Currency,
        Cost = a.Cost,
        GpuCost = a.GpuCost,
        GpuHours = a.GpuHours,
        EffectiveCostPerGpuHour = PerHour(a),
        SpotShare = Spot(a),
        Outcome = a.Outcome,
        FirstDay = a.First,
        LastDay = a.Last,
    };

    /// <summary>A model's row: its cost, and the cost per successful run when its runs say whether they succeeded (else why not).</summary>
    private static ModelCostRow ModelRow((string Model, string Currency) key, RunAcc a, List<RunCostRow> own, string runKey, string? statusKey)
    {
        var known = own.Count(r => r.Outcome != RunOutcome.Unknown);
        var ok = own.Count(r => r.Outcome == RunOutcome.Succeeded);
        string basisText;
        int? successful = null;
        decimal? perSuccess = null;
        if (own.Count == 0) basisText = $"unknown: no '{runKey}' value on this model's costs";
        else if (statusKey is null) basisText = "unknown: no run status key (" + string.Join(", ", StatusKeys) + ")";
        else if (known == 0) basisText = $"unknown: no run has a recognised '{statusKey}' value";
        else
        {
            successful = ok;
            perSuccess = ok > 0 ? a.Cost / ok : null;
            basisText = $"'{statusKey}' = succeeded/completed ({known} of {own.Count} runs have a status)";
        }

        return new ModelCostRow
        {
            Model = key.Model,
            Currency = key.Currency,
            Cost = a.Cost,
            GpuCost = a.GpuCost,
            GpuHours = a.GpuHours,
            EffectiveCostPerGpuHour = PerHour(a),
            SpotShare = Spot(a),
            IdleCost = a.Idle,
            Runs = own.Count,
            SuccessfulRuns = successful,
            CostPerSuccessfulRun = perSuccess,
            SuccessBasis = basisText,
        };
    }

    private static decimal? PerHour(RunAcc a) => a.GpuHours > 0 ? Math.Round(a.GpuCost / a.GpuHours, 4) : null;

    private static decimal? Spot(RunAcc a) => a.GpuCost != 0 ? Math.Round(a.SpotGpuCost / a.GpuCost, 4) : null;

    private sealed class RunAcc
    {
        public decimal Cost, GpuCost, SpotGpuCost, GpuHours, Idle;
        public RunOutcome Outcome;
        public DateOnly First = DateOnly.MaxValue, Last = DateOnly.MinValue;

        public void Add(Ledger.DailyCostFact f, decimal cost, string? statusKey)
        {
            if (f.Day < First) First = f.Day;
            if (f.Day > Last) Last = f.Day;
            if (statusKey is not null)
            {
                var o = ParseOutcome(f.Allocation[statusKey]);
                // A run that failed on any fact stays failed; a success is only recorded over unknown.
                if (o == RunOutcome.Failed || (o == RunOutcome.Succeeded && Outcome == RunOutcome.Unknown)) Outcome = o;
            }
            if (FactClass.IsIdleOverlay(f)) { Idle += cost; return; }
            Cost += cost;
            if (f.Category != CostCategory.GpuCompute) return;
            GpuCost += cost;
            GpuHours += f.GpuHours;
            if (f.PricingCategory == PricingCategory.Dynamic) SpotGpuCost += cost;
        }
    }
}
