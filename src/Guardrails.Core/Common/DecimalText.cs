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

    public static bool TryParse(ReadOnlySpan<char> text, out decimal value) => TryRead(text, out value, out _);

    /// <summary>The value, or false and <paramref name="why"/> (a phrase: "is too large: the limit is …").</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value, out string why)
    {
        var parsed = TryRead(text, out value, out var problem);
        why = parsed ? "" : Phrase(problem);
        return parsed;
    }

    /// <summary>What is wrong with a text that is not a decimal.</summary>
    public enum Problem { None, Empty, Nul, NotANumber, NaN, Infinity, TooLarge, TooLargeNegative }

    /// <summary>The value, or false and what is wrong with the text (<see cref="Phrase"/> says it in words).</summary>
    public static bool TryRead(ReadOnlySpan<char> text, out decimal value, out Problem problem)
    {
        problem = Problem.None;
        if (!text.Contains('\0') && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        value = 0;
        problem = Classify(text);
        return false;
    }

    private static Problem Classify(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        if (t.IsEmpty) return Problem.Empty;
        if (t.Contains('\0')) return Problem.Nul;
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return Problem.NotANumber;
        if (double.IsNaN(d)) return Problem.NaN;
        var digits = t.TrimStart("+-");
        if (double.IsInfinity(d) && !(digits.Length > 0 && (char.IsAsciiDigit(digits[0]) || digits[0] == '.'))) return Problem.Infinity;
        return d < 0 ? Problem.TooLargeNegative : Problem.TooLarge;
    }

    /// <summary>The problem as a phrase that follows the quoted text ("'1e400' is too large: the limit is …").</summary>
    public static string Phrase(Problem problem) => problem switch
    {
        Problem.Empty => "is empty: give a number",
        Problem.Nul => "holds a NUL character: not a number",
        Problem.NaN => "is NaN: not a number",
        Problem.Infinity => "is Infinity: not a number",
        Problem.TooLarge => $"is too large: the limit is {Limit}",
        Problem.TooLargeNegative => $"is too large a negative number: the limit is -{Limit}",
        _ => "is not a number",
    };
}
