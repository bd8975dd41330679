using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Tests.Billing;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Ledger;

public sealed class DailyCostAggregatorTests
{
    private static AllocationConfig Config(params SharedCostRuleConfig[] rules) => new()
    {
        Keys =
        [
            new AllocationKeyConfig { Name = "team" },
            new AllocationKeyConfig { Name = "env", Aliases = ["env", "environment"] },
        ],
        Shared = [.. rules],
    };

    private static SharedCostRuleConfig Platform(SharedSplitMethod method = SharedSplitMethod.Proportional) =>
        new() { Name = "platform", Key = "team", Method = method, Scope = new SharedScopeConfig { ResourceGroup = "platform" } };

    private static AggregationResult Run(AllocationConfig config, params CostRecord[] records)
    {
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config);
        foreach (var r in records) aggregator.Add(allocator.Allocate(r));
        return aggregator.Complete();
    }

    [Fact]
    public async Task Records_carrying_their_readers_resource_slots_sum_to_the_same_facts_as_copies_without_them()
    {
        // The reader hands one slot per resource out with its records; the allocator and the aggregator keep their last
        // outcome and fact there. A second allocator and aggregator over the same records find the first ones' state in
        // the slots and must not use it.
        var config = GuardrailsConfigLoader.Load(Path.Combine(BillingTestSupport.RepositoryRoot, "guardrails.yaml")).Allocation;
        var path = BillingTestSupport.Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");
        var records = (await BillingTestSupport.ReadAsync(IngestSource.FromFile(path))).Records;
        var withoutSlots = records.Select(r => r with { }).ToArray();
        foreach (var r in withoutSlots) r.Fields.Resource = default;

        var plain = Run(config, withoutSlots);
        var first = Run(config, [.. records]);
        var second = Run(config, [.. records]);

        Assert.Contains(records, r => r.Fields.Resource.Slot is not null);
        Assert.Equal(plain.Facts.Count, first.Facts.Count);
        Assert.Equal(plain.Facts, first.Facts);
        Assert.Equal(plain.Facts, second.Facts);
        Assert.Equal(plain.ResourceCosts, second.ResourceCosts);
    }

    [Theory]
    [InlineData(true, "early")]
    [InlineData(false, "late")]
    public void Merging_two_workers_keeps_the_resource_day_of_the_earlier_part(bool byPart, string expectedTeam)
    {
        // Worker 0 read part 3 (vm1 tagged "late"); worker 1 read part 1 (vm1 tagged "early"): part 1 comes first in the
        // file. Merged by part, the resource-day is described by part 1's row; merged as "later rows" (a next file), the
        // receiving aggregate's own row stays.
        var config = Config();
        (CostAllocator Allocator, DailyCostAggregator Aggregator) Worker(int part, string team, decimal cost)
        {
            var allocator = new CostAllocator(config);
            var aggregator = new DailyCostAggregator(allocator, config) { CurrentPart = part };
            aggregator.Add(allocator.Allocate(Cost(cost, resourceId: "/subscriptions/s/vm1", tags: ("team", team))));
            return (allocator, aggregator);
        }

        var w0 = Worker(3, "late", 2m);
        var w1 = Worker(1, "early", 1m);
        w0.Aggregator.MergeFrom(w1.Aggregator, byPart);
        var resource = Assert.Single(w0.Aggregator.Complete().ResourceCosts);

        Assert.Equal(expectedTeam, resource.Allocation["team"]);
        Assert.Equal(3m, resource.BilledCost);
    }

    [Fact]
    public void A_worker_reading_parts_from_the_back_keeps_the_resource_day_of_the_earliest_part()
    {
        var config = Config();
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config);
        foreach (var (part, team) in new[] { (5, "last"), (5, "last-again"), (2, "early"), (2, "early-again"), (4, "middle") })
        {
            aggregator.CurrentPart = part;
            aggregator.Add(allocator.Allocate(Cost(1m, resourceId: "/subscriptions/s/vm1", tags: ("team", team))));
        }

        var resource = Assert.Single(aggregator.Complete().ResourceCosts);
        Assert.Equal("early", resource.Allocation["team"]); // part 2's first row
        Assert.Equal(5m, resource.BilledCost);
    }

    [Fact]
    public void Rows_with_the_same_dimensions_become_one_fact()
    {
        var result = Run(Config(),
            Cost(1.10m, 1.00m, tags: ("team", "a"), quantity: 2m, unit: "Hours", sku: "Standard_NC24ads_A100_v4"),
            Cost(2.20m, 2.00m, tags: ("TEAM", "a"), quantity: 3m, unit: "Hours", sku: "Standard_NC24ads_A100_v4"),
            Cost(5m, tags: ("team", "b")),
            Cost(7m, day: "2024-09-02", tags: ("team", "a")));

        Assert.Equal(3, result.Facts.Count);
        var first = result.Facts[0];
        Assert.Equal((new DateOnly(2024, 9, 1), "team=a;env=unallocated", CostCategory.GpuCompute), (first.Day, first.Allocation.ToString(), first.Category));
        Assert.Equal((3.30m, 3.00m, 5m, 5m, 2L), (first.BilledCost, first.EffectiveCost, first.ConsumedQuantity, first.GpuHours, first.RowCount));
        Assert.Equal(AllocationKind.Direct, first.Kind);
        Assert.Equal([new CurrencyTotal("USD", 15.30m, 15.00m)], result.Totals);
    }

    [Fact]
    public void Currencies_subscriptions_and_resource_groups_stay_apart()
    {
        var result = Run(Config(),
            Cost(1m, currency: "USD", rg: "x"), Cost(1m, currency: "EUR", rg: "x"), Cost(1m, currency: "USD", rg: "y"),
            Cost(1m, currency: "USD", rg: "y", sub: "s"));
        Assert.Equal(4, result.Facts.Count);
        Assert.All(result.Facts, f => Assert.Equal(AllocationKind.Unallocated, f.Kind));
        Assert.Equal(["EUR", "USD"], result.Totals.Select(t => t.Currency));
    }

    [Fact]
    public void Without_scope_detail_facts_of_several_subscriptions_and_resource_groups_merge_with_the_same_totals()
    {
        var config = Config(Platform());
        CostRecord[] records =
        [
            Cost(1.25m, rg: "x", tags: ("team", "a")), Cost(2.50m, rg: "y", tags: ("team", "a")), Cost(4m, rg: "y", sub: "s", tags: ("team", "a")),
            Cost(3m, rg: "x", tags: ("team", "b")), Cost(1m, currency: "EUR", rg: "x", tags: ("team", "a")),
            Cost(10.01m, rg: "platform", tags: ("env", "prod")),
        ];
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config, includeResourceCosts: false, includeScopeDetail: false);
        foreach (var r in records) aggregator.Add(allocator.Allocate(r));
        var coarse = aggregator.Complete();
        var detailed = Run(config, records);

        Assert.NotEmpty(coarse.Facts);
        Assert.All(coarse.Facts, f => Assert.True(f.SubAccountId is null && f.ResourceGroupName is null));
        Assert.Empty(coarse.ResourceCosts);
        Assert.Equal(detailed.Totals, coarse.Totals);
        var direct = coarse.Facts.Where(f => f.Kind == AllocationKind.Direct).ToList();
        Assert.Equal([("team=a;env=unallocated", "EUR", 1m), ("team=a;env=unallocated", "USD", 7.75m), ("team=b;env=unallocated", "USD", 3m)],
            direct.Select(f => (f.Allocation.ToString(), f.Currency, f.BilledCost)).OrderBy(t => t.Item1).ThenBy(t => t.Item2).ToArray());
        Assert.True(detailed.Facts.Count > coarse.Facts.Count);
        // Per (allocation, kind, currency) the coarse facts are the detailed ones summed over their scopes, to the cent.
        static Dictionary<string, decimal> ByGroup(AggregationResult r) => r.Facts
            .GroupBy(f => $"{f.Allocation}|{f.Kind}|{f.Currency}").ToDictionary(g => g.Key, g => g.Sum(f => f.BilledCost));
        Assert.Equal(ByGroup(detailed).OrderBy(p => p.Key), ByGroup(coarse).OrderBy(p => p.Key));
    }

    [Fact]
    public void Shared_cost_splits_proportionally_to_direct_effective_cost_that_day()
    {
        var result = Run(Config(Platform()),
            Cost(30m, tags: ("team", "a")),
            Cost(10m, tags: ("team", "b")),
            Cost(-5m, tags: ("team", "c")), // a refund: no positive direct cost, receives nothing
            Cost(20m, rg: "platform", tags: ("env", "prod")),
            Cost(99m, day: "2024-09-02", tags: ("team", "z")));

        var shared = result.Facts.Where(f => f.Kind == AllocationKind.Shared).ToList();
        Assert.Equal(["team=a;env=prod", "team=b;env=prod"], shared.Select(f => f.Allocation.ToString()));
        Assert.Equal([15m, 5m], shared.Select(f => f.BilledCost));
        Assert.All(shared, f => Assert.Equal(new DateOnly(2024, 9, 1), f.Day));
        Assert.Equal(1L, shared.Sum(f => f.RowCount));
    }

    [Fact]
    public void Shared_cost_splits_evenly_with_exact_cents()
    {
        var rule = Platform(SharedSplitMethod.Even);
        rule.Values = ["a", "b", "c"];
        var result = Run(Config(rule), Cost(100m, rg: "platform"));
        Assert.Equal([33.34m, 33.33m, 33.33m], result.Facts.Select(f => f.BilledCost));
        Assert.Equal(["a", "b", "c"], result.Facts.Select(f => f.Allocation["team"]));
    }

    [Fact]
    public void Shared_cost_splits_by_fixed_percentages()
    {
        var rule = Platform(SharedSplitMethod.Fixed);
        rule.Percentages = new() { ["a"] = 70m, ["b"] = 30m };
        var result = Run(Config(rule), Cost(10m, 8m, rg: "platform"));
        Assert.Equal([(7m, 5.6m), (3m, 2.4m)], result.Facts.Select(f => (f.BilledCost, f.EffectiveCost)));
    }

    [Fact]
    public void Proportional_with_no_direct_cost_falls_back_to_even_then_stays_unallocated_shared()
    {
        var withValues = Platform();
        withValues.Values = ["x", "y"];
        Assert.Equal([5m, 5m], Run(Config(withValues), Cost(10m, rg: "platform")).Facts.Select(f => f.BilledCost));

        var nobody = Run(Config(Platform()), Cost(10m, rg: "platform"), Cost(3m, tags: ("env", "dev")));
        var shared = Assert.Single(nobody.Facts, f => f.Kind == AllocationKind.Shared);
        Assert.Equal(("unallocated", 10m), (shared.Allocation["team"], shared.BilledCost));
    }

    [Fact]
    public void Proportional_respects_the_receiver_list()
    {
        var rule = Platform();
        rule.Values = ["b"];
        var result = Run(Config(rule), Cost(30m, tags: ("team", "a")), Cost(10m, tags: ("team", "b")), Cost(4m, rg: "platform"));
        var shared = Assert.Single(result.Facts, f => f.Kind == AllocationKind.Shared);
        Assert.Equal(("b", 4m), (shared.Allocation["team"], shared.BilledCost));
    }

    [Fact]
    public void Fixed_costs_are_spread_over_the_month_up_to_the_last_day_seen()
    {
        var config = Config();
        config.FixedCosts =
        [
            new FixedCostConfig
            {
                Name = "engineers", MonthlyAmount = 1000m, Currency = "usd",
                Allocation = new() { ["team"] = "a" }, From = "2024-09",
            },
            new FixedCostConfig { Name = "old", MonthlyAmount = 5m, Currency = "USD", Allocation = new() { ["team"] = "a" }, To = "2024-08" },
        ];
        var result = Run(config, Cost(1m, day: "2024-09-03"), Cost(1m, day: "2024-10-31"));

        var fixedFacts = result.Facts.Where(f => f.Kind == AllocationKind.Fixed).ToList();
        Assert.All(fixedFacts, f => Assert.Equal((CostCategory.Fixed, "engineers", "USD", "team=a;env=unallocated"),
            (f.Category, f.ServiceName, f.Currency, f.Allocation.ToString())));
        var september = fixedFacts.Where(f => f.Day.Month == 9).ToList();
        Assert.Equal(3, september.Count); // 1st..3rd
        Assert.Equal([33.34m, 33.34m, 33.34m], september.Select(f => f.BilledCost)); // 1000/30: ten days get the extra cent
        var october = fixedFacts.Where(f => f.Day.Month == 10).ToList();
        Assert.Equal(31, october.Count);
        Assert.Equal(1000m, october.Sum(f => f.BilledCost));
        Assert.Equal([new CurrencyTotal("USD", 2m, 2m)], result.Totals); // fixed costs are not input
    }

    [Fact]
    public void Resource_daily_costs_sum_per_resource_and_day()
    {
        var result = Run(Config(),
            Cost(1m, resourceId: "/r/1", tags: ("team", "a")), Cost(2m, resourceId: "/r/1", service: "Storage", serviceCategory: "Storage"),
            Cost(4m, resourceId: "/r/2"), Cost(8m), Cost(16m, resourceId: "/r/1", day: "2024-09-02"));
        Assert.Equal([("/r/2", 4m), ("/r/1", 3m), ("/r/1", 16m)], result.ResourceCosts.Select(r => (r.ResourceId, r.BilledCost)));
    }

    [Theory]
    [InlineData(1, 2_000)]
    [InlineData(2, 500)]
    [InlineData(3, 1)]
    public void Sorting_by_packed_ranks_gives_exactly_the_field_by_field_order(int seed, int count)
    {
        var random = new Random(seed);
        string Pick(params string[] values) => values[random.Next(values.Length)];
        // Allocation keys as separate instances with equal text, so ranks must follow the text, not the instance.
        AllocationKey Allocation() => new([new("team", Pick("vision", "speech", "unallocated", "Vision")), new("env", Pick("prod", "dev"))]);
        var facts = Enumerable.Range(0, count).Select(_ => new DailyCostFact
        {
            Day = new DateOnly(2026, 10, 1).AddDays(random.Next(40)),
            Allocation = Allocation(),
            Kind = (AllocationKind)random.Next(4),
            Category = (CostCategory)random.Next(7),
            ServiceName = Pick("Virtual Machines", "Storage", "", "Bandwidth"),
            PricingCategory = (PricingCategory)random.Next(4),
            Currency = Pick("USD", "EUR"),
            SubAccountId = random.Next(3) == 0 ? null : Pick("sub-a", "sub-b"),
            ResourceGroupName = random.Next(3) == 0 ? null : Pick("rg-1", "rg-2"),
            BilledCost = random.Next(1000),
        }).ToList();

        var expected = facts.ToList();
        expected.Sort(DailyCostFactOrder.Compare);
        var sorted = facts.ToList();
        DailyCostFactOrder.Sort(sorted);

        // Equal in order wherever the comparer tells facts apart; facts it calls equal are interchangeable.
        Assert.Equal(expected.Count, sorted.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(0, DailyCostFactOrder.Compare(expected[i], sorted[i]));
        Assert.Equal(facts.Select(f => f.BilledCost).Order(), sorted.Select(f => f.BilledCost).Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Completed_facts_are_read_in_ledger_order_and_stay_as_they_were_when_the_aggregate_goes_on(int seed)
    {
        var random = new Random(seed);
        var config = Config(Platform());
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config);
        var laterAllocator = new CostAllocator(config);
        var later = new DailyCostAggregator(laterAllocator, config);
        var billed = 0m;
        for (var i = 0; i < 400; i++)
        {
            var record = Cost(random.Next(1, 500) / 4m, day: $"2024-09-{1 + random.Next(9):00}", currency: random.Next(4) == 0 ? "EUR" : "USD",
                rg: random.Next(5) == 0 ? "platform" : "rg" + random.Next(3), service: random.Next(2) == 0 ? "Virtual Machines" : "Storage",
                tags: ("team", "t" + random.Next(6)));
            billed += record.BilledCost;
            if (i % 3 == 0) later.Add(laterAllocator.Allocate(record));
            else aggregator.Add(allocator.Allocate(record));
        }

        aggregator.MergeFrom(later); // some facts come from the merged table
        var result = aggregator.Complete();
        var facts = result.Facts;

        Assert.Contains(facts, f => f.Kind == AllocationKind.Shared);
        for (var i = 1; i < facts.Count; i++) Assert.True(DailyCostFactOrder.Compare(facts[i - 1], facts[i]) < 0, $"facts {i - 1} and {i} out of order: {facts[i - 1]} {facts[i]}");
        Assert.Equal(facts.ToList(), Enumerable.Range(0, facts.Count).Select(i => facts[i])); // enumerating = indexing
        var firstRead = facts[3];
        var secondRead = facts[3];
        Assert.NotSame(firstRead, secondRead); // each read makes a new fact …
        Assert.Equal(firstRead, secondRead); // … equal by value to the last one

        var before = facts.ToList();
        aggregator.Add(allocator.Allocate(Cost(1000m, day: "2024-09-01", tags: ("team", "t1"))));
        Assert.Equal(before, facts); // the aggregate's later rows do not change a completed result
        Assert.Equal(billed, before.Sum(f => f.BilledCost)); // shared splits conserve money
    }

    [Fact]
    public void Groups_read_from_a_completed_aggregate_equal_groups_of_the_same_facts_as_a_list()
    {
        var config = Config();
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config);
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
            aggregator.Add(allocator.Allocate(Cost(random.Next(1, 100) / 8m, day: $"2024-09-{1 + random.Next(5):00}", currency: random.Next(3) == 0 ? "EUR" : "USD",
                sku: random.Next(2) == 0 ? "Standard_NC24ads_A100_v4" : null, quantity: 1m, unit: "Hours", service: random.Next(2) == 0 ? "Virtual Machines" : "Storage",
                tags: ("team", "t" + random.Next(4)))));
        var facts = aggregator.Complete().Facts;

        var fromAggregate = new List<DailyCostGroup>();
        foreach (var g in DailyCostGroups.Of(facts)) fromAggregate.Add(g);
        var fromList = new List<DailyCostGroup>();
        foreach (var g in DailyCostGroups.Of(facts.ToList())) fromList.Add(g);

        Assert.Equal(fromList, fromAggregate);
        Assert.True(fromAggregate.Count < facts.Count, "groups sum facts over service and the rest");
        Assert.Equal(facts.Sum(f => f.BilledCost), fromAggregate.Sum(g => g.BilledCost));
        Assert.Equal(fromAggregate.Count, fromAggregate.Select(g => (g.Day, g.Allocation.ToString(), g.Category, g.Currency)).Distinct().Count());
    }
}
