using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

public class CommentAndGateTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static async Task<(CostEstimate Estimate, PullRequestConfig Config, IReadOnlyList<PolicyResult> Policies)> DemoAsync()
    {
        var config = PullRequestConfigReader.Load(Repo.Sample("iac", "guardrails.yaml"));
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(IacReader.ReadDirectory(Repo.Sample("iac", "base")), IacReader.ReadDirectory(Repo.Sample("iac", "head")));
        var policies = new CostPolicyEvaluator(config.Policies, VmSkuCatalog.Default, config.DefaultTeam).Evaluate(e);
        return (e, config, policies);
    }

    private static BudgetContext Vision => new("vision", "vision-gpu", 120_000m, 6_500m, "USD", new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 27));

    [Fact]
    public async Task Demo_comment_matches_golden_file()
    {
        var (e, config, policies) = await DemoAsync();
        var budgets = new[] { CostGate.Impact(Vision, e.DiffMonthlyCost, DateOnly.FromDateTime(s_now.UtcDateTime)) };
        var gate = CostGate.Evaluate(e, policies, budgets, config.Gate, null);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, policies, budgets, gate, "0123abcd", s_now, SnapshotPriceCatalog.Default.AsOf));
        Repo.AssertGolden(md, "pull-requests", "demo-comment.md");
        Assert.StartsWith(CostCommentRenderer.Marker, md, StringComparison.Ordinal);
        Assert.Contains("team vision has $6,500.00 left this month; forecast breach on the 27th", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approved_comment_matches_golden_file()
    {
        var (e, config, policies) = await DemoAsync();
        var approval = new CostApproval("budget-owner", s_now.AddMinutes(-5), "cost-approved");
        var gate = CostGate.Evaluate(e, policies, [], config.Gate, approval);
        Assert.Equal(GateState.Success, gate.State);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, policies, [], gate, "0123abcd", s_now));
        Repo.AssertGolden(md, "pull-requests", "approved-comment.md");
        Assert.Contains("Cost approved by @budget-owner on 2026-11-20 09:25 UTC (label `cost-approved`)", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_fails_on_amount_percent_policy_and_budget()
    {
        var (e, config, policies) = await DemoAsync();
        var impact = CostGate.Impact(Vision, e.DiffMonthlyCost, new DateOnly(2026, 11, 20));
        // 11 days left of 30: 21,096.03 × 11 / 30 = 7,735.21 > 6,500 remaining
        Assert.Equal(decimal.Round(21096.03m * 11 / 30, 2), impact.AddedThisPeriod);
        Assert.True(impact.WouldBreach);
        var gate = CostGate.Evaluate(e, policies, [impact], config.Gate, null);
        Assert.Equal(GateState.Failure, gate.State);
        Assert.Contains(gate.Reasons, r => r.Contains("exceeds $10,000.00", StringComparison.Ordinal));
        Assert.Contains(gate.Reasons, r => r.Contains("exceeds 25%", StringComparison.Ordinal));
        Assert.Contains(gate.Reasons, r => r.Contains("would breach the vision budget", StringComparison.Ordinal));
        Assert.Contains(gate.Reasons, r => r.Contains("24 A100 GPUs; the quota is 16", StringComparison.Ordinal));
        Assert.Contains(gate.Reasons, r => r.Contains("missing tag(s) project", StringComparison.Ordinal));
        Assert.True(gate.Description.Length <= 140);
    }

    [Fact]
    public async Task Gate_passes_within_limits_and_quiet_threshold()
    {
        var (e, _, _) = await DemoAsync();
        // Every compute resource of the demo is priced (its DSVM's Standard_B2s from the wide Linux on-demand table).
        Assert.Empty(e.Unpriced);
        Assert.Equal(GateState.Success, CostGate.Evaluate(e, [], [], new GateConfig { MaxIncreaseAmount = 1_000_000m }, null).State);
        // One unpriced VM on the head: unknown is not free unless onUnpriced: warn.
        var unknown = e with { Unpriced = [new UnpricedResource("vm/dsvm.bicep", "vmName-CPU-4GB", "Compute/virtualMachines", "Standard_B2s", "head", "no price", 188)] };
        var strict = CostGate.Evaluate(unknown, [], [], new GateConfig { MaxIncreaseAmount = 1_000_000m }, null);
        Assert.Equal(GateState.Failure, strict.State);
        Assert.Contains("not priced: `vmName-CPU-4GB` (vm/dsvm.bicep:188", Assert.Single(strict.Reasons), StringComparison.Ordinal);
        var gate = CostGate.Evaluate(unknown, [], [], new GateConfig { MaxIncreaseAmount = 1_000_000m, OnUnpriced = "warn" }, null);
        Assert.Equal(GateState.Success, gate.State);
        Assert.False(CostCommentRenderer.IsQuiet(e, new QuietConfig { BelowAmount = 50 }));
        var small = e with { BaseMonthlyCost = 1000m, HeadMonthlyCost = 1010m, Unpriced = [] };
        Assert.True(CostCommentRenderer.IsQuiet(small, new QuietConfig { BelowAmount = 50, BelowPercent = 5 }));
        Assert.False(CostCommentRenderer.IsQuiet(small, new QuietConfig { BelowAmount = 5 }));
        Assert.False(CostCommentRenderer.IsQuiet(small, new QuietConfig())); // no thresholds: always comment
    }

    [Fact]
    public void Long_comment_is_cut_in_the_middle_and_says_so()
    {
        var body = CostCommentRenderer.Marker + "\n" + new string('a', 40_000) + new string('z', 40_000);
        var fitted = CostCommentRenderer.Fit(body);
        Assert.True(fitted.Length <= CostCommentRenderer.GitHubMaxLength);
        Assert.StartsWith(CostCommentRenderer.Marker, fitted, StringComparison.Ordinal);
        Assert.EndsWith("zzz", fitted, StringComparison.Ordinal);
        Assert.Contains("characters cut from the middle to fit GitHub's 65,536-character comment limit", fitted, StringComparison.Ordinal);
        var m = System.Text.RegularExpressions.Regex.Match(fitted, @"\n\n… \*\*(?<n>\d+) characters cut[^\n]*\n\n");
        Assert.True(m.Success);
        Assert.Equal(body.Length, fitted.Length - m.Length + int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(body[..10], CostCommentRenderer.Fit(body[..10]));
    }

    [Fact]
    public void Stamp_round_trips()
    {
        var md = "<!-- guardrails-cost-comment -->\n<!-- guardrails:head=abc123;at=2026-11-20T09:30:00Z -->\n";
        var (sha, at) = CostCommentRenderer.ReadStamp(md);
        Assert.Equal(("abc123", s_now), (sha, at));
    }

    [Fact]
    public void Sku_wildcards_and_gpu_quota_count_fractional_gpus()
    {
        Assert.True(CostPolicyEvaluator.Wildcard("Standard_NC*_A100_v4", "standard_nc24ads_a100_v4"));
        Assert.False(CostPolicyEvaluator.Wildcard("Standard_NC*_A100_v4", "Standard_ND96amsr_A100_v4"));
    }

    [Fact]
    public void Config_errors_name_file_line_and_field()
    {
        const string yaml = "pullRequests:\n  defaultRegion: westeurope\n  hoursPerMonth: 900\n  gate:\n    maxIncreasePercent: -1\n";
        var ex = Assert.Throws<ConfigException>(() => PullRequestConfigReader.Parse(yaml, "guardrails.yaml"));
        Assert.Contains(ex.Errors, e => e.Field == "pullRequests.hoursPerMonth" && e.Line == 3);
        Assert.Contains(ex.Errors, e => e.Field == "pullRequests.gate.maxIncreasePercent" && e.Line == 5);
        var bad = Assert.Throws<ConfigException>(() => PullRequestConfigReader.Parse("pullRequests:\n  hoursPerMonth: lots\n", "g.yaml"));
        Assert.Equal(("g.yaml", 2), (bad.Errors[0].File, bad.Errors[0].Line));
    }

    [Fact]
    public void The_pull_request_section_is_checked_like_the_whole_file_and_other_sections_are_left_to_their_readers()
    {
        const string yaml = """
            budgets:
              - { name: anything, here: [is, not, read] }
            pullRequests:
              gate: { maxIncreasePercent: 10, maxIncreaseAmount: lots }
              hourPerMonth: 730
            """;
        var ex = Assert.Throws<ConfigException>(() => PullRequestConfigReader.Parse(yaml, "guardrails.yaml"));

        Assert.Equal([(5, "pullRequests.hourPerMonth")], ex.Errors.Select(e => (e.Line, e.Field)));
        var type = Assert.Throws<ConfigException>(() => PullRequestConfigReader.Parse(yaml[..yaml.IndexOf("  hourPerMonth", StringComparison.Ordinal)], "guardrails.yaml"));
        Assert.Equal((4, "pullRequests.gate.maxIncreaseAmount"), (Assert.Single(type.Errors).Line, type.Errors[0].Field));
        Assert.StartsWith("'lots' is not a number", type.Errors[0].Message, StringComparison.Ordinal);
    }
}
