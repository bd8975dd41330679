using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using Request = WireMock.RequestBuilders.Request;

namespace Guardrails.Infrastructure.Tests.Telemetry;

/// <summary>
/// Azure Monitor CPU/network through the real metrics client (loopback HTTPS fake of ARM), merged with idle GPU
/// telemetry and decided by the policy engine: the checkpoint scenario (GPUs quiet, network busy) must skip.
/// </summary>
public sealed class AzureMonitorHostTelemetryTests(ArmFake fake) : IClassFixture<ArmFake>
{
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/gpu01";

    private sealed class TestCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("monitor-token", DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private sealed class Options : ClientOptions;

    private AzureMonitorHostTelemetry Source(List<string> errors)
    {
        var options = new Options();
        options.Transport = new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        options.Retry.MaxRetries = 0;
        return new AzureMonitorHostTelemetry(new AzureMonitorMetricsClient(AzureMonitorMetricsClient.CreatePipeline(new TestCredential(), options), new Uri(fake.Server.Url!)),
            (m, e) => errors.Add($"{m.Name}: {e.GetType().Name}"));
    }

    private static ComputeMachine Machine() => new()
    {
        ResourceId = Vm,
        Name = "gpu01",
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "ml-train",
        VmSize = "Standard_ND96isr_H100_v5",
        PowerState = MachinePowerState.Running,
        ComputerName = "gpu01-host",
    };

    /// <summary>8 idle H100s on host "gpu01-host" for the last 90 minutes, one reading a minute.</summary>
    private static TelemetrySet IdleGpus()
    {
        var b = new TelemetryBuilder();
        for (var ago = 90; ago >= 0; ago--)
            for (var g = 0; g < 8; g++)
            {
                var at = Now.AddMinutes(-ago);
                var gpu = g.ToString(CultureInfo.InvariantCulture);
                b.Add("gpu01-host", gpu, "H100", at, GpuField.Work, 0.5m);
                b.Add("gpu01-host", gpu, "H100", at, GpuField.MemoryUsedMiB, 500m);
                b.Add("gpu01-host", gpu, "H100", at, GpuField.MemoryTotalMiB, 81559m);
            }
        return b.Build();
    }

    /// <summary>A Metrics - List response (2018-01-01 shape) for 80 minutes: CPU 2%, network in/out bytes per minute.</summary>
    private static string Metrics(Func<int, long> bytesOutPerMinute)
    {
        string Series(Func<int, string> point) => string.Join(",", Enumerable.Range(0, 80).Select(i => point(80 - i)));
        string T(int ago) => Now.AddMinutes(-ago).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $$"""
            {"cost":0,"timespan":"x","interval":"PT1M","value":[
             {"name":{"value":"Percentage CPU"},"unit":"Percent","timeseries":[{"data":[{{Series(a => $"{{\"timeStamp\":\"{T(a)}\",\"average\":1.5,\"maximum\":2}}")}}]}]},
             {"name":{"value":"Network In Total"},"unit":"Bytes","timeseries":[{"data":[{{Series(a => $"{{\"timeStamp\":\"{T(a)}\",\"total\":6000}}")}}]}]},
             {"name":{"value":"Network Out Total"},"unit":"Bytes","timeseries":[{"data":[{{Series(a => $"{{\"timeStamp\":\"{T(a)}\",\"total\":{bytesOutPerMinute(a)}}}")}}]}]}]}
            """;
    }

    private static IdlePolicyConfig Policy() => new()
    {
        Name = "idle-train",
        Action = "deallocate",
        DryRun = false,
        Condition = new IdleConditionConfig { CpuBelowPercent = 10m, NetworkBelowMbps = 5m },
    };

    private async Task<IdleDecision> DecideAsync(string? monitorBody, int status = 200)
    {
        fake.Server.Reset();
        fake.Server.Given(Request.Create().WithPath(Vm + "/providers/Microsoft.Insights/metrics").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(monitorBody ?? """{"error":{"code":"AuthorizationFailed","message":"no"}}"""));
        var gpus = IdleGpus();
        var errors = new List<string>();
        var host = await Source(errors).ReadAsync([Machine()], gpus, null, Now.AddMinutes(-70), Now);
        gpus.Merge(host);
        var engine = new IdlePolicyEngine(VmSkuCatalog.Default, null, new FakeTimeProvider(Now));
        return (await engine.EvaluateAsync([Policy()], [Machine()], gpus)).Decisions.Single();
    }

    [Fact]
    public async Task Gpus_idle_and_host_quiet_is_idle()
    {
        var d = await DecideAsync(Metrics(_ => 6000));
        Assert.Equal(IdleDecisionKind.Deallocate, d.Decision);
        Assert.Equal(2m, d.Window!.MaxCpuPercent);
        var request = Assert.Single(fake.Server.LogEntries).RequestMessage;
        Assert.Equal("Percentage CPU,Network In Total,Network Out Total", request.Query!["metricnames"].Single());
        Assert.Equal("Bearer monitor-token", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task Checkpoint_gpus_idle_but_network_busy_is_skipped()
    {
        // 20 minutes of checkpoint upload at ~2 Gbit/s (15 GB a minute) inside the window.
        var d = await DecideAsync(Metrics(ago => ago is > 10 and < 30 ? 15_000_000_000L : 6000));
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
        Assert.Contains(d.Reasons, r => r.Contains("host busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_unavailable_means_not_idle()
    {
        var d = await DecideAsync(null, status: 403);
        Assert.Equal(IdleDecisionKind.Skip, d.Decision);
    }
}
