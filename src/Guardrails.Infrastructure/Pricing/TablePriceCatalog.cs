using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Pricing;

/// <summary>A (size, region) pair the API was asked for live: when a check last asked, when the API last answered for it
/// (live or RefreshPrices) and how many quotes it gave then (0: no such price in that region).</summary>
public sealed record AskedPrice(string ArmSkuName, string Region, DateTimeOffset AskedAt, DateTimeOffset CheckedAt, int Quotes);

/// <summary>
/// Retail prices cached in Table Storage (PK = region, RK = <c>sku|os|option</c>, lower-case), refreshed by the
/// <c>RefreshPrices</c> timer. Prices are stored as invariant strings (tables have no decimal type). A pair asked live
/// has a marker row too (RK = <c>asked|sku</c>, <see cref="AskedPrice"/>): the negative cache, and the list RefreshPrices
/// keeps fresh.
/// </summary>
public sealed class TablePriceCatalog(TableClient table) : IPriceCatalog
{
    public const string DefaultTableName = "retailprices";
    private const string AskedPrefix = "asked|";

    public static string RowKey(string sku, VmOs os, PriceOption option) => $"{sku}|{os}|{option}".ToLowerInvariant();

    private static string Partition(string region) => AzureRegions.Key(region);

    public async Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await table.GetEntityIfExistsAsync<TableEntity>(Partition(region), RowKey(armSkuName.Trim(), os, option),
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

    /// <summary>The pair's marker, or null when it was never asked live (or the table does not exist yet).</summary>
    public async Task<AskedPrice?> GetAskedAsync(string armSkuName, string region, CancellationToken cancellationToken = default)
    {
        try
        {
            var r = await table.GetEntityIfExistsAsync<TableEntity>(Partition(region), AskedPrefix + armSkuName.Trim().ToLowerInvariant(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return r.HasValue && r.Value is { } e ? Asked(e) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Records what the API answered for a pair (<paramref name="askedAt"/>: a check asked; null: a refresh, which keeps the last ask).</summary>
    public async Task RecordAskedAsync(string armSkuName, string region, DateTimeOffset checkedAt, int quotes, bool byCheck,
        CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition(region), AskedPrefix + armSkuName.Trim().ToLowerInvariant())
        {
            ["ArmSkuName"] = armSkuName.Trim(),
            ["Region"] = Partition(region),
            ["CheckedAt"] = checkedAt,
            ["Quotes"] = quotes,
        };
        if (byCheck) entity["AskedAt"] = checkedAt;
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pairs asked live that have a price, most recently asked first, at most <paramref name="max"/>.</summary>
    public async Task<IReadOnlyList<AskedPrice>> ListAskedAsync(int max, CancellationToken cancellationToken = default)
    {
        var list = new List<AskedPrice>();
        try
        {
            var filter = TableClient.CreateQueryFilter($"RowKey ge {AskedPrefix} and RowKey lt {"asked}"}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
                if (Asked(e) is { Quotes: > 0 } a) list.Add(a);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
        return [.. list.OrderByDescending(a => a.AskedAt).ThenBy(a => a.Region, StringComparer.Ordinal).ThenBy(a => a.ArmSkuName, StringComparer.Ordinal).Take(max)];
    }

    private static AskedPrice Asked(TableEntity e)
    {
        var checkedAt = e.GetDateTimeOffset("CheckedAt") ?? DateTimeOffset.MinValue;
        return new(e.GetString("ArmSkuName"), e.GetString("Region"), e.GetDateTimeOffset("AskedAt") ?? checkedAt, checkedAt, e.GetInt32("Quotes") ?? 0);
    }

    /// <summary>Upserts quotes in batches of up to 100 per partition.</summary>
    public async Task<int> UpsertAsync(IEnumerable<PriceQuote> quotes, CancellationToken cancellationToken = default)
    {
        await table.EnsureExistsAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var partition in quotes.GroupBy(q => Partition(q.Region)))
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

/// <summary>Fetches VM prices for the catalog's SKUs in the given regions, and for the pairs checks asked live, into the table cache.</summary>
public sealed class PriceRefresher(RetailPricesClient client, TablePriceCatalog cache, TimeProvider time)
{
    /// <summary>Sizes asked in one request (one OData filter).</summary>
    public const int SizesPerRequest = 20;

    public async Task<int> RefreshAsync(IEnumerable<string> regions, IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        var skuList = skus.ToList();
        var total = 0;
        foreach (var region in regions)
            total += await cache.UpsertAsync(await FetchAsync(region, skuList, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return total;
    }

    /// <summary>Refreshes the pairs checks asked live (at most <paramref name="maxPairs"/>, most recently asked first) and
    /// records each answer on its marker; returns the number of prices cached.</summary>
    public async Task<int> RefreshAskedAsync(int maxPairs, CancellationToken cancellationToken = default)
    {
        var total = 0;
        foreach (var region in (await cache.ListAskedAsync(maxPairs, cancellationToken).ConfigureAwait(false)).GroupBy(a => a.Region))
        {
            foreach (var chunk in region.Select(a => a.ArmSkuName).Distinct(StringComparer.OrdinalIgnoreCase).Chunk(SizesPerRequest))
            {
                var quotes = await FetchAsync(region.Key, chunk, cancellationToken).ConfigureAwait(false);
                total += await cache.UpsertAsync(quotes, cancellationToken).ConfigureAwait(false);
                foreach (var sku in chunk)
                    await cache.RecordAskedAsync(sku, region.Key, time.GetUtcNow(),
                        quotes.Count(q => string.Equals(q.ArmSkuName, sku, StringComparison.OrdinalIgnoreCase)), byCheck: false, cancellationToken).ConfigureAwait(false);
            }
        }
        return total;
    }

    /// <summary>The quotes the API gives now for some sizes in one region (not stored).</summary>
    public async Task<IReadOnlyList<PriceQuote>> FetchAsync(string region, IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        var asOf = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var quotes = new List<PriceQuote>();
        await foreach (var item in client.QueryAsync(RetailPricesClient.VmFilter(region, skus), cancellationToken: cancellationToken).ConfigureAwait(false))
            quotes.AddRange(RetailPricesClient.ToQuotes(item, asOf));
        return quotes;
    }
}
