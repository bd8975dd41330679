using System.Runtime.InteropServices;
using Guardrails.Core.Common;

namespace Guardrails.Core.Ledger;

/// <summary>
/// What one cost table knows about merging another worker's entries into its own (<see cref="CostTables.MergeInto"/>):
/// how a key is re-interned into this worker's pools, which currency it sums in, what an entry new to this table becomes,
/// and how an entry both tables have is combined. Implemented by structs, so the merge loop makes no virtual call.
/// </summary>
internal interface ICostEntryMerge<TKey, TSums>
{
    TKey Intern(TKey key);
    string CurrencyOf(TKey key);
    /// <summary>An entry only the later table has: the entry this table keeps.</summary>
    TSums Adopt(TSums later);
    /// <summary>An entry both tables have: the entry this table keeps, with both sums added.</summary>
    TSums Combine(TSums mine, TSums later);
}

/// <summary>
/// What the aggregate stage's keyed cost tables (resource-days, storage tiers) do alike: merge the table of another worker
/// of one parallel read, and hand their entries on as sorted rows.
/// </summary>
internal static class CostTables
{
    /// <summary>
    /// Adds every entry of <paramref name="later"/> to <paramref name="mine"/> (<paramref name="later"/> is left for its
    /// owner to empty). A sum beyond the decimal range is the file's error, never a crash: a
    /// <see cref="SumOutOfRangeException"/> with the entry's currency.
    /// </summary>
    public static void MergeInto<TKey, TSums, TMerge>(Dictionary<TKey, TSums> mine, Dictionary<TKey, TSums> later, TMerge merge)
        where TKey : notnull
        where TSums : class
        where TMerge : struct, ICostEntryMerge<TKey, TSums>
    {
        foreach (var (k, s) in later)
        {
            var key = merge.Intern(k);
            ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(mine, key, out var exists);
            if (!exists || kept is null)
            {
                kept = merge.Adopt(s);
                continue;
            }

            try
            {
                kept = merge.Combine(kept, s);
            }
            catch (OverflowException e)
            {
                throw new SumOutOfRangeException(merge.CurrencyOf(key), e);
            }
        }
    }

    /// <summary>Every entry of <paramref name="table"/> as a row, sorted by <paramref name="order"/>; empties the table.</summary>
    public static List<TRow> TakeSorted<TKey, TSums, TRow>(Dictionary<TKey, TSums> table, Func<TKey, TSums, TRow> toRow, Comparison<TRow> order)
        where TKey : notnull
    {
        var rows = new List<TRow>(table.Count);
        foreach (var (key, sums) in table) rows.Add(toRow(key, sums));
        table.Clear();
        table.TrimExcess();
        rows.Sort(order);
        return rows;
    }
}
