using System.Collections.Concurrent;
using System.Text;
using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Notifications;

/// <summary>
/// Posts to the webhook URL held by the app setting the channel names (as the budgets' channels do). Retries come from
/// the HttpClient of <see cref="NotificationHttp"/> (408/429/5xx, Retry-After honoured); errors name the channel and
/// status, never the URL.
/// </summary>
public sealed class WebhookOwnerNoticeTarget(IReadOnlyDictionary<string, ChannelConfig> channels, Func<string, string?> settings, HttpClient http) : IOwnerNoticeTarget
{
    public Task SendAsync(string channelName, string kind, string noticeId, string payload, CancellationToken cancellationToken = default)
    {
        if (!channels.TryGetValue(channelName, out var config)) throw new InvalidOperationException($"channel '{channelName}' is not configured");
        var url = config.WebhookUrlSetting is null ? null : settings(config.WebhookUrlSetting);
        if (string.IsNullOrWhiteSpace(url))
            throw new InvalidOperationException($"channel '{channelName}': setting '{config.WebhookUrlSetting ?? "(keyVaultReference)"}' is not set");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"channel '{channelName}': setting '{config.WebhookUrlSetting}' is not an http(s) URL (value not shown)");
        return NotificationHttp.PostJsonAsync(http, channelName, kind, uri, payload, cancellationToken);
    }
}

/// <summary>
/// Local sink (CLI): every channel delivers to one place — a directory (<c>{noticeId}.{channel}.json</c>, the exact
/// payload) or an http(s) URL (the payload is POSTed there).
/// </summary>
public sealed class SinkOwnerNoticeTarget(string sink, HttpClient http) : IOwnerNoticeTarget
{
    public async Task SendAsync(string channelName, string kind, string noticeId, string payload, CancellationToken cancellationToken = default)
    {
        if (Uri.TryCreate(sink, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            await NotificationHttp.PostJsonAsync(http, channelName, kind, uri, payload, cancellationToken);
            return;
        }
        Directory.CreateDirectory(sink);
        var path = Path.Combine(sink, $"{Safe(noticeId)}.{Safe(channelName)}.json");
        await File.WriteAllTextAsync(path, payload + "\n", new UTF8Encoding(false), cancellationToken);
    }

    private static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}

/// <summary>Table Storage ledger: PK = hash of the machine id, RK = the rest of the key (Table-safe).</summary>
public sealed class TableOwnerNoticeLedger(TableClient table) : IOwnerNoticeLedger
{
    private int _created;

    public async Task<bool> WasSentAsync(string key, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var (pk, rk) = Keys(key);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        return found.HasValue;
    }

    public async Task RecordAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await EnsureAsync(cancellationToken);
        var (pk, rk) = Keys(key);
        await table.UpsertEntityAsync(new TableEntity(pk, rk) { ["Key"] = key, ["SentAt"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _created, 1) == 0) await table.EnsureExistsAsync(ct);
    }

    private static (string Pk, string Rk) Keys(string key)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return (hash[..2], hash);
    }
}

/// <summary>Keeps the rendered notices in memory (CLI dry-run preview and tests).</summary>
public sealed class RecordingOwnerNoticeTarget : IOwnerNoticeTarget
{
    private readonly ConcurrentQueue<(string Channel, string Kind, string Id, string Payload)> _sent = new();
    public IReadOnlyList<(string Channel, string Kind, string Id, string Payload)> Sent => _sent.ToList();
    public Task SendAsync(string channelName, string kind, string noticeId, string payload, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue((channelName, kind, noticeId, payload));
        return Task.CompletedTask;
    }
}

/// <summary>The idle owner notifier both hosts use (the Function App and <c>guardrails idle --execute</c>).</summary>
public static class OwnerNotifierFactory
{
    /// <summary>
    /// A <see cref="ChannelActionNotifier"/> when any policy names channels (webhook URLs from the settings the channels
    /// name, or <paramref name="target"/>); otherwise nobody is told (<see cref="NullActionNotifier"/>).
    /// </summary>
    public static IActionNotifier Create(GuardrailsConfig config, Func<string, string?> settings, HttpClient http, IOwnerNoticeLedger ledger,
        TimeProvider time, IOwnerNoticeTarget? target = null)
    {
        if (!config.Policies.Any(p => p.NoticeChannels.Count > 0)) return NullActionNotifier.Instance;
        var policies = config.Policies.Where(p => !string.IsNullOrWhiteSpace(p.Name))
            .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return new ChannelActionNotifier(name => policies.GetValueOrDefault(name), config.Channels,
            target ?? new WebhookOwnerNoticeTarget(config.Channels, settings, http), ledger, time);
    }
}
