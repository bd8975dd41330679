using System.Text.Json;

namespace Guardrails.Core.Telemetry;

/// <summary>
/// A telemetry JSON document that parses but has another shape than expected (an array where an object belongs, a
/// string where a number does, a missing property, a number beyond range) makes <see cref="JsonElement"/> throw
/// several exception types; they all mean "this file is not what it claims", so they become one
/// <see cref="TelemetryFormatException"/> naming the file and the JSON path, which the readers quarantine.
/// </summary>
internal static class JsonShape
{
    public static bool IsShapeError(Exception e) =>
        e is InvalidOperationException or KeyNotFoundException or OverflowException or ArgumentException or IndexOutOfRangeException
            or JsonException || (e is FormatException && e is not TelemetryFormatException);

    public static TelemetryFormatException Error(string source, string path, Exception e) =>
        new(source, null, path, $"unexpected JSON shape: {e.Message}");
}
