using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Infrastructure.Tests.Pricing;

[Collection(AzuriteCollection.Name)]
public sealed class RetailPricesTests(AzuriteFixture azurite) : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FakeGitHub.FreePort()}"] });

    public void Dispose() => _server.Stop();

    private static string Recorded(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "azure-prices", "retail-api-recorded-responses", name));

    private string BaseUrl => _server.Urls[0] + "/api/retail/prices";

    [Fact]
    public async Task Follows_next_page_link_and_sends_the_odata_filter()
    {
        // Page 1 is the recorded westus response with its NextPageLink pointed at page 2 (the recording has null: one page).
        var page1 = JsonNode.Parse(Recorded("ace_asr_inferred-3.json"))!;
        page1["NextPageLink"] = BaseUrl + "?page=2";
        _server.Given(Request.Create().WithPath("/api/retail/prices").WithParam("page", "2").UsingGet()).AtPriority(-1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Recorded("ace_aks_ultrassd.json")));
        _server.Given(Request.Create().WithPath("/api/retail/prices").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(page1.ToJsonString()));

        var client = new RetailPricesClient(new HttpClient(), BaseUrl);
        var filter = RetailPricesClient.VmFilter("westus", ["Standard_D2s_v3"]);
        var items = new List<RetailPriceItem>();
        await foreach (var i in client.QueryAsync(filter)) items.Add(i);

        var expected = page1["Items"]!.AsArray().Count + JsonNode.Parse(Recorded("ace_aks_ultrassd.json"))!["Items"]!.AsArray().Count;
        Assert.Equal(expected, items.Count);
        Assert.Equal(2, _server.LogEntries.Count());
        var first = _server.LogEntries.OrderBy(e => e.RequestMessage.DateTime).First().RequestMessage;
        Assert.Equal("serviceName eq 'Virtual Machines' and armRegionName eq 'westus' and (armSkuName eq 'Standard_D2s_v3')", first.Query!["$filter"].Single());
        Assert.Equal(RetailPricesClient.ApiVersion, first.Query!["api-version"].Single());

        var asOf = new DateOnly(2026, 11, 20);
        var quotes = items.SelectMany(i => RetailPricesClient.ToQuotes(i, asOf)).ToList();
        // Only the two VM meters become quotes: Linux D2s v3 in westus, Windows D2s v3 (productName "… Series Windows") in westeurope.
        Assert.Equal(2, quotes.Count);
        var linux = quotes.Single(q => q.Region == "westus");
        Assert.Equal((VmOs.Linux, PriceOption.OnDemand, 0.117m), (linux.Os, linux.Option, linux.HourlyPrice));
        var windows = quotes.Single(q => q.Region == "westeurope");
        Assert.Equal((VmOs.Windows, 0.212m), (windows.Os, windows.HourlyPrice));
        Assert.StartsWith("Azure Retail Prices API", windows.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Spot_low_priority_reservation_and_savings_plan_items()
    {
        // Built from the documented item format (no licensed recording of these rows exists; see testdata/SOURCES.md).
        RetailPriceItem Vm(string skuName, string meter, string type, decimal price, string? term = null) => new()
        {
            ServiceName = "Virtual Machines",
            ArmSkuName = "Standard_NC24ads_A100_v4",
            ArmRegionName = "westeurope",
            ProductName = "Virtual Machines NCadsA100v4 Series",
            SkuName = skuName,
            MeterName = meter,
            Type = type,
            UnitPrice = price,
            RetailPrice = price,
            UnitOfMeasure = "1 Hour",
            ReservationTerm = term,
            CurrencyCode = "USD",
        };
        var asOf = new DateOnly(2026, 11, 20);
        Assert.Equal(PriceOption.Spot, RetailPricesClient.ToQuotes(Vm("Standard_NC24ads_A100_v4 Spot", "NC24ads A100 v4 Spot", "Consumption", 1.1m), asOf).Single().Option);
        Assert.Equal(PriceOption.LowPriority, RetailPricesClient.ToQuotes(Vm("Standard_NC24ads_A100_v4 Low Priority", "NC24ads A100 v4 Low Priority", "Consumption", 0.9m), asOf).Single().Option);
        var reserved = RetailPricesClient.ToQuotes(Vm("Standard_NC24ads_A100_v4", "NC24ads A100 v4", "Reservation", 26280m, "3 Years"), asOf).Single();
        Assert.Equal((PriceOption.Reserved3Year, 1m), (reserved.Option, reserved.HourlyPrice)); // whole-term total ÷ 26,280 h
        var od = Vm("Standard_NC24ads_A100_v4", "NC24ads A100 v4", "Consumption", 4.775m);
        od.SavingsPlan = [new SavingsPlanPrice { UnitPrice = 3.97471m, RetailPrice = 3.97471m, Term = "1 Year" }, new SavingsPlanPrice { UnitPrice = 3.1m, Term = "3 Years" }];
        var all = RetailPricesClient.ToQuotes(od, asOf).ToList();
        Assert.Equal([PriceOption.OnDemand, PriceOption.SavingsPlan1Year, PriceOption.SavingsPlan3Year], all.Select(q => q.Option));
        Assert.Equal(3.97471m, all[1].HourlyPrice);
        Assert.Empty(RetailPricesClient.ToQuotes(Vm("Standard_NC24ads_A100_v4", "NC24ads A100 v4", "Consumption", 0m), asOf)); // never a $0 GPU
    }

    [Fact]
    public async Task Refresh_caches_prices_in_table_storage_and_the_snapshot_stays_the_fallback()
    {
        _server.Given(Request.Create().WithPath("/api/retail/prices").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Recorded("ace_asr_inferred-3.json")));
        var cache = new TablePriceCatalog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("prices")));
        Assert.Null(await cache.GetHourlyPriceAsync("Standard_D2s_v3", "westus")); // table not created yet
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 3, 15, 0, TimeSpan.Zero));
        var count = await new PriceRefresher(new RetailPricesClient(new HttpClient(), BaseUrl), cache, time).RefreshAsync(["westus"], ["Standard_D2s_v3"]);
        Assert.Equal(1, count);
        var q = await cache.GetHourlyPriceAsync("standard_d2s_v3", "westus");
        Assert.Equal((0.117m, new DateOnly(2026, 11, 20)), (q!.HourlyPrice, q.AsOf));
        var catalog = new FallbackPriceCatalog(cache, SnapshotPriceCatalog.Default);
        Assert.Equal(0.117m, (await catalog.GetHourlyPriceAsync("Standard_D2s_v3", "westus"))!.HourlyPrice);
        Assert.Equal(4.775m, (await catalog.GetHourlyPriceAsync("Standard_NC24ads_A100_v4", "westeurope"))!.HourlyPrice);
    }
}
