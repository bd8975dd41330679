using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using Guardrails.Core.Telemetry;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Idle;
using Guardrails.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>
/// The telemetry push endpoint takes every format the CLI reads (nvidia-smi CSV and -q -x XML, dcgm-exporter exposition,
/// Prometheus query_range JSON), chosen by Content-Type or by the first bytes; what it stores reads back as the same
/// readings; a bad push is 400 naming its line (nothing stored), a body above the bound 413, another media type 415.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IngestNvidiaSmiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    private const string QueryRange = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","Hostname":"q-host"},"values":[[1794812400,"3"],[1794812460,"4"]]}
        ]}}
        """;

    private static byte[] Fixture(string name) => File.ReadAllBytes(TestData.Sample("telemetry", "fixtures", name));

    private (IngestNvidiaSmi Function, BlobPushedTelemetry Store) Create()
    {
        var store = new BlobPushedTelemetry(new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("push")), new FakeTimeProvider(Now));
        return (new IngestNvidiaSmi(store), store);
    }

    private static async Task<TestResponse> Post(IngestNvidiaSmi function, byte[] body, string? contentType, string host = "gpu-host")
    {
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(CancellationToken.None);
        var request = new TestRequest(context, $"https://app.example/api/telemetry/nvidia-smi?host={host}", "POST", body);
        if (contentType is not null) request.Headers.Add("Content-Type", contentType);
        return (TestResponse)await function.Run(request, context);
    }

    public static TheoryData<string, string?, string> Formats => new()
    {
        { "nvidia-smi-q-x_telegraf_a10g.xml", "application/xml", "gpu-host" },
        { "nvidia-smi-q-x_telegraf_a10g.xml", null, "gpu-host" },
        { "dcgm-exporter_datadog_metrics.txt", "text/plain; version=0.0.4", "424773df46e0" },
        { "dcgm-exporter_datadog_metrics.txt", "application/x-www-form-urlencoded", "424773df46e0" },
        { "query_range.json", "application/json", "q-host" },
        { "query_range.json", null, "q-host" },
        { "nvidia-smi_h100_idle_query-gpu.csv", "application/x-www-form-urlencoded", "gpu-host" },
        { "nvidia-smi_h100_idle_query-gpu.csv", "text/csv", "gpu-host" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_push_in_any_format_the_cli_reads_is_stored_and_read_back_as_the_same_readings(string fixture, string? contentType, string host)
    {
        var body = fixture == "query_range.json" ? Encoding.UTF8.GetBytes(QueryRange) : Fixture(fixture);
        var (function, store) = Create();

        var response = await Post(function, body, contentType);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var expected = new TelemetryBuilder();
        TelemetryDocuments.Parse(TelemetryDocuments.FromExtension(fixture)!.Value, new MemoryStream(body), "gpu-host", fixture, Now, expected);
        static int Count(TelemetrySet set) => set.Hosts.Values.Sum(h => h.Gpus.Values.Sum(g => g.Readings.Count));
        var readings = Count(expected.Build());
        Assert.NotNull(expected.Build().Find(host));
        Assert.StartsWith($"{readings} readings accepted for gpu-host", response.Text, StringComparison.Ordinal);
        var stored = await store.ReadAsync(Now.AddHours(-1), Now);
        Assert.Equal(readings, Count(stored));
        Assert.NotNull(stored.Find(host));
        Assert.Empty(stored.Quarantined);
    }

    [Theory]
    [InlineData("nvidia-smi-q-x_telegraf_a10g.xml", "gpu-host")]
    [InlineData("dcgm-exporter_datadog_metrics.txt", "424773df46e0")]
    public async Task A_utf16_push_with_a_byte_order_mark_and_no_content_type_is_read_by_its_first_characters(string fixture, string host)
    {
        var text = Encoding.UTF8.GetString(Fixture(fixture));
        var (function, store) = Create();

        var response = await Post(function, [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull((await store.ReadAsync(Now.AddHours(-1), Now)).Find(host));
    }

    [Theory]
    [InlineData("application/xml", "<nvidia_smi_log><timestamp>Fri Aug  4 11:44:30 2023</timestamp><gpu id=\"0\"><utilization><gpu_util>lots</gpu_util></utilization></gpu></nvidia_smi_log>", "push from gpu-host, line 1, field 'utilization/gpu_util'")]
    [InlineData("application/xml", "<nvidia_smi_log><timestamp>Fri Aug  4 11:44:30 2023</timestamp>\n<gpu id=\"0\"><utilization>", "push from gpu-host, line 2: not well-formed XML")]
    [InlineData("application/json", "{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":[\"x\"]}]}}", "push from gpu-host, field 'data.result[0]'")]
    [InlineData("application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", "no GPU readings")]
    [InlineData("text/plain; version=0.0.4", "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\"} NaNx\n", "push from gpu-host, line 1")]
    [InlineData("text/plain; version=0.0.4", "some_other_metric 1\n", "no GPU readings")]
    public async Task A_bad_push_is_400_naming_its_line_and_field_and_nothing_is_stored(string contentType, string body, string message)
    {
        var (function, store) = Create();

        var response = await Post(function, Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, response.Text, StringComparison.Ordinal);
        Assert.Empty((await store.ReadAsync(Now.AddHours(-1), Now)).Hosts);
    }

    [Fact]
    public async Task A_body_above_the_bound_is_413_before_it_is_parsed()
    {
        var (function, _) = Create();

        var response = await Post(function, new byte[TelemetryDocuments.MaxBodyBytes + 1], "application/xml");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("8 MB", response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    public async Task Another_media_type_is_415_naming_what_is_accepted(string contentType)
    {
        var (function, _) = Create();

        var response = await Post(function, Fixture("nvidia-smi-q-x_telegraf_a10g.xml"), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("nvidia-smi -q -x (application/xml)", response.Text, StringComparison.Ordinal);
    }
}
