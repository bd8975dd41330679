namespace Guardrails.Core.Events;

/// <summary>
/// An event for other systems (alerts fired, actions taken), published as a CloudEvents 1.0 JSON message on the
/// topic guardrail-events. <see cref="Id"/> is deterministic (alert id, action id) so the broker deduplicates.
/// </summary>
public sealed record GuardrailEvent(string Id, string Type, string Subject, DateTimeOffset Time, object Data)
{
    public const string Source = "/guardrails";
}

/// <summary>Publishes guardrail events. The default is a no-op when no topic is configured.</summary>
public interface IGuardrailEventPublisher
{
    Task PublishAsync(GuardrailEvent guardrailEvent, CancellationToken cancellationToken = default);
}

public sealed class NullEventPublisher : IGuardrailEventPublisher
{
    public static NullEventPublisher Instance { get; } = new();
    public Task PublishAsync(GuardrailEvent guardrailEvent, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
