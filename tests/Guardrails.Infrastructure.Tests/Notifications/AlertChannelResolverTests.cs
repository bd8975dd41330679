using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Infrastructure.Tests.Notifications;

public class AlertChannelResolverTests
{
    private sealed class RecordingPublisher : IGuardrailEventPublisher
    {
        public List<GuardrailEvent> Events { get; } = [];
        public Task PublishAsync(GuardrailEvent guardrailEvent, CancellationToken cancellationToken = default)
        {
            Events.Add(guardrailEvent);
            return Task.CompletedTask;
        }
    }

    private static readonly Dictionary<string, ChannelConfig> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["events"] = new() { Kind = "servicebus", ConnectionSetting = "SB", Topic = "finops-events" },
        ["oncall"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS" },
    };

    [Fact]
    public async Task A_servicebus_channel_publishes_the_alert_as_an_event_to_its_topic()
    {
        var publisher = new RecordingPublisher();
        (string Connection, string Topic)? created = null;
        using var http = new HttpClient();
        var resolver = new ConfiguredAlertChannelResolver(Channels, name => name == "SB" ? "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=s" : null,
            http, (c, t) => { created = (c, t); return publisher; });

        var channel = resolver.Resolve("events")!;
        await channel.SendAsync(new AlertNotification
        {
            AlertId = "vision-2024-09-actual-80",
            BudgetName = "vision",
            Kind = AlertKind.Actual,
            Threshold = "80",
            Severity = "warning",
            Period = "2024-09",
            Title = "t",
            Summary = "s",
            Scope = "team=vision",
            Currency = "USD",
        });

        Assert.Equal("finops-events", created?.Topic);
        var e = Assert.Single(publisher.Events);
        Assert.Equal("vision-2024-09-actual-80", e.Id);
        Assert.Equal("guardrails.budget.actual", e.Type);
    }

    [Fact]
    public void Unset_or_non_url_settings_fail_naming_the_setting_but_not_the_value()
    {
        using var http = new HttpClient();
        var missing = new ConfiguredAlertChannelResolver(Channels, _ => null, http);
        Assert.Contains("'TEAMS' is not set", Assert.Throws<InvalidOperationException>(() => missing.Resolve("oncall")).Message);

        var garbage = new ConfiguredAlertChannelResolver(Channels, _ => "not a url sig=SECRET", http);
        var message = Assert.Throws<InvalidOperationException>(() => garbage.Resolve("oncall")).Message;
        Assert.Contains("'TEAMS' is not an http(s) URL", message);
        Assert.DoesNotContain("SECRET", message);
        Assert.Null(missing.Resolve("nope"));
    }
}
