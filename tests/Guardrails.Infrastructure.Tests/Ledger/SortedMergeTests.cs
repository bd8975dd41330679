using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>The k-way merge of sorted parts (<see cref="SortedMerge"/>) is the dictionary sum of the parts, row for row.</summary>
public sealed class SortedMergeTests
{
    private sealed record Row(int Key, int Part, decimal Amount);

    private sealed record DayCost(DateOnly Day, decimal Cost);

    private static readonly IComparer<Row> ByKey = Comparer<Row>.Create((a, b) => a!.Key.CompareTo(b!.Key));

    private static Row Add(Row sum, Row next) => sum with { Amount = sum.Amount + next.Amount };

    private static Gen<decimal> Amounts =>
        from units in Gen.Choose(-1_000_000, 1_000_000)
        from scale in Gen.Choose(0, 6)
        select new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale);

    /// <summary>Up to 8 parts of up to 40 rows, keys drawn from a small range so parts share them (and repeat them within a part).</summary>
    private static Arbitrary<List<List<(int Key, decimal Amount)>>> Parts =>
        (from part in (from key in Gen.Choose(0, 25) from amount in Amounts select (key, amount)).ListOf()
         select part.Take(40).ToList()).ListOf().Select(parts => parts.Take(8).ToList()).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Merging_sorted_parts_equals_summing_them_in_a_dictionary_with_the_lowest_part_first() =>
        Prop.ForAll(Parts, parts =>
        {
            var streams = parts.Select((rows, p) => rows.Select(r => new Row(r.Key, p, r.Amount)).OrderBy(r => r.Key).ToList()).ToList();
            var expected = new SortedDictionary<int, Row>();
            foreach (var row in streams.SelectMany(s => s))
                expected[row.Key] = expected.TryGetValue(row.Key, out var sum) ? Add(sum, row) : row;
            var gauge = new RowGauge();

            var merged = SortedMerge.Merge([.. streams], ByKey, Add, gauge).ToList();

            // Same keys in order, exact sums (scale included), named by the lowest part that has the key; never more
            // than one row per part plus the sum in hand.
            return merged.Select(r => (r.Key, r.Part, r.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                       .SequenceEqual(expected.Values.Select(r => (r.Key, r.Part, r.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                   && gauge.Peak <= streams.Count + 1 && gauge.Held == 0;
        });

    [Fact]
    public void A_part_out_of_order_fails_instead_of_being_merged_wrongly()
    {
        IEnumerable<Row>[] streams = [[new(1, 0, 1m), new(3, 0, 1m)], [new(2, 1, 1m), new(1, 1, 1m)]];

        var error = Assert.Throws<InvalidDataException>(() => SortedMerge.Merge(streams, ByKey, Add).ToList());

        Assert.Contains("stream 1 is not in order", error.Message);
    }

    [Fact]
    public void Days_come_one_at_a_time_sorted_and_only_the_current_day_is_held()
    {
        DateOnly first = new(2026, 11, 1), second = new(2026, 11, 2);
        var rows = new DayCost[] { new(first, 1m), new(first, 5m), new(second, 2m), new(second, 7m), new(second, 3m) };
        var gauge = new RowGauge();
        var held = new List<long>();

        var days = SortedMerge.Days(rows, r => r.Day, d => d.Sort((a, b) => b.Cost.CompareTo(a.Cost)), gauge)
            .Select(d => { held.Add(gauge.Held); return d.Select(r => r.Cost).ToList(); }).ToList();

        Assert.Equal([[5m, 1m], [7m, 3m, 2m]], days);
        Assert.Equal([2L, 3L], held);
        Assert.Equal(3, gauge.Peak);
        Assert.Equal(0, gauge.Held);
    }
}
