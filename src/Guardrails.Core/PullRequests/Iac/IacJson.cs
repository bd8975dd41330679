using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Guardrails.Core.PullRequests.Iac;

/// <summary>A known IaC value (objects, lists, texts, numbers, booleans, null) as JSON text: how a template written as a
/// value (Terraform's <c>jsonencode({…})</c>, a Bicep deployment's <c>properties.template</c>) is handed to the ARM reader.</summary>
internal static class IacJson
{
    /// <summary>The JSON text of <paramref name="value"/>; null when a part of it is not known (or nested deeper than 64).</summary>
    public static string? Write(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
            if (!Write(w, value, 0)) return null;
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool Write(Utf8JsonWriter w, object? value, int depth)
    {
        if (depth > 64) return false;
        switch (value)
        {
            case null: w.WriteNullValue(); return true;
            case string s: w.WriteStringValue(s); return true;
            case bool b: w.WriteBooleanValue(b); return true;
            case decimal d: w.WriteNumberValue(d); return true;
            case IReadOnlyDictionary<string, object?> d:
                w.WriteStartObject();
                foreach (var (key, item) in d)
                {
                    w.WritePropertyName(key);
                    if (!Write(w, item, depth + 1)) return false;
                }
                w.WriteEndObject();
                return true;
            case IEnumerable<object?> items:
                w.WriteStartArray();
                foreach (var item in items)
                    if (!Write(w, item, depth + 1)) return false;
                w.WriteEndArray();
                return true;
            case int or long or double:
                w.WriteNumberValue(((IConvertible)value).ToDecimal(CultureInfo.InvariantCulture));
                return true;
            default:
                return false; // an unknown value
        }
    }
}
