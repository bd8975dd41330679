using System.Text.Json;

namespace Guardrails.Core.Telemetry;

/// <summary>One data point of an Azure Monitor metric (aggregations are omitted by Azure when there is no value).</summary>
public readonly record struct MonitorPoint(string Metric, DateTimeOffset Time, decimal? Average, decimal? Total, decimal? Maximum, decimal? Count);

/// <summary>
/// Azure Monitor "Metrics - List" responses (api-version 2018-01-01+): <c>value[].name.value</c>,
/// <c>timeseries[].data[]</c> with <c>timeStamp</c> and optional <c>average/total/maximum/count</c>. Missing
/// aggregations are unknown (null), not 0.
/// </summary>
public static class AzureMonitorMetricsParser
{
    public const string PercentageCpu = "Percentage CPU";
    public const string NetworkInTotal = "Network In Total";
    public const string NetworkOutTotal = "Network Out Total";

    public static List<MonitorPoint> Parse(Stream json, string sourceName)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new TelemetryFormatException(sourceName, e.LineNumber + 1, null, e.Message); }
        var at = "(root)";
        using (doc)
            try
            {
                var points = new List<MonitorPoint>();
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("value", out var values))
                    throw new TelemetryFormatException(sourceName, null, "value", "not an Azure Monitor metrics response.");
                var m = 0;
                foreach (var metric in values.EnumerateArray())
                {
                    at = $"value[{m}].name.value";
                    var name = metric.GetProperty("name").GetProperty("value").GetString() ?? "";
                    at = $"value[{m}].timeseries";
                    if (metric.TryGetProperty("timeseries", out var series))
                    {
                        var t = 0;
                        foreach (var ts in series.EnumerateArray())
                        {
                            at = $"value[{m}].timeseries[{t}].data";
                            if (ts.TryGetProperty("data", out var data))
                            {
                                var d = 0;
                                foreach (var p in data.EnumerateArray())
                                {
                                    at = $"value[{m}].timeseries[{t}].data[{d++}]";
                                    points.Add(new MonitorPoint(name, p.GetProperty("timeStamp").GetDateTimeOffset(),
                                        Get(p, "average"), Get(p, "total"), Get(p, "maximum"), Get(p, "count")));
                                }
                            }
                            t++;
                        }
                    }
                    m++;
                }
                return points;
            }
            catch (Exception e) when (JsonShape.IsShapeError(e))
            {
                throw JsonShape.Error(sourceName, at, e);
            }
    }

    private static decimal? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    /// <summary>
    /// CPU (average %, or maximum when asked) and network (in + out totals per interval → bytes per second) as host
    /// readings. A minute with only one network direction reported is unknown.
    /// </summary>
    public static void AddHostReadings(IEnumerable<MonitorPoint> points, string host, TimeSpan interval, TelemetryBuilder builder)
    {
        var byTime = new SortedDictionary<DateTimeOffset, (decimal? Cpu, decimal? In, decimal? Out)>();
        foreach (var p in points)
        {
            byTime.TryGetValue(p.Time, out var v);
            switch (p.Metric)
            {
                case PercentageCpu: v.Cpu = p.Maximum ?? p.Average; break;
                case NetworkInTotal: v.In = p.Total; break;
                case NetworkOutTotal: v.Out = p.Total; break;
            }
            byTime[p.Time] = v;
        }
        var seconds = (decimal)interval.TotalSeconds;
        foreach (var (time, v) in byTime)
            builder.AddHost(host, time.ToUniversalTime(), v.Cpu, v.In is { } i && v.Out is { } o ? (i + o) / seconds : null);
    }
}
