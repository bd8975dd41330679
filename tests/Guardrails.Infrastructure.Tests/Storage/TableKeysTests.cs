using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Tests.Storage;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("plain-name_1", "plain-name_1")]
    [InlineData("cost-exports/dir/exp", "cost-exports%2Fdir%2Fexp")]
    [InlineData("a|b=c%d#e?f\\g", "a%7Cb%3Dc%25d%23e%3Ff%5Cg")]
    [InlineData("tab\there", "tab%09here")]
    [InlineData("équipe", "équipe")]
    [InlineData("a\u0085b", "a%C2%85b")]
    public void Encodes_characters_table_keys_forbid_or_Guardrails_reserves(string value, string expected)
    {
        Assert.Equal(expected, TableKeys.Encode(value));
        Assert.Equal(value, TableKeys.Decode(TableKeys.Encode(value)));
    }

    [Fact]
    public void Distinct_values_never_share_a_key()
    {
        Assert.NotEqual(TableKeys.Encode("a/b"), TableKeys.Encode("a%2Fb"));
        Assert.NotEqual(TableKeys.Encode("a|b"), TableKeys.Encode("a") + "|" + TableKeys.Encode("b") + "x");
    }

    [Fact]
    public void Prefix_range_covers_exactly_the_prefix()
    {
        var end = TableKeys.PrefixEnd("run|d|");
        Assert.True(string.CompareOrdinal("run|d|2026-11-01|p00000", end) < 0);
        Assert.True(string.CompareOrdinal("run|e", end) >= 0);
        Assert.Equal(32, TableKeys.Hash("x").Length);
        // The first 16 bytes of SHA-256("team=a") in lower hex (computed with `printf 'team=a' | sha256sum`): keys
        // written by one release must be found by the next, so the hash is pinned, not just compared with itself.
        Assert.Equal("289b4946fe8bc0231cc9042f74971ca6", TableKeys.Hash("team=a"));
        Assert.NotEqual(TableKeys.Hash("team=a"), TableKeys.Hash("team=A"));
    }

    [Theory]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-21T00:00:00Z", new[] { "2026-11" })]
    [InlineData("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", new[] { "2026-11" })]
    [InlineData("2026-11-01T00:00:00Z", "2026-11-30T23:59:59Z", new[] { "2026-11" })]
    [InlineData("2026-10-15T00:00:00Z", "2026-12-02T00:00:00Z", new[] { "2026-10", "2026-11", "2026-12" })]
    public void A_period_owns_the_months_it_touches(string start, string end, string[] months)
    {
        Assert.Equal(months, LedgerMonths.Between(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
