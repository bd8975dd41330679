using Guardrails.Core.Allocation;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Reporting;

/// <summary>
/// One chargeback/showback row: an allocation key's cost in one currency, split into direct (tagged or inherited),
/// shared (from shared-cost rules), idle (idle GPU cost carved out of its direct GPU compute) and fixed (declared).
/// Amounts are rounded to cents so that the rows add up to the rounded total exactly.
/// </summary>
public sealed record ChargebackRow(AllocationKey Allocation, string Currency, decimal Direct, decimal Shared, decimal Idle,
    decimal Fixed, decimal Total, decimal GpuHours, bool Unallocated);

/// <summary>The check that the rows add up to the export: per currency, to the cent.</summary>
public sealed record ChargebackReconciliation
{
    public required string Currency { get; init; }
    /// <summary>Where the export total came from ("export files" = the ingest's row totals; "ledger" = stored facts).</summary>
    public required string ExportTotalSource { get; init; }
    /// <summary>The export total of every day read.</summary>
    public decimal ExportTotalAllDays { get; init; }
    /// <summary>The part of the export outside the report period (facts of other days).</summary>
    public decimal OutsidePeriod { get; init; }
    /// <summary>The export total of the report period.</summary>
    public decimal ExportTotal { get; init; }
    /// <summary>Σ of the rows' cloud parts (direct + shared + idle), exact.</summary>
    public decimal RowsCloudTotal { get; init; }
    /// <summary>Σ of the rows' cloud parts as printed (rounded rows).</summary>
    public decimal RowsCloudTotalRounded { get; init; }
    /// <summary>ExportTotal − RowsCloudTotal, rounded to the cent.</summary>
    public decimal Difference { get; init; }
    /// <summary>Declared fixed costs (not in the export), added on top.</summary>
    public decimal FixedTotal { get; init; }
    public decimal GrandTotal { get; init; }
    /// <summary>Idle cost that exceeded its key's direct GPU compute and was capped (data inconsistency), if any.</summary>
    public decimal IdleCapped { get; init; }
    public bool Reconciled => Difference == 0m;
}

public sealed record ChargebackReport(string Period, DateOnly From, DateOnly ToInclusive, CostBasis Basis,
    IReadOnlyList<string> AllocationKeys, IReadOnlyList<ChargebackRow> Rows, IReadOnlyList<ChargebackReconciliation> Reconciliation)
{
    public bool Reconciled => Reconciliation.All(r => r.Reconciled);
}

/// <summary>Builds the chargeback/showback report from ledger facts (pure).</summary>
public static class ChargebackReportBuilder
{
    public static ChargebackReport Build(ReportDataSet data, CostBasis basis = CostBasis.Effective, string? period = null)
    {
        var facts = data.Facts.Where(f => f.Day >= data.From && f.Day <= data.ToInclusive).ToList();
        var keys = AllocationKeysOf(facts);
        var rows = new List<ChargebackRow>();
        var reconciliation = new List<ChargebackReconciliation>();
        foreach (var currencyGroup in Accumulate(facts, basis).GroupBy(p => p.Key.Item2).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var currency = currencyGroup.Key;
            var items = currencyGroup
                .Select(p => (Key: p.Key.Item1, A: p.Value))
                .OrderByDescending(p => p.A.Direct + p.A.Shared + p.A.Fixed)
                .ThenBy(p => p.Key.ToString(), StringComparer.Ordinal)
                .ToList();
            decimal idleCapped = 0;
            var exact = new List<(decimal Direct, decimal Shared, decimal Idle, decimal Fixed)>();
            foreach (var (_, a) in items)
            {
                // Idle GPU cost is part of the GPU compute already billed: move it out of direct, never below zero.
                var idle = Math.Min(a.Idle, Math.Max(a.DirectGpu, 0));
                idleCapped += a.Idle - idle;
                exact.Add((a.Direct - idle, a.Shared, idle, a.Fixed));
            }

            var cloudRounded = AddRoundedRows(rows, currency, items, exact);
            reconciliation.Add(Reconcile(data, facts, basis, currency, exact, cloudRounded, idleCapped));
        }

        // Currencies in the export with no facts in the period still need a line (all of it is a difference).
        if (data.ExportTotals is { } ex)
            foreach (var t in ex.Totals.Where(t => reconciliation.All(r => r.Currency != t.Currency)))
            {
                var outside = ex.OutsideCost(t.Currency, basis, data.From, data.ToInclusive);
                var total = FactClass.Cost(t, basis) - outside;
                reconciliation.Add(new ChargebackReconciliation
                {
                    Currency = t.Currency,
                    ExportTotalSource = ex.Source,
                    ExportTotalAllDays = FactClass.Cost(t, basis),
                    OutsidePeriod = outside,
                    ExportTotal = total,
                    Difference = Money.Cents(total),
                });
            }

        return new ChargebackReport(period ?? $"{data.From:yyyy-MM-dd}..{data.ToInclusive:yyyy-MM-dd}", data.From, data.ToInclusive,
            basis, keys, rows, reconciliation);
    }

    /// <summary>Each (allocation, currency)'s direct, shared, idle, fixed and GPU costs over the period's facts.</summary>
    private static Dictionary<(AllocationKey, string), Acc> Accumulate(List<DailyCostFact> facts, CostBasis basis)
    {
        var acc = new Dictionary<(AllocationKey, string), Acc>();
        foreach (var f in facts)
        {
            if (!acc.TryGetValue((f.Allocation, f.Currency), out var a)) acc[(f.Allocation, f.Currency)] = a = new Acc();
            var cost = FactClass.Cost(f, basis);
            if (FactClass.IsIdleOverlay(f)) a.Idle += cost;
            else if (FactClass.IsFixed(f)) a.Fixed += cost;
            else
            {
                if (f.Kind == AllocationKind.Shared) a.Shared += cost;
                else a.Direct += cost;
                if (f.Category == CostCategory.GpuCompute && f.Kind != AllocationKind.Shared) a.DirectGpu += cost;
                a.GpuHours += f.GpuHours;
                if (f.Kind == AllocationKind.Unallocated) a.Unallocated = true;
            }
        }

        return acc;
    }

    /// <summary>Adds one currency's rows rounded to cents so that they add up to the rounded total (direct absorbs each row's
    /// rounding cent); returns the rounded cloud total (direct + shared + idle).</summary>
    private static decimal AddRoundedRows(List<ChargebackRow> rows, string currency, List<(AllocationKey Key, Acc A)> items,
        List<(decimal Direct, decimal Shared, decimal Idle, decimal Fixed)> exact)
    {
        var totals = Money.RoundPreservingSum(exact.Select(e => e.Direct + e.Shared + e.Idle + e.Fixed).ToList());
        var cloudRounded = 0m;
        for (var i = 0; i < items.Count; i++)
        {
            var e = exact[i];
            var shared = Money.Cents(e.Shared);
            var idle = Money.Cents(e.Idle);
            var fix = Money.Cents(e.Fixed);
            var direct = totals[i] - shared - idle - fix; // direct absorbs the row's rounding cent
            cloudRounded += direct + shared + idle;
            rows.Add(new ChargebackRow(items[i].Key, currency, direct, shared, idle, fix, totals[i],
                Math.Round(items[i].A.GpuHours, 4), items[i].A.Unallocated || IsUnallocatedKey(items[i].Key)));
        }

        return cloudRounded;
    }

    /// <summary>One currency's check: the export total of the period (from the export files, else Σ of the stored facts)
    /// against the rows' cloud total.</summary>
    private static ChargebackReconciliation Reconcile(ReportDataSet data, List<DailyCostFact> facts, CostBasis basis, string currency,
        List<(decimal Direct, decimal Shared, decimal Idle, decimal Fixed)> exact, decimal cloudRounded, decimal idleCapped)
    {
        var rowsCloud = exact.Sum(e => e.Direct + e.Shared + e.Idle);
        var fixedTotal = exact.Sum(e => e.Fixed);
        decimal exportAll, outside;
        string source;
        if (data.ExportTotals is { } export)
        {
            exportAll = export.Totals.Where(t => t.Currency == currency).Sum(t => FactClass.Cost(t, basis));
            outside = export.OutsideCost(currency, basis, data.From, data.ToInclusive);
            source = export.Source;
        }
        else
        {
            exportAll = facts.Where(f => f.Currency == currency && FactClass.IsCloud(f)).Sum(f => FactClass.Cost(f, basis));
            outside = 0;
            source = data.SourceDescription + " (no export total available: Σ of stored facts)";
        }

        var exportTotal = exportAll - outside;
        return new ChargebackReconciliation
        {
            Currency = currency,
            ExportTotalSource = source,
            ExportTotalAllDays = exportAll,
            OutsidePeriod = outside,
            ExportTotal = exportTotal,
            RowsCloudTotal = rowsCloud,
            RowsCloudTotalRounded = cloudRounded,
            Difference = Money.Cents(exportTotal - rowsCloud),
            FixedTotal = fixedTotal,
            GrandTotal = rowsCloud + fixedTotal,
            IdleCapped = idleCapped,
        };
    }

    /// <summary>The allocation key names in the order they first appear (the configured order).</summary>
    public static IReadOnlyList<string> AllocationKeysOf(IEnumerable<DailyCostFact> facts)
    {
        var keys = new List<string>();
        foreach (var f in facts)
            foreach (var p in f.Allocation.Pairs)
                if (!keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase)) keys.Add(p.Key);
        return keys;
    }

    private static bool IsUnallocatedKey(AllocationKey key) =>
        key.Pairs.Count > 0 && key.Pairs.All(p => string.Equals(p.Value, AllocationKey.Unallocated, StringComparison.OrdinalIgnoreCase));

    private sealed class Acc
    {
        public decimal Direct, Shared, Idle, Fixed, DirectGpu, GpuHours;
        public bool Unallocated;
    }
}
