using System.Collections.Concurrent;
using System.Text;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;

namespace Guardrails.Infrastructure.Notifications;

/// <summary>
/// Builds channels from <c>channels:</c>: the webhook URL (or Service Bus connection) is read from the app setting
/// the channel names, through <paramref name="settings"/> (IConfiguration or environment variables). A missing
/// setting makes the channel unresolvable: delivery fails, the alert stays pending, the error names the setting.
/// </summary>
public sealed class ConfiguredAlertChannelResolver(
    IReadOnlyDictionary<string, ChannelConfig> channels,
    Func<string, string?> settings,
    HttpClient http,
    Func<string, string, IGuardrailEventPublisher>? serviceBus = null) : IAlertChannelResolver
{
    private readonly ConcurrentDictionary<string, IAlertChannel> _serviceBus = new(StringComparer.OrdinalIgnoreCase);

    public IAlertChannel? Resolve(string channelName)
    {
        if (!channels.TryGetValue(channelName, out var config)) return null;
        var kind = config.Kind.ToLowerInvariant();
        if (kind == "servicebus")
        {
            var connection = config.ConnectionSetting is null ? null : settings(config.ConnectionSetting);
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException($"channel '{channelName}': setting '{config.ConnectionSetting}' is not set");
            return _serviceBus.GetOrAdd(channelName, _ => new EventPublisherAlertChannel(
                (serviceBus ?? ((c, t) => ServiceBusEventPublisher.Create(c, t)))(connection, config.Topic)));
        }
        var settingName = config.WebhookUrlSetting;
        var url = settingName is null ? null : settings(settingName);
        if (Composition.AppSettings.IsUnresolvedKeyVaultReference(url))
            throw new InvalidOperationException($"channel '{channelName}': setting '{settingName}' is an unresolved Key Vault reference (the secret is missing or the app's identity may not read it)");
        if (string.IsNullOrWhiteSpace(url))
            throw new InvalidOperationException(settingName is null
                ? $"channel '{channelName}': Key Vault references are resolved by App Service settings; name a setting with webhookUrlSetting"
                : $"channel '{channelName}': setting '{settingName}' is not set");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new InvalidOperationException($"channel '{channelName}': setting '{settingName}' is not an http(s) URL (value not shown)");
        return new WebhookAlertChannel(channelName, kind, uri, http);
    }
}

/// <summary>
/// Local demo sink: every configured channel delivers to one place instead — a directory (one file per alert and
/// channel, the exact payload the channel would have received) or an http(s) URL (the payload is POSTed there).
/// </summary>
public sealed class LocalSinkChannelResolver(IReadOnlyDictionary<string, ChannelConfig> channels, string sink, HttpClient http) : IAlertChannelResolver
{
    public IAlertChannel? Resolve(string channelName)
    {
        if (!channels.TryGetValue(channelName, out var config)) return null;
        var kind = config.Kind.ToLowerInvariant();
        return Uri.TryCreate(sink, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new WebhookAlertChannel(channelName, kind, uri, http)
            : new DirectorySinkChannel(channelName, kind, sink);
    }
}

/// <summary>Writes the payload a channel would receive to <c>{directory}/{alertId}.{channel}.json</c>.</summary>
public sealed class DirectorySinkChannel(string name, string kind, string directory) : IAlertChannel
{
    public string Kind { get; } = kind;

    public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var payload = Kind == "servicebus"
            ? ServiceBusEventPublisher.ToCloudEventJson(BudgetEvents.ToEvent(notification))
            : WebhookAlertChannel.Render(Kind, notification);
        var path = Path.Combine(directory, $"{notification.AlertId}.{Safe(name)}.json");
        await File.WriteAllTextAsync(path, payload + "\n", new UTF8Encoding(false), cancellationToken);
    }

    private static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
