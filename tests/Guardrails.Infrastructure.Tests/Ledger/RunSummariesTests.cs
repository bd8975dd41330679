using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>
/// A completed run's summaries (<see cref="RunSummaries"/>) answer what its parts answer, to the cent, at both
/// details; a restated month's summaries replace the old run's; runs completed before summaries existed are still read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunSummariesTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LedgerQuery November = LedgerQuery.ForMonth(2026, 11);
    private static readonly string[] Teams = ["vision", "speech", "research"];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));

    private sealed record Part(List<DailyCostFact> Facts, List<ResourceDailyCost> Resources);

    /// <summary>
    /// A month in three (or <paramref name="partCount"/>) parts that share days, allocations, services and resources (so summing over parts matters),
    /// amounts with up to six decimals in two currencies, and a declared fixed cost that every part carries.
    /// </summary>
    private static List<Part> GeneratedMonth(int seed, int partCount = 3)
    {
        var random = new Random(seed);
        var parts = new List<Part>();
        for (var p = 0; p < partCount; p++)
        {
            var facts = new Dictionary<(DateOnly, string), DailyCostFact>();
            var resources = new Dictionary<(DateOnly, string, string), ResourceDailyCost>();
            for (var day = new DateOnly(2026, 11, 1); day <= new DateOnly(2026, 11, 30); day = day.AddDays(1))
            {
                for (var i = 0; i < 40; i++)
                {
                    // A resource keeps its tags, subscription and currency; what it costs and on which service varies.
                    var vm = random.Next(25);
                    var team = vm % 4 < 3 ? Teams[vm % 4] : null;
                    var allocation = team is null ? AllocationKey.Empty
                        : new AllocationKey([new("team", team), new("project", "p" + vm % 3)]);
                    var currency = vm % 5 == 0 ? "EUR" : "USD";
                    var sub = "/subscriptions/sub-" + vm % 3;
                    var amount = decimal.Round((decimal)random.NextDouble() * 900m, random.Next(7));
                    var fact = new DailyCostFact
                    {
                        Day = day,
                        Allocation = allocation,
                        Kind = team is null ? AllocationKind.Unallocated : AllocationKind.Direct,
                        Category = (CostCategory)random.Next(5),
                        ServiceName = "service-" + random.Next(6),
                        PricingCategory = (PricingCategory)random.Next(3),
                        Currency = currency,
                        SubAccountId = sub,
                        ResourceGroupName = "rg-" + vm % 2,
                        BilledCost = amount,
                        EffectiveCost = decimal.Round(amount * 0.9m, 6),
                        ListCost = amount * 1.25m,
                        ConsumedQuantity = random.Next(1, 24),
                        GpuHours = random.Next(3) == 0 ? 8m : 0m,
                        RowCount = 1,
                    };
                    facts[(day, fact.FactKey)] = facts.TryGetValue((day, fact.FactKey), out var same) ? same with
                    {
                        BilledCost = same.BilledCost + fact.BilledCost,
                        EffectiveCost = same.EffectiveCost + fact.EffectiveCost,
                        ListCost = same.ListCost + fact.ListCost,
                        ConsumedQuantity = same.ConsumedQuantity + fact.ConsumedQuantity,
                        GpuHours = same.GpuHours + fact.GpuHours,
                        RowCount = same.RowCount + 1,
                    } : fact;
                    var resourceId = $"{sub}/resourceGroups/{fact.ResourceGroupName}/providers/Microsoft.Compute/virtualMachines/vm-{vm}";
                    var resource = new ResourceDailyCost
                    {
                        Day = day,
                        ResourceId = resourceId,
                        ResourceName = resourceId[(resourceId.LastIndexOf('/') + 1)..],
                        SkuName = "Standard_NC24ads_A100_v4",
                        RegionId = "eastus",
                        Allocation = allocation,
                        Category = fact.Category,
                        Currency = currency,
                        BilledCost = fact.BilledCost,
                        EffectiveCost = fact.EffectiveCost,
                        GpuHours = fact.GpuHours,
                    };
                    var rk = (day, resourceId, currency);
                    resources[rk] = resources.TryGetValue(rk, out var r) ? r with
                    {
                        BilledCost = r.BilledCost + resource.BilledCost,
                        EffectiveCost = r.EffectiveCost + resource.EffectiveCost,
                        GpuHours = r.GpuHours + resource.GpuHours,
                    } : resource;
                }
                var licence = new DailyCostFact
                {
                    Day = day,
                    Allocation = new AllocationKey([new("team", "vision")]),
                    Kind = AllocationKind.Fixed,
                    Category = CostCategory.Fixed,
                    ServiceName = "Licences",
                    Currency = "USD",
                    BilledCost = 33.333333m,
                    EffectiveCost = 33.333333m,
                };
                facts[(day, licence.FactKey)] = licence;
            }
            parts.Add(new Part([.. facts.Values], [.. resources.Values]));
        }
        return parts;
    }

    /// <summary>The month's facts as the parts say, summed here independently: by day and fact key, a fixed cost once.</summary>
    private static List<(DateOnly Day, string Key, decimal Billed, decimal Effective, decimal List, decimal Quantity, decimal Gpu, long Rows)> Truth(IEnumerable<Part> parts) =>
        parts.SelectMany(p => p.Facts)
            .GroupBy(f => (f.Day, f.FactKey))
            .Select(g => g.First().Kind == AllocationKind.Fixed ? [g.First()] : g.ToList())
            .Select(g => (g[0].Day, g[0].FactKey, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost), g.Sum(f => f.ListCost),
                g.Sum(f => f.ConsumedQuantity), g.Sum(f => f.GpuHours), g.Sum(f => f.RowCount)))
            .OrderBy(t => t.Day).ThenBy(t => t.FactKey, StringComparer.Ordinal).ToList();

    /// <summary>The parts' facts as one month: every fact once per part, a declared fixed cost once.</summary>
    private static List<DailyCostFact> Expected(IEnumerable<Part> parts) =>
        parts.SelectMany(p => p.Facts).GroupBy(f => (f.Day, f.FactKey))
            .SelectMany(g => g.First().Kind == AllocationKind.Fixed ? [g.First()] : g.AsEnumerable()).ToList();

    private static List<(string Team, string Currency, decimal Billed, decimal Effective)> ByTeam(IEnumerable<DailyCostFact> facts) =>
        facts.GroupBy(f => (Team: f.Allocation["team"] ?? "", f.Currency))
            .Select(g => (g.Key.Team, g.Key.Currency, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost)))
            .OrderBy(r => r.Team, StringComparer.Ordinal).ThenBy(r => r.Currency, StringComparer.Ordinal).ToList();

    private (TableLedgerStore Store, Func<TableLedgerStore> Another, TableClient Facts, TableClient Runs) NewStore()
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        return (new TableLedgerStore(service, names, _time), () => new TableLedgerStore(service, names, _time),
            service.GetTableClient(names.Facts), service.GetTableClient(names.Runs));
    }

    private async Task CompleteAsync(TableLedgerStore store, ExportRunRef run, IReadOnlyList<Part> parts, DateTimeOffset submitted)
    {
        await store.EnsureCreatedAsync();
        Assert.True(await store.RecordRunAsync(new LedgerRun
        {
            Ref = run,
            PeriodStart = Nov1,
            PeriodEnd = Nov1.AddMonths(1),
            SubmittedTime = submitted,
            PartCount = parts.Count,
        }, [.. parts.Select((_, i) => $"part{i}.csv")]));
        for (var i = 0; i < parts.Count; i++)
        {
            var written = await store.WriteFactsAsync(run, i, parts[i].Facts) + await store.WriteResourceCostsAsync(run, i, parts[i].Resources);
            await store.MarkPartCompletedAsync(run, i, new IngestResult { RowsRead = parts[i].Facts.Count }, written);
        }
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run));
    }

    private static async Task<int> EntitiesUnderAsync(TableClient facts, string prefix)
    {
        var count = 0;
        await foreach (var _ in facts.QueryAsync<TableEntity>(TableKeys.StartsWith("PartitionKey", prefix), select: ["PartitionKey"]))
            count++;
        return count;
    }

    [Fact]
    public async Task Summary_reads_answer_costs_by_team_budgets_facts_and_resource_days_as_the_parts_do_to_the_cent()
    {
        var parts = GeneratedMonth(seed: 17);
        var (store, another, _, _) = NewStore();
        await CompleteAsync(store, new ExportRunRef("c/exp", "r1"), parts, Nov1.AddMonths(1));
        var reader = another();

        var summary = await reader.GetFactsAsync(November with { Detail = LedgerDetail.Allocation });
        var facts = await reader.GetFactsAsync(November);
        Assert.True(summary.Count < facts.Count, $"the summary has {summary.Count} rows for {facts.Count} facts");
        Assert.All(summary, f => Assert.True(f.ServiceName == "" && f.SubAccountId is null && f.ResourceGroupName is null));

        // costs --by team: the summary, the facts and the parts summed independently agree exactly.
        var truth = Truth(parts);
        var truthFacts = Expected(parts);
        Assert.Equal(ByTeam(truthFacts), ByTeam(summary));
        Assert.Equal(ByTeam(truthFacts), ByTeam(facts));

        // A query by subscription is answered from the facts, whatever detail it asks for.
        var sub1 = November with { SubAccountId = "/subscriptions/sub-1", Detail = LedgerDetail.Allocation };
        Assert.Equal(ByTeam(truthFacts.Where(f => f.SubAccountId == "/subscriptions/sub-1")), ByTeam(await reader.GetFactsAsync(sub1)));

        // Every fact, every amount.
        Assert.Equal(truth, facts.Select(f => (f.Day, f.FactKey, f.BilledCost, f.EffectiveCost, f.ListCost, f.ConsumedQuantity, f.GpuHours, f.RowCount)).ToList());

        // Resource-days summed over parts.
        var resourceTruth = parts.SelectMany(p => p.Resources).GroupBy(r => (r.Day, r.ResourceId, r.Currency))
            .Select(g => (g.Key.Day, g.Key.ResourceId, g.Key.Currency, g.Sum(r => r.BilledCost), g.Sum(r => r.EffectiveCost), g.Sum(r => r.GpuHours)))
            .OrderBy(t => t.Day).ThenBy(t => t.ResourceId, StringComparer.Ordinal).ThenBy(t => t.Currency, StringComparer.Ordinal).ToList();
        var resources = await reader.GetResourceCostsAsync(November);
        Assert.Equal(resourceTruth, resources.Select(r => (r.Day, r.ResourceId, r.Currency, r.BilledCost, r.EffectiveCost, r.GpuHours))
            .OrderBy(t => t.Day).ThenBy(t => t.ResourceId, StringComparer.Ordinal).ThenBy(t => t.Currency, StringComparer.Ordinal).ToList());

        // A budget by team (read from the summary) and one by team and subscription (read from the facts) spend what
        // the independently summed month says, and the first agrees with the same budget over the month in memory.
        var byTeam = new BudgetConfig { Name = "vision", Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" }, Amount = 50_000m, Currency = "USD" };
        var bySubscription = new BudgetConfig { Name = "vision-sub-1", Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision", ["subscription"] = "sub-1" }, Amount = 20_000m, Currency = "USD" };
        var options = new BudgetEvaluationOptions { Month = new DateOnly(2026, 11, 1) };
        var stored = await new BudgetEvaluator(reader, reader, null, _time).ComputeAsync([byTeam], options);
        var storedSub = await new BudgetEvaluator(reader, reader, null, _time).ComputeAsync([bySubscription], options);
        var memory = LedgerSnapshot.From(new IngestResult { Facts = truthFacts, ResourceCosts = parts.SelectMany(p => p.Resources).ToList() });
        var inMemory = await new BudgetEvaluator(memory, memory, null, _time).ComputeAsync([byTeam], options);

        var visionUsd = truthFacts.Where(f => f.Allocation["team"] == "vision" && f.Currency == "USD" && f.Category != CostCategory.Fixed);
        Assert.Equal(visionUsd.Sum(f => f.EffectiveCost), stored[0].Spent);
        Assert.Equal(visionUsd.Where(f => f.SubAccountId == "/subscriptions/sub-1").Sum(f => f.EffectiveCost), storedSub[0].Spent);
        Assert.Equal((inMemory[0].Spent, inMemory[0].Forecast, inMemory[0].ForecastLow, inMemory[0].ForecastHigh, inMemory[0].BreachDate, inMemory[0].State),
            (stored[0].Spent, stored[0].Forecast, stored[0].ForecastLow, stored[0].ForecastHigh, stored[0].BreachDate, stored[0].State));
        Assert.Equal(inMemory[0].TopDrivers.Select(d => (d.ResourceId, d.Cost)), stored[0].TopDrivers.Select(d => (d.ResourceId, d.Cost)));
    }

    [Fact]
    public async Task A_restated_runs_summaries_replace_the_old_runs_and_go_with_it_when_it_is_deleted()
    {
        var (store, another, factsTable, _) = NewStore();
        var old = new ExportRunRef("c/exp", "r-old");
        var restated = new ExportRunRef("c/exp", "r-new");
        var before = GeneratedMonth(seed: 1);
        var after = GeneratedMonth(seed: 2);
        await CompleteAsync(store, old, before, Nov1.AddDays(20));
        Assert.Equal(ByTeam(Expected(before)), ByTeam(await store.GetFactsAsync(November with { Detail = LedgerDetail.Allocation })));

        await CompleteAsync(store, restated, after, Nov1.AddDays(21));

        var afterFacts = Expected(after);
        foreach (var reader in new[] { store, another() })
        {
            Assert.Equal(ByTeam(afterFacts), ByTeam(await reader.GetFactsAsync(November with { Detail = LedgerDetail.Allocation })));
            Assert.Equal(ByTeam(afterFacts), ByTeam(await reader.GetFactsAsync(November)));
            Assert.Equal(after.SelectMany(p => p.Resources).Sum(r => r.EffectiveCost), (await reader.GetResourceCostsAsync(November)).Sum(r => r.EffectiveCost));
        }

        Assert.True(await EntitiesUnderAsync(factsTable, LedgerEntities.SummaryPartition(old, 'a')) > 0);
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal([old], await store.DeleteSupersededRunsAsync(TimeSpan.FromHours(1)));
        Assert.Equal(0, await EntitiesUnderAsync(factsTable, LedgerEntities.FactRunPrefix(old)));
        Assert.True(await EntitiesUnderAsync(factsTable, LedgerEntities.SummaryPartition(restated, 'a')) > 0);
        Assert.Equal(ByTeam(afterFacts), ByTeam(await another().GetFactsAsync(November with { Detail = LedgerDetail.Allocation })));
    }

    [Fact]
    public async Task A_run_completed_before_summaries_existed_is_read_from_its_parts()
    {
        var parts = GeneratedMonth(seed: 3);
        var (store, another, factsTable, runsTable) = NewStore();
        var run = new ExportRunRef("c/exp", "r1");
        await CompleteAsync(store, run, parts, Nov1.AddMonths(1));
        var expected = await another().GetFactsAsync(November);
        var expectedResources = await another().GetResourceCostsAsync(November);

        // As an older version left it: no summaries, and a pointer that does not mention them.
        foreach (var kind in "far")
            await foreach (var e in factsTable.QueryAsync<TableEntity>($"PartitionKey eq '{TableKeys.Quote(LedgerEntities.SummaryPartition(run, kind))}'"))
                await factsTable.DeleteEntityAsync(e.PartitionKey, e.RowKey);
        var pointer = (await runsTable.GetEntityAsync<TableEntity>(LedgerEntities.PointerPartition("2026-11"), LedgerEntities.PointerRowKey(run.ExportName))).Value;
        pointer.Remove("Summary");
        await runsTable.UpdateEntityAsync(pointer, pointer.ETag, TableUpdateMode.Replace);

        var reader = another();
        Assert.Equal(expected, await reader.GetFactsAsync(November));
        Assert.Equal(ByTeam(expected), ByTeam(await reader.GetFactsAsync(November with { Detail = LedgerDetail.Allocation })));
        Assert.Equal(expectedResources, await reader.GetResourceCostsAsync(November));
    }

    /// <summary>A summary partition's entities as stored: row key, counts and packed bytes (not the service's timestamps).</summary>
    private static async Task<List<string>> StoredAsync(TableClient facts, string partitionKey)
    {
        var entities = new List<string>();
        await foreach (var e in facts.QueryAsync<TableEntity>($"PartitionKey eq '{TableKeys.Quote(partitionKey)}'"))
            entities.Add(string.Join(";", e.Keys.Where(k => k is not "Timestamp" and not "odata.etag" and not "PartitionKey").Order(StringComparer.Ordinal)
                .Select(k => k + "=" + (e[k] is byte[] bytes ? Convert.ToHexString(bytes) : e[k]))));
        return entities;
    }

    private static async Task<bool> PartsAreMarkedSortedAsync(TableClient facts, ExportRunRef run, int partCount)
    {
        foreach (var family in "fr")
            for (var i = 0; i < partCount; i++)
            {
                var first = (await facts.GetEntityAsync<TableEntity>(LedgerEntities.PackedPartition(run, family, i), "00000")).Value;
                if (!PackedRows.IsSorted(first)) return false;
            }
        return true;
    }

    [Fact]
    public async Task Summaries_merged_from_twelve_sorted_parts_are_the_entities_the_parts_summed_in_memory_give_byte_for_byte()
    {
        var parts = GeneratedMonth(seed: 29, partCount: 12);
        var (store, _, factsTable, _) = NewStore();
        var merged = new ExportRunRef("c/exp", "r-merged");
        await CompleteAsync(store, merged, parts, Nov1.AddMonths(1));
        Assert.True(await PartsAreMarkedSortedAsync(factsTable, merged, parts.Count));

        // The same parts as an older version wrote them: in the producer's order, without the merge-order mark, so the
        // completion sums them in dictionaries.
        var table = new PackedLedgerTable(factsTable, 4);
        var old = new ExportRunRef("c/exp-old", "r-old");
        for (var i = 0; i < parts.Count; i++)
        {
            await table.WriteAsync(LedgerEntities.PackedPartition(old, 'f', i), parts[i].Facts, LedgerEntities.WriteFact, CancellationToken.None);
            await table.WriteAsync(LedgerEntities.PackedPartition(old, 'r', i), parts[i].Resources, LedgerEntities.WriteResourceCost, CancellationToken.None);
        }
        Assert.False(await PartsAreMarkedSortedAsync(factsTable, old, parts.Count));
        await new RunSummaries(table).WriteAsync(old, parts.Count, CancellationToken.None);

        foreach (var kind in "far")
        {
            var streamed = await StoredAsync(factsTable, LedgerEntities.SummaryPartition(merged, kind));
            Assert.NotEmpty(streamed);
            Assert.Equal(await StoredAsync(factsTable, LedgerEntities.SummaryPartition(old, kind)), streamed);
        }

        // And both are the parts summed independently, to the cent.
        var facts = await table.ReadPartitionAsync(LedgerEntities.SummaryPartition(merged, 'f'), LedgerEntities.ReadFact, CancellationToken.None);
        Assert.Equal(Truth(parts), facts.Select(f => (f.Day, f.FactKey, f.BilledCost, f.EffectiveCost, f.ListCost, f.ConsumedQuantity, f.GpuHours, f.RowCount)).ToList());
    }

    [Fact]
    public async Task The_merge_holds_one_row_per_part_and_one_days_rows_and_a_retried_completion_rewrites_the_same_entities()
    {
        var parts = GeneratedMonth(seed: 41, partCount: 10);
        var (store, _, factsTable, _) = NewStore();
        var run = new ExportRunRef("c/exp", "r1");
        await CompleteAsync(store, run, parts, Nov1.AddMonths(1));
        var before = new Dictionary<char, List<string>>();
        foreach (var kind in "far") before[kind] = await StoredAsync(factsTable, LedgerEntities.SummaryPartition(run, kind));

        // A second consumer completing the same run (a retry after a lost lease) through a gauge that counts the rows held.
        var gauge = new RowGauge();
        await new RunSummaries(new PackedLedgerTable(factsTable, 4), gauge).WriteAsync(run, parts.Count, CancellationToken.None);

        foreach (var kind in "far") Assert.Equal(before[kind], await StoredAsync(factsTable, LedgerEntities.SummaryPartition(run, kind)));
        var monthFacts = Truth(parts);
        var factsPerDay = monthFacts.GroupBy(f => f.Day).Max(g => g.Count());
        var allocationsPerDay = Expected(parts).GroupBy(f => (f.Day, f.Allocation, f.Kind, f.Category, f.Currency)).GroupBy(g => g.Key.Day).Max(g => g.Count());
        var resourcesPerDay = parts.SelectMany(p => p.Resources).GroupBy(r => (r.Day, r.ResourceId, r.Currency)).GroupBy(g => g.Key.Day).Max(g => g.Count());
        var bound = parts.Count + 1 + Math.Max(factsPerDay + allocationsPerDay, resourcesPerDay);
        Assert.InRange(gauge.Peak, 1, bound);
        Assert.True(gauge.Peak * 10 < monthFacts.Count, $"held {gauge.Peak} rows at most for a month of {monthFacts.Count} facts");
        Assert.Equal(0, gauge.Held);
    }
}
