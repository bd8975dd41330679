using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Guardrails.Core.Common;

namespace Guardrails.Core.Telemetry;

/// <summary>
/// Reads <c>nvidia-smi -q -x</c> output: one <c>&lt;nvidia_smi_log&gt;</c> snapshot, or many appended to one file
/// (<c>nvidia-smi -q -x -l 60 &gt;&gt; gpu.xml</c>, what telegraf's nvidia_smi input reads). Each snapshot's
/// <c>&lt;timestamp&gt;</c> (ctime style, <c>Fri Aug  4 11:44:30 2023</c>, local time without a zone: taken as
/// <paramref name="utcOffset"/> in <see cref="Parse"/>, UTC by default, as the CSV reader does) stamps every
/// <c>&lt;gpu&gt;</c> in it: its index (<c>minor_number</c>, else <c>uuid</c>, else the PCI id), <c>product_name</c>,
/// <c>utilization/gpu_util</c>, the GPU's own <c>fb_memory_usage</c> (not its MIG devices') and <c>power_draw</c>
/// (<c>power_readings</c>, or <c>gpu_power_readings</c> on newer drivers). <c>N/A</c> and bracketed placeholders are
/// unknown, never zero. The DOCTYPE is never read (no DTD, no entity expansion). A snapshot or GPU that cannot be read
/// is quarantined with its line and the rest of the file is read; a file with no snapshot at all throws.
/// </summary>
public static class NvidiaSmiXmlParser
{
    private const string Root = "<nvidia_smi_log";
    private const string RootEnd = "</nvidia_smi_log>";

    /// <summary>A snapshot longer than this (one of 8 GPUs is about 100 KB) is quarantined unread.</summary>
    public const int MaxSnapshotChars = 16 << 20;

    /// <summary>
    /// Reads the file as a stream, one snapshot at a time (never the whole file: <c>-l 60 &gt;&gt; gpu.xml</c> grows by
    /// gigabytes a month), in lines bounded by <see cref="BoundedLineReader"/>.
    /// </summary>
    public static void Parse(TextReader reader, string host, string sourceName, TelemetryBuilder builder, TimeSpan utcOffset = default)
    {
        var lines = new BoundedLineReader(reader, sourceName);
        var snapshot = new Snapshot(sourceName, host, builder, utcOffset);
        string? line;
        while ((line = lines.ReadLine()) is not null) snapshot.Feed(line, lines.LineNumber);
        snapshot.Flush();
        if (!snapshot.Any) throw new TelemetryFormatException(sourceName, null, null, "no <nvidia_smi_log> snapshot (expected the output of nvidia-smi -q -x).");
    }

    /// <summary>The snapshot being gathered: from its <c>&lt;nvidia_smi_log</c> to its end tag or the next snapshot's start.</summary>
    private sealed class Snapshot(string sourceName, string host, TelemetryBuilder builder, TimeSpan utcOffset)
    {
        private readonly System.Text.StringBuilder _text = new();
        private long _firstLine = -1;
        private bool _tooLong;

        public bool Any { get; private set; }

        public void Feed(string line, long lineNo)
        {
            var rest = line.AsSpan();
            if (_firstLine >= 0) Append("\n"); // the snapshot goes on on this line: a cut at the file's end stays on its last line
            while (true)
            {
                if (_firstLine < 0)
                {
                    var at = rest.IndexOf(Root, StringComparison.Ordinal);
                    if (at < 0) return;
                    (_firstLine, Any) = (lineNo, true);
                    rest = rest[at..];
                }
                var next = rest.Length > Root.Length ? rest[1..].IndexOf(Root, StringComparison.Ordinal) : -1;
                var end = rest.IndexOf(RootEnd, StringComparison.Ordinal);
                var stop = end >= 0 && (next < 0 || end < next + 1) ? end + RootEnd.Length : next < 0 ? -1 : next + 1;
                Append(stop < 0 ? rest : rest[..stop]);
                if (stop < 0) return;
                Flush();
                rest = rest[stop..];
            }
        }

        private void Append(ReadOnlySpan<char> text)
        {
            if (_tooLong) return;
            if (_text.Length + text.Length > MaxSnapshotChars)
            {
                (_tooLong, _text.Length) = (true, 0);
                builder.Quarantine($"{sourceName}, line {_firstLine}: snapshot longer than {MaxSnapshotChars:N0} characters: not an nvidia-smi -q -x snapshot (snapshot quarantined)");
                return;
            }
            _text.Append(text);
        }

        public void Flush()
        {
            if (_firstLine < 0) return;
            if (!_tooLong)
            {
                try
                {
                    ReadSnapshot(_text.ToString(), (int)_firstLine, host, sourceName, builder, utcOffset);
                }
                catch (TelemetryFormatException e)
                {
                    builder.Quarantine(e.Message + " (snapshot quarantined)");
                }
            }
            (_text.Length, _firstLine, _tooLong) = (0, -1, false);
        }
    }

    private static readonly XmlReaderSettings s_settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, // the snapshot is cut after its DOCTYPE: an entity inside it is an error, never expanded
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static void ReadSnapshot(string xml, int firstLine, string host, string sourceName, TelemetryBuilder builder, TimeSpan utcOffset)
    {
        XElement log;
        try
        {
            using var xmlReader = XmlReader.Create(new StringReader(xml), s_settings);
            log = XElement.Load(xmlReader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new TelemetryFormatException(sourceName, firstLine + e.LineNumber - 1, null, $"not well-formed XML (the snapshot that starts on line {firstLine}): {FirstSentence(e.Message)}");
        }

        var timestampElement = log.Element("timestamp");
        var timestamp = Timestamp(timestampElement?.Value, utcOffset)
            ?? throw new TelemetryFormatException(sourceName, LineOf(timestampElement, firstLine), "timestamp",
                $"'{timestampElement?.Value.Trim()}' is not an nvidia-smi timestamp (e.g. Fri Aug  4 11:44:30 2023).");
        foreach (var gpu in log.Elements("gpu"))
        {
            try
            {
                AddGpu(gpu, firstLine, host, sourceName, timestamp, builder);
            }
            catch (TelemetryFormatException e)
            {
                builder.Quarantine(e.Message + " (GPU reading quarantined)");
            }
        }
    }

    /// <summary>One GPU of a snapshot: every value is read first, so a reading is taken whole or quarantined whole.</summary>
    private static void AddGpu(XElement gpu, int firstLine, string host, string sourceName, DateTimeOffset timestamp, TelemetryBuilder builder)
    {
        var line = LineOf(gpu, firstLine);
        var id = Value(gpu.Element("minor_number")) ?? Value(gpu.Element("uuid")) ?? NonEmpty(gpu.Attribute("id")?.Value)
            ?? throw new TelemetryFormatException(sourceName, line, "minor_number", "no GPU identity (minor_number, uuid or id).");
        var model = Value(gpu.Element("product_name"));
        var memory = gpu.Element("fb_memory_usage");
        var power = gpu.Element("power_readings") ?? gpu.Element("gpu_power_readings");
        var util = Number(gpu.Element("utilization")?.Element("gpu_util"), "utilization/gpu_util", "%", sourceName, firstLine);
        var used = Number(memory?.Element("used"), "fb_memory_usage/used", "MiB", sourceName, firstLine);
        var total = Number(memory?.Element("total"), "fb_memory_usage/total", "MiB", sourceName, firstLine);
        var watts = Number(power?.Element("power_draw"), "power_draw", "W", sourceName, firstLine);
        builder.Add(host, id, model, timestamp, GpuField.Utilization, util);
        builder.Add(host, id, model, timestamp, GpuField.MemoryUsedMiB, used);
        builder.Add(host, id, model, timestamp, GpuField.MemoryTotalMiB, total);
        builder.Add(host, id, model, timestamp, GpuField.PowerWatts, watts);
    }

    /// <summary>"Fri Aug  4 11:44:30 2023" (any run of spaces) in the recording's zone, as UTC; null when it is not one.</summary>
    internal static DateTimeOffset? Timestamp(string? text, TimeSpan utcOffset)
    {
        if (text is null) return null;
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!DateTime.TryParseExact(string.Join(' ', words), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), utcOffset).ToUniversalTime();
    }

    /// <summary>"12 MiB", "0 %", "67.03 W" → the number (in the expected unit); N/A or a placeholder → null; anything else is an error.</summary>
    private static decimal? Number(XElement? element, string field, string unit, string sourceName, int firstLine)
    {
        if (Value(element) is not { } text) return null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 2 || (parts.Length == 2 && parts[1] != unit) ||
            !DecimalText.TryParse(parts[0], out var value))
            throw new TelemetryFormatException(sourceName, LineOf(element, firstLine), field, $"'{text}' is not a number in {unit}.");
        return value;
    }

    private static string? Value(XElement? element) =>
        NonEmpty(element?.Value.Trim()) is { } v && !NvidiaSmiCsvParser.IsPlaceholder(v) && !v.Equals("None", StringComparison.OrdinalIgnoreCase) ? v : null;

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int LineOf(XElement? element, int firstLine) =>
        element is IXmlLineInfo info && info.HasLineInfo() ? firstLine + info.LineNumber - 1 : firstLine;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..(cut + 1)] : message;
    }
}
