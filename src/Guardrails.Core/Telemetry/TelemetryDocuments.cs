using System.Text;

namespace Guardrails.Core.Telemetry;

/// <summary>The formats recorded telemetry comes in, as files (by extension) and as pushes (by Content-Type or first bytes).</summary>
public enum TelemetryFormat { NvidiaSmiCsv, NvidiaSmiXml, PrometheusText, PrometheusQueryRange }

/// <summary>
/// One telemetry document in any of the formats the CLI reads: nvidia-smi <c>--format=csv</c>, nvidia-smi <c>-q -x</c>,
/// Prometheus text exposition (dcgm-exporter, nvidia_gpu_exporter) and Prometheus query_range JSON. The files reader
/// (<see cref="TelemetryFiles"/>), the push endpoint and the pushed-telemetry store all parse through <see cref="Parse"/>;
/// a push is bounded to <see cref="MaxBodyBytes"/> and its format chosen by <see cref="Detect"/>.
/// </summary>
public static class TelemetryDocuments
{
    /// <summary>A push larger than this is refused (413) before it is parsed: a minute of nvidia-smi -q -x of 8 GPUs is about 100 KB.</summary>
    public const int MaxBodyBytes = 8 << 20;

    /// <summary>A query_range JSON file larger than this is refused (it is parsed as one document).</summary>
    public const long MaxJsonBytes = 256L << 20;

    public const string Accepted = "nvidia-smi --format=csv (text/csv), nvidia-smi -q -x (application/xml), " +
                                   "Prometheus exposition (text/plain; version=0.0.4) or query_range JSON (application/json)";

    /// <summary>The format by file extension; null for a file that is not telemetry.</summary>
    public static TelemetryFormat? FromExtension(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => TelemetryFormat.NvidiaSmiCsv,
        ".xml" => TelemetryFormat.NvidiaSmiXml,
        ".json" => TelemetryFormat.PrometheusQueryRange,
        ".prom" or ".metrics" or ".txt" => TelemetryFormat.PrometheusText,
        _ => null,
    };

    public static string Extension(TelemetryFormat format) => format switch
    {
        TelemetryFormat.NvidiaSmiXml => ".xml",
        TelemetryFormat.PrometheusQueryRange => ".json",
        TelemetryFormat.PrometheusText => ".prom",
        _ => ".csv",
    };

    /// <summary>
    /// The format of a push: a specific Content-Type decides (text/csv, application/xml or text/xml, application/json,
    /// application/openmetrics-text or text/plain with a version); a generic one (none, text/plain, octet-stream, the
    /// form type curl sends by default) lets the first bytes decide ('&lt;' XML, '{' JSON, '#' or a metric line exposition,
    /// else CSV, as pushes were before). Null for any other Content-Type (415).
    /// </summary>
    public static TelemetryFormat? Detect(string? contentType, ReadOnlySpan<byte> body)
    {
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "text/csv" => TelemetryFormat.NvidiaSmiCsv,
            "application/xml" or "text/xml" => TelemetryFormat.NvidiaSmiXml,
            "application/json" => TelemetryFormat.PrometheusQueryRange,
            "application/openmetrics-text" => TelemetryFormat.PrometheusText,
            "text/plain" when contentType!.Contains("version=", StringComparison.OrdinalIgnoreCase) => TelemetryFormat.PrometheusText,
            "" or "text/plain" or "application/octet-stream" or "application/x-www-form-urlencoded" => Sniff(body),
            _ => null,
        };
    }

    private static TelemetryFormat Sniff(ReadOnlySpan<byte> body)
    {
        // Decoded as the parsers will decode it (UTF-8, or the encoding of a UTF-16/32 byte order mark).
        using var reader = new StreamReader(new MemoryStream(body[..Math.Min(body.Length, 4096)].ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd().TrimStart();
        if (text.StartsWith('<')) return TelemetryFormat.NvidiaSmiXml;
        if (text.StartsWith('{')) return TelemetryFormat.PrometheusQueryRange;
        var firstLine = text.Split('\n')[0];
        return text.StartsWith('#') || firstLine.StartsWith("DCGM_", StringComparison.Ordinal) || firstLine.StartsWith("nvidia_smi_", StringComparison.Ordinal)
            ? TelemetryFormat.PrometheusText
            : TelemetryFormat.NvidiaSmiCsv;
    }

    /// <summary>
    /// Parses one document into <paramref name="builder"/>: bad rows and snapshots are quarantined on it; a document
    /// that cannot be read at all throws a <see cref="TelemetryFormatException"/> naming <paramref name="sourceName"/>.
    /// <paramref name="host"/> is the machine of formats without one (and of exposition series without a host label);
    /// <paramref name="scrapeTime"/> stamps exposition lines without a timestamp.
    /// </summary>
    public static void Parse(TelemetryFormat format, Stream body, string host, string sourceName, DateTimeOffset scrapeTime,
        TelemetryBuilder builder, PrometheusLabelMap? labels = null)
    {
        if (format == TelemetryFormat.PrometheusQueryRange)
        {
            // One JSON document is parsed whole: a file beyond the bound is refused before it is (never OutOfMemory).
            if (body.CanSeek && body.Length > MaxJsonBytes)
                throw new TelemetryFormatException(sourceName, null, null, $"a query_range answer larger than {MaxJsonBytes / (1 << 20)} MB: query a shorter range or a coarser step.");
            PrometheusQueryRangeParser.Parse(body, sourceName, builder, labelMap: labels);
            return;
        }
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        switch (format)
        {
            case TelemetryFormat.NvidiaSmiXml: NvidiaSmiXmlParser.Parse(reader, host, sourceName, builder); break;
            case TelemetryFormat.PrometheusText: PrometheusTextParser.Parse(reader, sourceName, scrapeTime, builder, labels, fallbackHost: host); break;
            default: NvidiaSmiCsvParser.Parse(reader, host, sourceName, builder); break;
        }
    }
}
