namespace Guardrails.Core.Allocation;

/// <summary>
/// Splits an amount by weights so that the parts add up to the amount EXACTLY (decimal, no rounding loss):
/// largest-remainder apportionment at the amount's own precision (at least <c>minScale</c> decimals).
/// Negative amounts (refunds, credits) are split like positive ones and negated.
/// </summary>
public static class MoneySplit
{
    /// <param name="amount">What to split.</param>
    /// <param name="weights">Non-negative weights with a positive sum, one per part.</param>
    /// <param name="parts">Receives the parts (same length as <paramref name="weights"/>).</param>
    /// <param name="minScale">The coarsest quantum: 2 = cents; the amount's own scale is used when finer.</param>
    public static void Split(decimal amount, ReadOnlySpan<decimal> weights, Span<decimal> parts, int minScale = 2)
    {
        var total = CheckedTotal(weights, parts);
        var n = weights.Length;
        if (n == 1) { parts[0] = amount; return; }
        if (amount == 0) { parts.Clear(); return; }

        var a = Math.Abs(amount);
        var scale = Math.Min(28, Math.Max(minScale, (int)a.Scale));
        var quantum = new decimal(1, 0, 0, false, (byte)scale);
        Span<decimal> remainders = n <= 64 ? stackalloc decimal[n] : new decimal[n];
        var assigned = FloorShares(a, weights, total, scale, parts, remainders);

        // The leftover is a whole number of quanta (the amount and every part have scale <= scale).
        var leftover = HandOutLeftover(a - assigned, quantum, weights, parts, remainders);
        TakeBackExcess(leftover, quantum, parts, remainders);

        if (amount < 0)
            for (var i = 0; i < n; i++) parts[i] = -parts[i];
    }

    /// <summary>The sum of the weights, after checking there is one part per weight and the weights can split.</summary>
    private static decimal CheckedTotal(ReadOnlySpan<decimal> weights, Span<decimal> parts)
    {
        if (parts.Length != weights.Length) throw new ArgumentException("One part per weight.", nameof(parts));
        if (weights.Length == 0) throw new ArgumentException("At least one weight is needed.", nameof(weights));
        var total = 0m;
        foreach (var w in weights)
        {
            if (w < 0) throw new ArgumentOutOfRangeException(nameof(weights), "Weights must not be negative.");
            total += w;
        }
        if (total <= 0) throw new ArgumentOutOfRangeException(nameof(weights), "Weights must have a positive sum.");
        return total;
    }

    /// <summary>Gives each part its exact share rounded toward zero at <paramref name="scale"/>; returns what was given.</summary>
    private static decimal FloorShares(decimal a, ReadOnlySpan<decimal> weights, decimal total, int scale, Span<decimal> parts, Span<decimal> remainders)
    {
        var assigned = 0m;
        for (var i = 0; i < weights.Length; i++)
        {
            var exact = a * (weights[i] / total);
            var floor = Math.Round(exact, scale, MidpointRounding.ToZero);
            parts[i] = floor;
            remainders[i] = exact - floor;
            assigned += floor;
        }
        return assigned;
    }

    /// <summary>Hands the leftover out one quantum at a time, largest remainder first; returns what is left (below a quantum).</summary>
    private static decimal HandOutLeftover(decimal leftover, decimal quantum, ReadOnlySpan<decimal> weights, Span<decimal> parts, Span<decimal> remainders)
    {
        while (leftover >= quantum)
        {
            var best = -1;
            for (var i = 0; i < weights.Length; i++)
                if (weights[i] > 0 && (best < 0 || remainders[i] > remainders[best])) best = i;
            parts[best] += quantum;
            remainders[best] -= quantum; // never picked twice before the others with a larger remainder
            leftover -= quantum;
        }
        return leftover;
    }

    /// <summary>Σ(weight/total) can exceed 1 by a rounding hair: takes the excess back from the smallest remainders.</summary>
    private static void TakeBackExcess(decimal leftover, decimal quantum, Span<decimal> parts, Span<decimal> remainders)
    {
        while (leftover < 0)
        {
            var worst = -1;
            for (var i = 0; i < parts.Length; i++)
                if (parts[i] >= quantum && (worst < 0 || remainders[i] < remainders[worst])) worst = i;
            parts[worst] -= quantum;
            remainders[worst] += quantum;
            leftover += quantum;
        }
    }
}
