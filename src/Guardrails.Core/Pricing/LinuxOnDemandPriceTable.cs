using System.Globalization;
using Guardrails.Core.Common;

namespace Guardrails.Core.Pricing;

/// <summary>
/// Linux pay-as-you-go hourly prices for every VM size in every region (samples/prices/linux-ondemand.csv, made by
/// scripts/karpenter-prices.py; see SOURCES.md): one row per size, one column per region, an empty cell where Azure listed
/// no price. Every quote carries the file's source and its own as-of date (<c># generated-at</c>). Nothing else is priced
/// from it: Windows, Spot, Low Priority, savings plans and reservations are not in it.
/// </summary>
public sealed class LinuxOnDemandPriceTable
{
    private readonly Dictionary<string, int> _regions;
    private readonly Dictionary<string, (string Sku, decimal?[] Prices)> _sizes;

    private LinuxOnDemandPriceTable(DateOnly asOf, string source, Dictionary<string, int> regions,
        Dictionary<string, (string, decimal?[])> sizes)
    {
        (AsOf, Source, _regions, _sizes) = (asOf, source, regions, sizes);
        PriceCount = sizes.Values.Sum(s => s.Item2.Count(p => p is not null));
    }

    /// <summary>When the prices were taken from the Retail Prices API.</summary>
    public DateOnly AsOf { get; }

    public string Source { get; }
    public int SizeCount => _sizes.Count;
    public int RegionCount => _regions.Count;
    public int PriceCount { get; }

    /// <summary>The Linux on-demand quote, or null (no such size, no such region, or no price there).</summary>
    public PriceQuote? Find(string armSkuName, string region)
    {
        if (!_sizes.TryGetValue(armSkuName.Trim(), out var row)) return null;
        if (AzureRegions.Literal(region) is not { } arm || !_regions.TryGetValue(arm, out var column)) return null;
        return row.Prices[column] is { } price
            ? new PriceQuote(row.Sku, arm, VmOs.Linux, PriceOption.OnDemand, price, "USD", AsOf, Source)
            : null;
    }

    /// <summary>The size as the table spells it (the Retail Prices API matches names exactly), or null when it has no such size.</summary>
    public string? Spelling(string armSkuName) => _sizes.TryGetValue(armSkuName.Trim(), out var row) ? row.Sku : null;

    /// <summary>Whether the size has a price in some region (a size absent everywhere is a typo, retired, or newer than the table).</summary>
    public bool KnowsSize(string armSkuName) => _sizes.ContainsKey(armSkuName.Trim());

    /// <summary>
    /// Reads the table. Any problem (a missing comment line, a repeated size or region, a row of another width, a cell that
    /// is not a positive price) is one <see cref="FormatException"/> naming the file and line: a price list that cannot be
    /// read whole is not used at all.
    /// </summary>
    public static LinuxOnDemandPriceTable Load(TextReader reader, string sourceName)
    {
        var lineNo = 0;
        string? Next() { lineNo++; return reader.ReadLine(); }
        FormatException Error(string message) => new($"{sourceName}, line {lineNo}: {message}");

        var generated = Next();
        if (generated is null || !generated.StartsWith("# generated-at ", StringComparison.Ordinal)
            || !DateOnly.TryParseExact(generated["# generated-at ".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            throw Error("expected '# generated-at yyyy-MM-dd'");
        var sourceLine = Next();
        if (sourceLine is null || !sourceLine.StartsWith("# source ", StringComparison.Ordinal) || sourceLine.Length == "# source ".Length)
            throw Error("expected '# source <where the prices come from>'");
        var header = Next()?.Split(',');
        if (header is null || header.Length < 2 || header[0] != "armSkuName") throw Error("expected the header 'armSkuName,<region>,…'");
        var regions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < header.Length; i++)
            if (header[i].Length == 0 || !regions.TryAdd(header[i], i - 1)) throw Error($"region '{header[i]}' is empty or repeated");
        var sizes = new Dictionary<string, (string, decimal?[])>(StringComparer.OrdinalIgnoreCase);
        while (Next() is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length) throw Error($"expected {header.Length} values, found {cells.Length}");
            var prices = new decimal?[regions.Count];
            for (var i = 1; i < cells.Length; i++)
            {
                if (cells[i].Length == 0) continue;
                if (!DecimalText.TryParse(cells[i], out var price, out var why)) throw Error($"{header[i]}: '{cells[i]}' {why}");
                if (price <= 0m) throw Error($"{header[i]}: {cells[i]} is not a price: a VM-hour is never free");
                prices[i - 1] = price;
            }
            if (cells[0].Length == 0 || !sizes.TryAdd(cells[0], (cells[0], prices))) throw Error($"size '{cells[0]}' is empty or repeated");
        }
        return new LinuxOnDemandPriceTable(asOf, sourceLine["# source ".Length..], regions, sizes);
    }
}
