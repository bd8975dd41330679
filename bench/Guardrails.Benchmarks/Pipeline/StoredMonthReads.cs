using System.Diagnostics;
using Azure.Data.Tables;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Benchmarks.Pipeline;

/// <summary>One read of the stored month: the first call (a new store, as a fresh CLI process or function), then again.</summary>
internal sealed record ReadTiming(string Name, TimeSpan First, TimeSpan Again, TimeSpan FirstCpu, long Facts, OperationCounts Operations);

/// <summary>
/// The reads users wait for on a stored month, each from Table Storage through <see cref="TableLedgerStore"/>:
/// `costs --by team` (the month's allocation summary grouped by team and currency, as CostsCommand does), one budget evaluation
/// (<see cref="BudgetEvaluator"/>: the month plus 35 days of history, facts and resource-days) and the dashboard model
/// (<see cref="ReportDataLoader"/> + <see cref="DashboardQueries"/>).
/// </summary>
internal static class StoredMonthReads
{
    public static async Task<IReadOnlyList<ReadTiming>> MeasureAsync(string connection, ExportPipelineOptions options, DateOnly month)
    {
        var monthEnd = month.AddMonths(1).AddDays(-1);
        var now = new DateTimeOffset(monthEnd.AddDays(1).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero);
        var budget = await TopTeamBudgetAsync(Store(connection, options, new RequestCounter()), month);
        return
        [
            await TimeAsync("costs --by team (month)", connection, options, async s => (await CostsByTeamAsync(s, month)).Count),
            await TimeAsync($"budget evaluation (team {budget.Scope["team"]})", connection, options, async s =>
                (await new BudgetEvaluator(s, s, null, new FixedTime(now)).ComputeAsync([budget], new BudgetEvaluationOptions { Month = month })).Count),
            await TimeAsync("dashboard model (month)", connection, options, async s =>
                DashboardQueries.Build(await new ReportDataLoader(s, s, sourceDescription: "ledger (Table Storage)").LoadAsync(month, monthEnd)).Spend.Count),
        ];
    }

    /// <summary>The month by team and currency, as `guardrails costs --by team` reads and groups it.</summary>
    internal static async Task<IReadOnlyList<(string Team, string Currency, decimal Effective)>> CostsByTeamAsync(ICostLedgerReader ledger, DateOnly month)
    {
        var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(month.Year, month.Month) with { Detail = LedgerDetail.Allocation });
        return facts.GroupBy(f => (Team: f.Allocation["team"] ?? "", f.Currency))
            .Select(g => (g.Key.Team, g.Key.Currency, g.Sum(f => f.EffectiveCost)))
            .OrderByDescending(r => r.Item3).ToList();
    }

    /// <summary>A budget on the team that spent most, at 120 % of its month: a realistic scope that matches facts.</summary>
    private static async Task<BudgetConfig> TopTeamBudgetAsync(ICostLedgerReader ledger, DateOnly month)
    {
        var top = (await CostsByTeamAsync(ledger, month)).First(r => r.Team.Length > 0);
        return new BudgetConfig
        {
            Name = "bench-top-team",
            Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = top.Team },
            Amount = decimal.Round(top.Effective * 1.2m, 2),
            Currency = top.Currency,
        };
    }

    private static async Task<ReadTiming> TimeAsync(string name, string connection, ExportPipelineOptions options, Func<TableLedgerStore, Task<int>> read)
    {
        var counter = new RequestCounter();
        var store = Store(connection, options, counter);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = await read(store);
        var first = clock.Elapsed;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var operations = counter.Counts;
        clock.Restart();
        await read(store);
        return new ReadTiming(name, first, clock.Elapsed, cpu, count, operations);
    }

    private static TableLedgerStore Store(string connection, ExportPipelineOptions options, RequestCounter counter) =>
        new(new TableServiceClient(connection, PipelineConsumerChild.With(new TableClientOptions(), counter)),
            new LedgerTableNames(options.FactsTable, options.RunsTable), TimeProvider.System, options.WriteParallelism);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
