using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Core.Actions;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Infrastructure.Storage;
using Guardrails.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>
/// The Function App as Program.cs composes it (ledger, idle, PR checks, dashboard registrations) on Azurite with a loopback
/// fake GitHub: a signed delivery to GitHubWebhook → the pr-checks queue → CheckPullRequest → the DashboardApi's PR-check
/// panel; and the idle audit table → the action-log panel.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PullRequestDashboardTests(AzuriteFixture azurite) : IDisposable
{
    private const string Owner = "derekg1729", Repo = "test-repo", Secret = "functions-test-secret";
    private const int Number = 315;
    private const string Head = "eeb67d6e0f131d27102080b6bb50be2ddae28cc3", Base = "cf4f801049f678c0253179636aeabea6946de7e9";
    private readonly FakeGitHub _github = new();

    public void Dispose() => _github.Dispose();

    private static string Webhook(string name) =>
        Path.Combine(TestData.RepositoryRoot, "tests", "Guardrails.Infrastructure.Tests", "testdata", "github-webhooks", name);

    private static string Sample(string path) => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", path));

    [Fact]
    public async Task Webhook_queue_and_check_fill_the_pr_panel_and_the_audit_table_fills_the_action_log()
    {
        var body = File.ReadAllBytes(Webhook("pull_request.opened.raw-body.json"));
        _github.PullRequest(Owner, Repo, Number, JsonNode.Parse(body)!["pull_request"]!.ToJsonString());
        _github.Files(Owner, Repo, Number, ("aks/gpu-pool.tf", "modified", null));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Base, Sample("base/aks/gpu-pool.tf"));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", Head, Sample("head/aks/gpu-pool.tf"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);

        var queueName = AzuriteFixture.UniqueName("prq");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["GitHub:WebhookSecret"] = Secret,
            ["GitHub:Token"] = "test-token",
            ["GitHub:ApiBaseUrl"] = _github.ApiBaseUrl,
            ["GitHub:RetryBaseDelaySeconds"] = "0",
            ["PullRequests:QueueName"] = queueName,
            ["PullRequests:ChecksTable"] = AzuriteFixture.UniqueName("prchecks"),
            ["Idle:AuditTable"] = AzuriteFixture.UniqueName("audit"),
            ["Idle:ConfigPath"] = "absent.yaml",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(settings);
        services.AddSingleton(new StorageClients(azurite.ConnectionString));
        services.AddSingleton<ICostLedgerReader>(new InMemoryCostLedger([]));
        // The order of Program.cs: idle, PR checks, then the dashboard (which picks up what they registered).
        services.AddIdle(settings);
        services.AddPullRequestChecks(settings);
        services.AddDashboard(settings);
        await using var provider = services.BuildServiceProvider();
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(CancellationToken.None);
        var prFunctions = ActivatorUtilities.CreateInstance<PullRequestFunctions>(provider);
        var dashboard = ActivatorUtilities.CreateInstance<DashboardFunctions>(provider);

        // GitHub → GitHubWebhook (signed) → the queue.
        var request = new TestRequest(context, "https://app.example/api/github/webhook", "POST", body);
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Compute(Secret, body));
        var accepted = (TestResponse)await prFunctions.GitHubWebhookAsync(request, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        // The queue trigger's message → CheckPullRequest.
        var queue = StoragePullRequestCheckQueue.CreateClient(azurite.ConnectionString, queueName);
        var message = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 32)).Value);
        await prFunctions.CheckPullRequestAsync(message.MessageText, CancellationToken.None);
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");

        // An audited action (what ExecuteAction writes) in the idle feature's audit table.
        var now = DateTimeOffset.UtcNow;
        await provider.GetRequiredService<IActionAuditLog>().AppendAsync(new ActionAuditEntry
        {
            Id = "req-1-acted",
            Time = now,
            ResourceId = "/subscriptions/s/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/train-h100-01",
            Action = "deallocate",
            Outcome = ActionOutcomeStatus.Acted,
            Origin = ActionOrigin.IdlePolicy,
            Reasons = ["deallocation started", "8/8 GPUs idle for 60 min"],
            HourlyCostSaved = 98.32m,
            Currency = "USD",
        });

        var month = now.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var prs = (TestResponse)await dashboard.Api(new TestRequest(context, $"https://app.example/api/dashboard/pull-requests?month={month}"), "pull-requests", context);
        var pr = Assert.Single(JsonDocument.Parse(prs.Text).RootElement.GetProperty("pullRequests").EnumerateArray());
        Assert.Equal("derekg1729/test-repo", pr.GetProperty("repository").GetString());
        Assert.Equal("Test PR Title", pr.GetProperty("title").GetString());
        Assert.Equal(Head, pr.GetProperty("headSha").GetString());
        // T4 pool 1 → 2 nodes at eastus's 0.526/hour (no guardrails.yaml in the repo)
        Assert.Equal(0.526m * 730, pr.GetProperty("monthlyDelta").GetDecimal());
        Assert.Equal("pass", pr.GetProperty("gate").GetString());

        var actions = (TestResponse)await dashboard.Api(new TestRequest(context, $"https://app.example/api/dashboard/actions?month={month}"), "actions", context);
        var action = Assert.Single(JsonDocument.Parse(actions.Text).RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal("acted", action.GetProperty("outcome").GetString());
        Assert.Equal("train-h100-01", action.GetProperty("resourceName").GetString());
        Assert.Equal(98.32m, action.GetProperty("savingsPerHour").GetDecimal());
        Assert.Equal("deallocation started; 8/8 GPUs idle for 60 min", action.GetProperty("reason").GetString());
        Assert.False(action.GetProperty("dryRun").GetBoolean());
    }
}
