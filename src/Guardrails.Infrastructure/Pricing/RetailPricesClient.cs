using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Pricing;

namespace Guardrails.Infrastructure.Pricing;

/// <summary>One item of the Azure Retail Prices API (unknown fields are ignored).</summary>
public sealed class RetailPriceItem
{
    [JsonPropertyName("currencyCode")] public string? CurrencyCode { get; set; }
    [JsonPropertyName("retailPrice")] public decimal RetailPrice { get; set; }
    [JsonPropertyName("unitPrice")] public decimal UnitPrice { get; set; }
    [JsonPropertyName("armRegionName")] public string? ArmRegionName { get; set; }
    [JsonPropertyName("armSkuName")] public string? ArmSkuName { get; set; }
    [JsonPropertyName("effectiveStartDate")] public DateTimeOffset? EffectiveStartDate { get; set; }
    [JsonPropertyName("meterId")] public string? MeterId { get; set; }
    [JsonPropertyName("meterName")] public string? MeterName { get; set; }
    [JsonPropertyName("productName")] public string? ProductName { get; set; }
    [JsonPropertyName("skuName")] public string? SkuName { get; set; }
    [JsonPropertyName("skuId")] public string? SkuId { get; set; }
    [JsonPropertyName("serviceName")] public string? ServiceName { get; set; }
    [JsonPropertyName("unitOfMeasure")] public string? UnitOfMeasure { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("reservationTerm")] public string? ReservationTerm { get; set; }
    [JsonPropertyName("savingsPlan")] public List<SavingsPlanPrice>? SavingsPlan { get; set; }
}

public sealed class SavingsPlanPrice
{
    [JsonPropertyName("unitPrice")] public decimal UnitPrice { get; set; }
    [JsonPropertyName("retailPrice")] public decimal RetailPrice { get; set; }
    [JsonPropertyName("term")] public string? Term { get; set; }
}

/// <summary>Source-generated metadata of the Retail Prices API page (default options: the names are given by the attributes).</summary>
[JsonSerializable(typeof(RetailPricePage))]
internal sealed partial class RetailPricesJsonContext : JsonSerializerContext;

internal sealed class RetailPricePage
{
    [JsonPropertyName("Items")] public List<RetailPriceItem> Items { get; set; } = [];
    [JsonPropertyName("NextPageLink")] public string? NextPageLink { get; set; }
    [JsonPropertyName("BillingCurrency")] public string? BillingCurrency { get; set; }
}

/// <summary>
/// Azure Retail Prices API client (no authentication): OData <c>$filter</c>, follows <c>NextPageLink</c>, and turns VM
/// items into hourly <see cref="PriceQuote"/>s: Linux vs Windows by productName, Spot and Low Priority by sku/meter name,
/// reservations (whole-term totals) divided by the term's hours, and the <c>savingsPlan</c> array.
/// </summary>
public sealed class RetailPricesClient(HttpClient http, string baseUrl = RetailPricesClient.DefaultBaseUrl)
{
    public const string DefaultBaseUrl = "https://prices.azure.com/api/retail/prices";
    public const string ApiVersion = "2023-01-01-preview";

    /// <summary>A quote's source: this, then <c>#skuId|meterId</c> (the part a comment's price-source line leaves out).</summary>
    public const string SourceName = "Azure Retail Prices API " + ApiVersion;

    /// <summary>Filter for VM prices of some SKUs in one region.</summary>
    public static string VmFilter(string region, IEnumerable<string> armSkuNames)
    {
        var skus = armSkuNames.Select(s => $"armSkuName eq '{s.Replace("'", "''", StringComparison.Ordinal)}'").ToList();
        var filter = $"serviceName eq 'Virtual Machines' and armRegionName eq '{region.Replace("'", "''", StringComparison.Ordinal)}'";
        return skus.Count == 0 ? filter : $"{filter} and ({string.Join(" or ", skus)})";
    }

    public string BuildUrl(string filter, string currency = "USD") =>
        $"{baseUrl}?api-version={ApiVersion}&currencyCode='{currency}'&$filter={Uri.EscapeDataString(filter)}";

    public async IAsyncEnumerable<RetailPriceItem> QueryAsync(string filter, string currency = "USD",
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? url = BuildUrl(filter, currency);
        var pages = 0;
        while (url is not null)
        {
            if (++pages > 1000) throw new InvalidOperationException("Retail Prices API: more than 1000 pages; narrow the filter");
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var page = await ReadPageAsync(stream, pages, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items) yield return item;
            url = string.IsNullOrWhiteSpace(page.NextPageLink) ? null : page.NextPageLink;
        }
    }

    /// <summary>
    /// One page; a body that is not a price page (cut, not JSON, a value of the wrong kind or beyond range, nested too
    /// deep) is one <see cref="FormatException"/> naming the API, the page and the JSON path and line, never a price.
    /// </summary>
    private static async Task<RetailPricePage> ReadPageAsync(Stream stream, int page, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, RetailPricesJsonContext.Default.RetailPricePage, cancellationToken).ConfigureAwait(false)
                ?? throw new JsonException("the page is JSON null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"Retail Prices API page {page}: not a price page: {e.Message}", e);
        }
    }

    /// <summary>The hourly quotes one API item stands for (none for non-VM items, dedicated hosts or non-hourly units).</summary>
    public static IEnumerable<PriceQuote> ToQuotes(RetailPriceItem item, DateOnly asOf)
    {
        if (!string.Equals(item.ServiceName, "Virtual Machines", StringComparison.OrdinalIgnoreCase)) yield break;
        if (string.IsNullOrWhiteSpace(item.ArmSkuName) || string.IsNullOrWhiteSpace(item.ArmRegionName)) yield break;
        var product = item.ProductName ?? "";
        if (product.Contains("Dedicated Host", StringComparison.OrdinalIgnoreCase)) yield break;
        var os = product.EndsWith(" Windows", StringComparison.OrdinalIgnoreCase) || product.EndsWith(" Win", StringComparison.OrdinalIgnoreCase)
            ? VmOs.Windows : VmOs.Linux;
        var sku = item.SkuName ?? "";
        var meter = item.MeterName ?? "";
        var currency = item.CurrencyCode ?? "USD";
        var source = $"{SourceName}#{item.SkuId}|{item.MeterId}";
        PriceOption? option = (item.Type ?? "").ToLowerInvariant() switch
        {
            "consumption" when sku.EndsWith(" Spot", StringComparison.OrdinalIgnoreCase) || meter.EndsWith(" Spot", StringComparison.OrdinalIgnoreCase) => PriceOption.Spot,
            "consumption" when sku.EndsWith(" Low Priority", StringComparison.OrdinalIgnoreCase) || meter.EndsWith(" Low Priority", StringComparison.OrdinalIgnoreCase) => PriceOption.LowPriority,
            "consumption" => PriceOption.OnDemand,
            "reservation" => RetailPriceMapping.ToOption("Reservation", item.ReservationTerm),
            _ => null,
        };
        if (option is null) yield break;
        if (RetailPriceMapping.ToHourly(item.UnitPrice, item.UnitOfMeasure ?? "", option.Value) is { } hourly)
            yield return new PriceQuote(item.ArmSkuName, item.ArmRegionName, os, option.Value, hourly, currency, asOf, source);
        if (option == PriceOption.OnDemand && item.SavingsPlan is not null)
        {
            foreach (var sp in item.SavingsPlan)
            {
                var spOption = RetailPriceMapping.ToOption("SavingsPlan", sp.Term);
                if (spOption is not null && RetailPriceMapping.ToHourly(sp.UnitPrice, item.UnitOfMeasure ?? "", spOption.Value) is { } h)
                    yield return new PriceQuote(item.ArmSkuName, item.ArmRegionName, os, spOption.Value, h, currency, asOf, source + " savingsPlan " + sp.Term);
            }
        }
    }
}
