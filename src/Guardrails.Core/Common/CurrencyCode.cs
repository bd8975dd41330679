namespace Guardrails.Core.Common;

/// <summary>ISO 4217 alphabetic currency codes as every input gives them: three ASCII letters, any case, spaces around.</summary>
public static class CurrencyCode
{
    /// <summary>The code in upper case, or null when the text is not three ASCII letters (<c>$</c>, <c>US Dollars</c>, <c>€</c>).</summary>
    public static string? Normalize(string? text)
    {
        var code = text.AsSpan().Trim();
        return code.Length == 3 && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1]) && char.IsAsciiLetter(code[2])
            ? code.ToString().ToUpperInvariant()
            : null;
    }

    public static bool IsValid(string? text) => Normalize(text) is not null;
}
