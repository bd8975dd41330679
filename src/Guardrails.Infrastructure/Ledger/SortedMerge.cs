namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// A k-way merge of row streams that are each sorted in one order: rows that compare equal are one identity and are
/// combined as they meet (the lower stream's row first, so the first part names the sum). Holds one row per stream and
/// the sum being built, whatever the streams' length: what lets a run's summaries be written without holding the
/// month (<see cref="RunSummaries"/>). Any ordered row type can be merged (facts, resource-days, a new packed family).
/// </summary>
internal static class SortedMerge
{
    /// <summary>
    /// The rows of <paramref name="streams"/> in <paramref name="order"/>, equal rows combined by <paramref name="combine"/>
    /// (sum so far, next row). A stream that is not sorted fails: a silent mis-merge would double a fact.
    /// </summary>
    public static IEnumerable<T> Merge<T>(IReadOnlyList<IEnumerable<T>> streams, IComparer<T> order, Func<T, T, T> combine, RowGauge? gauge = null)
    {
        var cursors = new List<IEnumerator<T>>(streams.Count);
        try
        {
            var heads = new PriorityQueue<int, (T Row, int Stream)>(streams.Count, new HeadOrder<T>(order));
            foreach (var stream in streams)
            {
                var cursor = stream.GetEnumerator();
                cursors.Add(cursor);
                if (cursor.MoveNext()) Push(heads, cursors.Count - 1, cursor.Current, gauge);
            }

            foreach (var row in CombineEqual(InOrder(heads, cursors, order, gauge), order, combine, gauge))
                yield return row;
        }
        finally
        {
            foreach (var cursor in cursors) cursor.Dispose();
        }
    }

    /// <summary>
    /// The streams' rows in <paramref name="order"/>, one at a time: the stream a row came from puts its next row in its
    /// place (and fails when that row sorts before it).
    /// </summary>
    private static IEnumerable<T> InOrder<T>(PriorityQueue<int, (T Row, int Stream)> heads, List<IEnumerator<T>> cursors, IComparer<T> order, RowGauge? gauge)
    {
        while (heads.TryDequeue(out var index, out var head))
        {
            gauge?.Release(1);
            var cursor = cursors[index];
            if (cursor.MoveNext())
            {
                if (order.Compare(cursor.Current, head.Row) < 0)
                    throw new InvalidDataException($"sorted merge: stream {index} is not in order");
                Push(heads, index, cursor.Current, gauge);
            }

            yield return head.Row;
        }
    }

    /// <summary>Consecutive rows that compare equal as one row, combined in the order they come.</summary>
    private static IEnumerable<T> CombineEqual<T>(IEnumerable<T> rows, IComparer<T> order, Func<T, T, T> combine, RowGauge? gauge)
    {
        var has = false;
        T sum = default!;
        foreach (var row in rows)
        {
            if (has && order.Compare(sum, row) == 0)
            {
                sum = combine(sum, row);
                continue;
            }

            if (has)
            {
                gauge?.Release(1);
                yield return sum;
            }
            sum = row;
            has = true;
            gauge?.Hold(1);
        }

        if (has)
        {
            gauge?.Release(1);
            yield return sum;
        }
    }

    /// <summary>
    /// Consecutive rows of the same day (a merged stream is day first) as one list each, sorted by
    /// <paramref name="sortDay"/>: one day's rows are held at a time.
    /// </summary>
    public static IEnumerable<List<T>> Days<T>(IEnumerable<T> rows, Func<T, DateOnly> dayOf, Action<List<T>> sortDay, RowGauge? gauge = null)
    {
        var day = new List<T>();
        foreach (var row in rows)
        {
            if (day.Count > 0 && dayOf(day[0]) != dayOf(row))
            {
                sortDay(day);
                yield return day;
                gauge?.Release(day.Count);
                day = [];
            }
            day.Add(row);
            gauge?.Hold(1);
        }
        if (day.Count == 0) yield break;
        sortDay(day);
        yield return day;
        gauge?.Release(day.Count);
    }

    private static void Push<T>(PriorityQueue<int, (T Row, int Stream)> heads, int index, T row, RowGauge? gauge)
    {
        heads.Enqueue(index, (row, index));
        gauge?.Hold(1);
    }

    /// <summary>Rows in the merge order; equal rows by stream, so the lower part's row comes first.</summary>
    private sealed class HeadOrder<T>(IComparer<T> order) : IComparer<(T Row, int Stream)>
    {
        public int Compare((T Row, int Stream) x, (T Row, int Stream) y)
        {
            var c = order.Compare(x.Row, y.Row);
            return c != 0 ? c : x.Stream.CompareTo(y.Stream);
        }
    }
}

/// <summary>
/// Counts the rows a merge holds (a row handed on to the caller is no longer counted once the day it belongs to is
/// released): the peak is what a test checks against the bound, without timing or GC figures.
/// </summary>
internal sealed class RowGauge
{
    public long Held { get; private set; }
    public long Peak { get; private set; }

    public void Hold(long rows)
    {
        Held += rows;
        if (Held > Peak) Peak = Held;
    }

    public void Release(long rows) => Held -= rows;
}
