using System.Globalization;
using System.Runtime.CompilerServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>Parses numbers and dates the way real cost exports write them, from spans, without allocating.</summary>
internal static class ValueParser
{
    /// <summary>True for an empty (or blank) value and for the bare <c>NULL</c>/<c>null</c> token.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsNull(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return true;
        if (value.Length == 4 && (value[0] | 0x20) == 'n')
            return value.Equals("null", StringComparison.OrdinalIgnoreCase);
        return value.IsWhiteSpace();
    }

    /// <summary>
    /// Parses a decimal: plain (<c>-0.00000080000</c>) on a fast path, exponent form (<c>5.64902E-05</c>) and anything
    /// else <see cref="NumberStyles.Float"/> accepts through <see cref="decimal.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider?, out decimal)"/>.
    /// Thousands separators, currency symbols, NaN and infinities are rejected.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDecimal(ReadOnlySpan<char> s, out decimal value)
    {
        var i = 0;
        var n = s.Length;
        if (n == 0 || n > 40) return Slow(s, out value);
        var negative = false;
        if (s[0] == '-') { negative = true; i = 1; }
        else if (s[0] == '+') i = 1;
        ulong mantissa = 0;
        int digits = 0, scale = 0;
        var seenDot = false;
        var seenDigit = false;
        for (; i < n; i++)
        {
            var c = s[i];
            var d = (uint)(c - '0');
            if (d <= 9)
            {
                seenDigit = true;
                if (seenDot) scale++;
                if (mantissa == 0 && d == 0) continue;
                if (digits == 19) return Slow(s, out value);
                mantissa = mantissa * 10 + d;
                digits++;
            }
            else if (c == '.' && !seenDot) seenDot = true;
            else return Slow(s, out value);
        }

        if (!seenDigit || scale > 28) return Slow(s, out value);
        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative && mantissa != 0, (byte)scale);
        return true;
    }

    /// <summary>
    /// The general parse. .NET's number parser ignores trailing NUL characters (<c>1.5\0</c> would be 1.5): a value
    /// holding a NUL anywhere is not a number. A value beyond the decimal range (<c>1e30</c>) fails here too.
    /// Never inlined: the number parser's large stack frame (zeroed on every call) would be the fast path's too.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Slow(ReadOnlySpan<char> s, out decimal value)
    {
        if (s.Contains('\0'))
        {
            value = 0;
            return false;
        }

        return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Why a value that is not a decimal was refused, in the words a FinOps engineer would use for what a spreadsheet
    /// or a report tool wrote: a currency symbol, parentheses for a negative, a comma (a thousands separator and a
    /// decimal comma cannot be told apart: <c>1,500</c> is 1500 or 1.5), a percent sign. Called only for a rejected value.
    /// </summary>
    public static string NotANumberReason(ReadOnlySpan<char> s)
    {
        const string reason = "not a decimal number";
        s = s.Trim();
        foreach (var c in s)
        {
            if (char.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol)
                return $"{reason}: it holds the currency symbol '{c}'; write the amount alone (10100.00), the currency is BillingCurrency";
        }

        if (s.Length > 1 && s[0] == '(' && s[^1] == ')') return $"{reason}: parentheses for a negative amount; write -1.50";
        if (s.Contains(',')) return $"{reason}: it holds a ',' (a thousands separator and a decimal comma cannot be told apart: 1,500 is 1500 or 1.5); write plain digits with a '.' decimal point";
        if (s.EndsWith("%")) return $"{reason}: a percentage, not an amount";
        return reason;
    }

    /// <summary>
    /// Parses a date/time as UTC. Accepts <c>2024-09-01 00:00:00</c>, <c>2024-09-01T00:00:00Z</c>,
    /// <c>2024-09-01T00:00:00.0000000+00:00</c>, <c>2024-09-01</c> (no zone = UTC), and the US dates of legacy exports
    /// <c>09/21/2023</c>, <c>9/2/2023</c>, <c>5/1/25</c> (month first, optional time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseDate(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        s = s.Trim();
        if (s.Contains('\0'))
        {
            // .NET's date parser, like its number parser, ignores trailing NUL characters.
            value = default;
            return false;
        }

        if (s.Length >= 10 && s[4] == '-' && s[7] == '-' && TryParseIso(s, out value)) return true;
        if (s.IndexOf('/') > 0 && TryParseUs(s, out value)) return true;
        if (DateTimeOffset.TryParseExact(s, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value))
        {
            value = value.ToUniversalTime();
            return true;
        }

        value = default;
        return false;
    }

    private const int MaxOffsetMinutes = 14 * 60;

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-ddK",
        "M/d/yyyy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm", "yyyyMMdd",
        // Year first with slashes, as a spreadsheet in a Japanese, Chinese or Korean locale saves dates: unambiguous.
        "yyyy/M/d", "yyyy/M/d H:mm", "yyyy/M/d H:mm:ss",
    ];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseIso(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var p = 10;
        if (p < s.Length && (s[p] == 'T' || s[p] == ' '))
        {
            if (s.Length < p + 6 || !Digits(s, p + 1, 2, out hour) || s[p + 3] != ':' || !Digits(s, p + 4, 2, out minute)) return false;
            p += 6;
            if (p < s.Length && s[p] == ':')
            {
                if (!Digits(s, p + 1, 2, out second)) return false;
                p += 3;
                if (p < s.Length && s[p] == '.')
                {
                    p++;
                    var start = p;
                    long scaleTicks = TimeSpan.TicksPerSecond;
                    while (p < s.Length && (uint)(s[p] - '0') <= 9)
                    {
                        scaleTicks /= 10;
                        fractionTicks += (s[p] - '0') * scaleTicks;
                        p++;
                    }

                    if (p == start) return false;
                }
            }
        }

        var offset = TimeSpan.Zero;
        if (p < s.Length)
        {
            if (s[p] == 'Z' || s[p] == 'z') p++;
            else if ((s[p] == '+' || s[p] == '-') && s.Length >= p + 6 && Digits(s, p + 1, 2, out var oh) && s[p + 3] == ':' && Digits(s, p + 4, 2, out var om))
            {
                // ISO 8601 / .NET: offsets are at most ±14:00; minutes below 60.
                if (om > 59 || oh * 60 + om > MaxOffsetMinutes) return false;
                offset = new TimeSpan(oh, om, 0);
                if (s[p] == '-') offset = -offset;
                p += 6;
            }

            if (p != s.Length) return false;
        }

        if (month is < 1 or > 12 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - offset.Ticks;
        // 0001-01-01T00:00:00+01:00 or 9999-12-31T23:30:00-01:00: a local time whose UTC instant is outside the calendar.
        if (utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks) return false;
        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    private static bool TryParseUs(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        var p = 0;
        if (!Number(s, ref p, 2, out var month) || p >= s.Length || s[p++] != '/') return false;
        if (!Number(s, ref p, 2, out var day) || p >= s.Length || s[p++] != '/') return false;
        var yearStart = p;
        if (!Number(s, ref p, 4, out var year)) return false;
        var yearDigits = p - yearStart;
        if (yearDigits == 2) year += 2000;
        else if (yearDigits != 4) return false;
        if (p != s.Length) return false; // a time part goes through the exact formats
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        value = new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// True for a slash date that can only be day first: <c>15/01/2024</c>, <c>31/1/24 10:00</c> (first part 13–31,
    /// second 1–12). Such a date means the file was written day first, and then its <c>01/02/2024</c> means 1 February,
    /// which the month-first reading would take as 2 January. Called only for a date that did not parse.
    /// </summary>
    public static bool IsDayFirstDate(ReadOnlySpan<char> s)
    {
        s = s.Trim();
        var p = 0;
        if (!Number(s, ref p, 2, out var day) || p >= s.Length || s[p++] != '/') return false;
        if (!Number(s, ref p, 2, out var month) || p >= s.Length || s[p++] != '/') return false;
        var yearStart = p;
        Number(s, ref p, 4, out _);
        var yearDigits = p - yearStart;
        return day is >= 13 and <= 31 && month is >= 1 and <= 12 && yearDigits is 2 or 4 && (p == s.Length || s[p] == ' ');
    }

    private static bool Number(ReadOnlySpan<char> s, ref int p, int maxDigits, out int value)
    {
        value = 0;
        var start = p;
        while (p < s.Length && (uint)(s[p] - '0') <= 9 && p - start < maxDigits)
        {
            value = value * 10 + (s[p] - '0');
            p++;
        }

        return p > start;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }

        return true;
    }
}
