using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

/// <summary>
/// Telemetry JSON that parses but has another shape (any value of a valid document replaced by a value of another
/// kind) is one <see cref="TelemetryFormatException"/> naming the file and the JSON path, never another exception:
/// the recorded-file reader quarantines the file and reads the others.
/// </summary>
public sealed class TelemetryJsonShapeTests
{
    private const string QueryRange = """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"DCGM_FI_PROF_GR_ENGINE_ACTIVE","gpu":"0","Hostname":"n1"},"values":[[1784066400,"0.01"],[1784066460.5,"0.9"]]},
          {"metric":{"__name__":"DCGM_FI_DEV_FB_USED","gpu":"0","Hostname":"n1"},"values":[[1784066400,"10"]]}
        ]}}
        """;

    private const string MonitorMetrics = """
        {"value":[{"name":{"value":"Percentage CPU"},"timeseries":[{"data":[{"timeStamp":"2026-07-14T08:00:00Z","average":1.5,"maximum":3}]}]}]}
        """;

    private static Exception? Thrown(Action parse)
    {
        try { parse(); return null; }
        catch (Exception e) { return e; }
    }

    [Property(MaxTest = 400)]
    public Property Query_range_of_any_shape_is_read_or_one_format_error_naming_the_file()
    {
        var gen = from slot in Gen.Choose(0, 1000)
                  from replacement in Gen.Elements(JsonMutations.Replacements)
                  select (slot, replacement);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var bytes = JsonMutations.Mutate(QueryRange, c.slot, c.replacement);
            var e = Thrown(() => PrometheusQueryRangeParser.Parse(new MemoryStream(bytes), "q.json", new TelemetryBuilder()));
            return (e is null || (e is TelemetryFormatException && e.Message.StartsWith("q.json", StringComparison.Ordinal)))
                .Label($"{Encoding.UTF8.GetString(bytes)} → {e}");
        });
    }

    [Property(MaxTest = 300)]
    public Property Azure_monitor_metrics_of_any_shape_are_read_or_one_format_error_naming_the_file()
    {
        var gen = from slot in Gen.Choose(0, 1000)
                  from replacement in Gen.Elements(JsonMutations.Replacements)
                  select (slot, replacement);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var bytes = JsonMutations.Mutate(MonitorMetrics, c.slot, c.replacement);
            var e = Thrown(() => AzureMonitorMetricsParser.Parse(new MemoryStream(bytes), "metrics.json"));
            return (e is null || (e is TelemetryFormatException && e.Message.StartsWith("metrics.json", StringComparison.Ordinal)))
                .Label($"{Encoding.UTF8.GetString(bytes)} → {e}");
        });
    }

    [Theory]
    [InlineData("""[{"status":"success"}]""", "(root)")]
    [InlineData("""{"status":1}""", "(root)")]
    [InlineData("""{"status":"success","data":{"result":[{"metric":["x"]}]}}""", "data.result[0]")]
    [InlineData("""{"status":"success","data":{"result":[{"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","Hostname":"n"},"values":[[1e300,"1"]]}]}}""", "data.result[0].values[0]")]
    [InlineData("""{"status":"success","data":{"result":[{"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","Hostname":"n"},"values":[[99999999999999,"1"]]}]}}""", "data.result[0].values[0]")]
    public void A_query_range_shape_error_names_the_json_path(string json, string path)
    {
        var e = Assert.Throws<TelemetryFormatException>(() =>
            PrometheusQueryRangeParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "q.json", new TelemetryBuilder()));

        Assert.Equal(path, e.Field);
        Assert.Equal("q.json", e.SourceName);
    }

    [Fact]
    public void A_folder_with_a_json_file_of_another_shape_quarantines_it_and_reads_the_others()
    {
        var dir = Directory.CreateTempSubdirectory("guardrails-telemetry-").FullName;
        try
        {
            // telegraf's recorded Azure Monitor responses: a JSON array of response bodies, not a query_range object
            File.Copy(Fixture("telegraf_azure_monitor_testdata_azure_metrics_responses.json"), Path.Combine(dir, "a-telegraf.json"));
            File.Copy(Fixture("nvidia-smi_h100_idle_query-gpu.csv"), Path.Combine(dir, "gpu-host.nvidia-smi.csv"));

            var set = TelemetryFiles.Read(dir);

            var quarantined = Assert.Single(set.Quarantined);
            Assert.Contains("a-telegraf.json", quarantined, StringComparison.Ordinal);
            Assert.Contains("(file skipped)", quarantined, StringComparison.Ordinal);
            Assert.NotNull(set.Find("gpu-host"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Telegrafs_azure_monitor_responses_are_a_format_error_naming_the_missing_metric_name()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Fixture("telegraf_azure_monitor_testdata_azure_metrics_responses.json")));
        var first = Encoding.UTF8.GetBytes(doc.RootElement[0].GetRawText()); // name has localizedValue only, no value

        var e = Assert.Throws<TelemetryFormatException>(() => AzureMonitorMetricsParser.Parse(new MemoryStream(first), "telegraf.json"));

        Assert.Equal("value[0].name.value", e.Field);
    }

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "telemetry", "fixtures", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }
}
