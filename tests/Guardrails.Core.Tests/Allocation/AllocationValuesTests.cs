using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Allocation;

/// <summary>allocation.valueCase and allocation.valueAliases: tag values that mean one team become one value.</summary>
public sealed class AllocationValuesTests
{
    private static AllocationConfig Config(AllocationValueCase valueCase = AllocationValueCase.Exact,
        Dictionary<string, Dictionary<string, List<string>>>? aliases = null) => new()
        {
            Keys =
            [
                new AllocationKeyConfig
                {
                    Name = "team",
                    Defaults = new AllocationDefaultsConfig { ResourceGroups = new(StringComparer.OrdinalIgnoreCase) { ["rg-cv"] = "CV-Team" } },
                },
                new AllocationKeyConfig { Name = "project" },
            ],
            ValueCase = valueCase,
            ValueAliases = aliases ?? new(StringComparer.OrdinalIgnoreCase),
        };

    private static string[] Teams(AllocationConfig config, params string?[] tagValues)
    {
        var allocator = new CostAllocator(config);
        return tagValues.Select(v => allocator.Allocate(v is null ? Cost(1m, rg: "rg-cv") : Cost(1m, tags: ("team", v))).Allocation["team"]!).ToArray();
    }

    [Fact]
    public void By_default_values_are_exact_so_Vision_and_vision_are_two_teams()
    {
        Assert.Equal(["Vision", "vision", "VISION"], Teams(Config(), "Vision", "vision", "VISION"));
    }

    [Fact]
    public void Lower_case_merges_spellings_into_one_lower_case_value_inherited_ones_too()
    {
        Assert.Equal(["vision", "vision", "vision", "cv-team"], Teams(Config(AllocationValueCase.Lower), "Vision", "vision", " VISION ", null));
    }

    [Fact]
    public void Aliases_map_other_spellings_to_their_value_ignoring_case_and_leave_others_alone()
    {
        var config = Config(aliases: new(StringComparer.OrdinalIgnoreCase) { ["team"] = new() { ["vision"] = ["Vision", "cv-team"] } });
        // exact case: the alias list is matched ignoring case, so CV-TEAM and the inherited CV-Team are vision; "nlp" stays.
        Assert.Equal(["vision", "vision", "vision", "vision", "nlp", "Nlp"], Teams(config, "Vision", "vision", "CV-TEAM", null, "nlp", "Nlp"));
    }

    [Fact]
    public void Aliases_of_one_key_do_not_touch_another_key()
    {
        var config = Config(aliases: new(StringComparer.OrdinalIgnoreCase) { ["team"] = new() { ["vision"] = ["cv"] } });
        var a = new CostAllocator(config).Allocate(Cost(1m, tags: [("team", "cv"), ("project", "cv")]));
        Assert.Equal(("vision", "cv"), (a.Allocation["team"], a.Allocation["project"]));
    }

    [Fact]
    public void Fixed_costs_and_shared_receivers_name_the_normalised_value()
    {
        var config = Config(AllocationValueCase.Lower);
        config.FixedCosts = [new FixedCostConfig { Name = "staff", MonthlyAmount = 300m, Currency = "USD", Allocation = new() { ["team"] = "Vision" } }];
        config.Shared = [new SharedCostRuleConfig { Name = "p", Key = "team", Method = SharedSplitMethod.Fixed, Scope = new SharedScopeConfig { ResourceGroup = "platform" },
            Percentages = new(StringComparer.OrdinalIgnoreCase) { ["Vision"] = 100m } }];
        var allocator = new CostAllocator(config);
        var aggregator = new DailyCostAggregator(allocator, config);
        aggregator.Add(allocator.Allocate(Cost(10m, tags: ("team", "VISION"))));
        aggregator.Add(allocator.Allocate(Cost(5m, rg: "platform")));
        var facts = aggregator.Complete().Facts;
        Assert.Equal(["vision"], facts.Select(f => f.Allocation["team"]).Distinct());
        Assert.Equal(15m + 10m, facts.Sum(f => f.BilledCost)); // 10 direct + 5 shared + 300/30 fixed for the one day
    }

    [Theory]
    [InlineData("allocation:\n  keys: [{ name: team }]\n  valueAliases:\n    owner: { vision: [cv] }\n", 4, "allocation.valueAliases.owner", "not one of the allocation keys")]
    [InlineData("allocation:\n  keys: [{ name: team }]\n  valueAliases:\n    team:\n      vision: [cv]\n      nlp: [CV]\n", 6, "allocation.valueAliases.team.nlp[0]", "already means 'vision'")]
    [InlineData("allocation:\n  keys: [{ name: team }]\n  valueAliases:\n    team:\n      vision: [nlp]\n      nlp: [x]\n", 5, "allocation.valueAliases.team.vision[0]", "already means 'nlp'")]
    [InlineData("allocation:\n  keys: [{ name: team }]\n  valueAliases:\n    team:\n      vision: ['', unallocated]\n", 5, "allocation.valueAliases.team.vision[0]", "must not be empty")]
    [InlineData("allocation:\n  keys: [{ name: team }]\n  valueCase: upper\n", 3, "allocation.valueCase", "upper")]
    public void Config_errors_name_file_line_and_field(string yaml, int line, string field, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var error = ex.Errors.First();
        Assert.Equal(("g.yaml", line, field), (error.File, error.Line, error.Field));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Loads_value_case_and_aliases_from_yaml()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml(
            "allocation:\n  keys: [{ name: team }]\n  valueCase: lower\n  valueAliases:\n    team: { vision: [Vision, cv-team] }\n", "g.yaml");
        Assert.Equal(AllocationValueCase.Lower, config.Allocation.ValueCase);
        Assert.Equal(["Vision", "cv-team"], config.Allocation.ValueAliases["team"]["vision"]);
        Assert.Equal(AllocationValueCase.Exact, GuardrailsConfigLoader.LoadFromYaml("allocation: { keys: [{ name: team }] }\n", "g.yaml").Allocation.ValueCase);
    }
}
