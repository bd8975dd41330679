using System.Text.Json.Nodes;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Infrastructure.Tests.Notifications;

/// <summary>
/// The Service Bus message mapping. There is no Service Bus emulator here, so sending is not exercised; the mapping
/// (CloudEvents envelope, MessageId for duplicate detection) is what these tests pin down.
/// </summary>
public class ServiceBusEventPublisherTests
{
    private static AlertNotification Notification() => new()
    {
        AlertId = "vision-2024-09-forecast-100",
        BudgetName = "vision",
        Kind = AlertKind.Forecast,
        Threshold = "100",
        Severity = "warning",
        Period = "2024-09",
        Title = "Budget vision: forecast to reach 100% of the budget",
        Summary = "…",
        Scope = "team=vision",
        Currency = "USD",
        Amount = 3000m,
        Spent = 2512.34m,
        Forecast = 3761.9m,
        BreachDate = new DateOnly(2024, 9, 24),
        CreatedAt = new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Alert_maps_to_a_cloudevents_message_with_the_alert_id_as_message_id()
    {
        var e = BudgetEvents.ToEvent(Notification());
        var message = ServiceBusEventPublisher.ToMessage(e);

        Assert.Equal("vision-2024-09-forecast-100", message.MessageId);
        Assert.Equal("guardrails.budget.forecast", message.Subject);
        Assert.StartsWith("application/cloudevents+json", message.ContentType);
        Assert.Equal("1.0", message.ApplicationProperties["cloudEvents:specversion"]);

        var body = JsonNode.Parse(message.Body.ToString())!;
        Assert.Equal("1.0", (string?)body["specversion"]);
        Assert.Equal("vision-2024-09-forecast-100", (string?)body["id"]);
        Assert.Equal("/guardrails", (string?)body["source"]);
        Assert.Equal("guardrails.budget.forecast", (string?)body["type"]);
        Assert.Equal("budgets/vision", (string?)body["subject"]);
        Assert.Equal("2024-09-21T10:00:00.000Z", (string?)body["time"]);
        Assert.Equal("application/json", (string?)body["datacontenttype"]);
        Assert.Equal(2512.34m, (decimal?)body["data"]!["spent"]);
        Assert.Equal("Forecast", (string?)body["data"]!["kind"]);
        Assert.Equal("2024-09-24", (string?)body["data"]!["breachDate"]);
    }

    [Fact]
    public void Recovery_events_have_their_own_type()
    {
        var e = BudgetEvents.ToEvent(Notification() with { Recovery = true, AlertId = "vision-2024-09-forecast-100-recovered" });
        Assert.Equal("guardrails.budget.forecast.recovered", e.Type);
        Assert.Equal("vision-2024-09-forecast-100-recovered", ServiceBusEventPublisher.ToMessage(e).MessageId);
    }
}
