using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>Per-resource daily costs in the Table ledger: same runs, parts and pointers as the facts.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLedgerResourceCostsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    private (TableLedgerStore Store, TableClient Facts) NewStore()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        return (new TableLedgerStore(service, names, _time), service.GetTableClient(names.Facts));
    }

    private static LedgerRun Run(string runId, DateTimeOffset submitted, int parts = 1) => new()
    {
        Ref = new ExportRunRef("c/exp", runId),
        PeriodStart = Nov1,
        PeriodEnd = Nov1.AddDays(20),
        SubmittedTime = submitted,
        PartCount = parts,
    };

    private const string Sub = "00000000-0000-0000-0000-000000000001";

    private static ResourceDailyCost Resource(int day, string name, decimal effective, string team = "vision", string rg = "rg-train",
        string currency = "USD") => new()
        {
            Day = new DateOnly(2026, 11, day),
            ResourceId = $"/subscriptions/{Sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}",
            ResourceName = name,
            SkuName = "Standard_ND96isr_H100_v5",
            RegionId = "eastus",
            Allocation = new AllocationKey([new("team", team), new("project", "p")]),
            Category = CostCategory.GpuCompute,
            Currency = currency,
            BilledCost = effective * 2,
            EffectiveCost = effective,
            GpuHours = 8m,
        };

    [Fact]
    public async Task The_months_with_a_current_run_are_what_the_dashboard_offers()
    {
        var (store, _) = NewStore();
        Assert.Empty(await store.GetMonthsWithCostsAsync()); // no runs table yet
        await store.EnsureCreatedAsync();

        var november = Run("r-nov", Nov1.AddDays(20));
        await CompleteAsync(store, november, [Resource(3, "vm-a", 10m)]);
        Assert.Empty(await store.GetMonthsWithCostsAsync()); // recorded, not yet current: readers see nothing
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(november.Ref));
        Assert.Equal([new DateOnly(2026, 11, 1)], await store.GetMonthsWithCostsAsync());

        var september = Run("r-sep", Nov1.AddDays(21)) with { Ref = new ExportRunRef("c/older", "r-sep"), PeriodStart = Nov1.AddMonths(-2), PeriodEnd = Nov1.AddMonths(-2).AddDays(29) };
        await CompleteAsync(store, september, [Resource(3, "vm-b", 5m) with { Day = new DateOnly(2026, 9, 3) }]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(september.Ref));
        Assert.Equal([new DateOnly(2026, 9, 1), new DateOnly(2026, 11, 1)], await store.GetMonthsWithCostsAsync());
    }

    private static async Task CompleteAsync(TableLedgerStore store, LedgerRun run, params IReadOnlyList<ResourceDailyCost>[] parts)
    {
        Assert.True(await store.RecordRunAsync(run, parts.Select((_, i) => $"part{i}.csv").ToList()));
        for (var i = 0; i < parts.Length; i++)
        {
            await store.WriteResourceCostsAsync(run.Ref, i, parts[i]);
            await store.MarkPartCompletedAsync(run.Ref, i, new IngestResult(), 0);
        }
    }

    [Fact]
    public async Task Resource_costs_round_trip_exactly_and_a_part_of_them_is_one_packed_entity()
    {
        var (store, facts) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("r1", Nov1.AddDays(5));
        var resources = Enumerable.Range(0, 250).Select(i => Resource(3, "vm" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), 0.0000564902m + i)).ToList();
        resources.Add(Resource(4, "big", 12345678901234.123456789012m) with { ResourceName = null, SkuName = null, RegionId = null, GpuHours = 0.1666666666666666666666666667m });

        Assert.True(await store.RecordRunAsync(run, ["part0.csv"]));
        Assert.Equal(1, await store.WriteResourceCostsAsync(run.Ref, 0, resources)); // entities written, not rows
        await store.MarkPartCompletedAsync(run.Ref, 0, new IngestResult(), 0);
        Assert.Empty(await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11))); // no pointer yet
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref));

        var back = await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(resources.OrderBy(r => r.Day).ThenByDescending(r => r.EffectiveCost).ToList(), back); // records: every field equal
        var big = back.Single(r => r.Day.Day == 4);
        Assert.Equal(12345678901234.123456789012m, big.EffectiveCost);
        Assert.Equal(24691357802468.246913578024m, big.BilledCost);
        Assert.Null(big.ResourceName);
        Assert.Equal(0.0000564902m, back.Single(r => r.ResourceName == "vm000").EffectiveCost);

        var entities = 0;
        await foreach (var e in facts.QueryAsync<TableEntity>($"PartitionKey eq '{LedgerEntities.PackedPartition(run.Ref, 'r', 0).Replace("'", "''")}'"))
        {
            entities++;
            Assert.Equal(resources.Count, e.GetInt32("Rows"));
        }
        Assert.Equal(1, entities); // one packed entity for the part's resource-days
        Assert.Empty(await store.GetFactsAsync(LedgerQuery.ForMonth(2026, 11))); // resource rows never read as facts
    }

    [Fact]
    public async Task A_redelivered_part_rewrites_the_same_entities_and_parts_add_up_named_by_the_first_part()
    {
        var (store, facts) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("r1", Nov1.AddDays(5), parts: 2);
        Assert.True(await store.RecordRunAsync(run, ["a.csv", "b.csv"]));
        IReadOnlyList<ResourceDailyCost> part0 = [Resource(1, "vm-a", 10m), Resource(1, "vm-b", 3m)];
        await store.WriteResourceCostsAsync(run.Ref, 0, part0);
        await store.WriteResourceCostsAsync(run.Ref, 0, part0); // redelivered
        await store.MarkPartCompletedAsync(run.Ref, 0, new IngestResult(), 0);
        // vm-a's rows of day 1 continue in part 1 (with another first-row allocation): summed, named by part 0.
        await store.WriteResourceCostsAsync(run.Ref, 1, [Resource(1, "vm-a", 2.5m, team: "speech")]);
        await store.MarkPartCompletedAsync(run.Ref, 1, new IngestResult(), 0);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref));

        var back = await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(2, back.Count);
        var a = back[0];
        Assert.Equal("vm-a", a.ResourceName);
        Assert.Equal(12.5m, a.EffectiveCost);
        Assert.Equal(25m, a.BilledCost);
        Assert.Equal(16m, a.GpuHours);
        Assert.Equal("vision", a.Allocation["team"]);
        Assert.Equal(3m, back[1].EffectiveCost);

        var entities = 0;
        await foreach (var _ in facts.QueryAsync<TableEntity>(select: ["PartitionKey"])) entities++;
        Assert.Equal(2 + 3, entities); // one packed entity per part (the redelivery rewrote part 0's) + the run's 3 summaries
    }

    [Fact]
    public async Task A_newer_run_replaces_the_older_runs_resources_and_cleanup_deletes_them()
    {
        var (store, facts) = NewStore();
        await store.EnsureCreatedAsync();
        var older = Run("run-day5", Nov1.AddDays(5));
        var newer = Run("run-day10", Nov1.AddDays(10));
        await CompleteAsync(store, older, [Resource(1, "vm-a", 100m), Resource(2, "vm-gone", 40m)]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(older.Ref));
        Assert.Equal(140m, (await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11))).Sum(r => r.EffectiveCost));

        await CompleteAsync(store, newer, [Resource(1, "vm-a", 101m), Resource(6, "vm-new", 7m)]);
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(newer.Ref));

        var month = await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(["vm-a", "vm-new"], month.Select(r => r.ResourceName!).ToArray());
        Assert.Equal(108m, month.Sum(r => r.EffectiveCost));

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("run-day5", Assert.Single(await store.DeleteSupersededRunsAsync(TimeSpan.FromHours(1))).RunId);
        var left = new List<string>();
        await foreach (var e in facts.QueryAsync<TableEntity>(select: ["PartitionKey"])) left.Add(e.PartitionKey);
        // The newer run's one packed entity of resource-days and its summaries (facts, by allocation, resource-days).
        Assert.Equal(["c%2Fexp|run-day10|c|r|p00000", "c%2Fexp|run-day10|s|a", "c%2Fexp|run-day10|s|f", "c%2Fexp|run-day10|s|r"], left);
        Assert.Equal(108m, (await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11))).Sum(r => r.EffectiveCost));
    }

    [Fact]
    public async Task Scope_and_day_filters_apply_to_the_summed_resources()
    {
        var (store, _) = NewStore();
        await store.EnsureCreatedAsync();
        var run = Run("r1", Nov1.AddDays(5));
        await CompleteAsync(store, run, [Resource(1, "vm-a", 10m), Resource(2, "vm-b", 20m, team: "Speech", rg: "rg-speech"), Resource(3, "vm-a", 5m, currency: "EUR")]);
        await store.TryCompleteRunAsync(run.Ref);
        var month = LedgerQuery.ForMonth(2026, 11);

        var vision = await store.GetResourceCostsAsync(month with { Allocation = new Dictionary<string, string> { ["team"] = "VISION" } });
        Assert.Equal([10m, 5m], vision.Select(r => r.EffectiveCost).ToArray());
        var speech = await store.GetResourceCostsAsync(month with { ResourceGroupName = "RG-SPEECH", SubAccountId = "/subscriptions/" + Sub });
        Assert.Equal("vm-b", Assert.Single(speech).ResourceName);
        Assert.Empty(await store.GetResourceCostsAsync(month with { SubAccountId = "other" }));
        var days = await store.GetResourceCostsAsync(new LedgerQuery(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 3)));
        Assert.Equal([2, 3], days.Select(r => r.Day.Day).ToArray());
        Assert.Empty(await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 10)));
    }

    [Fact]
    public async Task A_ledger_nothing_was_written_to_has_no_resource_costs()
    {
        var (store, _) = NewStore();
        Assert.Empty(await store.GetResourceCostsAsync(LedgerQuery.ForMonth(2026, 11)));
    }
}
