using Guardrails.Core.Alerts;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;
using Guardrails.Core.RightSizing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.RightSizing;

/// <summary>
/// The weekly digest is sent once per team and ISO week, through the alerts' once-only state (the in-memory store has the
/// Table Storage store's semantics; TableAlertStateStoreTests hold the table to them).
/// </summary>
public sealed class RightSizingDigestSenderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 6, 45, 0, TimeSpan.Zero);

    private sealed class RecordingTarget : IOwnerNoticeTarget
    {
        public List<(string Channel, string Kind, string Payload)> Sent { get; } = [];
        public HashSet<string> Failing { get; } = [];
        public Task SendAsync(string channelName, string kind, string noticeId, string payload, CancellationToken cancellationToken = default)
        {
            if (Failing.Contains(channelName)) throw new HttpRequestException($"channel '{channelName}': 503");
            Sent.Add((channelName, kind, payload));
            return Task.CompletedTask;
        }
    }

    private static GuardrailsConfig Config() => new()
    {
        Channels = new(StringComparer.OrdinalIgnoreCase)
        {
            ["ml-teams"] = new ChannelConfig { Kind = "teams", WebhookUrlSetting = "TEAMS_URL" },
            ["ml-slack"] = new ChannelConfig { Kind = "slack", WebhookUrlSetting = "SLACK_URL" },
        },
        RightSizing = new RightSizingConfig { Channels = ["ml-teams", "ml-slack"] },
    };

    private static RightSizingRecommendation Rec(string name, string team, decimal? saving) => new()
    {
        ResourceId = "/subscriptions/s/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/" + name,
        Name = name,
        Team = team,
        CurrentSize = "Standard_NC24ads_A100_v4",
        RecommendedSize = saving is null ? null : "Standard_NC4as_T4_v3",
        MonthlySavings = saving,
        Currency = saving is null ? null : "USD",
        Reasons = ["r"],
    };

    private static readonly RightSizingRecommendation[] Fleet = [Rec("a", "speech", 100m), Rec("b", "vision", 200m), Rec("c", "nlp", null)];

    [Fact]
    public async Task Each_team_gets_one_card_per_channel_per_week_and_a_failed_channel_is_retried_alone()
    {
        var state = new InMemoryAlertStateStore();
        var target = new RecordingTarget();
        var time = new FakeTimeProvider(Monday);
        var sender = new RightSizingDigestSender(state, target, time);
        target.Failing.Add("ml-slack");

        Assert.Equal(2, await sender.SendAsync(Fleet, Config()));           // speech and vision on Teams; Slack down; nlp has nothing
        Assert.Equal([("ml-teams", "teams"), ("ml-teams", "teams")], target.Sent.Select(s => (s.Channel, s.Kind)));
        var pending = await state.ListUndeliveredAsync();
        Assert.Equal(2, pending.Count);
        Assert.All(pending, r => Assert.Contains("503", r.LastError, StringComparison.Ordinal));

        target.Failing.Clear();
        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await sender.SendAsync(Fleet, Config()));           // only Slack, for both teams
        Assert.Equal(["ml-slack", "ml-slack"], target.Sent.Skip(2).Select(s => s.Channel));
        Assert.Contains("\"blocks\"", target.Sent[^1].Payload, StringComparison.Ordinal);
        Assert.Empty(await state.ListUndeliveredAsync());

        time.Advance(TimeSpan.FromDays(3));                                 // Friday, same ISO week: nothing again
        Assert.Equal(0, await sender.SendAsync(Fleet, Config()));

        time.Advance(TimeSpan.FromDays(3));                                 // Monday of the next week: the digest again
        Assert.Equal(4, await sender.SendAsync(Fleet, Config()));
        Assert.Equal(8, target.Sent.Count);
    }

    [Fact]
    public async Task Without_digest_channels_nothing_is_sent_and_a_servicebus_channel_is_never_counted_as_sent()
    {
        var state = new InMemoryAlertStateStore();
        var target = new RecordingTarget();
        var sender = new RightSizingDigestSender(state, target, new FakeTimeProvider(Monday));
        var none = Config();
        none.RightSizing.Channels.Clear();
        Assert.Equal(0, await sender.SendAsync(Fleet, none));

        var bus = Config();
        bus.Channels["events"] = new ChannelConfig { Kind = "servicebus", ConnectionSetting = "SB" };
        bus.RightSizing.Channels.Clear();
        bus.RightSizing.Channels.Add("events");
        Assert.Equal(0, await sender.SendAsync(Fleet, bus));
        var undelivered = await state.ListUndeliveredAsync();
        Assert.Equal(2, undelivered.Count);
        Assert.All(undelivered, r => Assert.Contains("Teams and Slack only", r.LastError, StringComparison.Ordinal));
        Assert.Empty(target.Sent);
    }
}
