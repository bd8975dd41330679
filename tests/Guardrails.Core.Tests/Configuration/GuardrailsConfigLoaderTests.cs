using Guardrails.Core.Configuration;

namespace Guardrails.Core.Tests.Configuration;

public sealed class GuardrailsConfigLoaderTests
{
    private const string Valid = """
        # a comment
        allocation:
          keys:
            - name: team
              aliases: [team, owner-team, org]
              defaults:
                resourceGroups:
                  rg-vision: vision
                subscriptions:
                  sub-research: research
            - name: project
              aliases: [project, application]
          shared:
            - name: platform
              scope: { resourceGroup: rg-platform }
              key: team
              method: proportional
            - name: licences
              scope: { tag: { shared: "true" } }
              key: team
              method: fixed
              percentages: { vision: 60, nlp: 40 }
          fixedCosts:
            - name: ml-engineers
              monthlyAmount: 30000.00
              currency: USD
              allocation: { team: vision, project: llm }
              from: 2024-01
          gpuSkus:
            Standard_NX1_Custom: 0.5
        """;

    [Fact]
    public void Loads_a_valid_file_with_camel_case_keys()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml(Valid, "guardrails.yaml");

        var a = config.Allocation;
        Assert.Equal(["team", "project"], a.Keys.Select(k => k.Name));
        Assert.Equal(["team", "owner-team", "org"], a.Keys[0].Aliases);
        Assert.Equal("vision", a.Keys[0].Defaults.ResourceGroups["rg-vision"]);
        Assert.Equal("research", a.Keys[0].Defaults.Subscriptions["sub-research"]);
        Assert.Equal(SharedSplitMethod.Fixed, a.Shared[1].Method);
        Assert.Equal(60m, a.Shared[1].Percentages["vision"]);
        Assert.Equal("true", a.Shared[1].Scope.Tag!["shared"]);
        Assert.Equal(30000.00m, a.FixedCosts[0].MonthlyAmount);
        Assert.Equal("2024-01", a.FixedCosts[0].From);
        Assert.Equal(0.5m, a.GpuSkus["Standard_NX1_Custom"]);
    }

    [Fact]
    public void Empty_file_gives_defaults()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml("", "empty.yaml");
        Assert.Empty(config.Allocation.Keys);
        Assert.Empty(config.Budgets);
        Assert.NotNull(config.Channels);
    }

    [Fact]
    public void Unknown_keys_are_errors_naming_key_line_and_field_and_all_are_collected()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
                  alias: [team]
            budgetz: []
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        Assert.Equal(2, ex.Errors.Count);
        var first = ex.Errors[0];
        Assert.Equal(("g.yaml", 4, "allocation.keys[0].alias"), (first.File, first.Line, first.Field));
        Assert.Contains("unknown key 'alias'", first.Message);
        Assert.Contains("aliases", first.Message);
        Assert.Equal((5, "budgetz"), (ex.Errors[1].Line, ex.Errors[1].Field));
        Assert.StartsWith("g.yaml:4: allocation.keys[0].alias: unknown key 'alias'", ex.Message);
    }

    [Fact]
    public void Wrong_case_key_gets_a_camel_case_hint()
    {
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("allocation:\n  FixedCosts: []\n", "g.yaml"));
        Assert.Contains("did you mean 'fixedCosts'", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Type_errors_name_the_line_and_field()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
              fixedCosts:
                - name: staff
                  monthlyAmount: lots
                  currency: USD
                  allocation: { team: a }
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(6, e.Line);
        Assert.Equal("allocation.fixedCosts[0].monthlyAmount", e.Field);
    }

    [Theory]
    [InlineData("amount: 1e400", "budgets[0].amount", "'1e400' is not a number")]
    [InlineData("amount: 1,000", "budgets[0].amount", "'1,000' is not a number")]
    [InlineData("amount: 79228162514264337593543950336", "budgets[0].amount", "'79228162514264337593543950336' is out of range for a number")]
    [InlineData("thresholds: [50, 80, 2000000000000000000000000000000]", "budgets[0].thresholds[2]", "out of range for a number")]
    [InlineData("thresholds: [50, eighty, 100]", "budgets[0].thresholds[1]", "'eighty' is not a number")]
    public void A_value_that_is_not_its_field_s_type_is_named_by_its_own_field_and_described_in_words(string line, string field, string message)
    {
        var yaml = $$"""
            budgets:
              - name: b
                scope: { team: t }
                currency: USD
                {{line}}
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal(5, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("correct format", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_that_is_not_true_or_false_says_so()
    {
        const string yaml = """
            policies:
              - name: p
                dryRun: maybe
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal((3, "policies[0].dryRun"), (e.Line, e.Field));
        Assert.Equal("'maybe' is not true or false", e.Message);
    }

    [Fact]
    public void A_choice_that_is_not_one_of_its_names_lists_them()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
              shared:
                - { name: platform, scope: { resourceGroup: rg-platform }, key: team, method: evenly }
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal((5, "allocation.shared[0].method"), (e.Line, e.Field));
        Assert.Equal("'evenly' is not one of: proportional, even, fixed", e.Message);
    }

    [Fact]
    public void A_section_given_as_empty_takes_its_defaults_and_an_empty_item_is_an_error_on_its_line()
    {
        Assert.Empty(GuardrailsConfigLoader.LoadFromYaml("allocation:\n  fixedCosts:\nbudgets:\n", "g.yaml").Allocation.FixedCosts);

        const string yaml = """
            budgets:
              -
              - { name: b, scope: { team: t }, amount: 5, currency: USD, owners: [a, null] }
            channels:
              ops:
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        Assert.Equal(
            [(2, "budgets[0]", "is empty: give its keys, or remove the '-'"), (3, "budgets[1].owners[1]", "is empty: give a value, or remove it"),
             (5, "channels.ops", "is empty: give its keys")],
            ex.Errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Fact]
    public void A_currency_is_read_in_one_spelling_and_a_text_that_is_not_a_code_is_an_error()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml("""
            budgets:
              - { name: b, scope: { team: t }, amount: 5, currency: " usd " }
            """, "g.yaml");
        Assert.Equal("USD", Assert.Single(config.Budgets).Currency);

        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("""
            allocation:
              keys: [{ name: team }]
              fixedCosts:
                - { name: staff, monthlyAmount: 10, currency: "$$$", allocation: { team: a } }
            """, "g.yaml"));
        Assert.Equal((4, "allocation.fixedCosts[0].currency"), (Assert.Single(ex.Errors).Line, ex.Errors[0].Field));
    }

    [Fact]
    public void Validation_errors_are_mapped_to_lines_of_their_fields()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
                - name: Team
              shared:
                - name: platform
                  scope: { resourceGroup: rg }
                  key: owner
                  method: fixed
                  percentages: { a: 60, b: 30 }
              fixedCosts:
                - name: staff
                  monthlyAmount: 100
                  currency: dollars
                  allocation: { team: a }
                  from: January
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var byField = ex.Errors.ToDictionary(e => e.Field, e => e);
        Assert.Equal(4, byField["allocation.keys[1].name"].Line);
        Assert.Contains("duplicate", byField["allocation.keys[1].name"].Message);
        Assert.Equal(8, byField["allocation.shared[0].key"].Line);
        Assert.Equal(10, byField["allocation.shared[0].percentages"].Line);
        Assert.Contains("90", byField["allocation.shared[0].percentages"].Message);
        Assert.Equal(14, byField["allocation.fixedCosts[0].currency"].Line);
        Assert.Equal(16, byField["allocation.fixedCosts[0].from"].Line);
    }

    [Fact]
    public void A_missing_field_is_reported_at_its_parent_line()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
              shared:
                - name: platform
                  key: team
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("allocation.shared[0].scope", e.Field);
        Assert.Equal(5, e.Line); // the rule's first line
    }

    [Fact]
    public void Malformed_yaml_and_a_list_where_a_map_belongs_are_reported()
    {
        var bad = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("allocation:\n  keys: [a\n", "g.yaml"));
        Assert.NotNull(Assert.Single(bad.Errors).Line);

        var shape = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("allocation:\n  - keys\n", "g.yaml"));
        Assert.Equal(("allocation", 2), (shape.Errors[0].Field, shape.Errors[0].Line));
    }

    [Fact]
    public void Load_reads_a_file_and_reports_a_missing_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"guardrails-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Valid);
        try
        {
            Assert.Equal(2, GuardrailsConfigLoader.Load(path).Allocation.Keys.Count);
        }
        finally
        {
            File.Delete(path);
        }
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.Load(path));
        Assert.Equal(path, ex.Errors[0].File);
    }

    [Fact]
    public void The_sample_config_at_the_repository_root_loads()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Guardrails.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var config = GuardrailsConfigLoader.Load(Path.Combine(dir.FullName, "guardrails.yaml"));
        Assert.NotEmpty(config.Allocation.Keys);
        Assert.NotEmpty(config.Allocation.Shared);
        Assert.NotEmpty(config.Allocation.FixedCosts);
    }

    [Fact]
    public void Every_section_is_walked_and_validated_with_the_same_rules()
    {
        const string yaml = """
            allocation:
              keys:
                - name: team
            budgets:
              - name: vision-monthly
                scope: { team: vision }
                amount: 10000
                currency: USD
                thresholds: [50, 80, 100]
                anomalies: { sensitivity: 3 }
            pullRequests:
              defaultRegion: westeurope
            channels:
              Teams-FinOps:
                kind: teams
                webhookUrlSetting: TEAMS_WEBHOOK
                colour: blue
            """;
        var ex = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal((17, "channels.Teams-FinOps.colour"), (e.Line, e.Field));

        var config = GuardrailsConfigLoader.LoadFromYaml(yaml.Replace("        colour: blue\n", "", StringComparison.Ordinal).Replace("    colour: blue", "", StringComparison.Ordinal), "g.yaml");
        Assert.Equal(10000m, Assert.Single(config.Budgets).Amount);
        Assert.True(config.Channels.ContainsKey("teams-finops")); // channel names are case-insensitive
    }

    [Fact]
    public void An_unclosed_flow_mapping_is_a_config_error_on_its_line_not_a_crash()
    {
        // YamlDotNet's scanner throws InvalidOperationException here (it crashed ingest and idle).
        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("allocation: {keys: [team]\nbudgets: []\n", "g.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("g.yaml:1: (yaml): a flow mapping '{' or sequence '[' is not closed", error.ToString());
    }

    [Theory]
    [InlineData("budgets: []\nallocation:\n  keys: [{name: team, aliases: [a, b]\n")]
    [InlineData("channels: {ops: {kind: teams}\n")]
    [InlineData("budgets: [\n")]
    [InlineData("allocation: {\n")]
    public void Other_unclosed_flows_are_one_yaml_error(string yaml)
    {
        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal("(yaml)", error.Field);
        Assert.InRange(error.Line ?? 0, 1, yaml.Count(c => c == '\n') + 1);
    }

    [Fact]
    public void The_loader_makes_the_cross_checks_for_every_host()
    {
        const string yaml = """
            channels:
              ops: {kind: teams, webhookUrlSetting: X}
            budgets:
              - {name: a, amount: 1, currency: USD, scope: {team: a}, channels: [ops]}
              - {name: A, amount: 1, currency: USD, scope: {team: a}, channels: [nowhere]}
            policies:
              - {name: p, action: notify}
              - {name: p, action: notify}
            """;
        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains("g.yaml:5: budgets[1].name: budget 'A' is declared more than once", lines);
        Assert.Contains("g.yaml:5: budgets[1].channels[0]: budget 'A': channel 'nowhere' is not declared in channels:", lines);
        Assert.Contains(lines, l => l.StartsWith("g.yaml:8: policies[1].name: 'p' is used by another policy.", StringComparison.Ordinal));
    }
}
