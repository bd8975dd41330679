using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

public sealed class NvidiaGpuExporterMetricsTests
{
    private static GpuReading ReadScrape(string fixture, string host)
    {
        var b = new TelemetryBuilder();
        using (var r = File.OpenText(TelemetryParserTests.Fixture(fixture)))
            PrometheusTextParser.Parse(r, fixture, new DateTimeOffset(2026, 7, 14, 8, 0, 0, TimeSpan.Zero), b, fallbackHost: host);
        var gpu = Assert.Single(b.Build().Find(host)!.Gpus.Values);
        return Assert.Single(gpu.Readings);
    }

    // The values are those of the nvidia-smi --query-gpu CSV in the same upstream capture (7 %, 1366 MiB, ...).
    [Theory]
    [InlineData("nvidia_gpu_exporter_linux-x86_64__nvidia-h200__590.48.01__load.metrics", 100.0, 32362.0, 143771.0, 627.4)]
    [InlineData("nvidia_gpu_exporter_windows-x86_64__nvidia-geforce-rtx-2080-super__610.62__load.metrics", 7.0, 1366.0, 8192.0, 97.99)]
    public void Nvidia_gpu_exporter_scrapes_are_read_in_the_units_of_nvidia_smi(string fixture, double util, double usedMiB, double totalMiB, double watts)
    {
        var reading = ReadScrape(fixture, "gpu-host");

        Assert.Equal((decimal)util, reading.UtilizationPercent);
        Assert.Equal((decimal)usedMiB, reading.MemoryUsedMiB);
        Assert.Equal((decimal)totalMiB, reading.MemoryTotalMiB);
        Assert.Equal((decimal)watts, reading.PowerWatts);
        Assert.Null(reading.WorkPercent); // the exporter has no profiling signal
    }

    [Fact]
    public void Nvidia_gpu_exporter_scrape_of_a_mig_gpu_has_unknown_utilization_not_zero()
    {
        var reading = ReadScrape("nvidia_gpu_exporter_linux-x86_64__nvidia-h200-mig__590.48.01__load.metrics", "mig-host");

        Assert.Null(reading.UtilizationPercent); // MIG: the exporter emits no utilization series at all
        Assert.Equal(16959m, reading.MemoryUsedMiB);
    }

    [Theory]
    [InlineData("nvidia_smi_utilization_gpu_ratio", "1.5")]
    [InlineData("nvidia_smi_utilization_gpu_ratio", "-0.1")]
    [InlineData("nvidia_smi_utilization_gpu_ratio", "NaN")]
    [InlineData("nvidia_smi_memory_used_bytes", "-1048576")]
    public void Out_of_range_exporter_values_are_unknown_not_readings(string metric, string value)
    {
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader($"{metric}{{uuid=\"GPU-1\",instance=\"n1:9835\"}} {value} 1784066400000\n"), "x.prom",
            DateTimeOffset.UnixEpoch, b);

        var reading = Assert.Single(b.Build().Find("n1")!.Gpus["GPU-1"].Readings);
        Assert.Null(reading.UtilizationPercent);
        Assert.Null(reading.MemoryUsedMiB);
    }

    [Fact]
    public void A_series_with_its_own_host_label_keeps_it_and_one_without_takes_the_fallback_host()
    {
        const string text = """
            nvidia_smi_utilization_gpu_ratio{uuid="GPU-1",instance="n1:9835"} 0.25 1784066400000
            nvidia_smi_utilization_gpu_ratio{uuid="GPU-2"} 0.5 1784066400000
            nvidia_smi_utilization_gpu_ratio 0.75 1784066400000
            """;
        var b = new TelemetryBuilder();
        PrometheusTextParser.Parse(new StringReader(text), "x.prom", DateTimeOffset.UnixEpoch, b, fallbackHost: "file-host");
        var set = b.Build();

        Assert.Equal(25m, Assert.Single(set.Find("n1")!.Gpus["GPU-1"].Readings).UtilizationPercent);
        Assert.Equal(50m, Assert.Single(set.Find("file-host")!.Gpus["GPU-2"].Readings).UtilizationPercent);
        Assert.Equal(1, b.Unattributed); // no GPU label: belongs to no GPU
    }
}
