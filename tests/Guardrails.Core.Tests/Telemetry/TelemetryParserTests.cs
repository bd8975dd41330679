using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

public sealed class TelemetryParserTests
{
    internal static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "telemetry", "fixtures", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    [Fact]
    public void Nvidia_smi_column_subset_reads_units_na_and_timestamps()
    {
        var b = new TelemetryBuilder();
        using (var r = File.OpenText(Fixture("nvidia-smi_column-subset_h100-idle_h100-load_h100mig-load_l40s-load.csv")))
            NvidiaSmiCsvParser.Parse(r, "host1", "subset.csv", b);
        var gpu = b.Build().Find("host1")!.Gpus["0"];
        Assert.Equal(4, gpu.Readings.Count);
        var load = gpu.Readings.Single(x => x.Timestamp == new DateTimeOffset(2026, 7, 14, 8, 12, 53, 353, TimeSpan.Zero));
        Assert.Equal(100m, load.UtilizationPercent);
        Assert.Equal(19818m, load.MemoryUsedMiB);
        Assert.Equal(81559m, load.MemoryTotalMiB);
        Assert.Equal(631.95m, load.PowerWatts);
        Assert.Null(load.WorkPercent); // nvidia-smi has no profiling signal
        var mig = gpu.Readings.Single(x => x.Timestamp.Hour == 9);
        Assert.Null(mig.UtilizationPercent); // [N/A] under MIG is unknown, not 0
        Assert.Equal(11125m, mig.MemoryUsedMiB);
    }

    [Theory]
    [InlineData("nvidia-smi_h100_idle_query-gpu.csv", 0, 0)]
    [InlineData("nvidia-smi_l40s_load_query-gpu.csv", 9, 1235)]
    public void Nvidia_smi_full_field_lists_are_mapped_by_header_name(string file, int util, int used)
    {
        var b = new TelemetryBuilder();
        using (var r = File.OpenText(Fixture(file))) NvidiaSmiCsvParser.Parse(r, "h", file, b);
        var reading = Assert.Single(b.Build().Find("h")!.Gpus["0"].Readings);
        Assert.Equal(util, reading.UtilizationPercent);
        Assert.Equal(used, reading.MemoryUsedMiB);
    }

    [Fact]
    public void Nvidia_smi_mig_capture_has_unknown_utilization()
    {
        var b = new TelemetryBuilder();
        using (var r = File.OpenText(Fixture("nvidia-smi_h100-mig_load_query-gpu.csv"))) NvidiaSmiCsvParser.Parse(r, "h", "mig.csv", b);
        Assert.Null(Assert.Single(b.Build().Find("h")!.Gpus["0"].Readings).UtilizationPercent);
    }

    [Fact]
    public void Nvidia_smi_bad_value_is_a_quarantined_row_naming_file_line_and_field()
    {
        const string csv = "timestamp, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n" +
                           "2026/07/14 08:12:38.696, 0, 0 %, 0 MiB, 81559 MiB\n" +
                           "2026/07/14 08:13:38.696, 0, lots %, 0 MiB, 81559 MiB\n" +
                           "2026/07/14 08:14:38.696, 0, 1 %, NaN MiB, 81559 MiB\n" +
                           "2026/07/14 08:15:38.696, 0, 2 %\n" +
                           "yesterday, 0, 2 %, 0 MiB, 81559 MiB\n" +
                           "2026/07/14 08:16:38.696, 0, 3 %, 0 MiB, 81559 MiB\n";
        var builder = new TelemetryBuilder();
        NvidiaSmiCsvParser.Parse(new StringReader(csv), "h", "push.csv", builder);
        var set = builder.Build();

        Assert.Equal([0m, 3m], set.Find("h")!.Gpus["0"].Readings.Select(r => r.UtilizationPercent!.Value).ToArray());
        Assert.Equal(
        [
            "push.csv, line 3, field 'utilization.gpu': 'lots %' is not a number. (row quarantined)",
            "push.csv, line 4, field 'memory.used': 'NaN MiB' is NaN: not a number. (row quarantined)",
            "push.csv, line 5: expected 5 values, found 3. (row quarantined)",
            "push.csv, line 6, field 'timestamp': 'yesterday' is not an nvidia-smi timestamp (yyyy/MM/dd HH:mm:ss.fff). (row quarantined)",
        ], set.Quarantined);
    }

    [Fact]
    public void One_bad_file_in_a_folder_quarantines_its_bad_rows_and_the_other_files_are_read()
    {
        var dir = Directory.CreateTempSubdirectory("telemetry-").FullName;
        try
        {
            const string Header = "timestamp, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n";
            File.WriteAllText(Path.Combine(dir, "good.nvidia-smi.csv"), Header + "2026/07/14 08:12:00.000, 0, 0 %, 4 MiB, 81559 MiB\n");
            File.WriteAllText(Path.Combine(dir, "nan.nvidia-smi.csv"), Header +
                "2026/07/14 08:12:00.000, 0, NaN %, 4 MiB, 81559 MiB\n2026/07/14 08:13:00.000, 0, 0 %, 4 MiB, 81559 MiB\n");
            File.WriteAllText(Path.Combine(dir, "noheader.nvidia-smi.csv"), "0, 0 %\n");
            File.WriteAllText(Path.Combine(dir, "broken.query_range.json"), "{\"status\": ");

            var set = TelemetryFiles.Read(dir);

            Assert.Single(set.Find("good")!.Gpus["0"].Readings);
            Assert.Equal(new DateTimeOffset(2026, 7, 14, 8, 13, 0, TimeSpan.Zero), Assert.Single(set.Find("nan")!.Gpus["0"].Readings).Timestamp);
            Assert.Null(set.Find("noheader"));
            Assert.Equal(3, set.Quarantined.Count);
            Assert.Contains(set.Quarantined, q => q.StartsWith("nan.nvidia-smi.csv, line 2, field 'utilization.gpu'", StringComparison.Ordinal));
            Assert.Contains(set.Quarantined, q => q.StartsWith("noheader.nvidia-smi.csv, line 1", StringComparison.Ordinal) && q.EndsWith("(file skipped)", StringComparison.Ordinal));
            Assert.Contains(set.Quarantined, q => q.StartsWith("broken.query_range.json", StringComparison.Ordinal) && q.EndsWith("(file skipped)", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Nvidia_smi_without_timestamp_column_is_rejected()
    {
        var e = Assert.Throws<TelemetryFormatException>(() =>
            NvidiaSmiCsvParser.Parse(new StringReader("index, utilization.gpu [%]\n0, 1 %\n"), "h", "x.csv", new TelemetryBuilder()));
        Assert.Contains("timestamp", e.Message);
    }

    [Fact]
    public void Dcgm_scrape_maps_hosts_gpus_and_ignores_unattributed_dummies()
    {
        var b = new TelemetryBuilder();
        int used;
        using (var r = File.OpenText(Fixture("dcgm-exporter_datadog_metrics.txt")))
            used = PrometheusTextParser.Parse(r, "dcgm.txt", new DateTimeOffset(2026, 7, 14, 8, 0, 0, TimeSpan.Zero), b);
        var set = b.Build();
        Assert.True(used > 0);
        var t4 = set.Find("424773df46e0")!.Gpus["0"];
        var reading = Assert.Single(t4.Readings);
        Assert.Equal("Tesla T4", t4.Model);
        Assert.Equal(0m, reading.UtilizationPercent);
        Assert.Equal(8.969m, reading.PowerWatts);
        Assert.Equal(15109m, reading.MemoryTotalMiB); // FB_USED 0 + FB_FREE 15109
        Assert.Null(reading.WorkPercent); // the GR_ENGINE_ACTIVE line has no labels: not attributed, so unknown
        Assert.DoesNotContain(set.Hosts.Keys, k => k.Length == 0);
    }

    [Theory]
    [InlineData("1784066400000")] // Prometheus text: milliseconds
    [InlineData("1784066400")] // OpenMetrics: seconds
    [InlineData("1784066400.000")]
    [InlineData("1.7840664e9")]
    [InlineData("1784066400000 # {trace_id=\"4bf92f\"} 0.5 1784066399.5")] // OpenMetrics exemplar after the timestamp
    public void Exposition_timestamps_in_prometheus_milliseconds_or_openmetrics_seconds_are_the_same_instant(string timestamp)
    {
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader($"DCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",Hostname=\"n1\"}} 7 {timestamp}\n# EOF\n"), "x.prom",
            DateTimeOffset.UnixEpoch, b);

        var reading = Assert.Single(b.Build().Find("n1")!.Gpus["0"].Readings);
        Assert.Equal(new DateTimeOffset(2026, 7, 14, 22, 0, 0, TimeSpan.Zero), reading.Timestamp);
        Assert.Equal(7m, reading.UtilizationPercent);
    }

    [Theory]
    [InlineData("99999999999999999", "outside the calendar")]
    [InlineData("1e400", "is not a timestamp")]
    [InlineData("2026-07-14T22:00:00Z", "is not a timestamp")]
    [InlineData("NaN", "is not a timestamp")]
    public void Exposition_timestamps_that_are_no_instant_are_an_error_naming_file_line_and_metric(string timestamp, string reason)
    {
        var e = Assert.Throws<TelemetryFormatException>(() => PrometheusTextParser.Parse(
            new StringReader($"# HELP x\nDCGM_FI_DEV_GPU_UTIL{{gpu=\"0\",Hostname=\"n1\"}} 7 {timestamp}\n"), "x.prom", DateTimeOffset.UnixEpoch,
            new TelemetryBuilder()));

        Assert.StartsWith("x.prom, line 2, field 'DCGM_FI_DEV_GPU_UTIL': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dcgm_blank_sentinels_and_ratios()
    {
        const string text = """
            # NOTE a comment that is not HELP or TYPE
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",Hostname="n1"} 0.034000 1784066400000
            DCGM_FI_DEV_GPU_UTIL{gpu="1",Hostname="n1"} 9223372036854775794 1784066400000
            DCGM_FI_DEV_FB_USED{gpu="1",Hostname="n1"} 2147483632 1784066400000
            DCGM_FI_DEV_FB_FREE{gpu="1",Hostname="n1"} 81000 1784066400000
            DCGM_FI_DEV_POWER_USAGE{gpu="1",Hostname="n1"} 1.4073748835532800e+14 1784066400000
            DCGM_FI_PROF_SM_ACTIVE{gpu="1",Hostname="n1"} NaN 1784066400000
            """;
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader(text), "x.prom", DateTimeOffset.UnixEpoch, b);
        var r = Assert.Single(b.Build().Find("n1")!.Gpus["1"].Readings);
        Assert.Equal(3.4m, r.WorkPercent);
        Assert.Null(r.UtilizationPercent);
        Assert.Null(r.MemoryUsedMiB);
        Assert.Null(r.MemoryTotalMiB); // used unknown → total cannot be derived
        Assert.Null(r.PowerWatts); // the fp64 blank (2^47) is not a reading
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1784066400000), r.Timestamp);
    }

    [Fact]
    public void Sm_active_is_the_work_signal_only_when_gr_engine_is_missing()
    {
        const string text = """
            DCGM_FI_PROF_SM_ACTIVE{gpu="0",Hostname="n1"} 0.5
            DCGM_FI_PROF_SM_ACTIVE{gpu="1",Hostname="n1"} 0.5
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",Hostname="n1"} 0.02
            """;
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader(text), "x.prom", DateTimeOffset.UnixEpoch, b);
        var h = b.Build().Find("n1")!;
        Assert.Equal(50m, h.Gpus["0"].Readings[0].WorkPercent);
        Assert.Equal(2m, h.Gpus["1"].Readings[0].WorkPercent);
    }

    [Fact]
    public void Tensor_pipe_activity_is_read_as_a_percentage_and_a_blank_is_unknown()
    {
        const string text = """
            DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{gpu="0",Hostname="n1"} 0.125
            DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{gpu="1",Hostname="n1"} 9223372036854775794
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{gpu="1",Hostname="n1"} 0.5
            """;
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader(text), "x.prom", DateTimeOffset.UnixEpoch, b);
        var h = b.Build().Find("n1")!;
        Assert.Equal(12.5m, h.Gpus["0"].Readings[0].TensorActivePercent);
        Assert.Null(h.Gpus["1"].Readings[0].TensorActivePercent);
        var rollup = Assert.Single(TelemetryRollup.Hourly(h.Gpus["0"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1), new IdleCriteria()));
        Assert.Equal(12.5m, rollup.AvgTensorActivePercent);
    }

    [Fact]
    public void Query_range_matrix_merges_metrics_by_timestamp()
    {
        const string json = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"DCGM_FI_PROF_GR_ENGINE_ACTIVE","gpu":"0","Hostname":"n1","modelName":"NVIDIA H100 80GB HBM3"},"values":[[1784066400,"0.01"],[1784066460,"0.9"]]},
              {"metric":{"__name__":"DCGM_FI_DEV_FB_USED","gpu":"0","Hostname":"n1"},"values":[[1784066400,"10"],[1784066460,"50000"]]},
              {"metric":{"__name__":"DCGM_FI_DEV_FB_FREE","gpu":"0","Hostname":"n1"},"values":[[1784066400,"81000"],[1784066460,"31000"]]},
              {"metric":{"gpu":"0","instance":"10.0.0.9:9400"},"values":[[1784066400,"1"]]}
            ]}}
            """;
        var b = new TelemetryBuilder();
        var e = Assert.Throws<TelemetryFormatException>(() =>
            PrometheusQueryRangeParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "q.json", b));
        Assert.Contains("data.result[3].metric.__name__", e.Message);

        var ok = json.Replace("""{"gpu":"0","instance":"10.0.0.9:9400"}""", """{"__name__":"DCGM_FI_DEV_GPU_UTIL","gpu":"0","instance":"10.0.0.9:9400"}""", StringComparison.Ordinal);
        b = new TelemetryBuilder();
        PrometheusQueryRangeParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ok)), "q.json", b);
        var set = b.Build();
        var readings = set.Find("n1")!.Gpus["0"].Readings;
        Assert.Equal(2, readings.Count);
        Assert.Equal(1m, readings[0].WorkPercent);
        Assert.Equal(81010m, readings[0].MemoryTotalMiB);
        Assert.Equal(90m, readings[1].WorkPercent);
        Assert.NotNull(set.Find("10.0.0.9")); // "instance" without its port identifies the host as a last resort
    }

    [Fact]
    public void Query_range_error_status_is_reported()
    {
        var json = """{"status":"error","errorType":"bad_data","error":"invalid parameter 'query'"}"""u8.ToArray();
        var e = Assert.Throws<TelemetryFormatException>(() => PrometheusQueryRangeParser.Parse(new MemoryStream(json), "q.json", new TelemetryBuilder()));
        Assert.Contains("invalid parameter 'query'", e.Message);
    }
}

public sealed class AzureMonitorParserTests
{
    [Fact]
    public void Official_example_response_parses_with_missing_aggregations_as_unknown()
    {
        string path = "";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(path = Path.Combine(dir.FullName, "samples", "telemetry", "fixtures", "azure-rest-api-specs_monitor_2018-01-01_GetMetric.example.json"))) break;
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var body = doc.RootElement.GetProperty("responses").GetProperty("200").GetProperty("body").GetRawText();
        var points = AzureMonitorMetricsParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)), "GetMetric.json");
        Assert.NotEmpty(points);
        Assert.All(points, p => Assert.Equal("BlobCapacity", p.Metric));
        Assert.Contains(points, p => p.Average is null && p.Count == 0m);
        Assert.Contains(points, p => p.Time == new DateTimeOffset(2017, 4, 14, 2, 23, 0, TimeSpan.Zero) && p.Average == 0m && p.Count == 1m);
    }
}
