using System.Text.Json.Nodes;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;
using Guardrails.Infrastructure.Notifications;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Infrastructure.Tests.Notifications;

/// <summary>Owner cards for idle-policy marks, delivered to a loopback WireMock webhook through the real HttpClient.</summary>
public sealed class OwnerNotifierTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachines/gpu01";
    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
    private readonly InMemoryOwnerNoticeLedger _ledger = new();

    public void Dispose() => _server.Dispose();

    private static readonly Dictionary<string, ChannelConfig> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ml-teams"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_ML" },
        ["ml-slack"] = new() { Kind = "slack", WebhookUrlSetting = "SLACK_ML" },
        ["events"] = new() { Kind = "servicebus", ConnectionSetting = "SB" },
    };

    private static readonly IdlePolicyConfig Policy = new() { Name = "idle-gpu-dev", Action = "mark-for-op", Channels = ["ml-teams", "ml-slack", "events"], OwnerTag = "contact" };

    private ChannelActionNotifier Notifier(HttpClient http) => new(
        name => name == Policy.Name ? Policy : null, Channels,
        new WebhookOwnerNoticeTarget(Channels, s => s switch
        {
            "TEAMS_ML" => _server.Url + "/teams/secret-token-123",
            "SLACK_ML" => _server.Url + "/slack/T000/B000/secret-xyz",
            _ => null,
        }, http),
        _ledger, new FakeTimeProvider(Now));

    private static ActionNotice Notice(DateTimeOffset deadline, string policy = "idle-gpu-dev") => new(
        new GuardrailActionRequest
        {
            Id = "req-1",
            ResourceId = Vm,
            Kind = GuardrailActionKind.Mark,
            Origin = ActionOrigin.IdlePolicy,
            RequestedBy = policy,
            RequestedAt = Now,
            NotBefore = deadline,
            HourlyCostSaved = 98.32m,
            Currency = "USD",
            Metrics = "coverage 100% (lowest GPU), max work 0.4%, max memory 0.6% over 8 GPU(s)",
            DryRun = false,
        },
        new ComputeMachine
        {
            ResourceId = Vm,
            Name = "gpu01",
            SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroup = "ml-dev",
            VmSize = "Standard_ND96isr_H100_v5",
            Tags = new Dictionary<string, string> { ["contact"] = "ana@contoso.com", ["owner"] = "someone-else" },
        },
        "someone-else", "Idle GPU machine gpu01 will be deallocated", "gpu01 has been idle.");

    private static HttpClient Http() => NotificationHttp.CreateClient(new NotificationRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxRetryAttempts = 3 });

    [Fact]
    public async Task A_mark_is_posted_once_per_deadline_to_each_webhook_channel_with_the_owner_from_the_policy_tag()
    {
        _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        using var http = Http();
        var notifier = Notifier(http);

        await notifier.NotifyAsync(Notice(Now.AddHours(4)));
        await notifier.NotifyAsync(Notice(Now.AddHours(4))); // the next evaluation: same machine, policy, deadline → silent

        var posts = _server.LogEntries.ToList();
        Assert.Equal(2, posts.Count); // teams + slack; the servicebus channel gets the executor's event instead
        var teams = JsonNode.Parse(posts.Single(p => p.RequestMessage.Path.StartsWith("/teams", StringComparison.Ordinal)).RequestMessage.Body!)!;
        Assert.Equal("AdaptiveCard", teams["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        var slackBody = posts.Single(p => p.RequestMessage.Path.StartsWith("/slack", StringComparison.Ordinal)).RequestMessage.Body!;
        Assert.Contains("Owner: ana@contoso.com", slackBody);
        Assert.Contains("guardrails:snooze-until=2026-07-16T02:00:00Z", slackBody);
        Assert.Single(_ledger.Keys);

        // A new mark (new deadline) is a new notice.
        await notifier.NotifyAsync(Notice(Now.AddHours(8)));
        Assert.Equal(4, _server.LogEntries.Count());
    }

    [Fact]
    public async Task Throttling_is_retried_honouring_retry_after()
    {
        _server.Given(Request.Create().UsingPost()).InScenario("throttle").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));
        _server.Given(Request.Create().UsingPost()).InScenario("throttle").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
        var policy = new IdlePolicyConfig { Name = "teams-only", Channels = ["ml-teams"] };
        using var http = Http();
        var notifier = new ChannelActionNotifier(_ => policy, Channels,
            new WebhookOwnerNoticeTarget(Channels, _ => _server.Url + "/teams/secret-token-123", http), _ledger, new FakeTimeProvider(Now));

        await notifier.NotifyAsync(Notice(Now.AddHours(4), "teams-only"));

        Assert.Equal([429, 200], _server.LogEntries.Select(e => (int)e.ResponseMessage.StatusCode!).ToArray());
        Assert.Single(_ledger.Keys);
    }

    [Fact]
    public async Task A_refused_delivery_throws_without_the_url_and_is_not_remembered()
    {
        _server.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400));
        using var http = Http();
        var notifier = Notifier(http);

        var e = await Assert.ThrowsAsync<AlertDeliveryException>(() => notifier.NotifyAsync(Notice(Now.AddHours(4))));

        Assert.Contains("ml-teams", e.Message);
        Assert.Contains("400", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.Empty(_ledger.Keys); // the next evaluation tries again
    }

    [Fact]
    public async Task A_policy_without_channels_sends_nothing()
    {
        using var http = Http();
        var notifier = new ChannelActionNotifier(_ => new IdlePolicyConfig { Name = "quiet" }, Channels,
            new WebhookOwnerNoticeTarget(Channels, _ => _server.Url, http), _ledger, new FakeTimeProvider(Now));
        await notifier.NotifyAsync(Notice(Now.AddHours(4), "quiet"));
        Assert.Empty(_server.LogEntries);
    }

    [Fact]
    public async Task The_directory_sink_writes_the_exact_payloads()
    {
        var dir = Directory.CreateTempSubdirectory("owner-sink").FullName;
        var notifier = new ChannelActionNotifier(_ => Policy, Channels, new SinkOwnerNoticeTarget(dir, new HttpClient()), _ledger, new FakeTimeProvider(Now));
        await notifier.NotifyAsync(Notice(Now.AddHours(4)));
        var files = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).Order().ToArray();
        Assert.Equal(["req-1.ml-slack.json", "req-1.ml-teams.json"], files);
        Assert.Equal(OwnerNoticeCards.RenderTeams(Notice(Now.AddHours(4)) with { Owner = "ana@contoso.com" }) + "\n",
            File.ReadAllText(Path.Combine(dir, "req-1.ml-teams.json")));
    }
}
