namespace Guardrails.Core.Budgets;

/// <summary>Robust statistics on decimals (money stays decimal end to end).</summary>
public static class DecimalMath
{
    public static decimal Median(IReadOnlyList<decimal> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2m;
    }

    /// <summary>Median absolute deviation from the median.</summary>
    public static decimal MedianAbsoluteDeviation(IReadOnlyList<decimal> values, decimal median) =>
        Median(values.Select(v => Math.Abs(v - median)).ToArray());

    /// <summary>Square root by Newton's method (a double only seeds the first guess).</summary>
    public static decimal Sqrt(decimal value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value));
        if (value == 0) return 0;
        var x = (decimal)Math.Sqrt((double)value);
        for (var i = 0; i < 8; i++)
        {
            if (x == 0) break;
            var next = (x + value / x) / 2m;
            if (next == x) break;
            x = next;
        }
        return x;
    }
}
