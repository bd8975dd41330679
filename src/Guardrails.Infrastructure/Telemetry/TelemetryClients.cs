using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Guardrails.Core.Actions;
using Guardrails.Core.Idle;
using Guardrails.Core.Telemetry;

namespace Guardrails.Infrastructure.Telemetry;

public sealed record PrometheusOptions
{
    /// <summary>e.g. http://prometheus:9090 (no trailing /api).</summary>
    public required Uri BaseUrl { get; init; }
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(1);
    public IReadOnlyList<string> Metrics { get; init; } = DcgmMetrics.Collected;
    public PrometheusLabelMap Labels { get; init; } = PrometheusLabelMap.Default;
}

/// <summary>
/// Reads dcgm-exporter metrics from the Prometheus HTTP API (<c>/api/v1/query_range</c>), one query per metric,
/// merged per host, GPU and timestamp.
/// </summary>
public sealed class PrometheusClient(HttpClient http, PrometheusOptions options) : ITelemetrySource
{
    public async Task<TelemetrySet> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var builder = new TelemetryBuilder();
        foreach (var metric in options.Metrics)
        {
            var url = new Uri(options.BaseUrl, "/api/v1/query_range?" +
                $"query={Uri.EscapeDataString(metric)}&start={from.ToUnixTimeSeconds()}&end={to.ToUnixTimeSeconds()}" +
                $"&step={((int)options.Step.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s");
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new HttpRequestException($"Prometheus at {Display(options.BaseUrl)} is unreachable (query_range {metric}): {e.Message}", e);
            }
            using var disposeResponse = response;
            // Prometheus answers 400/422 with a JSON error body; the parser reports it.
            if (!response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType != "application/json")
                throw new HttpRequestException($"Prometheus at {Display(options.BaseUrl)}: query_range for {metric} failed: {(int)response.StatusCode} {response.ReasonPhrase}",
                    null, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            PrometheusQueryRangeParser.Parse(body, $"query_range {metric}", builder, metric, options.Labels);
        }
        return builder.Build();
    }

    /// <summary>The URL for messages, without user info (basic-auth credentials are never printed).</summary>
    public static string Display(Uri url) => url.IsAbsoluteUri ? url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : url.ToString();
}

/// <summary>
/// Azure Monitor metrics REST ("Metrics - List") for VM CPU and network, through Azure.Core's HTTP pipeline with a
/// bearer token (Azure.Monitor.Query is not available here). One request per machine.
/// </summary>
public sealed class AzureMonitorMetricsClient(HttpPipeline pipeline, Uri armEndpoint)
{
    public const string ApiVersion = "2018-01-01";

    public static HttpPipeline CreatePipeline(TokenCredential credential, ClientOptions options, string scope = "https://management.azure.com/.default") =>
        HttpPipelineBuilder.Build(options, new BearerTokenAuthenticationPolicy(credential, scope));

    public async Task ReadAsync(ComputeMachine machine, string host, DateTimeOffset from, DateTimeOffset to, TelemetryBuilder builder,
        CancellationToken cancellationToken = default)
    {
        var interval = TimeSpan.FromMinutes(1);
        var uri = new RequestUriBuilder();
        uri.Reset(armEndpoint);
        uri.AppendPath(machine.ResourceId.TrimStart('/'), escape: false);
        uri.AppendPath("/providers/Microsoft.Insights/metrics", escape: false);
        uri.AppendQuery("api-version", ApiVersion);
        uri.AppendQuery("metricnames", string.Join(',', AzureMonitorMetricsParser.PercentageCpu, AzureMonitorMetricsParser.NetworkInTotal, AzureMonitorMetricsParser.NetworkOutTotal));
        uri.AppendQuery("timespan", $"{from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}/{to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        uri.AppendQuery("interval", "PT1M");
        uri.AppendQuery("aggregation", "Average,Maximum,Total");
        using var message = pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri = uri;
        await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
            throw new Azure.RequestFailedException(response);
        var points = AzureMonitorMetricsParser.Parse(response.ContentStream!, $"metrics {machine.Name}");
        AzureMonitorMetricsParser.AddHostReadings(points, host, interval, builder);
    }
}

/// <summary>
/// VM-level CPU % and network bytes from Azure Monitor for the machines an evaluation looks at, keyed by the same
/// host name the GPU telemetry uses (so the policy's optional cpu/network conditions see them). A machine whose
/// metrics cannot be read simply has no host readings: missing data keeps it NOT idle when a policy asks for CPU
/// or network. Only running machines are queried.
/// </summary>
public sealed class AzureMonitorHostTelemetry(AzureMonitorMetricsClient client, Action<ComputeMachine, Exception>? onError = null) : IHostMetricsSource
{
    public async Task<TelemetrySet> ReadAsync(IReadOnlyList<ComputeMachine> machines, TelemetrySet gpuTelemetry,
        IReadOnlyDictionary<string, string>? hostsByResource, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var builder = new TelemetryBuilder();
        foreach (var m in machines)
        {
            if (m.PowerState is not (MachinePowerState.Running or MachinePowerState.Unknown)) continue;
            var host = HostFor(m, gpuTelemetry, hostsByResource);
            try
            {
                await client.ReadAsync(m, host, from, to, builder, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                onError?.Invoke(m, e);
            }
        }
        return builder.Build();
    }

    /// <summary>The host key the engine will look the machine up under (the GPU telemetry's host when there is one).</summary>
    public static string HostFor(ComputeMachine m, TelemetrySet gpuTelemetry, IReadOnlyDictionary<string, string>? hostsByResource) =>
        IdlePolicyEngine.FindHost(gpuTelemetry, m, hostsByResource)?.Host
        ?? (hostsByResource is not null && hostsByResource.TryGetValue(m.ResourceId, out var alias) ? alias : null)
        ?? m.Tag(GuardrailTags.Hostname) ?? m.ComputerName ?? m.Name;
}
