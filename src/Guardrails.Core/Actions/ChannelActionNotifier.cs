using System.Collections.Concurrent;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.Actions;

/// <summary>
/// Remembers which owner notices were sent, so a machine's owner is told once per (machine, policy, mark deadline) —
/// and once per UTC day for plain notify actions — however often the evaluation runs.
/// </summary>
public interface IOwnerNoticeLedger
{
    Task<bool> WasSentAsync(string key, CancellationToken cancellationToken = default);
    Task RecordAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default);
}

public sealed class InMemoryOwnerNoticeLedger : IOwnerNoticeLedger
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sent = new(StringComparer.Ordinal);
    public IReadOnlyCollection<string> Keys => _sent.Keys.ToList();
    public Task<bool> WasSentAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(_sent.ContainsKey(key));
    public Task RecordAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        _sent[key] = at;
        return Task.CompletedTask;
    }
}

/// <summary>
/// The owner notifier for idle policies: renders the owner card (<see cref="OwnerNoticeCards"/>) for each teams/slack
/// channel the policy names (<c>channels:</c> / <c>notify:</c>), mentions the owner from the policy's
/// <c>ownerTag</c>, and sends it once per (machine, policy, mark deadline). A delivery failure throws after the
/// other channels were tried (the executor records the failure; the ledger is only written on success, so the next
/// evaluation retries). Service Bus channels are skipped: the executor already publishes every outcome as an event.
/// </summary>
public sealed class ChannelActionNotifier(
    Func<string, IdlePolicyConfig?> policies,
    IReadOnlyDictionary<string, ChannelConfig> channels,
    IOwnerNoticeTarget target,
    IOwnerNoticeLedger ledger,
    TimeProvider time) : IActionNotifier
{
    public static string DedupeKey(ActionNotice n) =>
        $"{n.Machine.ResourceId.ToLowerInvariant()}|{n.Request.RequestedBy}|" + (n.Request.NotBefore is { } at
            ? OwnerNoticeCards.Iso(at)
            : $"{n.Request.Kind.ToString().ToLowerInvariant()}:{n.Request.RequestedAt.UtcDateTime:yyyy-MM-dd}");

    public async Task NotifyAsync(ActionNotice notice, CancellationToken cancellationToken = default)
    {
        var policy = policies(notice.Request.RequestedBy);
        var names = policy?.NoticeChannels ?? [];
        if (names.Count == 0) return;
        var key = DedupeKey(notice);
        if (await ledger.WasSentAsync(key, cancellationToken)) return;
        var owner = policy is null ? notice.Owner : notice.Machine.Tag(policy.OwnerTag) ?? notice.Owner;
        var n = notice with { Owner = owner };
        var errors = new List<string>();
        foreach (var name in names)
        {
            if (!channels.TryGetValue(name, out var config)) { errors.Add($"channel '{name}' is not configured"); continue; }
            var payload = config.Kind switch
            {
                "teams" => OwnerNoticeCards.RenderTeams(n),
                "slack" => OwnerNoticeCards.RenderSlack(n),
                _ => null,
            };
            if (payload is null) continue;
            try
            {
                await target.SendAsync(name, config.Kind, n.Request.Id, payload, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                errors.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        if (errors.Count > 0) throw new AlertDeliveryException("owner notice not delivered: " + string.Join("; ", errors));
        await ledger.RecordAsync(key, time.GetUtcNow(), cancellationToken);
    }
}
