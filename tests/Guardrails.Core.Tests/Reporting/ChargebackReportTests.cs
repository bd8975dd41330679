using FsCheck;
using FsCheck.Fluent;
using Guardrails.Core.Allocation;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;

namespace Guardrails.Core.Tests.Reporting;

public class ChargebackReportTests
{
    [Fact]
    public void Csv_matches_golden() =>
        Golden.Assert("chargeback-2026-11.csv", ReportWriters.ChargebackCsv(ChargebackReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Fact]
    public void Json_matches_golden() =>
        Golden.Assert("chargeback-2026-11.json", ReportWriters.ChargebackJson(ChargebackReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Fact]
    public void Reconciliation_text_matches_golden() =>
        Golden.Assert("chargeback-2026-11.reconciliation.txt", ReportWriters.ReconciliationText(ChargebackReportBuilder.Build(ReportTestData.DataSet(), period: "2026-11")));

    [Theory]
    [InlineData(CostBasis.Effective)]
    [InlineData(CostBasis.Billed)]
    public void Rows_reconcile_to_the_export_total_to_the_cent(CostBasis basis)
    {
        var report = ChargebackReportBuilder.Build(ReportTestData.DataSet(), basis);
        var rows = ReportTestData.ExportRows();
        foreach (var currency in new[] { "USD", "EUR" })
        {
            // The export total of November, summed straight from the rows (independently of facts and report).
            var exportNovember = rows.Where(r => r.Currency == currency && r.Day.Month == 11)
                .Sum(r => basis == CostBasis.Billed ? r.Billed : r.Effective);
            var fixedCost = currency == "USD" ? 300m : 0m;
            var printed = report.Rows.Where(r => r.Currency == currency).ToList();
            var rec = report.Reconciliation.Single(r => r.Currency == currency);

            Assert.Equal(0.00m, rec.Difference);
            Assert.True(rec.Reconciled);
            Assert.Equal(Money.Cents(exportNovember), Money.Cents(rec.ExportTotal));
            // The printed (rounded) rows add up exactly to the rounded totals: cloud part and grand total.
            Assert.Equal(Money.Cents(exportNovember), printed.Sum(r => r.Direct + r.Shared + r.Idle));
            Assert.Equal(Money.Cents(exportNovember + fixedCost), printed.Sum(r => r.Total));
            Assert.All(printed, r => Assert.Equal(r.Total, r.Direct + r.Shared + r.Idle + r.Fixed));
        }
        var usd = report.Reconciliation.Single(r => r.Currency == "USD");
        Assert.Equal(1.41m, Money.Cents(usd.OutsidePeriod)); // the October row in the same export
    }

    [Fact]
    public void A_lost_fact_shows_as_a_difference()
    {
        var data = ReportTestData.DataSet();
        var lost = data.Facts.First(f => f.Category == CostCategory.GpuCompute && f.Day.Day == 3);
        var report = ChargebackReportBuilder.Build(data with { Facts = data.Facts.Where(f => f != lost).ToList() });
        var rec = report.Reconciliation.Single(r => r.Currency == "USD");
        Assert.False(report.Reconciled);
        Assert.Equal(Money.Cents(lost.EffectiveCost), rec.Difference);
        Assert.Contains("NOT RECONCILED", ReportWriters.ReconciliationText(report));
    }

    [Fact]
    public void Idle_is_carved_out_of_direct_gpu_and_fixed_is_added()
    {
        var report = ChargebackReportBuilder.Build(ReportTestData.DataSet());
        var r101 = report.Rows.Single(r => r.Allocation["run"] == "r-101");
        var gpu = ReportTestData.ExportRows().Where(r => r.Run == "r-101").Sum(r => r.Effective);
        Assert.Equal(Money.Cents(98.32m * 7.5m), r101.Idle);
        Assert.Equal(Money.Cents(gpu), r101.Total);
        Assert.Equal(r101.Total - r101.Idle, r101.Direct);

        var fixedRow = report.Rows.Single(r => r.Fixed != 0);
        Assert.Equal(300m, fixedRow.Fixed);
        Assert.Equal("llama-ft", fixedRow.Allocation["model"]);
        Assert.Contains(report.Rows, r => r.Unallocated && r.Allocation["team"] == AllocationKey.Unallocated);
        Assert.Equal(["team", "project", "model", "run", "status"], report.AllocationKeys);
    }

    [Fact]
    public void Without_export_totals_it_says_the_total_comes_from_the_ledger()
    {
        var data = ReportTestData.DataSet() with { ExportTotals = null };
        var rec = ChargebackReportBuilder.Build(data).Reconciliation.Single(r => r.Currency == "USD");
        Assert.Contains("no export total available", rec.ExportTotalSource);
        Assert.Equal(0m, rec.Difference);
    }

    [Fact]
    public void Rounding_preserves_the_sum_to_the_cent() =>
        Prop.ForAll(Gen.Choose(-500_000_000, 500_000_000).Select(i => i / 10_000m).ListOf().ToArbitrary(), values =>
        {
            var rounded = Money.RoundPreservingSum(values.ToList());
            return rounded.Sum() == Money.Cents(values.Sum())
                && rounded.Zip(values).All(p => Math.Abs(p.First - p.Second) < 0.02m)
                && rounded.All(r => r == Math.Round(r, 2));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Csv_cells_are_quoted_and_formula_safe()
    {
        Assert.Equal("\"a,b\"", ReportWriters.Csv("a,b"));
        Assert.Equal("\"say \"\"hi\"\"\"", ReportWriters.Csv("say \"hi\""));
        Assert.Equal("'=SUM(A1)", ReportWriters.Csv("=SUM(A1)"));
        Assert.Equal("-12.5", ReportWriters.Csv("-12.5"));
    }
}
