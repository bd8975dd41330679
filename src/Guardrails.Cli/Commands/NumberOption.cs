
namespace Guardrails.Cli.Commands;

/// <summary>
/// The one parser of every numeric command-line option (<c>plan --params/--tokens/--mfu/--nodes</c>, <c>pipeline run
/// --parts/--consumers</c>, <c>serve/dashboard --port</c>, <c>estimate --fail-on increase:N</c>). Its message says what is
/// wrong: not a number (NaN, Infinity, text), too large (with the limit), negative or zero (with what is expected), not
/// a whole number. Numbers are read by <see cref="DecimalText"/>, as numbers in files are.
/// </summary>
internal static class NumberOption
{
    /// <summary>Null when <paramref name="text"/> is a number in [<paramref name="min"/>, <paramref name="max"/>] (above
    /// <paramref name="min"/> when <paramref name="minExcluded"/>); else why not, as "'text' is …".</summary>
    public static string? Check(string? text, decimal min, bool minExcluded, decimal max, bool whole, out decimal value)
    {
        var shown = $"'{text}'";
        var tooLarge = $"{shown} is too large: the limit is {max:#,0.##########}";
        if (!DecimalText.TryRead(text, out value, out var problem))
            return problem switch
            {
                DecimalText.Problem.TooLarge => tooLarge,
                DecimalText.Problem.TooLargeNegative => $"{shown} is negative",
                _ => $"{shown} {DecimalText.Phrase(problem)}",
            };
        var expected = minExcluded && min == 0 ? "a positive number" : $"a {(whole ? "whole " : "")}number of {min:0.##########} or more";
        if (value < min || (minExcluded && value == min))
            return value < 0 ? $"{shown} is negative: give {expected}" : value == 0 ? $"{shown} is zero: give {expected}" : $"{shown} is below the minimum: give {expected}";
        if (value > max) return tooLarge;
        if (whole && decimal.Truncate(value) != value) return $"{shown} is not a whole number";
        return null;
    }

    /// <summary>A positive decimal option, or false after one "error: option: …" line on standard error.</summary>
    public static bool TryPositive(string? text, string option, out decimal value, decimal max = decimal.MaxValue)
    {
        if (Check(text, 0m, minExcluded: true, max, whole: false, out value) is not { } error) return true;
        Console.Error.WriteLine($"error: {option}: {error}");
        return false;
    }
}

/// <summary>Reads a whole-number option through <see cref="NumberOption"/>; a bad value is a usage error that says why.</summary>
internal abstract class WholeNumberConverter(int min, int max) : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, System.Globalization.CultureInfo? culture, object value) =>
        NumberOption.Check(value as string, min, minExcluded: false, max, whole: true, out var n) is { } error
            ? throw new NumberOptionException(error)
            : (object)(int)n;
}

/// <summary>A count of things (VMs, parts, consumers): 1 or more.</summary>
internal sealed class CountConverter() : WholeNumberConverter(1, int.MaxValue);

/// <summary>A TCP port: 0 (any free port) to 65535.</summary>
internal sealed class PortConverter() : WholeNumberConverter(0, 65535);

/// <summary>A numeric option's value is wrong; the message says why.</summary>
internal sealed class NumberOptionException(string message) : FormatException(message);
