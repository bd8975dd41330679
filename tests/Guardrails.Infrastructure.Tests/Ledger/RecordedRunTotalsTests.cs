using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>
/// A report read from the stored ledger reconciles its facts against the row totals the ingest recorded with each run
/// (<see cref="ILedgerRunTotals"/>), not against the same facts summed again: facts that do not add up to what the rows
/// said show as a difference, and a run's days that another run owns are taken out of its totals.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecordedRunTotalsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Oct1 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private TableLedgerStore NewStore() => new(new TableServiceClient(azurite.ConnectionString),
        new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs")), _time);

    private static LedgerRun Run(string runId, DateTimeOffset start, DateTimeOffset end, DateTimeOffset submitted) => new()
    {
        Ref = new ExportRunRef("c/exp", runId),
        PeriodStart = start,
        PeriodEnd = end,
        SubmittedTime = submitted,
        PartCount = 1,
    };

    private static DailyCostFact Fact(DateOnly day, string team, decimal cost, string currency = "USD") => new()
    {
        Day = day,
        Allocation = new AllocationKey([new("team", team)]),
        Kind = AllocationKind.Direct,
        Category = CostCategory.GpuCompute,
        ServiceName = "Virtual Machines",
        Currency = currency,
        BilledCost = cost,
        EffectiveCost = cost,
        RowCount = 1,
    };

    /// <summary>Records and completes a one-part run whose rows totalled <paramref name="rowTotals"/> (null: the facts' own sums).</summary>
    private static async Task<RunCompletion> CompleteAsync(TableLedgerStore store, LedgerRun run, IReadOnlyList<DailyCostFact> facts,
        IReadOnlyList<CurrencyTotal>? rowTotals = null)
    {
        Assert.True(await store.RecordRunAsync(run, ["part0.csv"]));
        var written = await store.WriteFactsAsync(run.Ref, 0, facts);
        await store.MarkPartCompletedAsync(run.Ref, 0,
            new IngestResult { RowsRead = facts.Count, RowsAccepted = facts.Count, Totals = rowTotals ?? SimpleCsvLedgerIngestor.Totals(facts) }, written);
        return await store.TryCompleteRunAsync(run.Ref);
    }

    private static async Task<ChargebackReport> ReportAsync(TableLedgerStore store, DateOnly from, DateOnly to) =>
        ChargebackReportBuilder.Build(await new ReportDataLoader(store, store, sourceDescription: "ledger (Table Storage)").LoadAsync(from, to));

    [Fact]
    public async Task A_stored_month_is_reconciled_against_the_row_totals_its_run_recorded()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        var facts = new[] { Fact(new(2026, 11, 1), "vision", 100.25m), Fact(new(2026, 11, 2), "speech", 50.5m), Fact(new(2026, 11, 2), "vision", 7m, "EUR") };
        Assert.Equal(RunCompletion.BecameCurrent, await CompleteAsync(store, Run("r1", Nov1, Nov1.AddDays(29), Nov1.AddDays(3)), facts));

        var report = await ReportAsync(store, new(2026, 11, 1), new(2026, 11, 30));

        Assert.True(report.Reconciled);
        var usd = Assert.Single(report.Reconciliation, r => r.Currency == "USD");
        Assert.Equal("1 export run: row totals recorded at ingest", usd.ExportTotalSource);
        Assert.Equal(150.75m, usd.ExportTotal);
        Assert.Equal(7m, Assert.Single(report.Reconciliation, r => r.Currency == "EUR").ExportTotal);
    }

    [Fact]
    public async Task Stored_facts_that_do_not_add_up_to_the_recorded_rows_are_a_difference_not_a_pass()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        // The rows said 160.75 USD; the facts written hold 150.75 (a row's cost lost between reading and storing).
        var facts = new[] { Fact(new(2026, 11, 1), "vision", 100.25m), Fact(new(2026, 11, 2), "speech", 50.5m) };
        await CompleteAsync(store, Run("r1", Nov1, Nov1.AddDays(29), Nov1.AddDays(3)), facts, [new CurrencyTotal("USD", 160.75m, 160.75m)]);

        var report = await ReportAsync(store, new(2026, 11, 1), new(2026, 11, 30));

        Assert.False(report.Reconciled);
        var usd = Assert.Single(report.Reconciliation);
        Assert.Equal(160.75m, usd.ExportTotal);
        Assert.Equal(10m, usd.Difference);
        Assert.Contains("NOT RECONCILED", ReportWriters.ReconciliationText(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_s_days_in_a_month_that_a_newer_run_owns_are_taken_out_of_its_totals()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        // An October–November export, then a newer November restatement that owns November.
        var twoMonths = new[] { Fact(new(2026, 10, 30), "vision", 40m), Fact(new(2026, 11, 1), "vision", 60m) };
        await CompleteAsync(store, Run("r-oct-nov", Oct1, Nov1.AddDays(29), Nov1.AddDays(1)), twoMonths);
        Assert.Equal(RunCompletion.BecameCurrent,
            await CompleteAsync(store, Run("r-nov", Nov1, Nov1.AddDays(29), Nov1.AddDays(5)), [Fact(new(2026, 11, 1), "vision", 75m)]));

        var both = await store.GetRecordedTotalsAsync(new(2026, 10, 1), new(2026, 11, 30));
        Assert.NotNull(both);
        Assert.Equal(2, both.Runs);
        Assert.Equal(175m, Assert.Single(both.Totals).BilledCost);
        Assert.Equal(60m, Assert.Single(both.NotInPeriod).BilledCost); // the older run's November, which the newer run owns

        var octNov = await ReportAsync(store, new(2026, 10, 1), new(2026, 11, 30));
        Assert.True(octNov.Reconciled);
        Assert.Equal(115m, Assert.Single(octNov.Reconciliation).ExportTotal);
        Assert.Equal("2 export runs: row totals recorded at ingest", octNov.Reconciliation[0].ExportTotalSource);

        // October alone: the older run's November is outside the period.
        var october = await ReportAsync(store, new(2026, 10, 1), new(2026, 10, 31));
        Assert.True(october.Reconciled);
        Assert.Equal(40m, Assert.Single(october.Reconciliation).ExportTotal);
    }

    [Fact]
    public async Task Without_recorded_row_totals_the_report_says_it_only_summed_its_facts()
    {
        var store = NewStore();
        await store.EnsureCreatedAsync();
        await CompleteAsync(store, Run("r1", Nov1, Nov1.AddDays(29), Nov1.AddDays(3)), [Fact(new(2026, 11, 1), "vision", 10m)], rowTotals: []);

        Assert.Null(await store.GetRecordedTotalsAsync(new(2026, 11, 1), new(2026, 11, 30)));
        Assert.Null(await store.GetRecordedTotalsAsync(new(2026, 9, 1), new(2026, 9, 30))); // no run at all
        var report = await ReportAsync(store, new(2026, 11, 1), new(2026, 11, 30));
        Assert.Contains("no export total available", Assert.Single(report.Reconciliation).ExportTotalSource, StringComparison.Ordinal);
    }
}
