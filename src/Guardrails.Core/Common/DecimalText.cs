using System.Globalization;

namespace Guardrails.Core.Common;

/// <summary>
/// The one way a number written as text (a file's field, a command-line option) becomes a <see cref="decimal"/>:
/// invariant culture, plain or exponent form (<c>0.096</c>, <c>7e9</c>, <c>5.64902E-05</c>). What it refuses, it says why,
/// in words: empty, a NUL character (.NET's own parser ignores trailing NULs, so <c>1.5\0</c> would be 1.5), NaN or
/// Infinity (no decimal has them), or a value beyond the decimal range (<c>1e400</c>, <c>2^96</c>), naming the limit.
/// </summary>
public static class DecimalText
{
    /// <summary>The largest magnitude a decimal holds, as users read it.</summary>
    public const string Limit = "79,228,162,514,264,337,593,543,950,335 (about 7.9e28)";

    public static bool TryParse(ReadOnlySpan<char> text, out decimal value) => TryParse(text, out value, out _);

    /// <summary>The value, or false and <paramref name="why"/> (a phrase: "is too large: the limit is …").</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value, out string why)
    {
        why = "";
        if (!text.Contains('\0') && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        value = 0;
        why = Why(text);
        return false;
    }

    private static string Why(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        if (t.IsEmpty) return "is empty: give a number";
        if (t.Contains('\0')) return "holds a NUL character: not a number";
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return "is not a number";
        if (double.IsNaN(d)) return "is NaN: not a number";
        var digits = t.TrimStart("+-");
        if (double.IsInfinity(d) && !(digits.Length > 0 && (char.IsAsciiDigit(digits[0]) || digits[0] == '.')))
            return "is Infinity: not a number";
        return d < 0 ? $"is too large a negative number: the limit is -{Limit}" : $"is too large: the limit is {Limit}";
    }
}
