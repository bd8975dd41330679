using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Infrastructure.Tests.Pricing;

/// <summary>
/// The deployed catalog's live look-up on a cache miss, against a loopback fake of the Retail Prices API and the table
/// cache on Azurite. Items follow the API's documented format (productName "… Series" / "… Series Windows", skuName
/// "… Spot"); the prices are the karpenter table's australiaeast values where it has them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LiveRetailPriceCatalogTests(AzuriteFixture azurite) : IDisposable
{
    private const string Path = "/api/retail/prices";
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);
    private readonly WireMockServer _api = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FakeGitHub.FreePort()}"] });
    private readonly FakeTimeProvider _time = new(Now);

    public void Dispose() => _api.Stop();

    private (LiveRetailPriceCatalog Live, TablePriceCatalog Cache, PriceRefresher Refresher) Create(RetailPricesOptions? options = null,
        TimeSpan? attemptTimeout = null)
    {
        options ??= new RetailPricesOptions();
        var cache = new TablePriceCatalog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prices")));
        // The composition's client: the notification retry policy (408/429/5xx, transport errors), fast here.
        var http = NotificationHttp.CreateClient(new NotificationRetryOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BaseDelay = TimeSpan.FromMilliseconds(10),
            MaxDelay = TimeSpan.FromMilliseconds(50),
            AttemptTimeout = attemptTimeout ?? options.LookupTimeout,
        });
        var refresher = new PriceRefresher(new RetailPricesClient(http, _api.Urls[0] + Path), cache, _time);
        return (new LiveRetailPriceCatalog(cache, refresher, options, _time), cache, refresher);
    }

    private static JsonObject Item(string sku, string product, string skuName, decimal price) => new()
    {
        ["currencyCode"] = "USD",
        ["retailPrice"] = price,
        ["unitPrice"] = price,
        ["armRegionName"] = "australiaeast",
        ["armSkuName"] = sku,
        ["meterId"] = Guid.NewGuid().ToString(),
        ["skuId"] = "DZH318Z0BQ4L/00B5",
        ["productName"] = product,
        ["skuName"] = skuName,
        ["meterName"] = skuName,
        ["serviceName"] = "Virtual Machines",
        ["unitOfMeasure"] = "1 Hour",
        ["type"] = "Consumption",
    };

    private static string Page(string? next, params JsonObject[] items) =>
        new JsonObject { ["BillingCurrency"] = "USD", ["Items"] = new JsonArray([.. items.Select(i => i.DeepClone())]), ["NextPageLink"] = next }.ToJsonString();

    private static readonly JsonObject[] D4sV5 =
    [
        Item("Standard_D4s_v5", "Virtual Machines Dsv5 Series", "D4s v5", 0.24m),
        Item("Standard_D4s_v5", "Virtual Machines Dsv5 Series Windows", "D4s v5", 0.424m),
        Item("Standard_D4s_v5", "Virtual Machines Dsv5 Series", "D4s v5 Spot", 0.0481m),
    ];

    private void Answer(string sku, string body) =>
        _api.Given(Request.Create().WithPath(Path).UsingGet().WithParam("$filter", $"serviceName eq 'Virtual Machines' and armRegionName eq 'australiaeast' and (armSkuName eq '{sku}')"))
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    private int Requests => _api.LogEntries.Count();

    [Fact]
    public async Task A_miss_is_asked_live_cached_and_the_next_check_reads_the_table()
    {
        Answer("Standard_D4s_v5", Page(null, D4sV5));
        var (live, _, _) = Create();

        // As IaC writes it: any case, a display-name region; the API is asked with the ARM spellings.
        var firstCheck = live.ForOneCheck();
        var first = await firstCheck.LookupAsync("standard_d4s_v5", "Australia East");
        Assert.Equal((0.24m, new DateOnly(2026, 12, 8), VmOs.Linux), (first.Quote!.HourlyPrice, first.Quote.AsOf, first.Quote.Os));
        Assert.StartsWith("Azure Retail Prices API 2023-01-01-preview, asked live#", first.Quote.Source, StringComparison.Ordinal);
        // The same check again (the estimate looks every price up first): read from the table, still "asked live".
        var same = await firstCheck.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast");
        Assert.StartsWith("Azure Retail Prices API 2023-01-01-preview, asked live#", same!.Source, StringComparison.Ordinal);
        Assert.Equal(1, Requests);

        var check = live.ForOneCheck();
        var again = await check.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast");
        var windows = await check.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast", PriceOption.OnDemand, VmOs.Windows);
        var spot = await check.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast", PriceOption.Spot);
        Assert.Equal((0.24m, 0.424m, 0.0481m), (again!.HourlyPrice, windows!.HourlyPrice, spot!.HourlyPrice));
        Assert.StartsWith("Azure Retail Prices API 2023-01-01-preview, price cache#", again.Source, StringComparison.Ordinal);
        Assert.Equal(1, Requests); // the second check made no HTTP call

        // A price type the answer did not have is remembered too (the API was asked about the size there).
        var lowPriority = await live.ForOneCheck().LookupAsync("Standard_D4s_v5", "australiaeast", PriceOption.LowPriority);
        Assert.Null(lowPriority.Quote);
        Assert.Contains("lists no Linux LowPriority price for Standard_D4s_v5 in australiaeast (asked 2026-12-08)", lowPriority.MissReason, StringComparison.Ordinal);
        Assert.Equal(1, Requests);
    }

    [Fact]
    public async Task A_size_unknown_to_Azure_is_remembered_for_the_ttl_then_asked_again()
    {
        Answer("Standard_D4s_v55", Page(null));
        var (live, _, _) = Create(new RetailPricesOptions { NegativeCacheTtl = TimeSpan.FromDays(7) });

        var first = await live.ForOneCheck().LookupAsync("Standard_D4s_v55", "australiaeast");
        Assert.Null(first.Quote);
        Assert.Contains("lists no price for Standard_D4s_v55 in australiaeast (asked 2026-12-08): a size unknown to Azure there", first.MissReason, StringComparison.Ordinal);
        _time.Advance(TimeSpan.FromDays(6));
        Assert.Null((await live.ForOneCheck().LookupAsync("Standard_D4s_v55", "australiaeast")).Quote);
        Assert.Equal(1, Requests); // within the TTL: the table answers

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Null((await live.ForOneCheck().LookupAsync("Standard_D4s_v55", "australiaeast")).Quote);
        Assert.Equal(2, Requests);
    }

    [Fact]
    public async Task An_api_answering_500_is_retried_then_the_snapshot_prices_it_and_nothing_is_remembered()
    {
        _api.Given(Request.Create().WithPath(Path).UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        var (live, _, _) = Create(new RetailPricesOptions { MaxRetryAttempts = 2 });
        var catalog = new FallbackPriceCatalog(live, SnapshotPriceCatalog.Default).ForOneCheck();

        var priced = await catalog.LookupAsync("Standard_D4s_v5", "australiaeast");
        Assert.Equal((0.24m, new DateOnly(2026, 6, 18)), (priced.Quote!.HourlyPrice, priced.Quote.AsOf)); // the bundled wide table
        Assert.StartsWith("karpenter-provider-azure@", priced.Quote.Source, StringComparison.Ordinal);
        Assert.Equal(3, Requests); // one ask, retried twice

        // Unpriced everywhere: the reason names both (API unreachable, size unknown to the bundled list).
        var typo = await catalog.LookupAsync("Standard_D4s_v55", "australiaeast");
        Assert.Null(typo.Quote);
        Assert.Contains("the Azure Retail Prices API could not be asked (it answered 500 InternalServerError)", typo.MissReason, StringComparison.Ordinal);
        Assert.Contains("has no size Standard_D4s_v55: a typo", typo.MissReason, StringComparison.Ordinal);

        // A failure is not a "no such price": the next check asks again.
        await new FallbackPriceCatalog(live, SnapshotPriceCatalog.Default).ForOneCheck().LookupAsync("Standard_D4s_v5", "australiaeast");
        Assert.Equal(9, Requests);
    }

    [Fact]
    public async Task A_slow_api_times_out_and_the_snapshot_answers()
    {
        _api.Given(Request.Create().WithPath(Path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Page(null, D4sV5)).WithDelay(TimeSpan.FromSeconds(5)));
        var (live, _, _) = Create(new RetailPricesOptions { LookupTimeout = TimeSpan.FromSeconds(1), MaxRetryAttempts = 1 });

        // The time limit itself is shown by the reason below (no wall-clock assertion: it fails on a loaded machine).
        var lookup = await new FallbackPriceCatalog(live, SnapshotPriceCatalog.Default).ForOneCheck().LookupAsync("Standard_F2", "australiaeast");
        Assert.Equal(0.13m, lookup.Quote?.HourlyPrice);
        var reason = (await live.ForOneCheck().LookupAsync("Standard_F2", "australiaeast")).MissReason;
        Assert.Contains("could not be asked (no answer within 1 s)", reason, StringComparison.Ordinal);
    }

    /// <summary>Before, the client's own attempt timeout (Polly's TimeoutRejectedException, not an HttpRequestException)
    /// escaped the lookup whenever it fired before the lookup's: the check failed instead of using the snapshot. The
    /// composition gives both the same value, so it happened now and then; here the attempt's fires first every time.</summary>
    [Fact]
    public async Task A_client_attempt_timeout_is_an_unreachable_api_and_the_snapshot_answers()
    {
        _api.Given(Request.Create().WithPath(Path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Page(null, D4sV5)).WithDelay(TimeSpan.FromSeconds(3)));
        var (live, _, _) = Create(new RetailPricesOptions { LookupTimeout = TimeSpan.FromSeconds(20), MaxRetryAttempts = 1 }, attemptTimeout: TimeSpan.FromMilliseconds(200));

        var lookup = await new FallbackPriceCatalog(live, SnapshotPriceCatalog.Default).ForOneCheck().LookupAsync("Standard_F2", "australiaeast");
        var miss = await live.ForOneCheck().LookupAsync("Standard_F2", "australiaeast");

        Assert.Equal(0.13m, lookup.Quote?.HourlyPrice);
        Assert.Contains("could not be asked (no answer within 0.2 s)", miss.MissReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_check_asks_at_most_the_configured_number_of_pairs()
    {
        _api.Given(Request.Create().WithPath(Path).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Page(null)));
        var (live, _, _) = Create(new RetailPricesOptions { MaxLiveLookupsPerCheck = 2 });

        var check = live.ForOneCheck();
        await check.LookupAsync("Standard_A1", "australiaeast");
        await check.LookupAsync("Standard_A1", "australiaeast", PriceOption.Spot); // the same pair: asked once
        await check.LookupAsync("Standard_A2", "australiaeast");
        var third = await check.LookupAsync("Standard_A3", "australiaeast");
        Assert.Null(third.Quote);
        Assert.Contains("not asked live: this check already asked the Azure Retail Prices API for 2 size(s)", third.MissReason, StringComparison.Ordinal);
        Assert.Equal(2, Requests);

        await live.ForOneCheck().LookupAsync("Standard_A3", "australiaeast"); // another check has its own bound
        Assert.Equal(3, Requests);
        Assert.Null((await Create(new RetailPricesOptions { MaxLiveLookupsPerCheck = 0 }).Live.ForOneCheck().LookupAsync("Standard_A4", "australiaeast")).Quote);
        Assert.Equal(3, Requests); // 0: live look-ups off
    }

    [Fact]
    public async Task Follows_next_page_links_of_a_live_answer()
    {
        var page2 = _api.Urls[0] + Path + "?page=2";
        _api.Given(Request.Create().WithPath(Path).WithParam("page", "2").UsingGet()).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(Page(null, D4sV5[0])));
        Answer("Standard_D4s_v5", Page(page2, D4sV5[1]));
        var (live, cache, _) = Create();

        Assert.Equal(0.24m, (await live.ForOneCheck().GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast"))?.HourlyPrice);
        Assert.Equal(2, Requests);
        Assert.Equal(0.424m, (await cache.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast", PriceOption.OnDemand, VmOs.Windows))?.HourlyPrice);
    }

    [Fact]
    public async Task RefreshPrices_keeps_the_live_asked_sizes_fresh_but_not_the_ones_Azure_does_not_know()
    {
        Answer("Standard_D4s_v5", Page(null, D4sV5));
        Answer("Standard_D4s_v55", Page(null));
        var (live, cache, refresher) = Create();
        await live.ForOneCheck().LookupAsync("Standard_D4s_v5", "australiaeast");
        await live.ForOneCheck().LookupAsync("Standard_D4s_v55", "australiaeast");
        Assert.Equal(2, Requests);

        _time.Advance(TimeSpan.FromDays(1));
        var refreshed = await refresher.RefreshAskedAsync(maxPairs: 10);
        Assert.Equal(3, refreshed); // the three D4s v5 quotes; the typo'd size is not asked again
        Assert.Equal(3, Requests);
        var q = await cache.GetHourlyPriceAsync("Standard_D4s_v5", "australiaeast");
        Assert.Equal(new DateOnly(2026, 12, 9), q!.AsOf);
        Assert.Empty(await new TablePriceCatalog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("empty"))).ListAskedAsync(10));
        Assert.Equal(0, await refresher.RefreshAskedAsync(maxPairs: 0));
    }
}
