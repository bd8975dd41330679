using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Tests.Allocation;

public sealed class MoneySplitTests
{
    [Fact]
    public void Splits_cents_by_largest_remainder()
    {
        var parts = new decimal[3];
        MoneySplit.Split(100.00m, [1m, 1m, 1m], parts);
        Assert.Equal([33.34m, 33.33m, 33.33m], parts);
    }

    [Fact]
    public void Keeps_the_amounts_own_precision_and_sign()
    {
        var parts = new decimal[2];
        MoneySplit.Split(-0.0000564902m, [3m, 1m], parts);
        Assert.Equal(-0.0000564902m, parts.Sum());
        Assert.Equal([-0.0000423677m, -0.0000141225m], parts);
    }

    [Fact]
    public void Zero_weights_receive_nothing_and_bad_weights_are_refused()
    {
        var parts = new decimal[3];
        MoneySplit.Split(1.01m, [0m, 1m, 1m], parts);
        Assert.Equal([0m, 0.51m, 0.50m], parts);
        Assert.Throws<ArgumentOutOfRangeException>(() => MoneySplit.Split(1m, [0m, 0m], new decimal[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MoneySplit.Split(1m, [-1m, 2m], new decimal[2]));
    }

    public static Arbitrary<decimal> Amounts() =>
        (from units in Gen.Choose(int.MinValue, int.MaxValue)
         from high in Gen.Choose(0, 1000)
         from scale in Gen.Choose(0, 12)
         select new decimal(Math.Abs(units), high, 0, units < 0, (byte)scale)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Parts_add_up_exactly_and_stay_within_one_quantum_of_the_exact_share() =>
        Prop.ForAll(Amounts(), Gen.Choose(0, 1000).ArrayOf().Where(w => w.Length > 0 && w.Sum() > 0).ToArbitrary(), (amount, weights) =>
        {
            var w = weights.Select(x => (decimal)x).ToArray();
            var parts = new decimal[w.Length];
            MoneySplit.Split(amount, w, parts);
            var scale = Math.Max(2, (int)amount.Scale);
            var quantum = new decimal(1, 0, 0, false, (byte)scale);
            var total = w.Sum();
            var fair = w.Select((x, i) => Math.Abs(parts[i] - amount * (x / total)) < quantum * 1.0001m).All(ok => ok);
            return parts.Sum() == amount && fair && w.Select((x, i) => x > 0 || parts[i] == 0).All(ok => ok);
        });
}
