using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

[Collection(AzuriteCollection.Name)]
public sealed class TableLedgerStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    private (TableLedgerStore Store, TableServiceClient Service, LedgerTableNames Names) NewStore()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        return (new TableLedgerStore(service, names, _time), service, names);
    }

    private static LedgerRun Run(string export, string runId, DateTimeOffset submitted, int parts = 1) => new()
    {
        Ref = new ExportRunRef(export, runId),
        PeriodStart = Nov1,
        PeriodEnd = Nov1.AddDays(20),
        SubmittedTime = submitted,
        PartCount = parts,
    };

    private static DailyCostFact Fact(int day, string team, decimal billed, string currency = "USD") => new()
    {
        Day = new DateOnly(2026, 11, day),
        Allocation = new AllocationKey([new("team", team), new("project", "p")]),
        Category = CostCategory.GpuCompute,
        ServiceName = "Virtual Machines",
        Currency = currency,
        BilledCost = billed,
        EffectiveCost = billed / 2,
        RowCount = 1,
    };

    private static async Task CompleteAsync(TableLedgerStore store, LedgerRun run, params IReadOnlyList<DailyCostFact>[] partFacts)
    {
        Assert.True(await store.RecordRunAsync(run, partFacts.Select((_, i) => $"part{i}.csv").ToList()));
        for (var i = 0; i < partFacts.Length; i++)
        {
            var written = await store.WriteFactsAsync(run.Ref, i, partFacts[i]);
            await store.MarkPartCompletedAsync(run.Ref, i, new IngestResult { RowsRead = partFacts[i].Count, Totals = SimpleCsvLedgerIngestor.Totals(partFacts[i]) }, written);
        }
    }

    [Fact]
    public async Task Facts_round_trip_exactly_and_more_than_100_per_partition_are_batched()
    {
        var (store, service, names) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("c/exp", "r1", Nov1.AddDays(5));
        // 250 facts on one day and one on the next.
        var facts = Enumerable.Range(0, 250).Select(i => Fact(3, "team" + i, 0.0000564902m + i)).ToList();
        facts.Add(Fact(4, "big", 12345678901234.123456789012m));

        await CompleteAsync(store, run, facts);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref));

        var back = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(251, back.Count);
        Assert.Equal(facts.Sum(f => f.BilledCost), back.Sum(f => f.BilledCost));
        Assert.Equal(12345678901234.123456789012m, back.Single(f => f.Allocation["team"] == "big").BilledCost);
        Assert.Equal(0.0000564902m, back.Single(f => f.Allocation["team"] == "team0").BilledCost);
        // Entity count is the storage cost: the part's 251 facts are one packed entity, not one per fact per index.
        var packed = service.GetTableClient(names.Facts).QueryAsync<TableEntity>(
            $"PartitionKey eq '{LedgerEntities.PackedPartition(run.Ref, 'f', 0).Replace("'", "''")}'");
        var count = 0;
        await foreach (var e in packed) { count++; Assert.Equal(251, e.GetInt32("Rows")); }
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Readers_see_nothing_of_a_run_until_all_parts_are_in_and_then_the_sum_of_its_parts()
    {
        var (store, _, _) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("c/exp", "r1", Nov1.AddDays(5), parts: 2);
        Assert.True(await store.RecordRunAsync(run, ["a.csv", "b.csv"]));
        Assert.False(await store.RecordRunAsync(run, ["a.csv", "b.csv"]));

        var written = await store.WriteFactsAsync(run.Ref, 0, [Fact(1, "vision", 10m)]);
        await store.MarkPartCompletedAsync(run.Ref, 0, new IngestResult(), written);
        Assert.Equal(RunCompletion.PartsOutstanding, await store.TryCompleteRunAsync(run.Ref));
        Assert.Empty(await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));

        // The same fact (same day and dimensions) in another part adds up when read.
        written = await store.WriteFactsAsync(run.Ref, 1, [Fact(1, "vision", 2.5m)]);
        await store.MarkPartCompletedAsync(run.Ref, 1, new IngestResult(), written);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref));
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref)); // idempotent

        var fact = Assert.Single(await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));
        Assert.Equal(12.5m, fact.BilledCost);
        Assert.Equal(2, fact.RowCount);
        Assert.Equal(LedgerRunStatus.Completed, (await store.GetRunAsync(run.Ref))!.Status);
    }

    [Fact]
    public async Task A_newer_run_replaces_an_older_one_and_an_older_run_finishing_late_does_not_win()
    {
        var (store, _, _) = NewStore();
        await store.EnsureCreatedAsync();
        var day5 = Run("c/exp", "run-day5", Nov1.AddDays(5));
        var day10 = Run("c/exp", "run-day10", Nov1.AddDays(10));
        var day3 = Run("c/exp", "run-day3", Nov1.AddDays(3));

        await CompleteAsync(store, day5, [Fact(1, "vision", 100m), Fact(2, "vision", 100m)]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(day5.Ref));
        await CompleteAsync(store, day10, [Fact(1, "vision", 101m), Fact(2, "vision", 99m), Fact(6, "llm", 50m)]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(day10.Ref));
        await CompleteAsync(store, day3, [Fact(1, "vision", 1000m)]);
        Assert.Equal(RunCompletion.Superseded, await store.TryCompleteRunAsync(day3.Ref));

        var month = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(250m, month.Sum(f => f.BilledCost));
        Assert.Equal("run-day10", Assert.Single(await store.GetCurrentRunsAsync("2026-11")).Run.RunId);
        Assert.Equal(LedgerRunStatus.Superseded, (await store.GetRunAsync(day5.Ref))!.Status);
        Assert.Equal(LedgerRunStatus.Superseded, (await store.GetRunAsync(day3.Ref))!.Status);
        Assert.True(await store.IsSupersededAsync("c/exp", ["2026-11"], Nov1.AddDays(4), "x"));

        // Stale runs go after the retention; the current one stays.
        Assert.Empty(await store.DeleteSupersededRunsAsync(TimeSpan.FromHours(1)));
        _time.Advance(TimeSpan.FromHours(2));
        var deleted = await store.DeleteSupersededRunsAsync(TimeSpan.FromHours(1));
        Assert.Equal(["run-day3", "run-day5"], deleted.Select(r => r.RunId).Order(StringComparer.Ordinal).ToArray());
        Assert.Null(await store.GetRunAsync(day5.Ref));
        Assert.Equal(250m, (await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11))).Sum(f => f.BilledCost));
    }

    [Fact]
    public async Task Two_exports_add_up_and_scope_filters_use_the_allocation_index()
    {
        var (store, _, _) = NewStore();
        await store.EnsureCreatedAsync();
        var a = Run("c/sub-a", "r", Nov1.AddDays(2));
        var b = Run("c/sub-b", "r", Nov1.AddDays(2));
        await CompleteAsync(store, a, [Fact(1, "vision", 10m), Fact(2, "Speech", 20m), Fact(3, "vision", 5m, "EUR")]);
        await CompleteAsync(store, b, [Fact(1, "vision", 1m)]);
        await store.TryCompleteRunAsync(a.Ref);
        await store.TryCompleteRunAsync(b.Ref);

        var vision = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11) with { Allocation = new Dictionary<string, string> { ["team"] = "vision" } });
        Assert.Equal(2, vision.Count); // both exports' day-1 vision facts are one fact summed, plus EUR on day 3
        Assert.Equal(11m, vision.Single(f => f.Currency == "USD").BilledCost);
        Assert.Equal(5m, vision.Single(f => f.Currency == "EUR").BilledCost);

        var speech = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11) with { Allocation = new Dictionary<string, string> { ["team"] = "speech" } });
        Assert.Equal(20m, Assert.Single(speech).BilledCost);

        var days = await store.GetFactsAsync(new LedgerQuery(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)));
        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)], days.Select(f => f.Day).ToArray());
        Assert.Empty(await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 10)));
    }

    [Fact]
    public async Task A_poisoned_part_keeps_its_reason_and_fails_the_run()
    {
        var (store, _, _) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("c/exp", "r1", Nov1.AddDays(5), parts: 1);
        await store.RecordRunAsync(run, ["p.csv"]);

        await store.MarkPartStartedAsync(run.Ref, 0, 1);
        await store.MarkPartFailedAsync(run.Ref, 0, 1, "attempt 1: IOException: reset", poisoned: false);
        Assert.Equal(LedgerPartStatus.Failed, (await store.GetPartsAsync(run.Ref))[0].Status);
        await store.MarkPartFailedAsync(run.Ref, 0, 5, "attempt 5: FormatException: p.csv line 7", poisoned: true);

        var part = Assert.Single(await store.GetPartsAsync(run.Ref));
        Assert.Equal(LedgerPartStatus.Poisoned, part.Status);
        Assert.Equal(5, part.Attempts);
        Assert.Contains("p.csv line 7", part.LastError);
        var header = (await store.GetRunAsync(run.Ref))!;
        Assert.Equal(LedgerRunStatus.Failed, header.Status);
        Assert.Contains("part 0 poisoned after 5 attempts", header.Reason);
        Assert.Equal(RunCompletion.PartsOutstanding, await store.TryCompleteRunAsync(run.Ref));
    }

    [Fact]
    public async Task Fixed_costs_every_part_adds_are_stored_once_per_run()
    {
        var (store, _, _) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("c/exp", "r1", Nov1.AddDays(5), parts: 2);
        DailyCostFact Fixed(int day) => Fact(day, "trey", 800m) with { Kind = AllocationKind.Fixed, Category = CostCategory.Fixed, ServiceName = "ml-engineers" };
        // Part 0 saw days 1-2, part 1 saw days 1-3: both add the fixed cost of the days they saw.
        await CompleteAsync(store, run, [Fact(1, "vision", 10m), Fixed(1), Fixed(2)], [Fact(3, "vision", 5m), Fixed(1), Fixed(2), Fixed(3)]);
        await store.TryCompleteRunAsync(run.Ref);

        var facts = await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11));

        Assert.Equal(3 * 800m, facts.Where(f => f.Kind == AllocationKind.Fixed).Sum(f => f.BilledCost));
        Assert.Equal(15m, facts.Where(f => f.Kind != AllocationKind.Fixed).Sum(f => f.BilledCost));
    }

    [Fact]
    public async Task A_ledger_nothing_was_written_to_reads_as_empty_rather_than_failing()
    {
        var (store, _, _) = NewStore(); // tables never created: a fresh deployment or a fresh Azurite

        Assert.Empty(await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));
    }
}
