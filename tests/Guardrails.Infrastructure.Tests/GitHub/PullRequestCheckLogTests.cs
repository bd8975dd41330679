using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.GitHub;

/// <summary>The finished-checks table behind the dashboard's PR panel (Azurite), and the runner that fills it (loopback GitHub).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PullRequestCheckLogTests(AzuriteFixture azurite) : IDisposable
{
    private const string Owner = "derekg1729", Repo = "test-repo";
    private const int Number = 315;
    private const string Head = "eeb67d6e0f131d27102080b6bb50be2ddae28cc3", Base = "cf4f801049f678c0253179636aeabea6946de7e9";
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private TablePullRequestCheckLog Log(out TableClient table)
    {
        table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prchecks"));
        return new TablePullRequestCheckLog(table);
    }

    private static PullRequestCheckSummary Check(string repo, int number, string head, DateTimeOffset at, decimal before, decimal after, string gate = "fail") => new()
    {
        Repository = repo,
        Number = number,
        Title = $"PR {number}",
        HeadSha = head,
        CheckedAt = at,
        Currency = "USD",
        MonthlyCostBefore = before,
        MonthlyCostAfter = after,
        Gate = gate,
        Url = $"https://github.com/{repo}/pull/{number}",
    };

    [Fact]
    public async Task One_row_per_pr_and_the_newest_check_wins_whatever_order_they_finish_in()
    {
        var log = Log(out var table);
        Assert.True(await log.RecordAsync(Check("Contoso/ML-Infra", 42, "aaa", s_t0, 100m, 250.5m)));
        // A newer head of the same PR (repository name in another case: GitHub names are case-insensitive).
        Assert.True(await log.RecordAsync(Check("contoso/ml-infra", 42, "bbb", s_t0.AddMinutes(10), 100m, 900.25m)));
        // The older head's check finishing late does not overwrite the newer one.
        Assert.False(await log.RecordAsync(Check("Contoso/ML-Infra", 42, "aaa", s_t0.AddMinutes(1), 100m, 250.5m)));
        Assert.True(await log.RecordAsync(Check("contoso/ml-infra", 45, "ccc", s_t0.AddDays(-3), 1200m, 480m, "pass")));

        var rows = await table.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["contoso|ml-infra"], rows.Select(r => r.PartitionKey).Distinct());
        Assert.Equal(["0000000042", "0000000045"], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));

        var checks = await log.GetChecksAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Equal([42, 45], checks.Select(c => c.Number)); // newest first
        var latest = checks[0];
        Assert.Equal("bbb", latest.HeadSha);
        Assert.Equal(900.25m, latest.MonthlyCostAfter);
        Assert.Equal(800.25m, latest.MonthlyDelta);
        Assert.Equal(s_t0.AddMinutes(10), latest.CheckedAt);
        Assert.Equal(-720m, checks[1].MonthlyDelta);
        Assert.Equal("pass", checks[1].Gate);
    }

    [Fact]
    public async Task Checks_are_read_for_the_utc_days_asked_and_an_unknown_table_is_empty()
    {
        var log = Log(out _);
        await log.RecordAsync(Check("o/r", 1, "a", new DateTimeOffset(2026, 10, 31, 23, 59, 59, TimeSpan.Zero), 0m, 10m));
        await log.RecordAsync(Check("o/r", 2, "b", new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), 0m, 20m));
        await log.RecordAsync(Check("o/r", 3, "c", new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero), 0m, 30m));
        await log.RecordAsync(Check("o/r", 4, "d", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 0m, 40m));
        Assert.Equal([3, 2], (await log.GetChecksAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30))).Select(c => c.Number));
        Assert.Equal([1], (await log.GetChecksAsync(new DateOnly(2026, 10, 31), new DateOnly(2026, 10, 31))).Select(c => c.Number));
        Assert.Empty(await new TablePullRequestCheckLog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("none")))
            .GetChecksAsync(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public async Task The_runner_records_the_checked_pr_with_its_approval()
    {
        var pr = JsonNode.Parse(Webhooks.RawBody("opened"))!["pull_request"]!;
        pr["labels"] = new JsonArray(new JsonObject { ["id"] = 1, ["name"] = "cost-approved", ["color"] = "00ff00" });
        _github.PullRequest(Owner, Repo, Number, pr.ToJsonString());
        _github.Files(Owner, Repo, Number, ("ml/cluster.bicep", "modified", null), ("vm/inference.tf", "added", null));
        string Sample(string path) => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", path));
        _github.Content(Owner, Repo, "ml/cluster.bicep", Base, Sample("base/ml/cluster.bicep"));
        _github.Content(Owner, Repo, "ml/cluster.bicep", Head, Sample("head/ml/cluster.bicep"));
        _github.Content(Owner, Repo, "vm/inference.tf", Head, Sample("head/vm/inference.tf"));
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml")); // the policy is read at the base SHA
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", s_t0.AddMinutes(-10)));
        _github.AcceptWrites(Owner, Repo, Number);

        var time = new FakeTimeProvider(s_t0);
        var options = new GitHubOptions { ApiBaseUrl = _github.ApiBaseUrl, Token = "test-token", RetryBaseDelay = TimeSpan.Zero };
        var log = Log(out _);
        var runner = new PullRequestCheckRunner(new OctokitPullRequestApiFactory(new GitHubClientFactory(options, time), options, time), SnapshotPriceCatalog.Default,
            NullBudgetContextProvider.Instance, time, log);
        var request = new PullRequestCheckRequest(Owner, Repo, Number, Head, Base, "labeled", "d1", null, "cost-approved", "budget-owner", s_t0);
        var outcome = await runner.RunAsync(request.ToJson());
        Assert.Equal(GateState.Success, outcome.Gate!.State);

        var check = Assert.Single(await log.GetChecksAsync(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20)));
        Assert.Equal("derekg1729/test-repo", check.Repository);
        Assert.Equal(Number, check.Number);
        Assert.Equal("Test PR Title", check.Title);
        Assert.Equal(Head, check.HeadSha);
        Assert.Equal("https://github.com/derekg1729/test-repo/pull/315", check.Url);
        Assert.Equal(s_t0, check.CheckedAt);
        Assert.Equal("USD", check.Currency);
        // cluster 4.775 × 2 × 730 → 40.962 × 3 × 730, plus the new H100 VM 9.08 × 730 (westeurope): the comment's +$89,363.68
        Assert.Equal(4.775m * 2 * 730, check.MonthlyCostBefore);
        Assert.Equal(40.962m * 3 * 730 + 9.08m * 730, check.MonthlyCostAfter);
        Assert.Equal(89363.68m, check.MonthlyDelta);
        Assert.Equal("approved", check.Gate); // over the limits, passed only by the label
        Assert.Equal("budget-owner", check.ApprovedBy);
        Assert.Equal(s_t0.AddMinutes(-10), check.ApprovedAt);

        // A message for an old head is superseded: nothing recorded over the check above.
        var old = request with { HeadSha = "b47337c4ca1d0241a46b452efc902c18973b5ad6", DeliveryId = "d0" };
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(CommentAction.Superseded, (await runner.RunAsync(old.ToJson())).Comment);
        Assert.Equal(Head, Assert.Single(await log.GetChecksAsync(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20))).HeadSha);
    }
}
