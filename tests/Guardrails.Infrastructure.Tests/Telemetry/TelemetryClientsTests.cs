using Azure.Core;
using Azure.Core.Pipeline;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Guardrails.Infrastructure.Tests.Telemetry;

public sealed class PrometheusClientTests : IDisposable
{
    private readonly WireMockServer _prometheus = WireMockServer.Start();

    public void Dispose() => _prometheus.Dispose();

    [Fact]
    public async Task Query_range_per_metric_is_merged_into_readings()
    {
        var from = DateTimeOffset.FromUnixTimeSeconds(1784066400);
        foreach (var (metric, v0, v1) in new[] { ("DCGM_FI_PROF_GR_ENGINE_ACTIVE", "0.01", "0.02"), ("DCGM_FI_DEV_FB_USED", "5", "6"), ("DCGM_FI_DEV_FB_FREE", "81000", "80999") })
            _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", metric).UsingGet())
                .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(
                    $$$"""{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"gpu":"0","Hostname":"n1"},"values":[[1784066400,"{{{v0}}}"],[1784066460,"{{{v1}}}"]]}]}}"""));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").UsingGet()).AtPriority(100)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"status":"success","data":{"resultType":"matrix","result":[]}}"""));

        var client = new PrometheusClient(new HttpClient(), new PrometheusOptions { BaseUrl = new Uri(_prometheus.Url!) });
        var set = await client.ReadAsync(from, from.AddMinutes(1));
        var readings = set.Find("n1")!.Gpus["0"].Readings;
        Assert.Equal(2, readings.Count);
        Assert.Equal(2m, readings[1].WorkPercent);
        Assert.Equal(81005m, readings[1].MemoryTotalMiB);
        var first = _prometheus.LogEntries.First().RequestMessage;
        Assert.Equal("1784066400", first.Query!["start"].Single());
        Assert.Equal("1784066460", first.Query!["end"].Single());
        Assert.Equal("60s", first.Query!["step"].Single());
        Assert.Equal(DcgmMetrics.Collected.Count, _prometheus.LogEntries.Count());
    }

    [Fact]
    public async Task Prometheus_errors_are_reported()
    {
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries"}"""));
        var client = new PrometheusClient(new HttpClient(), new PrometheusOptions { BaseUrl = new Uri(_prometheus.Url!) });
        var e = await Assert.ThrowsAsync<TelemetryFormatException>(() => client.ReadAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(30)));
        Assert.Contains("11,000 points", e.Message);
    }
}

public sealed class AzureMonitorMetricsClientTests(ArmFake fake) : IClassFixture<ArmFake>
{
    private sealed class TestCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("monitor-token", DateTimeOffset.UtcNow.AddHours(1));
        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private sealed class Options : ClientOptions;

    [Fact]
    public async Task Cpu_and_network_metrics_become_host_readings()
    {
        var server = fake.Server;
        server.Reset();
        const string vm = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/gpu01";
        server.Given(Request.Create().WithPath(vm + "/providers/Microsoft.Insights/metrics").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""
                {"cost":0,"timespan":"2026-07-14T21:00:00Z/2026-07-14T21:02:00Z","interval":"PT1M","value":[
                 {"name":{"value":"Percentage CPU"},"unit":"Percent","timeseries":[{"data":[{"timeStamp":"2026-07-14T21:00:00Z","average":3.5,"maximum":7.25},{"timeStamp":"2026-07-14T21:01:00Z"}]}]},
                 {"name":{"value":"Network In Total"},"unit":"Bytes","timeseries":[{"data":[{"timeStamp":"2026-07-14T21:00:00Z","total":600000},{"timeStamp":"2026-07-14T21:01:00Z","total":60}]}]},
                 {"name":{"value":"Network Out Total"},"unit":"Bytes","timeseries":[{"data":[{"timeStamp":"2026-07-14T21:00:00Z","total":1200000}]}]}]}
                """));
        var options = new Options();
        options.Transport = new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        options.Retry.MaxRetries = 0;
        var client = new AzureMonitorMetricsClient(AzureMonitorMetricsClient.CreatePipeline(new TestCredential(), options), new Uri(server.Url!));
        var builder = new TelemetryBuilder();
        var machine = new Guardrails.Core.Actions.ComputeMachine { ResourceId = vm, Name = "gpu01", SubscriptionId = "s1", ResourceGroup = "rg", VmSize = "x" };
        await client.ReadAsync(machine, "gpu01", new DateTimeOffset(2026, 7, 14, 21, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 7, 14, 21, 2, 0, TimeSpan.Zero), builder);

        var system = builder.Build().Find("gpu01")!.System;
        Assert.Equal(2, system.Count);
        Assert.Equal(7.25m, system[0].CpuPercent); // maximum preferred: a short CPU burst is not idle
        Assert.Equal(30000m, system[0].NetworkBytesPerSecond); // (600000 + 1200000) / 60 s
        Assert.Null(system[1].CpuPercent); // no aggregation returned = unknown
        Assert.Null(system[1].NetworkBytesPerSecond); // only one direction known
        var request = Assert.Single(server.LogEntries).RequestMessage;
        Assert.Equal("2018-01-01", request.Query!["api-version"].Single());
        Assert.Equal("Percentage CPU,Network In Total,Network Out Total", request.Query!["metricnames"].Single());
        Assert.Equal("Bearer monitor-token", request.Headers!["Authorization"].Single());
    }
}
