using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;
using static Guardrails.Core.Tests.Allocation.Records;

namespace Guardrails.Core.Tests.Allocation;

/// <summary>
/// AWS FOCUS exports write user-defined tags as <c>user:team</c>. With <c>allocation.tagPrefixes: ["user:"]</c> each alias
/// also matches prefixed, at its own rank; two spellings that disagree leave the key unallocated with the conflict named,
/// never one picked silently. Without the setting nothing changes.
/// </summary>
public sealed class TagPrefixTests
{
    private static AllocationConfig Config(params string[] prefixes) => new()
    {
        Keys =
        [
            new AllocationKeyConfig
            {
                Name = "team",
                Aliases = ["team", "owner-team"],
                Defaults = new AllocationDefaultsConfig { ResourceGroups = new(StringComparer.OrdinalIgnoreCase) { ["rg-vision"] = "vision" } },
            },
            new AllocationKeyConfig { Name = "project", Aliases = ["project", "application"] },
        ],
        TagPrefixes = [.. prefixes],
    };

    [Theory]
    [InlineData("user:team", "speech")]
    [InlineData("USER:Team", "speech")]
    [InlineData("user:owner-team", "speech")]
    public void A_prefixed_tag_is_read_as_its_alias(string key, string value)
    {
        var a = new CostAllocator(Config("user:")).Allocate(Cost(1m, tags: (key, value)));

        Assert.Equal(value, a.Allocation["team"]);
        Assert.Equal(AllocationKind.Direct, a.Kind);
    }

    [Fact]
    public void Without_the_setting_a_prefixed_tag_is_another_tag()
    {
        var a = new CostAllocator(Config()).Allocate(Cost(1m, rg: "rg-vision", tags: ("user:team", "speech")));

        Assert.Equal("vision", a.Allocation["team"]); // inherited: user:team is not an alias
    }

    [Fact]
    public void Both_spellings_with_the_same_value_allocate_as_usual()
    {
        var allocator = new CostAllocator(Config("user:"));

        var a = allocator.Allocate(Cost(1m, tags: [("team", "speech"), ("user:team", "speech")]));

        Assert.Equal("speech", a.Allocation["team"]);
        Assert.Empty(allocator.TagConflicts);
    }

    [Theory]
    [InlineData("team", "user:team")]
    [InlineData("user:team", "team")]
    [InlineData("owner-team", "user:owner-team")]
    public void Two_spellings_that_disagree_leave_the_key_unallocated_with_the_conflict_named(string first, string second)
    {
        var allocator = new CostAllocator(Config("user:"));

        var a = allocator.Allocate(Cost(1m, rg: "rg-vision", tags: [(first, "vision"), (second, "speech"), ("project", "asr")]));

        Assert.Equal(AllocationKey.Unallocated, a.Allocation["team"]); // not inherited either: the tags say two things
        Assert.Equal("asr", a.Allocation["project"]);
        var conflict = Assert.Single(allocator.TagConflicts);
        Assert.Equal($"team: unallocated: tag '{first}' is 'vision' but tag '{second}' is 'speech'", conflict);
    }

    [Fact]
    public void A_higher_ranked_alias_still_wins_over_a_prefixed_lower_one()
    {
        var allocator = new CostAllocator(Config("user:"));

        var a = allocator.Allocate(Cost(1m, tags: [("team", "vision"), ("user:owner-team", "speech")]));

        Assert.Equal("vision", a.Allocation["team"]); // team ranks before owner-team, prefixed or not: as without prefixes
        Assert.Empty(allocator.TagConflicts);
    }

    [Fact]
    public async Task An_aws_focus_row_with_user_tags_is_allocated_and_a_conflict_is_in_the_ingest_result()
    {
        var focus = Billing.BillingTestSupport.Sample("focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
        var lines = await File.ReadAllLinesAsync(focus);
        var header = lines[0].Split(',').Select(h => h.Trim('"')).ToList();
        var tags = header.IndexOf("Tags");
        // Two real rows, their Tags replaced by AWS's spelling of user tags (one consistent, one contradicting itself).
        string WithTags(string line, string json)
        {
            using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true }).FromText(line);
            reader.MoveNext();
            var cells = Enumerable.Range(0, reader.Current.ColCount).Select(i => reader.Current[i].ToString()).ToArray();
            cells[tags] = json;
            return string.Join(",", cells.Select(c => "\"" + c.Replace("\"", "\"\"") + "\""));
        }
        var text = string.Join("\n", lines[0], WithTags(lines[1], """{"user:team": "speech"}"""),
            WithTags(lines[2], """{"team": "vision", "user:team": "speech"}""")) + "\n";

        var result = await new CostLedgerIngestor(Config("user:")).IngestAsync([Billing.BillingTestSupport.FromText("aws.csv", text)], new IngestOptions());

        Assert.Equal(2, result.RowsAccepted);
        Assert.Contains(result.Facts, f => f.Allocation["team"] == "speech");
        Assert.Contains(result.Facts, f => f.Allocation["team"] == AllocationKey.Unallocated);
        Assert.Equal("team: unallocated: tag 'team' is 'vision' but tag 'user:team' is 'speech'", Assert.Single(result.TagConflicts));
    }

    [Fact]
    public void The_setting_is_read_from_guardrails_yaml_and_an_empty_prefix_is_an_error_on_its_line()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml("allocation:\n  tagPrefixes: [\"user:\"]\n", "g.yaml");
        Assert.Equal(["user:"], config.Allocation.TagPrefixes);

        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("allocation:\n  tagPrefixes:\n    - \" \"\n", "g.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("g.yaml", "allocation.tagPrefixes[0]"), (error.File, error.Field));
        Assert.NotNull(error.Line);
    }
}
