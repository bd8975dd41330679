using Azure;
using Guardrails.Core.Pricing;
using Microsoft.Extensions.Logging;

namespace Guardrails.Infrastructure.Pricing;

/// <summary>
/// Cached Retail Prices, asked live on a miss: the table cache first; a (size, region) pair it does not hold is asked from
/// the Azure Retail Prices API (every meter of the size there: Linux and Windows, Spot, Low Priority, reservations and
/// savings plans, mapped by <see cref="RetailPricesClient.ToQuotes"/>), stored in the cache with a marker (so the next
/// check reads the table, and an answer without the price is remembered for <see cref="RetailPricesOptions.NegativeCacheTtl"/>).
/// Bounded: one check (<see cref="ForOneCheck"/>) asks at most <see cref="RetailPricesOptions.MaxLiveLookupsPerCheck"/>
/// pairs, each within <see cref="RetailPricesOptions.LookupTimeout"/>. A miss — never asked, not known to Azure, or the
/// API unreachable — is a null quote with the reason; the catalog after this one (the bundled snapshot) answers next.
/// Used outside a check, each look-up is its own bound of one pair.
/// </summary>
public sealed class LiveRetailPriceCatalog(TablePriceCatalog cache, PriceRefresher fetcher, RetailPricesOptions options,
    TimeProvider time, ILogger<LiveRetailPriceCatalog>? logger = null) : IPriceCatalog, IPerCheckPriceCatalog
{
    public IPriceCatalog ForOneCheck() => new CheckView(this, new Budget(options.MaxLiveLookupsPerCheck));

    public async Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
        (await LookupAsync(armSkuName, region, option, os, cancellationToken).ConfigureAwait(false)).Quote;

    public Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
        LookupAsync(armSkuName, region, option, os, new Budget(Math.Min(1, options.MaxLiveLookupsPerCheck)), cancellationToken);

    private async Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option, VmOs os, Budget budget,
        CancellationToken cancellationToken)
    {
        var sku = armSkuName.Trim();
        var arm = AzureRegions.Key(region);
        var pair = (sku.ToLowerInvariant(), arm);
        try
        {
            // Cached by this very check's live ask (an earlier look-up of the same pair): still "asked live".
            if (await cache.GetHourlyPriceAsync(sku, arm, option, os, cancellationToken).ConfigureAwait(false) is { } cached)
                return new(Labelled(cached, budget.HasAsked(pair) ? "asked live" : "price cache"));
            if (await cache.GetAskedAsync(sku, arm, cancellationToken).ConfigureAwait(false) is { } asked
                && time.GetUtcNow() - asked.CheckedAt < options.NegativeCacheTtl)
                return new(null, NotListed(sku, arm, option, os, asked.Quotes, asked.CheckedAt));
        }
        catch (RequestFailedException e)
        {
            logger?.LogWarning("Price cache unreadable for {Sku} in {Region}: {Status} {Code}", sku, arm, e.Status, e.ErrorCode);
            return new(null, $"the price cache could not be read ({e.Status} {e.ErrorCode})");
        }

        if (!budget.TryAsk(pair, () => AskAsync(sku, arm, cancellationToken), out var answer))
            return new(null, $"not asked live: this check already asked the Azure Retail Prices API for {options.MaxLiveLookupsPerCheck} "
                + $"size(s) (RetailPrices__MaxLiveLookupsPerCheck)");
        var (quotes, failure) = await answer.ConfigureAwait(false);
        if (failure is not null) return new(null, failure);
        return quotes.FirstOrDefault(q => q.Os == os && q.Option == option) is { } live
            ? new(Labelled(live, "asked live"))
            : new(null, NotListed(sku, arm, option, os, quotes.Count, time.GetUtcNow()));
    }

    /// <summary>Asks the API for every price of one size in one region and caches the answer (even an empty one).</summary>
    private async Task<(IReadOnlyList<PriceQuote> Quotes, string? Failure)> AskAsync(string written, string region, CancellationToken cancellationToken)
    {
        var sku = Spelling(written);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.LookupTimeout);
        IReadOnlyList<PriceQuote> quotes;
        try
        {
            quotes = await fetcher.FetchAsync(region, [sku], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            var what = e switch
            {
                Polly.Timeout.TimeoutRejectedException t => $"no answer within {t.Timeout.TotalSeconds:0.#} s",
                OperationCanceledException => $"no answer within {options.LookupTimeout.TotalSeconds:0.#} s",
                _ => Describe(e),
            };
            logger?.LogWarning("Azure Retail Prices API unreachable for {Sku} in {Region}: {What}", sku, region, what);
            return ([], $"the Azure Retail Prices API could not be asked ({what})");
        }

        try
        {
            await cache.UpsertAsync(quotes, cancellationToken).ConfigureAwait(false);
            await cache.RecordAskedAsync(sku, region, time.GetUtcNow(), quotes.Count, byCheck: true, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            // The answer is still good for this check; the next one asks again.
            logger?.LogWarning("Price cache not written for {Sku} in {Region}: {Status} {Code}", sku, region, e.Status, e.ErrorCode);
        }
        logger?.LogInformation("Azure Retail Prices API asked live for {Sku} in {Region}: {Count} price(s)", sku, region, quotes.Count);
        return (quotes, null);
    }

    /// <summary>The quote's source with how it was obtained, before the meter ids ("Azure Retail Prices API …, asked live#…").</summary>
    private static PriceQuote Labelled(PriceQuote q, string how)
    {
        var hash = q.Source.IndexOf('#', StringComparison.Ordinal);
        return q with { Source = hash < 0 ? $"{q.Source}, {how}" : $"{q.Source[..hash]}, {how}{q.Source[hash..]}" };
    }

    /// <summary>The size as the bundled price list spells it (the API matches names exactly), else as written.</summary>
    private static string Spelling(string sku) => SnapshotPriceCatalog.Default.LinuxOnDemand?.Spelling(sku) ?? sku;

    /// <summary>An API that did not give a usable answer; Polly's rejections (an attempt's timeout, an open circuit) are not
    /// HttpRequestExceptions and would otherwise escape the lookup (before: a slow API failed the check now and then, when
    /// the client's attempt timeout fired before the lookup's).</summary>
    private static bool IsUnreachable(Exception e) => e is HttpRequestException or OperationCanceledException or TimeoutException
        or FormatException or InvalidOperationException or IOException or Polly.ExecutionRejectedException;

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { StatusCode: { } status } => $"it answered {(int)status} {status}",
        HttpRequestException h => $"transport error: {h.HttpRequestError}",
        FormatException => "its answer was not a price page",
        _ => e.GetType().Name,
    };

    private string NotListed(string sku, string region, PriceOption option, VmOs os, int quotes, DateTimeOffset at) => quotes == 0
        ? $"the Azure Retail Prices API lists no price for {sku} in {region} (asked {at:yyyy-MM-dd}): a size unknown to Azure there"
        : $"the Azure Retail Prices API lists no {os} {option} price for {sku} in {region} (asked {at:yyyy-MM-dd})";

    /// <summary>The live asks one check may still make; a pair asked twice in a check is asked once.</summary>
    private sealed class Budget(int max)
    {
        private readonly Dictionary<(string, string), Task<(IReadOnlyList<PriceQuote>, string?)>> _asked = [];
        private readonly Lock _lock = new();

        public bool HasAsked((string, string) pair)
        {
            lock (_lock) return _asked.ContainsKey(pair);
        }

        public bool TryAsk((string, string) pair, Func<Task<(IReadOnlyList<PriceQuote>, string?)>> ask, out Task<(IReadOnlyList<PriceQuote>, string?)> answer)
        {
            lock (_lock)
            {
                if (!_asked.TryGetValue(pair, out answer!))
                {
                    if (_asked.Count >= max) return false;
                    _asked[pair] = answer = ask();
                }
                return true;
            }
        }
    }

    private sealed class CheckView(LiveRetailPriceCatalog live, Budget budget) : IPriceCatalog
    {
        public async Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
            VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
            (await LookupAsync(armSkuName, region, option, os, cancellationToken).ConfigureAwait(false)).Quote;

        public Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
            VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
            live.LookupAsync(armSkuName, region, option, os, budget, cancellationToken);
    }
}
