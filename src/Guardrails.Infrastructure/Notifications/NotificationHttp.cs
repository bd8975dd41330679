using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Guardrails.Core.Notifications;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Guardrails.Infrastructure.Notifications;

/// <summary>Retry policy for webhook delivery.</summary>
public sealed record NotificationRetryOptions
{
    public int MaxRetryAttempts { get; init; } = 4;
    /// <summary>First backoff delay (exponential with jitter after that) when the server gives no Retry-After.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest wait between attempts, including a server's Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The HttpClient webhooks are posted with: Polly (Microsoft.Extensions.Http.Resilience) retries on 408, 429, 5xx
/// and transport errors with exponential backoff and jitter, honouring Retry-After. It is built without the
/// IHttpClientFactory logging handlers on purpose: those log request URIs, and webhook URLs are secrets.
/// </summary>
public static class NotificationHttp
{
    /// <summary>
    /// POSTs a JSON payload to a channel's webhook; a transport error or a non-success answer becomes an
    /// <see cref="AlertDeliveryException"/> naming the channel and the redacted URL (never the secret URL itself).
    /// </summary>
    public static async Task PostJsonAsync(HttpClient http, string channelName, string kind, Uri url, string payload, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(payload, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, content, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new AlertDeliveryException($"{kind} channel '{channelName}' ({Redact(url)}): {e.HttpRequestError}", e);
        }
        catch (TimeoutRejectedException e)
        {
            // The last attempt timed out (Polly's timeout is not an HttpRequestException): a failed delivery, not a crash.
            throw new AlertDeliveryException($"{kind} channel '{channelName}' ({Redact(url)}): no answer within {e.Timeout.TotalSeconds:0.#} s", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new AlertDeliveryException($"{kind} channel '{channelName}' ({Redact(url)}) answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    public static HttpClient CreateClient(NotificationRetryOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new NotificationRetryOptions();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (timeProvider is not null) builder.TimeProvider = timeProvider;
        builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldRetryAfterHeader = true,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException or TimeoutException or TimeoutRejectedException } => true, // an attempt that timed out is tried again
                { Exception: OperationCanceledException } when !args.Context.CancellationToken.IsCancellationRequested => true,
                { Result: { } r } => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500,
                _ => false,
            }),
        });
        builder.AddTimeout(options.AttemptTimeout);
        var handler = new ResilienceHandler(builder.Build())
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A webhook URL safe to show: scheme, host and port only (the path and query carry the secret).</summary>
    public static string Redact(Uri? url) => url is null ? "(none)" : $"{url.Scheme}://{url.Authority}/…";
}
