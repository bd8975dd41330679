using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Pricing;

namespace Guardrails.Infrastructure.Pricing;

/// <summary>
/// Retail prices cached in Table Storage (PK = region, RK = <c>sku|os|option</c>, lower-case), refreshed by the
/// <c>RefreshPrices</c> timer. Prices are stored as invariant strings (tables have no decimal type).
/// </summary>
public sealed class TablePriceCatalog(TableClient table) : IPriceCatalog
{
    public const string DefaultTableName = "retailprices";

    public static string RowKey(string sku, VmOs os, PriceOption option) => $"{sku}|{os}|{option}".ToLowerInvariant();

    public async Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await table.GetEntityIfExistsAsync<TableEntity>(region.ToLowerInvariant(), RowKey(armSkuName, os, option),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!r.HasValue || r.Value is null) return null;
            var e = r.Value;
            return new PriceQuote(e.GetString("ArmSkuName"), e.GetString("Region"), os, option,
                decimal.Parse(e.GetString("HourlyPrice"), CultureInfo.InvariantCulture), e.GetString("Currency"),
                DateOnly.ParseExact(e.GetString("AsOf"), "yyyy-MM-dd", CultureInfo.InvariantCulture), e.GetString("Source"));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // table not created yet: the snapshot answers
        }
    }

    /// <summary>Upserts quotes in batches of up to 100 per partition.</summary>
    public async Task<int> UpsertAsync(IEnumerable<PriceQuote> quotes, CancellationToken cancellationToken = default)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var partition in quotes.GroupBy(q => q.Region.ToLowerInvariant()))
        {
            foreach (var chunk in partition.DistinctBy(q => RowKey(q.ArmSkuName, q.Os, q.Option)).Chunk(100))
            {
                var batch = chunk.Select(q => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition.Key, RowKey(q.ArmSkuName, q.Os, q.Option))
                {
                    ["ArmSkuName"] = q.ArmSkuName,
                    ["Region"] = q.Region,
                    ["HourlyPrice"] = q.HourlyPrice.ToString(CultureInfo.InvariantCulture),
                    ["Currency"] = q.Currency,
                    ["AsOf"] = q.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["Source"] = q.Source,
                })).ToList();
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                count += batch.Count;
            }
        }
        return count;
    }
}

/// <summary>Fetches VM prices for the catalog's SKUs in the given regions and stores them in the table cache.</summary>
public sealed class PriceRefresher(RetailPricesClient client, TablePriceCatalog cache, TimeProvider time)
{
    public async Task<int> RefreshAsync(IEnumerable<string> regions, IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        var asOf = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var skuList = skus.ToList();
        var total = 0;
        foreach (var region in regions)
        {
            var quotes = new List<PriceQuote>();
            await foreach (var item in client.QueryAsync(RetailPricesClient.VmFilter(region, skuList), cancellationToken: cancellationToken).ConfigureAwait(false))
                quotes.AddRange(RetailPricesClient.ToQuotes(item, asOf));
            total += await cache.UpsertAsync(quotes, cancellationToken).ConfigureAwait(false);
        }
        return total;
    }
}
