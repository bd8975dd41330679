using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Hosting;
using Guardrails.Cli.Reporting;
using Guardrails.Cli.Tests.Commands;
using Guardrails.Core.Common;
using Guardrails.Core.PullRequests;
using Guardrails.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrails.Cli.Tests.Hosting;

/// <summary>
/// The whole PR path on loopback: a real signed GitHub delivery → <c>guardrails serve</c>'s webhook endpoint → the
/// <c>pr-checks</c> queue on Azurite → the in-process worker → Octokit → the fake GitHub gets the comment and status.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServeEndToEndTests(AzuriteFixture azurite) : IDisposable
{
    private const string Owner = "derekg1729", Repo = "test-repo";
    private const int Number = 315;
    private const string Head = "eeb67d6e0f131d27102080b6bb50be2ddae28cc3", Base = "cf4f801049f678c0253179636aeabea6946de7e9";
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "github-webhooks", name);
    private static string Sample(string path) => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", path));

    private static string Secret => JsonDocument.Parse(File.ReadAllText(Data("signature-test-vector.json"))).RootElement
        .GetProperty("additional_real_delivery_vectors").GetProperty("secret").GetString()!;

    private readonly string _checksTable = AzuriteFixture.UniqueName("prchecks");

    private async Task<(WebApplication App, HttpClient Http)> StartAsync(Action<IServiceCollection>? services = null)
    {
        var port = FakeGitHub.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["PullRequests:ChecksTable"] = _checksTable,
            ["GitHub:WebhookSecret"] = Secret,
            ["GitHub:Token"] = "test-token",
            ["GitHub:ApiBaseUrl"] = _github.ApiBaseUrl,
            ["GitHub:RetryBaseDelaySeconds"] = "0",
            ["RetailPrices:MaxLiveLookupsPerCheck"] = "0", // offline: the cache, then the bundled snapshot
        };
        LocalHost.MapEndpoints(app => app.MapGet("/api/test-module", () => Results.Text("module")));
        var app = LocalHost.Build(new LocalHostOptions(port, azurite.ConnectionString, settings, AzuriteFixture.UniqueName("prchecks"),
            TimeSpan.FromMilliseconds(100)), services);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    private void GpuPoolPullRequest()
    {
        _github.PullRequest(Owner, Repo, Number, JsonNode.Parse(File.ReadAllBytes(Data("pull_request.opened.raw-body.json")))!["pull_request"]!.ToJsonString());
        _github.Files(Owner, Repo, Number, ("aks/gpu-pool.tf", "modified", null));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Base, Sample("base/aks/gpu-pool.tf"));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Head, Sample("head/aks/gpu-pool.tf"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);
    }

    /// <summary>Posts the real signed delivery; a fresh X-GitHub-Delivery id (not covered by the signature) so that
    /// the deduplication table shared with the other tests in this Azurite does not drop it.</summary>
    private async Task<string> DeliverAndReadCommentAsync(HttpClient http)
    {
        var delivery = JsonDocument.Parse(File.ReadAllText(Data("pull_request.opened.delivery.json"))).RootElement.GetProperty("headers");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/github/webhook")
        {
            Content = new ByteArrayContent(File.ReadAllBytes(Data("pull_request.opened.raw-body.json"))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var name in new[] { "x-github-event", "x-hub-signature-256" })
            request.Headers.Add(name, delivery.GetProperty(name).GetString());
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(request)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_github.Calls.Any(c => c.Method == "POST" && c.Path.Contains("/statuses/", StringComparison.Ordinal)))
            await Task.Delay(100);
        var comment = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/issues/{Number}/comments");
        return JsonDocument.Parse(comment.Body!).RootElement.GetProperty("body").GetString()!;
    }

    [Fact]
    public async Task With_budgets_and_a_ledger_in_the_store_the_comment_says_what_the_team_has_left()
    {
        // The ledger in Azurite: team vision spent 100/day on Nov 1–10; guardrails.yaml gives it 2,000 for the month.
        using var scenario = new VisionBudgetScenario();
        var time = scenario.Time;
        var (none, why) = await LocalBudgets.OpenAsync(azurite.ConnectionString, scenario.ConfigPath, scenario.Tables);
        Assert.Null(none); // budgets but no ledger yet: no budget line rather than a made-up "2,000 left"
        Assert.Contains("no ledger", why, StringComparison.Ordinal);
        await scenario.WriteLedgerAsync(azurite.ConnectionString);
        var (budgets, _) = await LocalBudgets.OpenAsync(azurite.ConnectionString, scenario.ConfigPath, scenario.Tables);
        Assert.NotNull(budgets);

        GpuPoolPullRequest();
        var (app, http) = await StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time); // the whole host on the test's clock
            LocalBudgets.Register(budgets)(services);
        });
        await using var _ = app;
        using var __ = http;

        var body = await DeliverAndReadCommentAsync(http);

        // +0.526 × 730 = 383.98/month; 20 of November's 30 days left → 255.99 this month; 1,000 left; 100/day reaches 2,000 on the 20th.
        Assert.Contains("> **Budget:** adds $383.98/month; team vision has $1,000.00 left this month; forecast breach on the 20th. "
            + "This change adds $255.99 before the month ends.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_that_loosens_guardrails_yaml_is_judged_by_the_base_policy()
    {
        // Base: the gate allows +$100/month. The PR adds a T4 node (+$383.98) and, in the same change, raises the limit.
        GpuPoolPullRequest();
        _github.Files(Owner, Repo, Number, ("aks/gpu-pool.tf", "modified", null), ("guardrails.yaml", "modified", null));
        _github.Content(Owner, Repo, "guardrails.yaml", Base, "pullRequests:\n  gate:\n    maxIncreaseAmount: 100\n");
        _github.Content(Owner, Repo, "guardrails.yaml", Head, "pullRequests:\n  gate:\n    maxIncreaseAmount: 1000000\n");
        var (app, http) = await StartAsync();
        await using var _ = app;
        using var __ = http;

        var body = await DeliverAndReadCommentAsync(http);

        Assert.Contains("this PR changes the cost policy; it applies after merge", body, StringComparison.Ordinal);
        Assert.Contains("exceeds $100.00", body, StringComparison.Ordinal);
        var status = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");
        Assert.Equal("failure", JsonDocument.Parse(status.Body!).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Signed_delivery_reaches_github_as_a_comment_and_a_status()
    {
        _github.PullRequest(Owner, Repo, Number, JsonNode.Parse(File.ReadAllBytes(Data("pull_request.opened.raw-body.json")))!["pull_request"]!.ToJsonString());
        _github.Files(Owner, Repo, Number, ("aks/gpu-pool.tf", "modified", null));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Base, Sample("base/aks/gpu-pool.tf"));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Head, Sample("head/aks/gpu-pool.tf"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);

        var (app, http) = await StartAsync();
        await using var _ = app;
        using var __ = http;

        Assert.Equal("module", await http.GetStringAsync("api/test-module")); // endpoint modules (e.g. the dashboard) plug in

        var delivery = JsonDocument.Parse(File.ReadAllText(Data("pull_request.opened.delivery.json"))).RootElement.GetProperty("headers");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/github/webhook")
        {
            Content = new ByteArrayContent(File.ReadAllBytes(Data("pull_request.opened.raw-body.json"))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var name in new[] { "x-github-event", "x-github-delivery", "x-hub-signature-256" })
            request.Headers.Add(name, delivery.GetProperty(name).GetString());
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Unsigned → 401 and nothing queued.
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "api/github/webhook") { Content = new StringContent("{}") };
        unsigned.Headers.Add("X-GitHub-Event", "pull_request");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(unsigned)).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_github.Calls.Any(c => c.Method == "POST" && c.Path.Contains("/statuses/", StringComparison.Ordinal)))
            await Task.Delay(100);

        var comment = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/issues/{Number}/comments");
        var body = JsonDocument.Parse(comment.Body!).RootElement.GetProperty("body").GetString()!;
        Assert.StartsWith(CostCommentRenderer.Marker, body, StringComparison.Ordinal);
        // T4 pool 1 → 2 nodes; no guardrails.yaml in the repo, so the default region eastus: +0.526 × 730
        Assert.Contains($"**+{Money.Format(0.526m * 730, "USD")}/month**", body, StringComparison.Ordinal);
        var status = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");
        Assert.Equal("success", JsonDocument.Parse(status.Body!).RootElement.GetProperty("state").GetString());

        // The finished check fills the dashboard's PR panel: serve's dashboard reads the same storage and checks table.
        var checkedAt = DateTimeOffset.UtcNow;
        var dashboard = new Core.Reporting.DashboardEndpoints(ReportSources.FromStore(azurite.ConnectionString, configPath: null, TimeProvider.System,
            new Dictionary<string, string?> { ["PullRequests:ChecksTable"] = _checksTable }));
        var api = await dashboard.HandleAsync("pull-requests", name => name == "month" ? checkedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null);
        Assert.Equal(200, api.StatusCode);
        var pr = Assert.Single(JsonDocument.Parse(api.Body).RootElement.GetProperty("pullRequests").EnumerateArray());
        Assert.Equal($"{Owner}/{Repo}", pr.GetProperty("repository").GetString());
        Assert.Equal(Number, pr.GetProperty("number").GetInt32());
        Assert.Equal("Test PR Title", pr.GetProperty("title").GetString());
        Assert.Equal(Head, pr.GetProperty("headSha").GetString());
        Assert.Equal(0.526m * 730, pr.GetProperty("monthlyCostAfter").GetDecimal() - pr.GetProperty("monthlyCostBefore").GetDecimal());
        Assert.Equal(0.526m * 730, pr.GetProperty("monthlyDelta").GetDecimal());
        Assert.Equal("pass", pr.GetProperty("gate").GetString());
        Assert.Equal($"https://github.com/{Owner}/{Repo}/pull/{Number}", pr.GetProperty("url").GetString());
        var page = await dashboard.HandleAsync("", name => name == "month" ? checkedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null);
        Assert.Contains($"{Owner}/{Repo}#{Number}", page.Body, StringComparison.Ordinal);
        Assert.Contains("+" + Money.WithSymbol(0.526m * 730, "USD"), page.Body, StringComparison.Ordinal);
    }
}
