using Guardrails.Benchmarks.TableBatching;

namespace Guardrails.Benchmarks.Tests.TableBatching;

public sealed class FactEntitiesTests
{
    [Fact]
    public void Facts_have_unique_legal_keys_and_fill_the_requested_partitions()
    {
        var facts = TableBatchingBenchmark.Facts(1000, partitions: 4, seed: 42);

        Assert.Equal(1000, facts.Count);
        Assert.Equal(4, facts.Select(f => f.PartitionKey).Distinct().Count());
        Assert.Equal(1000, facts.Select(f => (f.PartitionKey, f.RowKey)).Distinct().Count());
        char[] forbidden = ['/', '\\', '#', '?'];
        Assert.All(facts, f =>
        {
            Assert.True(f.PartitionKey.IndexOfAny(forbidden) < 0 && f.RowKey.IndexOfAny(forbidden) < 0, f.RowKey);
            Assert.StartsWith(f.GetString("Day"), f.RowKey, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("1000000", 1_000_000)]
    [InlineData("1_000_000", 1_000_000)]
    [InlineData("5M", 5_000_000)]
    [InlineData("500k", 500_000)]
    public void Row_counts_accept_suffixes(string text, long expected) => Assert.Equal(expected, Args.ParseCount(text));
}
