using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Budgets;

public class TelemetryFreshSpendTests
{
    private static readonly DateTimeOffset Billed = new(2024, 9, 21, 0, 0, 0, TimeSpan.Zero);

    internal static ComputeMachine Vm(string name, string sku = "Standard_NC24ads_A100_v4", string location = "eastus",
        Dictionary<string, string>? tags = null, string rg = "rg-train", string sub = "sub-1", bool spot = false) => new()
        {
            ResourceId = $"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}",
            Name = name,
            SubscriptionId = sub,
            ResourceGroup = rg,
            Location = location,
            VmSize = sku,
            ComputerName = name,
            Tags = tags ?? new Dictionary<string, string>(),
            Spot = spot,
            PowerState = MachinePowerState.Running,
        };

    private static AllocationConfig Allocation() => new()
    {
        Keys =
        [
            new AllocationKeyConfig { Name = "team", Aliases = ["Team", "team_name", "owner-team"], Defaults = new() { ResourceGroups = new(StringComparer.OrdinalIgnoreCase) { ["rg-shared-nlp"] = "nlp" } } },
            new AllocationKeyConfig { Name = "project" },
        ],
    };

    private static FreshSpendRequest Request(string team, DateTimeOffset now, string currency = "USD") =>
        new($"{team}-budget", new BudgetScope(new Dictionary<string, string> { ["team"] = team }), currency, Billed, now);

    private static IReadOnlyList<DateTimeOffset> Hours(int from, int count) =>
        Enumerable.Range(from, count).Select(h => Billed.AddHours(h)).ToList();

    private static PriceQuote Price(decimal hourly, string currency = "USD", PriceOption option = PriceOption.OnDemand, string source = "test snapshot") =>
        new("Standard_NC24ads_A100_v4", "eastus", VmOs.Linux, option, hourly, currency, new DateOnly(2026, 6, 18), source);

    // ------------------------------------------------------------------ pure calculation

    [Fact]
    public void Prices_running_hours_in_scope_and_says_what_it_priced_from()
    {
        var allocator = new MachineAllocator(Allocation());
        FreshSpendMachine M(ComputeMachine vm, IReadOnlyList<DateTimeOffset> hours, PriceQuote? price) => new(vm, allocator.Allocate(vm), hours, price);
        var machines = new[]
        {
            M(Vm("v1", tags: new() { ["team"] = "vision" }), Hours(0, 6), Price(3.673m)),
            M(Vm("v2", tags: new() { [" Team "] = "Vision" }), Hours(2, 4), Price(3.673m)),
            M(Vm("v3", tags: new() { ["team_name"] = "vision" }), Hours(0, 4), Price(2m)),
            M(Vm("n1", tags: new() { ["team"] = "nlp" }), Hours(0, 10), Price(100m)),
        };

        var e = FreshSpendCalculator.Estimate(Request("vision", Billed.AddHours(10)), machines);

        // v1 6 h × 3.673 + v2 4 h × 3.673 + v3 4 h × 2 = 36.73 + 8 = 44.73; n1 belongs to nlp.
        Assert.Equal(44.73m, e.Amount);
        Assert.Equal(3, e.Machines);
        Assert.Equal(14m, e.MachineHours);
        Assert.Equal("GPU telemetry × on-demand price, 3 VMs, 14 h", e.Basis);
        Assert.Equal(Billed, e.From);
        Assert.Equal(Billed.AddHours(10), e.To);
        Assert.Empty(e.Unpriced);
    }

    [Fact]
    public void A_machine_without_a_price_is_listed_as_unpriced_never_as_zero()
    {
        var allocator = new MachineAllocator(Allocation());
        var priced = Vm("v1", tags: new() { ["team"] = "vision" });
        var unknown = Vm("mystery", sku: "Standard_Unknown_GPU", location: "westeurope", tags: new() { ["team"] = "vision" });
        var euro = Vm("euro", tags: new() { ["team"] = "vision" });
        var e = FreshSpendCalculator.Estimate(Request("vision", Billed.AddHours(5)),
        [
            new(priced, allocator.Allocate(priced), Hours(0, 5), Price(3.673m)),
            new(unknown, allocator.Allocate(unknown), Hours(1, 3), null),
            new(euro, allocator.Allocate(euro), Hours(0, 2), Price(3m, "EUR")),
        ]);

        Assert.Equal(18.37m, e.Amount); // 5 × 3.673 = 18.365 → 18.37; nothing added for the other two
        Assert.Equal(1, e.Machines);
        Assert.Collection(e.Unpriced.OrderBy(u => u.Name),
            u => { Assert.Equal("euro", u.Name); Assert.Equal(2m, u.Hours); Assert.Equal("price in EUR, budget in USD", u.Reason); },
            u => { Assert.Equal("mystery", u.Name); Assert.Equal(3m, u.Hours); Assert.Equal("no price for Standard_Unknown_GPU in westeurope", u.Reason); });
        Assert.Contains("2 VMs unpriced", e.Basis);
        Assert.Contains("mystery: no price for Standard_Unknown_GPU in westeurope", e.Basis);
    }

    [Fact]
    public void Hours_are_clipped_to_the_window_and_counted_once()
    {
        var from = Billed.AddMinutes(30);
        var hours = new[] { Billed, Billed, Billed.AddHours(1), Billed.AddHours(2), Billed.AddHours(-3) };
        Assert.Equal(0.5m + 1m + 0.25m, FreshSpendCalculator.RunningHours(hours, from, Billed.AddHours(2).AddMinutes(15)));
        Assert.Equal(0m, FreshSpendCalculator.RunningHours(hours, from, from));
    }

    [Fact]
    public void Billing_that_is_current_estimates_zero()
    {
        var vm = Vm("v1", tags: new() { ["team"] = "vision" });
        var e = FreshSpendCalculator.Estimate(Request("vision", Billed) with { BilledThrough = Billed.AddHours(1) },
            [new(vm, new MachineAllocator(Allocation()).Allocate(vm), Hours(0, 5), Price(3m))]);
        Assert.Equal(0m, e.Amount);
        Assert.Equal(0, e.Machines);
        Assert.Contains("billing is current", e.Basis);
    }

    // ------------------------------------------------------------------ scope matching (the ledger's allocation rules)

    [Theory]
    [InlineData("team", "vision", "vision", true)]
    [InlineData("TEAM", "Vision", "vision", true)]       // key and value case-insensitive
    [InlineData(" team ", " vision ", "vision", true)]   // trimmed like billing tags
    [InlineData("team_name", "vision", "vision", true)]  // alias
    [InlineData("owner-team", "VISION", "vision", true)] // alias, case-insensitive
    [InlineData("Team", "nlp", "vision", false)]
    [InlineData("teams", "vision", "vision", false)]     // not an alias
    [InlineData("team", "", "vision", false)]            // empty tag is no tag → unallocated
    public void Machines_map_to_the_budget_scope_through_their_tags(string tagKey, string tagValue, string budgetTeam, bool expected)
    {
        var vm = Vm("v1", tags: new() { [tagKey] = tagValue });
        var allocation = new MachineAllocator(Allocation()).Allocate(vm);
        Assert.Equal(expected, Request(budgetTeam, Billed.AddHours(1)).Scope.Matches(allocation, vm.ResourceId));
    }

    [Fact]
    public void The_first_alias_wins_like_in_the_ledger()
    {
        var vm = Vm("v1", tags: new() { ["owner-team"] = "nlp", ["team_name"] = "vision" });
        var allocation = new MachineAllocator(Allocation()).Allocate(vm);
        Assert.Equal("vision", allocation["team"]); // aliases in order: Team, team_name, owner-team, team
        var row = new CostAllocator(Allocation()).Allocate(new Guardrails.Core.Billing.CostRecord
        {
            ChargePeriodStart = Billed,
            ChargePeriodEnd = Billed.AddHours(1),
            BilledCost = 1,
            EffectiveCost = 1,
            BillingCurrency = "USD",
            ResourceGroupName = vm.ResourceGroup,
            SubAccountId = "/subscriptions/sub-1",
            Tags = vm.Tags,
        });
        Assert.Equal(row.Allocation, allocation);
    }

    [Fact]
    public void Untagged_machines_inherit_resource_group_defaults_and_location_scopes_match_the_resource_id()
    {
        var allocator = new MachineAllocator(Allocation());
        var inherited = Vm("n1", rg: "RG-Shared-NLP");
        Assert.Equal("nlp", allocator.Allocate(inherited)["team"]);
        Assert.Equal("unallocated", allocator.Allocate(Vm("x1"))["team"]);

        var rgScope = new BudgetScope(new Dictionary<string, string>(), subscriptionId: "/subscriptions/SUB-1", resourceGroupName: "rg-shared-nlp");
        Assert.True(rgScope.Matches(allocator.Allocate(inherited), inherited.ResourceId));
        var other = Vm("n2", rg: "rg-other");
        Assert.False(rgScope.Matches(allocator.Allocate(other), other.ResourceId));
    }

    // ------------------------------------------------------------------ pricing through the estimator

    private sealed class MemoryRollups(IEnumerable<GpuHourlyRollup> rows) : IRollupStore
    {
        public List<GpuHourlyRollup> Rows { get; } = rows.ToList();
        public int Reads { get; private set; }
        public Task UpsertAsync(IReadOnlyList<GpuHourlyRollup> rollups, CancellationToken cancellationToken = default) { Rows.AddRange(rollups); return Task.CompletedTask; }
        public Task<IReadOnlyList<GpuHourlyRollup>> GetAsync(string host, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<GpuHourlyRollup>>(Rows.Where(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase) && r.Hour >= from && r.Hour < to).ToList());
        }
        public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    internal static IEnumerable<GpuHourlyRollup> Rollups(string host, int fromHour, int count, int gpus = 1, int samples = 60) =>
        from h in Enumerable.Range(fromHour, count)
        from g in Enumerable.Range(0, gpus)
        select new GpuHourlyRollup { Host = host, GpuId = g.ToString(System.Globalization.CultureInfo.InvariantCulture), Hour = Billed.AddHours(h), Samples = samples, Slots = 60, KnownSlots = samples };

    private sealed class ObservedRates(decimal rate) : IObservedRateSource
    {
        public Task<PriceQuote?> GetObservedHourlyRateAsync(ComputeMachine machine, CancellationToken cancellationToken = default) =>
            Task.FromResult<PriceQuote?>(new PriceQuote(machine.VmSize, machine.Location, VmOs.Linux, PriceOption.OnDemand, rate, "USD",
                new DateOnly(2024, 9, 20), "effective rate seen in billing (test)"));
    }

    [Fact]
    public async Task Prices_from_the_catalog_by_priority_then_from_the_rate_seen_in_billing()
    {
        var ondemand = Vm("a100-east", tags: new() { ["team"] = "vision" });                                   // 3.673 on-demand eastus
        var spot = Vm("a100-spot", location: "westeurope", tags: new() { ["team"] = "vision" }, spot: true);   // 1.097295 spot westeurope
        var negotiated = Vm("h100-x", sku: "Standard_ND96isr_H100_v5", location: "nowhere", tags: new() { ["team"] = "vision" });
        var rollups = new MemoryRollups(Rollups("a100-east", 0, 4, gpus: 1).Concat(Rollups("A100-SPOT", 0, 10, gpus: 1)).Concat(Rollups("h100-x", 3, 2, gpus: 8))
            .Concat(Rollups("a100-east", 0, 2, samples: 0).Select(r => r with { Hour = r.Hour.AddHours(20) }))); // no samples: not running
        var estimator = new TelemetryFreshSpendEstimator(new StaticMachineSource([ondemand, spot, negotiated]), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, new ObservedRates(98.32m), new MachineAllocator(Allocation()));

        var e = (await estimator.EstimateAsync(Request("vision", Billed.AddHours(23))))!;

        // 4 × 3.673 + 10 × 1.097295 + 2 × 98.32 = 14.692 + 10.97295 + 196.64 = 222.30495
        Assert.Equal(222.30m, e.Amount);
        Assert.Equal(16m, e.MachineHours);
        Assert.Equal("GPU telemetry × effective rate seen in billing / on-demand price / spot price, 3 VMs, 16 h", e.Basis);

        var withoutFallback = new TelemetryFreshSpendEstimator(new StaticMachineSource([ondemand, negotiated]), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, null, new MachineAllocator(Allocation()));
        var partial = (await withoutFallback.EstimateAsync(Request("vision", Billed.AddHours(23))))!;
        Assert.Equal(14.69m, partial.Amount);
        Assert.Equal("h100-x", Assert.Single(partial.Unpriced).Name);
    }

    [Fact]
    public async Task The_hostname_tag_finds_telemetry_reported_under_another_name()
    {
        var vm = Vm("vm-7", tags: new() { ["team"] = "vision", ["guardrails:hostname"] = "node-a17" });
        var rollups = new MemoryRollups(Rollups("node-a17", 0, 3));
        var estimator = new TelemetryFreshSpendEstimator(new StaticMachineSource([vm]), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, null, new MachineAllocator(Allocation()));
        Assert.Equal(3m, (await estimator.EstimateAsync(Request("vision", Billed.AddHours(5))))!.MachineHours);
    }

    [Fact]
    public async Task One_evaluation_reads_telemetry_once_for_all_budgets()
    {
        var vision = Vm("v1", tags: new() { ["team"] = "vision" });
        var nlp = Vm("n1", tags: new() { ["team"] = "nlp" });
        var rollups = new MemoryRollups(Rollups("v1", 0, 2).Concat(Rollups("n1", 0, 3)));
        var estimator = new TelemetryFreshSpendEstimator(new StaticMachineSource([vision, nlp]), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, null, new MachineAllocator(Allocation()));
        var now = Billed.AddHours(4);
        Assert.Equal(7.35m, (await estimator.EstimateAsync(Request("vision", now)))!.Amount);  // 2 × 3.673
        Assert.Equal(11.02m, (await estimator.EstimateAsync(Request("nlp", now)))!.Amount);    // 3 × 3.673
        Assert.Equal(2, rollups.Reads);
    }

    [Fact]
    public async Task The_evaluator_shows_the_estimate_beside_billed_spend()
    {
        var time = new FakeTimeProvider(Billed.AddHours(10));
        var ledger = BudgetTestData.Steady(new DateOnly(2024, 9, 1), new DateOnly(2024, 9, 20), 100m);
        var vm = Vm("v1", tags: new() { ["team"] = "Vision" });
        var estimator = new TelemetryFreshSpendEstimator(new StaticMachineSource([vm]), new RollupRunningHours(new MemoryRollups(Rollups("v1", 0, 10))),
            SnapshotPriceCatalog.Default, null, new MachineAllocator(Allocation()));

        var status = Assert.Single(await new BudgetEvaluator(ledger, ledger, estimator, time).ComputeAsync([BudgetTestData.Budget()], new BudgetEvaluationOptions()));

        Assert.Equal(2000m, status.Spent);
        Assert.Equal(36.73m, status.Estimated!.Amount);
        Assert.Equal("GPU telemetry × on-demand price, 1 VM, 10 h", status.Estimated.Basis);
    }

    [Fact]
    public async Task The_rate_seen_in_billing_is_cost_per_vm_hour_of_the_latest_billed_days()
    {
        var vm = Vm("h100-x", sku: "Standard_ND96isr_H100_v5");
        var costs = new LedgerSnapshot([],
        [
            new ResourceDailyCost { Day = new DateOnly(2024, 9, 19), ResourceId = vm.ResourceId.ToUpperInvariant(), Allocation = AllocationKey.Empty, Category = CostCategory.GpuCompute, Currency = "USD", EffectiveCost = 1200m, GpuHours = 96m },
            new ResourceDailyCost { Day = new DateOnly(2024, 9, 20), ResourceId = vm.ResourceId, Allocation = AllocationKey.Empty, Category = CostCategory.GpuCompute, Currency = "USD", EffectiveCost = 600m, GpuHours = 48m },
            new ResourceDailyCost { Day = new DateOnly(2024, 9, 20), ResourceId = vm.ResourceId, Allocation = AllocationKey.Empty, Category = CostCategory.Storage, Currency = "USD", EffectiveCost = 50m },
        ]);
        var source = new LedgerObservedRateSource(costs, VmSkuCatalog.Default, new FakeTimeProvider(Billed.AddHours(3)));
        var quote = (await source.GetObservedHourlyRateAsync(vm))!;
        Assert.Equal(100m, quote.HourlyPrice); // 1800 over 144 GPU-hours = 18 VM-hours of 8 GPUs
        Assert.Equal("effective rate seen in billing", MachinePrices.Describe(quote));
        Assert.Null(await source.GetObservedHourlyRateAsync(Vm("never-billed", sku: "Standard_ND96isr_H100_v5")));
    }

    // ------------------------------------------------------------------ properties

    private static Arbitrary<(int[][] Hours, int[] PriceCents, int BilledMinutes, int NowMinutes, int LaterMinutes)> Scenarios() =>
        (from n in Gen.Choose(1, 5)
         from hours in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(-5, 60)), n)
         from prices in Gen.ArrayOf(Gen.Choose(-1, 10_000), n)
         from billed in Gen.Choose(-120, 60 * 48)
         from now in Gen.Choose(-120, 60 * 60)
         from later in Gen.Choose(0, 60 * 24)
         select (hours, prices, billed, now, later)).ToArbitrary();

    private static FreshSpendEstimate EstimateScenario((int[][] Hours, int[] PriceCents, int BilledMinutes, int NowMinutes, int LaterMinutes) s, int nowMinutes)
    {
        var allocator = new MachineAllocator(Allocation());
        var machines = s.Hours.Select((h, i) =>
        {
            var vm = Vm($"vm{i}", tags: new() { ["team"] = i % 3 == 2 ? "nlp" : "vision" });
            return new FreshSpendMachine(vm, allocator.Allocate(vm), h.Select(x => Billed.AddHours(x)).ToList(),
                s.PriceCents[i] < 0 ? null : Price(s.PriceCents[i] / 100m));
        }).ToList();
        var request = Request("vision", Billed.AddMinutes(nowMinutes)) with { BilledThrough = Billed.AddMinutes(s.BilledMinutes) };
        return FreshSpendCalculator.Estimate(request, machines);
    }

    [Property(MaxTest = 300)]
    public Property Estimate_is_never_negative_and_zero_when_billing_is_current() =>
        Prop.ForAll(Scenarios(), s =>
        {
            var e = EstimateScenario(s, s.NowMinutes);
            return e.Amount >= 0 && e.MachineHours >= 0
                && (s.BilledMinutes < s.NowMinutes || (e.Amount == 0 && e.MachineHours == 0 && e.Unpriced.Count == 0));
        });

    [Property(MaxTest = 300)]
    public Property Estimate_is_monotonic_in_time() =>
        Prop.ForAll(Scenarios(), s =>
        {
            var earlier = EstimateScenario(s, s.NowMinutes);
            var later = EstimateScenario(s, s.NowMinutes + s.LaterMinutes);
            return later.Amount >= earlier.Amount && later.MachineHours >= earlier.MachineHours
                && later.Unpriced.Sum(u => u.Hours) >= earlier.Unpriced.Sum(u => u.Hours);
        });
}
