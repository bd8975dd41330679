using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Telemetry;

/// <summary>
/// Reads <c>nvidia-smi --query-gpu=... --format=csv</c> output (with or without <c>nounits</c>): separator ", ",
/// units in the header (<c>memory.used [MiB]</c>) and in every value (<c>19818 MiB</c>, <c>100 %</c>), <c>[N/A]</c>
/// and other bracketed placeholders (MIG, unsupported fields) as unknown, timestamps <c>2026/07/14 08:12:53.353</c>
/// without a zone (taken as <paramref name="utcOffset"/>, UTC by default). Columns are mapped by name, so any
/// field list and order works; repeated headers (several captures appended to one file) are accepted.
/// A bad data row (a value that is not a number, such as <c>NaN</c>; a bad timestamp; missing values) is quarantined on
/// the builder with its line and field and the rest of the file is read: a row that is not a reading is unknown, which
/// the idle rule's coverage already treats as not idle. A file without a usable header throws.
/// </summary>
public static class NvidiaSmiCsvParser
{
    private static readonly string[] s_timestampFormats =
        ["yyyy/MM/dd HH:mm:ss.fff", "yyyy/MM/dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss"];

    public static void Parse(TextReader reader, string host, string sourceName, TelemetryBuilder builder, TimeSpan utcOffset = default)
    {
        Dictionary<string, int>? columns = null;
        var lines = new BoundedLineReader(reader, sourceName);
        string? line;
        while ((line = lines.ReadLine()) is not null)
        {
            var lineNo = lines.LineNumber;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var cells = Split(line);
            if (cells.Any(c => c.Equals("timestamp", StringComparison.OrdinalIgnoreCase) || c.StartsWith("utilization.gpu", StringComparison.OrdinalIgnoreCase)))
            {
                columns = Header(cells, sourceName, lineNo);
                continue;
            }
            if (columns is null)
                throw new TelemetryFormatException(sourceName, lineNo, null, "data before the CSV header (run nvidia-smi without 'noheader').");
            try
            {
                AddRow(cells, columns, host, sourceName, lineNo, builder, utcOffset);
            }
            catch (TelemetryFormatException e)
            {
                builder.Quarantine(e.Message + " (row quarantined)");
            }
        }
        if (columns is null) throw new TelemetryFormatException(sourceName, null, null, "no nvidia-smi CSV header found.");
    }

    /// <summary>Column name (without its unit in brackets) → index; the timestamp and utilization.gpu columns are required.</summary>
    private static Dictionary<string, int> Header(string[] cells, string sourceName, long lineNo)
    {
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < cells.Length; i++)
        {
            var name = cells[i];
            var bracket = name.IndexOf(" [", StringComparison.Ordinal);
            columns.TryAdd(bracket > 0 ? name[..bracket] : name, i);
        }
        if (!columns.ContainsKey("timestamp"))
            throw new TelemetryFormatException(sourceName, lineNo, "timestamp", "the header has no timestamp column (use --query-gpu=timestamp,...).");
        if (!columns.ContainsKey("utilization.gpu"))
            throw new TelemetryFormatException(sourceName, lineNo, "utilization.gpu", "the header has no utilization.gpu column: no work signal.");
        return columns;
    }

    /// <summary>One data row: every value is parsed first, so a row is taken whole or quarantined whole.</summary>
    private static void AddRow(string[] cells, Dictionary<string, int> columns, string host, string sourceName, long lineNo,
        TelemetryBuilder builder, TimeSpan utcOffset)
    {
        if (cells.Length < columns.Count)
            throw new TelemetryFormatException(sourceName, lineNo, null, $"expected {columns.Count} values, found {cells.Length}.");

        var tsText = cells[columns["timestamp"]];
        if (!DateTime.TryParseExact(tsText, s_timestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            throw new TelemetryFormatException(sourceName, lineNo, "timestamp", $"'{tsText}' is not an nvidia-smi timestamp (yyyy/MM/dd HH:mm:ss.fff).");
        var ts = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), utcOffset).ToUniversalTime();

        var gpu = Cell(cells, columns, "index") ?? Cell(cells, columns, "uuid") ?? Cell(cells, columns, "pci.bus_id")
            ?? throw new TelemetryFormatException(sourceName, lineNo, "index", "no GPU identity (index, uuid or pci.bus_id).");
        var model = Cell(cells, columns, "name");

        // Every value first: a row is taken whole or quarantined whole.
        var util = Number(cells, columns, "utilization.gpu", sourceName, lineNo);
        var used = Number(cells, columns, "memory.used", sourceName, lineNo);
        var total = Number(cells, columns, "memory.total", sourceName, lineNo);
        var power = Number(cells, columns, "power.draw", sourceName, lineNo);
        builder.Add(host, gpu, model, ts, GpuField.Utilization, util);
        builder.Add(host, gpu, model, ts, GpuField.MemoryUsedMiB, used);
        builder.Add(host, gpu, model, ts, GpuField.MemoryTotalMiB, total);
        builder.Add(host, gpu, model, ts, GpuField.PowerWatts, power);
    }

    private static string[] Split(string line)
    {
        var parts = line.Split(',');
        for (var i = 0; i < parts.Length; i++) parts[i] = parts[i].Trim();
        return parts;
    }

    private static string? Cell(string[] cells, Dictionary<string, int> columns, string name)
    {
        if (!columns.TryGetValue(name, out var i) || i >= cells.Length) return null;
        var v = cells[i];
        return v.Length == 0 || IsPlaceholder(v) ? null : v;
    }

    /// <summary>"[N/A]", "[Not Supported]", "[Requested functionality has been deprecated]", "N/A": unknown.</summary>
    public static bool IsPlaceholder(string value) =>
        value.StartsWith('[') || value.Equals("N/A", StringComparison.OrdinalIgnoreCase);

    private static decimal? Number(string[] cells, Dictionary<string, int> columns, string name, string source, long line)
    {
        var text = Cell(cells, columns, name);
        if (text is null) return null;
        var space = text.IndexOf(' ');
        var number = space > 0 ? text[..space] : text; // "19818 MiB", "100 %", "631.95 W"
        if (!DecimalText.TryParse(number, out var value, out var why))
            throw new TelemetryFormatException(source, line, name, $"'{text}' {why}.");
        return value;
    }
}
