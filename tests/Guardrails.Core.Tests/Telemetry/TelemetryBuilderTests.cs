using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Telemetry;

/// <summary>
/// One field recorded twice for one GPU and instant with different values (a row appended twice, two scrape jobs) is
/// merged to the busier reading, in either order: a conflict never makes a machine look idle.
/// </summary>
public sealed class TelemetryBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 15, 23, 0, 0, TimeSpan.Zero);

    private static GpuReading Merged(params (GpuField Field, decimal? Value)[] samples)
    {
        var b = new TelemetryBuilder();
        foreach (var (field, value) in samples) b.Add("gpu-vm-01", "0", "NVIDIA H100 80GB HBM3", At, field, value);
        return Assert.Single(b.Build().Find("gpu-vm-01")!.Gpus["0"].Readings);
    }

    [Theory]
    [InlineData(0, 90)]
    [InlineData(90, 0)]
    public void Two_activity_values_at_one_instant_keep_the_busier_in_either_order(int first, int second)
    {
        var r = Merged((GpuField.Work, first), (GpuField.Utilization, first), (GpuField.TensorActive, first), (GpuField.PowerWatts, first * 7),
            (GpuField.Work, second), (GpuField.Utilization, second), (GpuField.TensorActive, second), (GpuField.PowerWatts, second * 7));
        Assert.Equal(90m, r.WorkPercent);
        Assert.Equal(90m, r.UtilizationPercent);
        Assert.Equal(90m, r.TensorActivePercent);
        Assert.Equal(630m, r.PowerWatts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_memory_readings_at_one_instant_keep_the_fuller_in_either_order(bool busyFirst)
    {
        (GpuField, decimal?)[] busy = [(GpuField.MemoryUsedMiB, 70_000m), (GpuField.MemoryFreeMiB, 11_081m)];
        (GpuField, decimal?)[] idle = [(GpuField.MemoryUsedMiB, 0m), (GpuField.MemoryFreeMiB, 81_081m)];
        var r = Merged(busyFirst ? [.. busy, .. idle] : [.. idle, .. busy]);
        Assert.Equal(70_000m, r.MemoryUsedMiB);
        Assert.Equal(81_081m, r.MemoryTotalMiB); // used 70,000 + the lower free 11,081
    }

    [Fact]
    public void An_unknown_value_never_replaces_a_known_one_and_equal_duplicates_change_nothing()
    {
        var r = Merged((GpuField.Utilization, 35m), (GpuField.Utilization, null), (GpuField.Utilization, 35m));
        Assert.Equal(35m, r.UtilizationPercent);
    }

    [Theory]
    [InlineData(2, 85)]
    [InlineData(85, 2)]
    public void Two_host_readings_at_one_instant_keep_the_busier_cpu_and_network(int first, int second)
    {
        var b = new TelemetryBuilder();
        b.AddHost("gpu-vm-01", At, first, first * 1000m);
        b.AddHost("gpu-vm-01", At, second, null);
        var host = Assert.Single(b.Build().Find("gpu-vm-01")!.System);
        Assert.Equal(85m, host.CpuPercent);
        Assert.Equal(first * 1000m, host.NetworkBytesPerSecond);
    }
}
