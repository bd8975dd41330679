using System.Globalization;

namespace Guardrails.Core.Common;

/// <summary>
/// One CSV field as every CSV Guardrails writes spells it (RFC 4180): a field with a comma, quote, CR or LF is quoted,
/// quotes doubled. A text that a spreadsheet would run as a formula — it starts with <c>=</c>, <c>+</c>, <c>-</c>,
/// <c>@</c>, a tab or a CR and is not a number — gets a leading apostrophe: team names, tags and resource names come from
/// whoever can tag a resource, and finance opens these files in Excel (OWASP "CSV injection").
/// </summary>
public static class CsvField
{
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
