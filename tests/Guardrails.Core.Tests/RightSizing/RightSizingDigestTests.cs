using System.Text.Json.Nodes;
using Guardrails.Core.Notifications;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Tests.RightSizing;

public sealed class RightSizingDigestTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 6, 45, 0, TimeSpan.Zero); // ISO week 2026-W47

    private static RightSizingRecommendation Rec(string name, string? team, string current, string? recommended, decimal? saving,
        string confidence = "medium", string reason = "", string priority = "on-demand") => new()
        {
            ResourceId = "/subscriptions/s/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/" + name,
            Name = name,
            Team = team,
            CurrentSize = current,
            RecommendedSize = recommended,
            RecommendedPriority = recommended is null ? null : priority,
            MonthlySavings = saving,
            Currency = saving is null ? null : "USD",
            Confidence = recommended is null ? "none" : confidence,
            Reasons = [reason],
        };

    private static readonly RightSizingRecommendation[] Fleet =
    [
        Rec("dev-a100-01", "speech", "Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3", 2297.31m, reason:
            "1 of 1 GPU(s) used, peak 6 GiB (p95 6) per GPU, busy 8% of 336 running hours: Standard_NC4as_T4_v3 fits 7.2 GiB (peak + 20% headroom)"),
        Rec("train-nd96-02", "speech", "Standard_ND96amsr_A100_v4", "Standard_NC48ads_A100_v4", 16834.12m, "high",
            "2 of 8 GPU(s) used, peak 61 GiB per GPU <busy> & steady"),
        Rec("train-nd96-03", "speech", "Standard_ND96amsr_A100_v4", null, null, reason: "telemetry covers 60% of the 14-day window"),
        Rec("vision-h100", "vision", "Standard_ND96isr_H100_v5", null, null, reason: "no cheaper size fits"),
        Rec("untagged-t4", null, "Standard_NC8as_T4_v3", "Standard_NC4as_T4_v3", 175.2m, reason: "1 of 1 GPU(s) used", priority: "spot"),
    ];

    [Fact]
    public void One_digest_per_team_with_a_recommendation_largest_saving_first()
    {
        var digests = RightSizingDigest.PerTeam(Fleet, Monday);

        Assert.Equal(["(no team)", "speech"], digests.Select(d => d.Team)); // vision has no recommendation: no digest
        var speech = digests[1];
        Assert.Equal("2026-W47", speech.Week);
        Assert.Equal(["train-nd96-02", "dev-a100-01"], speech.Recommended.Select(r => r.Name));
        Assert.Equal(1, speech.NotRecommended);
        Assert.Equal(["$19,131.43"], speech.Totals());
    }

    [Theory]
    [InlineData("2026-12-31T23:00:00Z", "2026-W53")]
    [InlineData("2027-01-03T12:00:00Z", "2026-W53")]
    [InlineData("2027-01-04T00:00:00Z", "2027-W01")]
    public void The_week_is_the_iso_week_in_utc(string at, string week) =>
        Assert.Equal(week, RightSizingDigest.IsoWeek(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Teams_card_matches_the_golden_file() =>
        Guardrails.Testing.GoldenFile.Verify(RightSizingDigestCards.Teams(RightSizingDigest.PerTeam(Fleet, Monday)[1]),
            Path.Combine("testdata", "rightsizing", "digest.speech.teams.json"));

    [Fact]
    public void Slack_card_matches_the_golden_file() =>
        Guardrails.Testing.GoldenFile.Verify(RightSizingDigestCards.Slack(RightSizingDigest.PerTeam(Fleet, Monday)[1]),
            Path.Combine("testdata", "rightsizing", "digest.speech.slack.json"));

    [Fact]
    public void A_team_with_many_recommendations_lists_ten_and_counts_the_rest_within_slack_limits()
    {
        var many = Enumerable.Range(1, 14).Select(i => Rec($"vm-{i:00}", "big", "Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3", i * 100m)).ToList();
        var digest = RightSizingDigest.PerTeam(many, Monday).Single();

        var slack = JsonNode.Parse(RightSizingDigestCards.Slack(digest))!["blocks"]!.AsArray();
        var teams = RightSizingDigestCards.Teams(digest);

        Assert.Equal(2 + RightSizingDigest.MaxListed + 1, slack.Count);
        Assert.True(slack.Count <= ChatCards.SlackMaxBlocks);
        Assert.Equal("… and 4 more: guardrails rightsize --store", slack[^1]!["elements"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("vm-14", slack[2]!.ToJsonString(), StringComparison.Ordinal); // largest saving first
        Assert.DoesNotContain("vm-04", teams, StringComparison.Ordinal);
        Assert.Contains("… and 4 more", teams, StringComparison.Ordinal);
    }

    private static CheckpointStorageFinding Ckpt(string name, string? team, decimal? saving, string currency = "USD") => new()
    {
        ResourceId = "/subscriptions/s/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/" + name,
        Name = name,
        Team = team,
        MatchedBy = "tag purpose=checkpoints",
        Currency = currency,
        Status = saving is null ? "ok" : "recommend",
        Tiers = [],
        MaxHotAgeDays = 14,
        HotGbOlderThanAge = 60_000m,
        RecommendedTier = saving is null ? null : StorageTier.Cool,
        MonthlySavings = saving,
        Options = saving is null ? [] :
        [
            new StorageTierOption
            {
                Tier = StorageTier.Cool, PricePerGbMonth = 0.01m, MonthlyCost = 600m, MonthlySavings = saving.Value, MinimumDays = 30, RetrievalPerGb = 0.01m,
                ReadBackCost = 600m, PriceSource = StoragePriceTable.BuiltInSource,
            },
        ],
        Reasons = ["r"],
    };

    private static readonly CheckpointStorageFinding[] Checkpoints =
    [
        Ckpt("speechckpt", "Speech", 504.00m),
        Ckpt("speechckpt-eu", "speech", 88.50m, "EUR"),
        Ckpt("speechcool", "speech", null), // nothing to recommend: not on the card
        Ckpt("platformckpt", "platform", 120.00m),
    ];

    [Fact]
    public void A_teams_checkpoint_accounts_join_its_digest_with_the_saving_per_currency_never_added_across_currencies()
    {
        var digests = RightSizingDigest.PerTeam(Fleet, Monday, Checkpoints);

        Assert.Equal(["(no team)", "platform", "speech"], digests.Select(d => d.Team)); // platform has only checkpoint storage
        var speech = digests[2];
        Assert.Equal(["speechckpt", "speechckpt-eu"], speech.Checkpoints.Select(f => f.Name));
        Assert.Equal(["EUR 88.50", "$504.00"], speech.CheckpointTotals()); // by currency code: EUR, USD
        Assert.Equal(["$19,131.43"], speech.Totals()); // the VMs' saving stays its own
        Assert.Contains("2 checkpoint storage account(s) keep old checkpoints in Hot", speech.Summary, StringComparison.Ordinal);
        var platform = digests[1];
        Assert.Empty(platform.Recommended);
        Assert.Equal("Checkpoint storage for platform, week 2026-W47", platform.Title);
        Assert.Equal("1 checkpoint storage account(s) keep old checkpoints in Hot: $120.00 a month in a cooler tier. Recommendations only: nothing is resized or moved.",
            platform.Summary);
    }

    [Fact]
    public void Teams_card_with_checkpoint_storage_matches_the_golden_file() =>
        Guardrails.Testing.GoldenFile.Verify(RightSizingDigestCards.Teams(RightSizingDigest.PerTeam(Fleet, Monday, Checkpoints)[2]),
            Path.Combine("testdata", "rightsizing", "digest.speech-checkpoints.teams.json"));

    [Fact]
    public void Slack_card_with_checkpoint_storage_matches_the_golden_file() =>
        Guardrails.Testing.GoldenFile.Verify(RightSizingDigestCards.Slack(RightSizingDigest.PerTeam(Fleet, Monday, Checkpoints)[2]),
            Path.Combine("testdata", "rightsizing", "digest.speech-checkpoints.slack.json"));
}
