using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;

namespace Guardrails.Infrastructure.Notifications;

/// <summary>
/// Posts an alert to a Teams Workflows webhook (Adaptive Card envelope) or a Slack incoming webhook (Block Kit).
/// Any 2xx is success (Workflows answers 202, Slack 200 "ok"). Retries come from the HttpClient
/// (<see cref="NotificationHttp"/>).
/// </summary>
public sealed class WebhookAlertChannel(string name, string kind, Uri webhookUrl, HttpClient http) : IAlertChannel
{
    public string Name { get; } = name;
    public string Kind { get; } = kind;

    public static string Render(string kind, AlertNotification notification) => kind switch
    {
        "teams" => AlertCards.RenderTeams(notification),
        "slack" => AlertCards.RenderSlack(notification),
        _ => notification.ToJson(),
    };

    public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default) =>
        NotificationHttp.PostJsonAsync(http, Name, Kind, webhookUrl, Render(Kind, notification), cancellationToken);
}
