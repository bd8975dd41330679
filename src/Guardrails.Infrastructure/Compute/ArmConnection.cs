using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Guardrails.Infrastructure.Telemetry;

namespace Guardrails.Infrastructure.Compute;

/// <summary>
/// One place that turns an ARM endpoint (public cloud, a sovereign cloud, or a loopback fake in tests) and a credential
/// into the ArmClient and the Azure Monitor pipeline: the Function App (managed identity) and <c>guardrails idle</c>
/// (DefaultAzureCredential) build them the same way.
/// </summary>
public static class ArmConnection
{
    public const string PublicCloudEndpoint = "https://management.azure.com";

    /// <summary>The known cloud for the endpoint (its token audience), else the endpoint with the public cloud's audience.</summary>
    public static ArmEnvironment Environment(string? endpoint)
    {
        var uri = new Uri(string.IsNullOrWhiteSpace(endpoint) ? PublicCloudEndpoint : endpoint.Trim(), UriKind.Absolute);
        foreach (var known in new[] { ArmEnvironment.AzurePublicCloud, ArmEnvironment.AzureChina, ArmEnvironment.AzureGovernment, ArmEnvironment.AzureGermany })
            if (string.Equals(known.Endpoint.Host, uri.Host, StringComparison.OrdinalIgnoreCase))
                return known;
        return new ArmEnvironment(uri, ArmEnvironment.AzurePublicCloud.Audience);
    }

    /// <summary>An ArmClient for the endpoint. <paramref name="transport"/> and <paramref name="maxRetries"/> are for tests.</summary>
    public static ArmClient CreateClient(TokenCredential credential, string? endpoint, HttpPipelineTransport? transport = null, int? maxRetries = null)
    {
        var options = new ArmClientOptions { Environment = Environment(endpoint) };
        if (transport is not null) options.Transport = transport;
        if (maxRetries is { } retries) options.Retry.MaxRetries = retries;
        return new ArmClient(credential, defaultSubscriptionId: null, options);
    }

    /// <summary>The Azure Monitor metrics client on the same endpoint and token audience as ARM.</summary>
    public static AzureMonitorMetricsClient CreateMonitorClient(TokenCredential credential, string? endpoint, HttpPipelineTransport? transport = null, int? maxRetries = null)
    {
        var environment = Environment(endpoint);
        var options = new MonitorClientOptions();
        if (transport is not null) options.Transport = transport;
        if (maxRetries is { } retries) options.Retry.MaxRetries = retries;
        return new AzureMonitorMetricsClient(AzureMonitorMetricsClient.CreatePipeline(credential, options, environment.DefaultScope),
            new Uri(string.IsNullOrWhiteSpace(endpoint) ? PublicCloudEndpoint : endpoint.Trim()));
    }

    private sealed class MonitorClientOptions : ClientOptions;
}
