using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Ledger;

/// <summary>
/// The ledger's invariant: per UTC day and currency, direct + unallocated + shared facts = the input BilledCost and
/// EffectiveCost, exactly; and the shared facts = the input rows in shared scopes, exactly.
/// </summary>
public sealed class ConservationPropertyTests
{
    private static readonly string[] Teams = ["a", "b", "c", "D", ""];

    private static Gen<decimal> Money =>
        from units in Gen.Choose(-2_000_000, 20_000_000)
        from scale in Gen.Choose(0, 10)
        select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale);

    private static Gen<CostRecord> Record =>
        from day in Gen.Choose(1, 3)
        from currency in Gen.Elements("USD", "EUR")
        from billed in Money
        from effective in Money
        from team in Gen.Elements(Teams)
        from hasTeam in Gen.Elements(true, true, false)
        from env in Gen.Elements("prod", "dev", null)
        from rg in Gen.Elements("platform", "rg1", "rg2", null)
        from sub in Gen.Elements("s1", "s2")
        from shared in Gen.Elements(false, false, true)
        from sku in Gen.Elements("Standard_NC24ads_A100_v4", "Standard_D2s_v5", null)
        from qty in Gen.Choose(0, 100)
        select new CostRecord
        {
            ChargePeriodStart = new DateTimeOffset(2024, 9, day, 0, 0, 0, TimeSpan.Zero),
            ChargePeriodEnd = new DateTimeOffset(2024, 9, day, 0, 0, 0, TimeSpan.Zero).AddDays(1),
            BilledCost = billed,
            EffectiveCost = effective,
            BillingCurrency = currency,
            ResourceGroupName = rg,
            SubAccountId = sub,
            SkuName = sku,
            ConsumedQuantity = qty,
            ConsumedUnit = "Hours",
            Tags = Tags(hasTeam ? team : null, env, shared),
        };

    private static Dictionary<string, string> Tags(string? team, string? env, bool shared)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (team is not null) tags["Team"] = team;
        if (env is not null) tags["environment"] = env;
        if (shared) tags["shared"] = "yes";
        return tags;
    }

    private static Gen<SharedCostRuleConfig> Rule =>
        from scope in Gen.Choose(0, 2)
        from method in Gen.Elements(SharedSplitMethod.Proportional, SharedSplitMethod.Even, SharedSplitMethod.Fixed)
        from key in Gen.Elements("team", "env")
        from pct in Gen.Choose(1, 99)
        from restrict in Gen.Elements(true, false)
        select new SharedCostRuleConfig
        {
            Name = $"r{scope}{method}",
            Key = key,
            Method = method,
            Scope = scope switch
            {
                0 => new SharedScopeConfig { ResourceGroup = "platform" },
                1 => new SharedScopeConfig { Subscription = "s2" },
                _ => new SharedScopeConfig { Tag = new() { ["shared"] = "yes" } },
            },
            Values = restrict && method != SharedSplitMethod.Fixed ? ["b", "c", "prod"] : [],
            Percentages = method == SharedSplitMethod.Fixed ? new() { ["a"] = pct, ["b"] = 100 - pct } : new(),
        };

    /// <summary>Value normalisation (case, aliases) merges values; it must never lose or invent a cent.</summary>
    private static readonly Dictionary<string, Dictionary<string, List<string>>>[] ValueAliases =
    [
        new(StringComparer.OrdinalIgnoreCase),
        new(StringComparer.OrdinalIgnoreCase) { ["team"] = new() { ["a"] = ["D", "c"] }, ["env"] = new() { ["prod"] = ["dev"] } },
    ];

    private static AllocationConfig Config(SharedCostRuleConfig[] rules, AllocationValueCase valueCase = AllocationValueCase.Exact, int aliases = 0) => new()
    {
        ValueCase = valueCase,
        ValueAliases = ValueAliases[aliases],
        Keys =
        [
            new AllocationKeyConfig
            {
                Name = "team",
                Defaults = new AllocationDefaultsConfig { ResourceGroups = new(StringComparer.OrdinalIgnoreCase) { ["rg1"] = "b" } },
            },
            new AllocationKeyConfig { Name = "env", Aliases = ["environment"] },
        ],
        Shared = [.. rules],
        FixedCosts = [new FixedCostConfig { Name = "staff", MonthlyAmount = 3000m, Currency = "USD", Allocation = new() { ["team"] = "a" } }],
    };

    [Property(MaxTest = 300)]
    public Property Allocated_plus_unallocated_plus_shared_equals_input_per_day_and_currency() =>
        Prop.ForAll(Record.ListOf().ToArbitrary(), Gen.Choose(0, 3).SelectMany(n => Rule.ArrayOf(n)).ToArbitrary(),
            Gen.Choose(0, 3).ToArbitrary(), (records, rules, normalisation) =>
        {
            var (valueCase, aliases) = ((normalisation & 1) == 0 ? AllocationValueCase.Exact : AllocationValueCase.Lower, normalisation >> 1);
            for (var i = 0; i < rules.Length; i++) rules[i].Name = $"rule{i}";
            var config = Config(rules, valueCase, aliases);
            var validation = new ConfigValidationContext("test");
            config.Validate(validation, "allocation");
            var allocator = new CostAllocator(config);
            var aggregator = new DailyCostAggregator(allocator, config);
            var sharedInput = new Dictionary<(DateOnly, string), (decimal, decimal)>();
            foreach (var r in records)
            {
                var allocated = allocator.Allocate(r);
                if (allocated.Kind == AllocationKind.Shared)
                {
                    var s = sharedInput.GetValueOrDefault((allocated.Day, r.BillingCurrency));
                    sharedInput[(allocated.Day, r.BillingCurrency)] = (s.Item1 + r.BilledCost, s.Item2 + r.EffectiveCost);
                }
                aggregator.Add(allocated);
            }
            var result = aggregator.Complete();

            var input = records.GroupBy(r => (CostAllocator.DayOf(r.ChargePeriodStart), r.BillingCurrency))
                .ToDictionary(g => g.Key, g => (g.Sum(r => r.BilledCost), g.Sum(r => r.EffectiveCost)));
            var output = result.Facts.Where(f => f.Kind != AllocationKind.Fixed).GroupBy(f => (f.Day, f.Currency))
                .ToDictionary(g => g.Key, g => (g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost)));
            var sharedOutput = result.Facts.Where(f => f.Kind == AllocationKind.Shared).GroupBy(f => (f.Day, f.Currency))
                .ToDictionary(g => g.Key, g => (g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost)));
            var totals = result.Totals.ToDictionary(t => t.Currency, t => (t.BilledCost, t.EffectiveCost));
            var inputTotals = records.GroupBy(r => r.BillingCurrency).ToDictionary(g => g.Key, g => (g.Sum(r => r.BilledCost), g.Sum(r => r.EffectiveCost)));

            return (validation.Errors.Count == 0).Label("generated config is valid")
                .And(Same(input, output).Label("per day and currency, facts = input"))
                .And(Same(sharedInput, sharedOutput).Label("shared facts = shared input"))
                .And(Same(inputTotals, totals).Label("totals = input"))
                .And(result.Facts.Where(f => f.Kind == AllocationKind.Fixed).Sum(f => f.BilledCost) ==
                     (records.Count == 0 ? 0m : 3000m / 30m * records.Max(r => r.ChargePeriodStart.Day)) || records.Count == 0)
                .And((result.Facts.Sum(f => f.RowCount) == records.Count).Label("row counts conserved"))
                .And((valueCase == AllocationValueCase.Exact && aliases == 0 || result.Facts.All(f => f.Allocation["team"] != "D")).Label("D is merged when normalised"))
                .And((aliases == 0 || result.Facts.All(f => f.Allocation["team"] != "c" && f.Allocation["env"] != "dev")).Label("aliases merged"));
        });

    private static bool Same<TKey>(Dictionary<TKey, (decimal, decimal)> expected, Dictionary<TKey, (decimal, decimal)> actual) where TKey : notnull =>
        expected.Where(e => e.Value != (0m, 0m)).All(e => actual.TryGetValue(e.Key, out var a) && a == e.Value) &&
        actual.Where(a => a.Value != (0m, 0m)).All(a => expected.TryGetValue(a.Key, out var e) && a.Value == e);
}
