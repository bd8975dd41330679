using Guardrails.Core.Actions;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Tests.RightSizing;

/// <summary>Recorded telemetry of one VM, reading by reading (as nvidia-smi / dcgm-exporter would write it).</summary>
internal static class RecordedGpus
{
    public static readonly DateTimeOffset End = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Two weeks of readings every 5 minutes for <paramref name="gpus"/> GPUs of <paramref name="totalMiB"/>.
    /// <paramref name="tensorWhenBusy"/>, when given, is the DCGM tensor-pipe activity (%) of every busy reading (0 % when idle).
    /// <paramref name="reading"/> gives (work %, memory used MiB) for a GPU at an instant, or null for a missing reading.
    /// </summary>
    public static HostTelemetry Host(string name, int gpus, decimal totalMiB, Func<int, DateTimeOffset, (decimal Work, decimal UsedMiB)?> reading,
        TimeSpan? span = null, decimal? tensorWhenBusy = null)
    {
        var host = new HostTelemetry(name);
        var start = End - (span ?? TimeSpan.FromDays(14));
        for (var g = 0; g < gpus; g++)
        {
            var series = new GpuSeries(name, g.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Model = "test GPU" };
            for (var t = start.AddSeconds(7); t < End; t += Interval)
                if (reading(g, t) is { } r)
                    series.Readings.Add(new GpuReading(t, r.Work, null, r.UsedMiB, totalMiB, 100m, tensorWhenBusy is { } te ? (r.Work >= 5m ? te : 0m) : null));
            host.Gpus[series.GpuId] = series;
        }
        return host;
    }

    /// <summary>Busy (work 90 %) in the first <paramref name="busyPercent"/>% of each 100-hour cycle, else 0 %.</summary>
    public static bool BusyHour(DateTimeOffset t, int busyPercent) => (int)((t - End).TotalHours % 100 + 100) % 100 < busyPercent;

    public static ComputeMachine Machine(string name, string size, string region = "eastus", bool spot = false, Dictionary<string, string>? tags = null) => new()
    {
        ResourceId = $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml/providers/Microsoft.Compute/virtualMachines/{name}",
        Name = name,
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "ml",
        Location = region,
        VmSize = size,
        Spot = spot,
        Tags = tags ?? new Dictionary<string, string> { ["team"] = "speech" },
        PowerState = MachinePowerState.Running,
    };
}
