using Guardrails.Core.Configuration;

namespace Guardrails.Core.Allocation;

/// <summary>One day's share of a declared fixed cost, charged to the allocation the fixed cost names.</summary>
public readonly record struct FixedCostDay(int DayNumber, AllocationKey Allocation, string Name, string Currency, decimal Amount);

/// <summary>
/// The fixed-cost rule: a declared monthly cost that is not in the export (a support plan, a licence) is spread evenly
/// over the days of its month, cent-exact (the days of a month add up to its amount), and charged to the allocation
/// values it declares (the keys it does not name are unallocated).
/// </summary>
public static class FixedCostSpreader
{
    /// <summary>The daily shares of each fixed cost that applies to the month starting <paramref name="first"/>, from its
    /// first day to <paramref name="lastDay"/> (a day number: the last day of the month seen in the export).</summary>
    public static IEnumerable<FixedCostDay> Spread(CostAllocator allocator, IReadOnlyList<FixedCostConfig> fixedCosts, DateOnly first, int lastDay)
    {
        var daysInMonth = DateTime.DaysInMonth(first.Year, first.Month);
        var perDay = new decimal[daysInMonth];
        var equal = new decimal[daysInMonth];
        Array.Fill(equal, 1m);
        foreach (var fixedCost in fixedCosts)
        {
            if (!fixedCost.AppliesTo(first)) continue;
            var allocation = AllocationOf(allocator, fixedCost);
            MoneySplit.Split(fixedCost.MonthlyAmount, equal, perDay);
            var currency = string.Intern(fixedCost.Currency.Trim().ToUpperInvariant());
            var name = string.Intern(fixedCost.Name.Trim());
            for (var d = first.DayNumber; d <= lastDay; d++)
                yield return new FixedCostDay(d, allocation, name, currency, perDay[d - first.DayNumber]);
        }
    }

    private static AllocationKey AllocationOf(CostAllocator allocator, FixedCostConfig fixedCost)
    {
        var keyNames = allocator.KeyNames;
        var values = new string[keyNames.Count];
        for (var k = 0; k < values.Length; k++)
            values[k] = fixedCost.Allocation.FirstOrDefault(p => string.Equals(p.Key.Trim(), keyNames[k], StringComparison.OrdinalIgnoreCase)).Value is { } v
                ? allocator.NormalizeValue(k, v)
                : AllocationKey.Unallocated;
        return allocator.GetAllocationKey(values.Select(allocator.InternValue).ToArray());
    }
}
