using System.Globalization;

namespace Guardrails.Core.Common;

/// <summary>
/// Money, the one place it is rounded and written: cents (half away from zero), a list rounded so its parts add up to
/// its rounded whole, and the four ways Guardrails writes an amount — <see cref="Format"/> in PR comments and checks
/// ("$1,234.56", "EUR 1,234.56"), <see cref="WithSymbol"/> in reports and the dashboard ("€1,234.56", "-$12.00"),
/// <see cref="WithCode"/> on alert cards ("1,234.56 USD") and <see cref="Amount"/> in tables with a currency column.
/// All invariant culture; never two currencies added (callers group by currency first).
/// </summary>
public static class Money
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Rounds each value to cents so that the rounded values add up exactly to the rounded sum
    /// (largest-remainder method); the values that rounding moved least absorb the leftover cents.
    /// </summary>
    public static decimal[] RoundPreservingSum(IReadOnlyList<decimal> values)
    {
        var result = new decimal[values.Count];
        if (values.Count == 0) return result;
        var target = Cents(values.Sum());
        for (var i = 0; i < values.Count; i++) result[i] = Math.Floor(values[i] * 100m) / 100m;
        var leftoverCents = (int)Math.Round((target - result.Sum()) * 100m);
        var order = Enumerable.Range(0, values.Count)
            .OrderByDescending(i => values[i] * 100m - Math.Floor(values[i] * 100m)).ThenBy(i => i).ToArray();
        for (var k = 0; k < Math.Abs(leftoverCents); k++)
            result[order[k % order.Length]] += Math.Sign(leftoverCents) * 0.01m;
        return result;
    }

    /// <summary>"1,234.56": cents with thousands separators, for a column whose currency is written beside it.</summary>
    public static string Amount(decimal value) => Cents(value).ToString("N2", s_inv);

    /// <summary>"1,234.56 USD".</summary>
    public static string WithCode(decimal value, string currency) => Amount(value) + " " + currency;

    /// <summary>"0.0184 USD": a unit price (per GB-month, per hour), every significant digit up to six places, never rounded to cents.</summary>
    public static string UnitPrice(decimal value, string currency) => value.ToString("0.00####", s_inv) + " " + currency;

    /// <summary>"0.7713 USD/h", "98.32 USD/h": an hourly rate, to the 1/100 of a cent the price lists give (not rounded to cents).</summary>
    public static string HourlyRate(decimal value, string currency) => value.ToString("#,0.00##", s_inv) + " " + currency + "/h";

    /// <summary>"$1,234.56" for US dollars, else "EUR 1,234.56" (PR comments, check runs, the estimate).</summary>
    public static string Format(decimal value, string currency) =>
        (currency == "USD" ? "$" : currency + " ") + decimal.Round(value, 2).ToString("#,##0.00", s_inv);

    /// <summary>"+$12.00", "-$3.50", "±$0.00": a change.</summary>
    public static string FormatSigned(decimal value, string currency) =>
        (value > 0 ? "+" : value < 0 ? "-" : "±") + Format(Math.Abs(value), currency);

    public static string Symbol(string currency) => currency.ToUpperInvariant() switch
    {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        _ => currency + " ",
    };

    /// <summary>"$1,234.56", "-$12.00", "CHF 3.10" (reports, the dashboard).</summary>
    public static string WithSymbol(decimal value, string currency) =>
        (value < 0 ? "-" : "") + Symbol(currency) + Amount(Math.Abs(value));

    /// <summary>Short money for chart axes: "$1.2k", "$3.4M".</summary>
    public static string Short(decimal value, string currency)
    {
        var a = Math.Abs(value);
        var s = a >= 1_000_000m ? (a / 1_000_000m).ToString("0.#", s_inv) + "M"
            : a >= 10_000m ? (a / 1000m).ToString("0", s_inv) + "k"
            : a >= 1000m ? (a / 1000m).ToString("0.#", s_inv) + "k"
            : a.ToString(a >= 100 ? "0" : "0.##", s_inv);
        return (value < 0 ? "-" : "") + Symbol(currency) + s;
    }

    /// <summary>"1234.56": cents as written in CSV, no thousands separator.</summary>
    public static string CentsText(decimal value) => Cents(value).ToString("0.00", s_inv);
}
