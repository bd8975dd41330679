using Guardrails.Core.Actions;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.Idle;

/// <summary>Builds minute-by-minute GPU telemetry for scenarios.</summary>
internal static class TelemetryFactory
{
    public static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);

    public delegate GpuReading? ReadingAt(int gpu, int minutesAgo, DateTimeOffset at);

    public static GpuReading IdleSample(DateTimeOffset at) => new(at, 0.2m, 0m, 300m, 81559m, 70m);
    public static GpuReading Busy(DateTimeOffset at, decimal work = 92m) => new(at, work, 100m, 60000m, 81559m, 650m);

    /// <summary>Readings every minute for <paramref name="minutes"/> minutes up to <paramref name="now"/>; null skips a minute.</summary>
    public static TelemetrySet Host(string host, int gpus, ReadingAt reading, DateTimeOffset? now = null, int minutes = 120)
    {
        var end = now ?? Now;
        var set = new TelemetrySet();
        var h = set.GetOrAdd(host);
        for (var g = 0; g < gpus; g++)
        {
            var series = new GpuSeries(host, g.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Model = "NVIDIA H100 80GB HBM3" };
            for (var ago = minutes - 1; ago >= 0; ago--)
            {
                var at = end.AddMinutes(-ago);
                if (reading(g, ago, at) is { } r) series.Readings.Add(r);
            }
            h.Gpus[series.GpuId] = series;
        }
        return set;
    }

    public static TelemetrySet AllIdle(string host, int gpus, DateTimeOffset? now = null) => Host(host, gpus, (_, _, at) => IdleSample(at), now);

    public static ComputeMachine Vm(string name, string size = "Standard_ND96isr_H100_v5", MachinePowerState power = MachinePowerState.Running,
        Dictionary<string, string>? tags = null, string rg = "ml-dev") => new()
        {
            ResourceId = $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}",
            Name = name,
            SubscriptionId = "00000000-0000-0000-0000-000000000001",
            ResourceGroup = rg,
            Location = "eastus",
            VmSize = size,
            PowerState = power,
            ComputerName = name,
            Tags = tags ?? new Dictionary<string, string>(),
        };
}
