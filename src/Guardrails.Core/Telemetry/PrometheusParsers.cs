using System.Globalization;
using System.Text.Json;
using Guardrails.Core.Common;

namespace Guardrails.Core.Telemetry;

/// <summary>Which Prometheus labels identify the host and the GPU of a dcgm-exporter series.</summary>
public sealed record PrometheusLabelMap
{
    /// <summary>Tried in order; "instance" values lose their ":port".</summary>
    public IReadOnlyList<string> HostLabels { get; init; } = ["Hostname", "hostname", "node", "instance"];
    public IReadOnlyList<string> GpuLabels { get; init; } = ["gpu", "UUID", "uuid"];
    public static PrometheusLabelMap Default { get; } = new();

    public string? Host(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var l in HostLabels)
            if (labels.TryGetValue(l, out var v) && v.Length > 0)
            {
                if (l == "instance" && v.LastIndexOf(':') is var c and > 0) v = v[..c];
                return v;
            }
        return null;
    }

    public string? Gpu(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var l in GpuLabels)
            if (labels.TryGetValue(l, out var v) && v.Length > 0) return v;
        return null;
    }
}

/// <summary>
/// Prometheus text exposition (a dcgm-exporter or nvidia_gpu_exporter /metrics scrape):
/// <c>name{label="v",...} value [timestamp]</c>. Comments (# HELP, # TYPE, non-standard # NOTE, OpenMetrics # EOF)
/// are skipped; series without a GPU label, or without a host label and no <c>fallbackHost</c>, cannot be attributed:
/// they are ignored and counted on the builder; values like 9223372036854775794 are dcgm blanks (unknown); Go float
/// syntax (<c>1.98e+09</c>, <c>NaN</c>, <c>+Inf</c>) is accepted. The timestamp is Prometheus' integer milliseconds or
/// OpenMetrics' seconds (see <see cref="Timestamp"/>), an OpenMetrics exemplar after it (<c> # {trace_id="…"} 1</c>) is
/// ignored, and lines without one take <paramref name="scrapeTime"/>.
/// </summary>
public static class PrometheusTextParser
{
    /// <summary>Integer timestamps below this are seconds (OpenMetrics): as milliseconds they would fall before March 1973,
    /// and as seconds this is the year 5138, so no real timestamp is ambiguous.</summary>
    private const long SecondsBelow = 100_000_000_000;

    /// <param name="fallbackHost">The host of series without a host label: a recorded scrape is one host's /metrics
    /// (nvidia_gpu_exporter labels its series with <c>uuid</c> only), named like the host as nvidia-smi files are.</param>
    public static int Parse(TextReader reader, string sourceName, DateTimeOffset scrapeTime, TelemetryBuilder builder,
        PrometheusLabelMap? labelMap = null, string? fallbackHost = null)
    {
        labelMap ??= PrometheusLabelMap.Default;
        var used = 0;
        var lines = new BoundedLineReader(reader, sourceName);
        string? line;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        while ((line = lines.ReadLine()) is not null)
        {
            var lineNo = lines.LineNumber;
            var span = line.AsSpan().Trim();
            if (span.IsEmpty || span[0] == '#') continue;

            labels.Clear();
            int nameEnd = 0;
            while (nameEnd < span.Length && span[nameEnd] != '{' && !char.IsWhiteSpace(span[nameEnd])) nameEnd++;
            var name = span[..nameEnd].ToString();
            var rest = span[nameEnd..];
            if (!rest.IsEmpty && rest[0] == '{')
            {
                var close = ParseLabels(rest, labels, sourceName, lineNo);
                rest = rest[(close + 1)..];
            }
            rest = rest.Trim();
            var exemplar = rest.IndexOf(" # ", StringComparison.Ordinal);
            if (exemplar >= 0) rest = rest[..exemplar].TrimEnd();
            var sp = rest.IndexOfAny(' ', '\t');
            var valueText = sp < 0 ? rest : rest[..sp];
            var ts = sp < 0 ? scrapeTime : Timestamp(rest[(sp + 1)..].Trim(), sourceName, lineNo, name);
            var raw = ParseValue(valueText, sourceName, lineNo, name);
            if (!DcgmMetrics.TryMapAny(name, raw, out var field, out var value)) continue;
            var host = labelMap.Host(labels) ?? fallbackHost;
            var gpu = labelMap.Gpu(labels);
            if (host is null || gpu is null)
            {
                builder.NoteUnattributed();
                continue;
            }
            labels.TryGetValue("modelName", out var model);
            builder.Add(host, gpu, model, ts, field, value);
            used++;
        }
        return used;
    }

    /// <summary>
    /// A sample's timestamp: integer milliseconds (Prometheus text), or seconds (OpenMetrics: a fraction, or an integer
    /// below <see cref="SecondsBelow"/>). A timestamp outside the calendar is an error on its line, never a crash.
    /// </summary>
    internal static DateTimeOffset Timestamp(ReadOnlySpan<char> text, string source, long line, string metric)
    {
        decimal ms;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            ms = Math.Abs(n) < SecondsBelow ? n * 1000m : n;
        else if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                     CultureInfo.InvariantCulture, out var seconds) && Math.Abs(seconds) < SecondsBelow)
            ms = seconds * 1000m;
        else
            throw new TelemetryFormatException(source, line, metric,
                $"'{text.ToString()}' is not a timestamp (Prometheus milliseconds or OpenMetrics seconds).");
        var rounded = Math.Round(ms);
        if (rounded < MinUnixMs || rounded > MaxUnixMs)
            throw new TelemetryFormatException(source, line, metric, $"timestamp '{text.ToString()}' is outside the calendar.");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)rounded);
    }

    private static readonly decimal MinUnixMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly decimal MaxUnixMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    internal static decimal? ParseValue(ReadOnlySpan<char> text, string source, long line, string metric)
    {
        if (text.Equals("NaN", StringComparison.OrdinalIgnoreCase) || text.EndsWith("Inf", StringComparison.OrdinalIgnoreCase)) return null;
        if (DecimalText.TryRead(text, out var d, out var problem)) return d;
        if (problem is DecimalText.Problem.TooLarge or DecimalText.Problem.TooLargeNegative) return null; // beyond decimal range: not a reading
        throw new TelemetryFormatException(source, line, metric, $"'{text.ToString()}' {DecimalText.Phrase(problem)}.");
    }

    private static int ParseLabels(ReadOnlySpan<char> s, Dictionary<string, string> labels, string source, long line)
    {
        var i = 1;
        var sb = new System.Text.StringBuilder();
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i]))) i++;
            if (i < s.Length && s[i] == '}') return i;
            var eq = s[i..].IndexOf('=');
            if (eq < 0) break;
            var key = s.Slice(i, eq).Trim().ToString();
            i += eq + 1;
            if (i >= s.Length || s[i] != '"') break;
            i++;
            sb.Clear();
            while (i < s.Length && s[i] != '"')
            {
                if (s[i] == '\\' && i + 1 < s.Length)
                {
                    i++;
                    sb.Append(s[i] == 'n' ? '\n' : s[i]);
                }
                else sb.Append(s[i]);
                i++;
            }
            if (i >= s.Length) break;
            labels[key] = sb.ToString();
            i++;
        }
        throw new TelemetryFormatException(source, line, null, "unterminated label set.");
    }
}

/// <summary>
/// Prometheus HTTP API <c>/api/v1/query_range</c> responses (resultType "matrix"): each series has its labels in
/// "metric" (with "__name__" unless the query was an expression: then pass <c>metricName</c>) and
/// <c>values: [[unixSeconds, "value"], ...]</c>.
/// </summary>
public static class PrometheusQueryRangeParser
{
    public static int Parse(Stream json, string sourceName, TelemetryBuilder builder, string? metricName = null,
        PrometheusLabelMap? labelMap = null)
    {
        labelMap ??= PrometheusLabelMap.Default;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new TelemetryFormatException(sourceName, e.LineNumber + 1, null, e.Message); }
        var at = "(root)";
        using (doc)
            try
            {
                var result = MatrixResult(doc.RootElement, sourceName);
                var used = 0;
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                var index = 0;
                foreach (var series in result.EnumerateArray())
                {
                    at = $"data.result[{index}]";
                    used += AddSeries(series, index, sourceName, builder, metricName, labelMap, labels, ref at);
                    index++;
                }
                return used;
            }
            catch (Exception e) when (JsonShape.IsShapeError(e))
            {
                throw JsonShape.Error(sourceName, at, e);
            }
    }

    /// <summary>The response's <c>data.result</c> when Prometheus answered success with a matrix; else why not.</summary>
    private static JsonElement MatrixResult(JsonElement root, string sourceName)
    {
        if (root.TryGetProperty("status", out var status) && status.GetString() != "success")
            throw new TelemetryFormatException(sourceName, null, "status",
                $"Prometheus answered '{status.GetString()}': {(root.TryGetProperty("error", out var err) ? err.GetString() : "no error text")}.");
        if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("result", out var result))
            throw new TelemetryFormatException(sourceName, null, "data.result", "not a Prometheus query_range response.");
        if (data.TryGetProperty("resultType", out var rt) && rt.GetString() != "matrix")
            throw new TelemetryFormatException(sourceName, null, "data.resultType", $"expected 'matrix', found '{rt.GetString()}'.");
        return result;
    }

    /// <summary>
    /// Adds one series' readings of a GPU (host and GPU from its labels; none without them) and returns how many;
    /// <paramref name="at"/> follows the value being read, for the error of a malformed one.
    /// </summary>
    private static int AddSeries(JsonElement series, int index, string sourceName, TelemetryBuilder builder, string? metricName,
        PrometheusLabelMap labelMap, Dictionary<string, string> labels, ref string at)
    {
        labels.Clear();
        if (series.TryGetProperty("metric", out var metric))
            foreach (var p in metric.EnumerateObject()) labels[p.Name] = p.Value.GetString() ?? "";
        var name = labels.GetValueOrDefault("__name__") ?? metricName
            ?? throw new TelemetryFormatException(sourceName, null, $"data.result[{index}].metric.__name__", "series has no metric name.");
        var host = labelMap.Host(labels);
        var gpu = labelMap.Gpu(labels);
        labels.TryGetValue("modelName", out var model);
        if (!series.TryGetProperty("values", out var values)) return 0;
        if (host is null || gpu is null)
        {
            if (DcgmMetrics.TryMapAny(name, null, out _, out _)) builder.NoteUnattributed();
            return 0;
        }
        var used = 0;
        var valueIndex = 0;
        foreach (var pair in values.EnumerateArray())
        {
            at = $"data.result[{index}].values[{valueIndex++}]";
            var ts = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(pair[0].GetDecimal() * 1000m));
            var raw = PrometheusTextParser.ParseValue(pair[1].GetString(), sourceName, 0, name);
            if (!DcgmMetrics.TryMapAny(name, raw, out var field, out var value)) break;
            builder.Add(host, gpu, model, ts, field, value);
            used++;
        }
        return used;
    }
}
