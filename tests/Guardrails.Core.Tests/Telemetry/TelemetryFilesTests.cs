using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

public sealed class TelemetryFilesTests : IDisposable
{
    private const string GoodCsv = "timestamp, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n" +
                                   "2026/07/14 08:12:00.000, 0, 0 %, 4 MiB, 81559 MiB\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("telemetry-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TelemetrySet ReadWith(string fileName, string content)
    {
        File.WriteAllText(Path.Combine(_dir, "good.nvidia-smi.csv"), GoodCsv);
        File.WriteAllText(Path.Combine(_dir, fileName), content);
        return TelemetryFiles.Read(_dir);
    }

    [Theory]
    [InlineData("header-only.nvidia-smi.csv", "timestamp, index, utilization.gpu [%]\n", "no data rows")]
    [InlineData("empty.query_range.json", """{"status":"success","data":{"resultType":"matrix","result":[]}}""", "no data rows")]
    [InlineData("node.prom", "# TYPE up gauge\nup{instance=\"n1:9100\"} 1\nnode_load1 0.5\n", "no series of a known GPU metric")]
    [InlineData("comments-only.metrics", "# HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %).\n# TYPE DCGM_FI_DEV_GPU_UTIL gauge\n", "no series of a known GPU metric")]
    [InlineData("no-gpu-label.query_range.json",
        """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","instance":"n1:9400"},"values":[[1784066400,"5"]]}]}}""",
        "1 sample(s) of GPU metrics have no host or GPU label")]
    [InlineData("no-gpu-label.prom", "DCGM_FI_DEV_GPU_UTIL{Hostname=\"n1\"} 5 1784066400000\nDCGM_FI_DEV_FB_USED{Hostname=\"n1\"} 5 1784066400000\n",
        "2 sample(s) of GPU metrics have no host or GPU label")]
    public void A_telemetry_file_that_gives_no_reading_is_quarantined_with_its_reason_and_the_others_are_read(string fileName, string content, string reason)
    {
        var set = ReadWith(fileName, content);

        var problem = Assert.Single(set.Quarantined);
        Assert.StartsWith($"{fileName}: no GPU readings: ", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.EndsWith("(file skipped)", problem, StringComparison.Ordinal);
        Assert.Single(set.Find("good")!.Gpus["0"].Readings);
    }

    [Fact]
    public void A_recorded_nvidia_gpu_exporter_scrape_is_the_host_it_is_named_after()
    {
        File.Copy(TelemetryParserTests.Fixture("nvidia_gpu_exporter_linux-x86_64__nvidia-h200__590.48.01__load.metrics"),
            Path.Combine(_dir, "train-h200-01.metrics"));

        var set = TelemetryFiles.Read(_dir);

        Assert.Empty(set.Quarantined);
        var gpu = Assert.Single(set.Find("train-h200-01")!.Gpus.Values);
        Assert.Equal(100m, Assert.Single(gpu.Readings).UtilizationPercent);
    }

    [Fact]
    public void Unattributed_dummy_series_beside_real_ones_do_not_quarantine_the_file()
    {
        File.Copy(TelemetryParserTests.Fixture("dcgm-exporter_datadog_metrics.txt"), Path.Combine(_dir, "dcgm.txt"));

        var set = TelemetryFiles.Read(_dir);

        Assert.Empty(set.Quarantined);
        Assert.NotNull(set.Find("424773df46e0"));
        Assert.Null(set.Find("dcgm")); // the label-less dummies have no GPU label either: still nobody's
    }

    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("-99999999999999999")]
    public void A_timestamp_outside_the_calendar_quarantines_its_file_on_its_line_instead_of_stopping_the_read(string timestamp)
    {
        var set = ReadWith("far.prom", $"DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",Hostname=\"n1\"}} 5 1784066400000\nDCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",Hostname=\"n1\"}} 5 {timestamp}\n");

        var problem = Assert.Single(set.Quarantined);
        Assert.StartsWith("far.prom, line 2, field 'DCGM_FI_DEV_GPU_UTIL': ", problem, StringComparison.Ordinal);
        Assert.Contains("outside the calendar", problem, StringComparison.Ordinal);
        Assert.Single(set.Find("good")!.Gpus["0"].Readings);
    }
}
