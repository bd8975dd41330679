namespace Guardrails.Core.Notifications;

/// <summary>Delivery failed after retries. The message names the channel and the status, never the URL.</summary>
public sealed class AlertDeliveryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Where an owner card goes: a webhook, a directory or a URL (local sink).</summary>
public interface IOwnerNoticeTarget
{
    /// <summary>Delivers <paramref name="payload"/> (already rendered for <paramref name="kind"/>); throws when delivery failed.</summary>
    Task SendAsync(string channelName, string kind, string noticeId, string payload, CancellationToken cancellationToken = default);
}
