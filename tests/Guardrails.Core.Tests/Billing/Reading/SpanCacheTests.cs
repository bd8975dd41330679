using Guardrails.Core.Billing.Reading;

namespace Guardrails.Core.Tests.Billing.Reading;

public class SpanCacheTests
{
    [Fact]
    public void Values_that_share_length_and_ending_still_get_their_own_entry()
    {
        // Same length, same last 16 characters: the front table's hash is equal, the values are not.
        var ids = Enumerable.Range(0, 200)
            .Select(i => $"/subscriptions/{i:D4}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-gpu-train-01")
            .ToArray();
        var calls = 0;
        var cache = new SpanCache<string>(s => { calls++; return "value of " + s; }, capacity: 1024);

        for (var round = 0; round < 3; round++)
            foreach (var id in ids)
                Assert.Equal("value of " + id, cache.Get(id.AsSpan()));

        Assert.Equal(ids.Length, calls); // one factory call per distinct value, whatever the collisions
    }

    [Fact]
    public void Returns_one_shared_key_string_per_distinct_value()
    {
        var cache = new SpanCache<int>(s => s.Length, capacity: 64);
        var text = "team=vision,team=speech".ToCharArray();

        cache.Get(text.AsSpan(0, 11), out var first);
        cache.Get(text.AsSpan(12, 11), out var second);
        cache.Get("team=vision".AsSpan(), out var again);

        Assert.Equal("team=vision", first);
        Assert.Equal("team=speech", second);
        Assert.Same(first, again);
    }

    [Fact]
    public void Starts_over_when_full_and_still_answers_correctly()
    {
        var cache = new SpanCache<string>(s => s.ToUpperInvariant(), capacity: 16);
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < 100; i++)
                Assert.Equal($"KEY-{i}", cache.Get($"key-{i}".AsSpan()));
    }
}
