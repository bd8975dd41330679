using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Events;

namespace Guardrails.Infrastructure.Notifications;

/// <summary>
/// Publishes guardrail events to a Service Bus topic (default <c>guardrail-events</c>) as CloudEvents 1.0 JSON in
/// structured mode (content type <c>application/cloudevents+json</c>). MessageId = event id (the alert id), so
/// duplicate detection on the topic drops a re-publish. Not configured → <see cref="NullEventPublisher"/>.
/// </summary>
public sealed class ServiceBusEventPublisher(ServiceBusSender sender, ServiceBusClient? ownedClient = null)
    : IGuardrailEventPublisher, IAsyncDisposable
{
    public const string DefaultTopic = "guardrail-events";
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    /// <summary>From a connection string ("Endpoint=sb://…") or a fully qualified namespace (the app's identity: <paramref name="credential"/>).</summary>
    public static ServiceBusEventPublisher Create(string connectionStringOrNamespace, string topic = DefaultTopic, Azure.Core.TokenCredential? credential = null)
    {
        var client = connectionStringOrNamespace.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase)
            ? new ServiceBusClient(connectionStringOrNamespace)
            : new ServiceBusClient(connectionStringOrNamespace.Trim(), credential ?? new DefaultAzureCredential());
        return new ServiceBusEventPublisher(client.CreateSender(topic), client);
    }

    public Task PublishAsync(GuardrailEvent guardrailEvent, CancellationToken cancellationToken = default) =>
        sender.SendMessageAsync(ToMessage(guardrailEvent), cancellationToken);

    /// <summary>The CloudEvents 1.0 structured JSON of an event.</summary>
    public static string ToCloudEventJson(GuardrailEvent e)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = e.Id,
            ["source"] = GuardrailEvent.Source,
            ["type"] = e.Type,
            ["subject"] = e.Subject,
            ["time"] = e.Time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonSerializer.SerializeToNode(e.Data, AlertNotification.JsonOptions.GetTypeInfo(e.Data.GetType())),
        };
        return envelope.ToJsonString();
    }

    public static ServiceBusMessage ToMessage(GuardrailEvent e)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(ToCloudEventJson(e)))
        {
            MessageId = e.Id,
            Subject = e.Type,
            ContentType = ContentType,
        };
        message.ApplicationProperties["cloudEvents:specversion"] = "1.0";
        message.ApplicationProperties["cloudEvents:type"] = e.Type;
        message.ApplicationProperties["cloudEvents:source"] = GuardrailEvent.Source;
        message.ApplicationProperties["cloudEvents:subject"] = e.Subject;
        return message;
    }

    public async ValueTask DisposeAsync()
    {
        await sender.DisposeAsync();
        if (ownedClient is not null) await ownedClient.DisposeAsync();
    }
}

/// <summary>A Service Bus channel from <c>channels:</c> (kind servicebus): the alert as a guardrail event.</summary>
public sealed class EventPublisherAlertChannel(IGuardrailEventPublisher publisher) : IAlertChannel
{
    public string Kind => "servicebus";
    public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default) =>
        publisher.PublishAsync(BudgetEvents.ToEvent(notification), cancellationToken);
}
