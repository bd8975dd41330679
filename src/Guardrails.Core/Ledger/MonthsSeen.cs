using System.Runtime.InteropServices;

namespace Guardrails.Core.Ledger;

/// <summary>The months the aggregated rows fall in, each with the last day seen: fixed monthly costs are added up to it.</summary>
internal sealed class MonthsSeen
{
    private readonly Dictionary<int, int> _lastDayOfMonth = new(); // month number → last day number seen
    private int _lastDayAdded = int.MinValue;

    public void Add(DateOnly day)
    {
        var dayNumber = day.DayNumber;
        if (dayNumber == _lastDayAdded) return; // rows come day after day: one lookup per day, not per row
        _lastDayAdded = dayNumber;
        Extend(day.Year * 12 + day.Month - 1, dayNumber);
    }

    public void MergeFrom(MonthsSeen later)
    {
        foreach (var (month, lastDay) in later._lastDayOfMonth) Extend(month, lastDay);
        _lastDayAdded = int.MinValue;
    }

    /// <summary>Each month's first day and the day number of the last day seen in it.</summary>
    public IEnumerable<(DateOnly First, int LastDay)> Months =>
        _lastDayOfMonth.Select(m => (new DateOnly(m.Key / 12, m.Key % 12 + 1, 1), m.Value));

    private void Extend(int month, int dayNumber)
    {
        ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastDayOfMonth, month, out var seen);
        if (!seen || dayNumber > last) last = dayNumber;
    }
}
