using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Events;

namespace Guardrails.Core.Budgets;

/// <summary>A place an alert can be sent (a Teams or Slack webhook, a local sink). Throws when delivery failed.</summary>
public interface IAlertChannel
{
    /// <summary>teams | slack | servicebus | file | http.</summary>
    string Kind { get; }
    Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>Finds the channel for a name from the <c>channels:</c> section; null when it cannot be built.</summary>
public interface IAlertChannelResolver
{
    IAlertChannel? Resolve(string channelName);
}


/// <summary>What happened to one alert in one dispatch.</summary>
public sealed record AlertDeliveryOutcome(string AlertId, AlertStatus Status, IReadOnlyList<string> DeliveredNow, IReadOnlyList<string> Failed,
    string? Skipped = null, string? Error = null);

/// <summary>
/// Delivers pending alerts: claims each with an ETag-guarded lease (Pending → Sending), sends to every target not yet
/// delivered, then stores Delivered, or Pending with the error so the next run retries only what failed. A record
/// another run holds (lease not expired, or ETag changed) is skipped: never sent twice.
/// </summary>
public sealed class AlertDispatcher(
    IAlertStateStore store,
    IAlertChannelResolver channels,
    IGuardrailEventPublisher events,
    IActionRequestSink? actions,
    TimeProvider time)
{
    public const string EventsTarget = "guardrail-events";
    public const string ActionsTarget = "actions";
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public string RunId { get; init; } = Guid.NewGuid().ToString("N");

    public async Task<IReadOnlyList<AlertDeliveryOutcome>> DispatchAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new List<AlertDeliveryOutcome>();
        foreach (var record in await store.ListUndeliveredAsync(cancellationToken))
            outcomes.Add(await DeliverAsync(record, cancellationToken));
        return outcomes;
    }

    public async Task<AlertDeliveryOutcome> DeliverAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (record.Status == AlertStatus.Sending && record.LeaseUntil > now && record.LeaseOwner != RunId)
            return new(record.Id, record.Status, [], [], "held by another run");
        if (record.Status is not (AlertStatus.Pending or AlertStatus.Sending))
            return new(record.Id, record.Status, [], [], "not pending");

        var claimed = await store.TryUpdateAsync(record with
        {
            Status = AlertStatus.Sending,
            LeaseOwner = RunId,
            LeaseUntil = now + Lease,
        }, cancellationToken);
        if (claimed is null) return new(record.Id, record.Status, [], [], "claimed by another run");

        var (delivered, deliveredNow, failed, lastError) = await SendToTargetsAsync(claimed, cancellationToken);
        var done = failed.Count == 0;
        var final = claimed with
        {
            Status = done ? AlertStatus.Delivered : AlertStatus.Pending,
            DeliveredTargets = delivered,
            Attempts = claimed.Attempts + 1,
            LastError = done ? null : lastError,
            DeliveredAt = done ? time.GetUtcNow() : null,
            LeaseOwner = null,
            LeaseUntil = null,
        };
        var saved = await store.TryUpdateAsync(final, cancellationToken);
        return new(claimed.Id, final.Status, deliveredNow, failed,
            saved is null ? "lease lost while delivering (another run took it over)" : null, lastError);
    }

    /// <summary>Sends to every target not delivered yet; a failed target is kept for the next run, with the last error.</summary>
    private async Task<(List<string> Delivered, List<string> DeliveredNow, List<string> Failed, string? LastError)> SendToTargetsAsync(
        AlertRecord claimed, CancellationToken cancellationToken)
    {
        var delivered = claimed.DeliveredTargets.ToList();
        var deliveredNow = new List<string>();
        var failed = new List<string>();
        string? lastError = null;
        foreach (var target in claimed.Targets)
        {
            if (delivered.Contains(target, StringComparer.OrdinalIgnoreCase)) continue;
            try
            {
                await SendAsync(target, claimed.Notification, cancellationToken);
                delivered.Add(target);
                deliveredNow.Add(target);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed.Add(target);
                // Exception messages from HttpClient name the status, not the URL; channels redact what they add.
                lastError = $"{target}: {ex.GetType().Name}: {ex.Message}";
            }
        }
        return (delivered, deliveredNow, failed, lastError);
    }

    private async Task SendAsync(string target, AlertNotification notification, CancellationToken cancellationToken)
    {
        if (string.Equals(target, EventsTarget, StringComparison.OrdinalIgnoreCase))
        {
            await events.PublishAsync(BudgetEvents.ToEvent(notification), cancellationToken);
            return;
        }
        if (string.Equals(target, ActionsTarget, StringComparison.OrdinalIgnoreCase))
        {
            if (actions is null) throw new InvalidOperationException("no action request sink is configured");
            foreach (var request in notification.Actions) await actions.SubmitAsync(request, cancellationToken);
            return;
        }
        var channel = channels.Resolve(target) ?? throw new InvalidOperationException($"channel '{target}' is not configured");
        await channel.SendAsync(notification, cancellationToken);
    }
}

/// <summary>Maps alerts to guardrail events (CloudEvents on the topic guardrail-events).</summary>
public static class BudgetEvents
{
    public static string EventType(AlertNotification n) =>
        $"guardrails.budget.{n.Kind.ToString().ToLowerInvariant()}{(n.Recovery ? ".recovered" : "")}";

    public static GuardrailEvent ToEvent(AlertNotification n) =>
        new(n.AlertId, EventType(n), $"budgets/{n.BudgetName}", n.CreatedAt, n);
}
