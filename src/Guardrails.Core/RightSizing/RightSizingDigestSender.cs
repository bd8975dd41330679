using Guardrails.Core.Alerts;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// The weekly right-sizing digest: one card per team and ISO week to each channel of <c>rightsizing.channels</c>, once.
/// Once-only uses the alerts' once-only state (<see cref="IAlertStateStore"/>, in its own table so budget evaluation
/// never sees it): the record (team, week) is inserted before sending; a week whose record is Delivered is skipped; a failed
/// channel leaves the record Pending with the error, and the next run sends to the channels still missing.
/// Teams and Slack channels only: a Service Bus channel is recorded as not deliverable, never counted as sent.
/// </summary>
public sealed class RightSizingDigestSender(IAlertStateStore state, IOwnerNoticeTarget target, TimeProvider time) : IRightSizingDigestSender
{
    public const string DefaultTableName = "guardrailsrightsizingdigests";
    public const string Threshold = "weekly-digest";

    /// <summary>Sends what is due; returns the number of (team, channel) cards delivered in this run.</summary>
    public async Task<int> SendAsync(IReadOnlyList<RightSizingRecommendation> recommendations, GuardrailsConfig config, CancellationToken cancellationToken = default,
        IReadOnlyList<CheckpointStorageFinding>? checkpoints = null)
    {
        var channels = config.RightSizing.Channels;
        if (channels.Count == 0) return 0;
        var delivered = 0;
        foreach (var digest in RightSizingDigest.PerTeam(recommendations, time.GetUtcNow(), checkpoints))
            delivered += await SendOneAsync(digest, channels, config.Channels, cancellationToken).ConfigureAwait(false);
        return delivered;
    }

    public static AlertKey Key(RightSizingDigest d) => new("rightsizing-digest:" + d.Team.ToLowerInvariant(), AlertKind.Actual, Threshold, d.Week);

    private async Task<int> SendOneAsync(RightSizingDigest d, IReadOnlyList<string> channels, IReadOnlyDictionary<string, ChannelConfig> config, CancellationToken ct)
    {
        var key = Key(d);
        var record = (await state.ListAsync(key.BudgetName, key.Period, ct).ConfigureAwait(false)).FirstOrDefault(r => r.Key == key)
            ?? await state.TryAddAsync(NewRecord(key, d, channels), ct).ConfigureAwait(false);
        if (record is null || record.Status is AlertStatus.Delivered or AlertStatus.Suppressed) return 0;
        var done = record.DeliveredTargets.ToList();
        var errors = new List<string>();
        foreach (var channel in record.Targets.Where(t => !done.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            try
            {
                await target.SendAsync(channel, Kind(channel, config), key.AlertId, Payload(d, channel, config), ct).ConfigureAwait(false);
                done.Add(channel);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                errors.Add($"{channel}: {e.Message}");
            }
        }
        var sent = done.Count - record.DeliveredTargets.Count;
        await state.TryUpdateAsync(record with
        {
            Status = errors.Count == 0 ? AlertStatus.Delivered : AlertStatus.Pending,
            DeliveredTargets = done,
            Attempts = record.Attempts + 1,
            LastError = errors.Count == 0 ? null : string.Join("; ", errors),
            DeliveredAt = errors.Count == 0 ? time.GetUtcNow() : null,
        }, ct).ConfigureAwait(false);
        return sent;
    }

    private static string Kind(string channel, IReadOnlyDictionary<string, ChannelConfig> config) =>
        config.TryGetValue(channel, out var c) ? c.Kind : throw new InvalidOperationException($"channel '{channel}' is not configured");

    private static string Payload(RightSizingDigest d, string channel, IReadOnlyDictionary<string, ChannelConfig> config) => Kind(channel, config) switch
    {
        "teams" => RightSizingDigestCards.Teams(d),
        "slack" => RightSizingDigestCards.Slack(d),
        var other => throw new InvalidOperationException($"channel '{channel}' is a {other} channel: the digest is sent to Teams and Slack only"),
    };

    private AlertRecord NewRecord(AlertKey key, RightSizingDigest d, IReadOnlyList<string> channels) => new()
    {
        Key = key,
        Status = AlertStatus.Pending,
        CreatedAt = time.GetUtcNow(),
        Targets = channels,
        Notification = new AlertNotification
        {
            AlertId = key.AlertId,
            BudgetName = key.BudgetName,
            Kind = key.Kind,
            Threshold = key.Threshold,
            Severity = "info",
            Period = key.Period,
            Title = d.Title,
            Summary = d.Summary,
            Scope = "team=" + d.Team,
            Currency = d.Recommended.FirstOrDefault()?.Currency ?? "",
            Amount = d.Recommended.Sum(r => r.MonthlySavings ?? 0m),
            CreatedAt = time.GetUtcNow(),
        },
    };
}
