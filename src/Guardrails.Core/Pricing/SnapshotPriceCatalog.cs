using System.Globalization;
using System.Reflection;
using Guardrails.Core.Common;
using nietras.SeparatedValues;

namespace Guardrails.Core.Pricing;

/// <summary>
/// Hourly prices from the bundled, sourced snapshot: the detailed rows of samples/prices/prices.csv (Linux and Windows,
/// on-demand, Spot, Low Priority, savings plans for 32 sizes in 9 regions) first, then, for Linux on-demand only, the wide
/// table of every size in every region (<see cref="LinuxOnDemandPriceTable"/>, read on the first price the rows do not
/// have). See SOURCES.md. Every quote keeps its source and as-of date. A price in neither is <c>null</c>: nothing is
/// interpolated.
/// </summary>
public sealed class SnapshotPriceCatalog : IPriceCatalog
{
    private readonly Dictionary<(string Sku, string Region, VmOs Os, PriceOption Option), PriceQuote> _quotes;
    private readonly Lazy<LinuxOnDemandPriceTable>? _linuxOnDemand;

    public SnapshotPriceCatalog(IEnumerable<PriceQuote> quotes, Func<LinuxOnDemandPriceTable>? linuxOnDemand = null)
    {
        _quotes = new(KeyComparer.Instance);
        foreach (var q in quotes) _quotes[(q.ArmSkuName, q.Region, q.Os, q.Option)] = q;
        Regions = _quotes.Keys.Select(k => k.Region).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();
        AsOf = _quotes.Count == 0 ? null : _quotes.Values.Max(q => q.AsOf);
        if (linuxOnDemand is not null) _linuxOnDemand = new(linuxOnDemand);
    }

    private static readonly Lazy<SnapshotPriceCatalog> s_default = new(() =>
    {
        using var stream = Embedded("prices.csv");
        return Load(stream, "prices.csv").WithLinuxOnDemand(() =>
        {
            using var reader = new StreamReader(Embedded("linux-ondemand.csv"));
            return LinuxOnDemandPriceTable.Load(reader, "linux-ondemand.csv");
        });
    });

    private static Stream Embedded(string name) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("Guardrails.Core.Pricing." + name)
            ?? throw new InvalidOperationException($"Embedded {name} is missing.");

    /// <summary>The bundled snapshot (the detailed rows, then the Linux on-demand table).</summary>
    public static SnapshotPriceCatalog Default => s_default.Value;

    /// <summary>The same rows, with <paramref name="table"/> (read on first need) for the Linux on-demand prices they lack.</summary>
    public SnapshotPriceCatalog WithLinuxOnDemand(Func<LinuxOnDemandPriceTable> table) => new(_quotes.Values, table);

    /// <summary>Regions that have at least one detailed row (the regions compared by default; the wide table has more).</summary>
    public IReadOnlyList<string> Regions { get; }

    /// <summary>The newest as-of date of the detailed rows (shown to users as "prices as of").</summary>
    public DateOnly? AsOf { get; }

    /// <summary>The detailed rows.</summary>
    public int Count => _quotes.Count;

    /// <summary>The Linux on-demand table (read now if it was not yet), or null when this catalog has none.</summary>
    public LinuxOnDemandPriceTable? LinuxOnDemand => _linuxOnDemand?.Value;

    public Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(armSkuName, region, option, os));

    public Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default) =>
        Task.FromResult(Find(armSkuName, region, option, os) is { } q ? new PriceLookup(q) : new PriceLookup(null, WhyMissing(armSkuName, region, option, os)));

    public PriceQuote? Find(string armSkuName, string region, PriceOption option = PriceOption.OnDemand, VmOs os = VmOs.Linux)
    {
        var arm = AzureRegions.Key(region);
        if (_quotes.TryGetValue((armSkuName.Trim(), arm, os, option), out var q)) return q;
        return option == PriceOption.OnDemand && os == VmOs.Linux ? _linuxOnDemand?.Value.Find(armSkuName, arm) : null;
    }

    /// <summary>Why the snapshot has no such price (null without the Linux on-demand table: it cannot tell).</summary>
    private string? WhyMissing(string armSkuName, string region, PriceOption option, VmOs os)
    {
        if (_linuxOnDemand is null) return null;
        var table = _linuxOnDemand.Value;
        if (!table.KnowsSize(armSkuName) && !_quotes.Keys.Any(k => string.Equals(k.Sku, armSkuName.Trim(), StringComparison.OrdinalIgnoreCase)))
            return $"the bundled price list (every VM size Azure listed on {table.AsOf:yyyy-MM-dd}) has no size {armSkuName.Trim()}: a typo, a retired size, or one newer than the list";
        if (option != PriceOption.OnDemand || os != VmOs.Linux)
        {
            var sizes = _quotes.Keys.Select(k => k.Sku).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            return $"the bundled snapshot has {os} {option} prices only for {sizes} sizes in {Regions.Count} regions (samples/prices/SOURCES.md)";
        }
        return $"the bundled price list ({table.AsOf:yyyy-MM-dd}) has no price for {armSkuName.Trim()} in {region}";
    }

    private static readonly string[] s_columns =
        ["armSkuName", "armRegionName", "os", "priceType", "term", "unitPrice", "unitOfMeasure", "currency", "effectiveDate", "source"];

    /// <summary>
    /// Reads the snapshot CSV (columns as in samples/prices/SOURCES.md). Any problem (a missing or repeated column, a row
    /// of another width, a value that is not what its column holds) is one <see cref="FormatException"/> naming the file,
    /// line and field: a price list that cannot be read whole is not used at all (an unknown price is never $0).
    /// </summary>
    public static SnapshotPriceCatalog Load(Stream csv, string sourceName)
    {
        // The header is read as a row: a repeated or missing column is named here, not by the CSV library's own exception.
        using var reader = Sep.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(csv);
        int[]? columns = null;
        var width = 0;
        var list = new List<PriceQuote>();
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            var fields = new string[row.ColCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = row[i].ToString();
            if (columns is null)
            {
                (columns, width) = (Columns(fields, sourceName), fields.Length);
                continue;
            }
            if (fields.Length != width) throw new FormatException($"{sourceName}, line {line}: expected {width} values, found {fields.Length}");
            try
            {
                list.Add(Quote(i => fields[columns[i]]));
            }
            catch (SnapshotFieldException e)
            {
                throw new FormatException($"{sourceName}, line {line}, field '{e.Field}': {e.Message}", e);
            }
        }
        return columns is null ? throw new FormatException($"{sourceName}, line 1: empty: no header ({string.Join(",", s_columns)})") : new SnapshotPriceCatalog(list);
    }

    /// <summary>Each required column's index; a missing or repeated one is an error on line 1.</summary>
    private static int[] Columns(IReadOnlyList<string> header, string sourceName) => s_columns.Select(name =>
    {
        var found = Enumerable.Range(0, header.Count).Where(i => header[i] == name).ToList();
        return found.Count == 1 ? found[0] : throw new FormatException(
            $"{sourceName}, line 1, field '{name}': " + (found.Count == 0 ? "no such column" : $"the column appears {found.Count} times"));
    }).ToArray();

    /// <summary>One row's quote from its fields (by position in <see cref="s_columns"/>).</summary>
    private static PriceQuote Quote(Func<int, string> field)
    {
        var osText = field(2);
        if (!Enum.TryParse<VmOs>(osText, ignoreCase: true, out var os) || !Enum.IsDefined(os) || osText.Trim().Any(char.IsAsciiDigit))
            throw new SnapshotFieldException("os", $"'{osText}' is not one of {string.Join(", ", Enum.GetNames<VmOs>())}");
        if (!DecimalText.TryParse(field(5), out var price, out var why)) throw new SnapshotFieldException("unitPrice", $"'{field(5)}' {why}");
        var option = RetailPriceMapping.ToOption(field(3), field(4))
            ?? throw new SnapshotFieldException("priceType", $"unknown priceType/term '{field(3)}'/'{field(4)}'");
        if (price <= 0m) throw new SnapshotFieldException("unitPrice", $"unitPrice {price.ToString(CultureInfo.InvariantCulture)} is not a price: a VM-hour is never free");
        var hourly = RetailPriceMapping.ToHourly(price, field(6), option)
            ?? throw new SnapshotFieldException("unitOfMeasure", $"unit '{field(6)}' is not an hourly unit");
        if (!DateOnly.TryParseExact(field(8), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
            throw new SnapshotFieldException("effectiveDate", $"'{field(8)}' is not a date (yyyy-MM-dd)");
        return new PriceQuote(field(0), field(1), os, option, hourly, field(7), asOf, field(9));
    }

    private sealed class SnapshotFieldException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }

    private sealed class KeyComparer : IEqualityComparer<(string Sku, string Region, VmOs Os, PriceOption Option)>
    {
        public static readonly KeyComparer Instance = new();
        public bool Equals((string Sku, string Region, VmOs Os, PriceOption Option) x, (string Sku, string Region, VmOs Os, PriceOption Option) y) =>
            x.Os == y.Os && x.Option == y.Option && StringComparer.OrdinalIgnoreCase.Equals(x.Sku, y.Sku)
            && StringComparer.OrdinalIgnoreCase.Equals(x.Region, y.Region);
        public int GetHashCode((string Sku, string Region, VmOs Os, PriceOption Option) k) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(k.Sku), StringComparer.OrdinalIgnoreCase.GetHashCode(k.Region), k.Os, k.Option);
    }
}

/// <summary>How Retail Prices API rows (type/priceType, reservationTerm, unitOfMeasure) map to hourly quotes.</summary>
public static class RetailPriceMapping
{
    public const decimal HoursPerYear = 8760m;
    public const decimal HoursPer3Years = 26280m;

    public static PriceOption? ToOption(string priceType, string? term) =>
        (priceType.Trim().ToLowerInvariant(), NormalizeTerm(term)) switch
        {
            ("consumption", "") => PriceOption.OnDemand,
            ("spot", "") => PriceOption.Spot,
            ("lowpriority", "") or ("low priority", "") => PriceOption.LowPriority,
            ("savingsplan", "1y") => PriceOption.SavingsPlan1Year,
            ("savingsplan", "3y") => PriceOption.SavingsPlan3Year,
            ("reservation", "1y") => PriceOption.Reserved1Year,
            ("reservation", "3y") => PriceOption.Reserved3Year,
            _ => null,
        };

    private static string NormalizeTerm(string? term) => term?.Trim().ToLowerInvariant() switch
    {
        null or "" => "",
        "1 year" or "1 years" or "p1y" => "1y",
        "3 year" or "3 years" or "p3y" => "3y",
        var t => t,
    };

    /// <summary>
    /// The hourly price. Reservation rows carry the whole-term total (Azure returns "1 Hour" as the unit even so):
    /// divided by 8,760 or 26,280 hours. Units other than hours, and a price of zero or less (a VM-hour is never free: such
    /// a row is a placeholder or an error, and taking it would price a GPU at $0), return null (not a VM-hour price).
    /// </summary>
    public static decimal? ToHourly(decimal unitPrice, string unitOfMeasure, PriceOption option)
    {
        if (unitPrice <= 0m) return null;
        var unit = unitOfMeasure.Trim();
        if (option == PriceOption.Reserved1Year) return unitPrice / HoursPerYear;
        if (option == PriceOption.Reserved3Year) return unitPrice / HoursPer3Years;
        return unit switch
        {
            "1 Hour" or "1 Hours" => unitPrice,
            "10 Hours" => unitPrice / 10m,
            "100 Hours" => unitPrice / 100m,
            _ => null,
        };
    }
}

/// <summary>First catalog that knows a price wins (e.g. live/cached Retail Prices, then the offline snapshot).</summary>
public sealed class FallbackPriceCatalog(params IPriceCatalog[] catalogs) : IPriceCatalog, IPerCheckPriceCatalog
{
    public async Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default)
    {
        foreach (var c in catalogs)
        {
            var q = await c.GetHourlyPriceAsync(armSkuName, region, option, os, cancellationToken).ConfigureAwait(false);
            if (q is not null) return q;
        }
        return null;
    }

    /// <summary>The first quote, or every catalog's reason for having none, in order.</summary>
    public async Task<PriceLookup> LookupAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
        VmOs os = VmOs.Linux, CancellationToken cancellationToken = default)
    {
        var reasons = new List<string>();
        foreach (var c in catalogs)
        {
            var found = await c.LookupAsync(armSkuName, region, option, os, cancellationToken).ConfigureAwait(false);
            if (found.Quote is not null) return found;
            if (found.MissReason is { Length: > 0 } why && !reasons.Contains(why)) reasons.Add(why);
        }
        return new PriceLookup(null, reasons.Count == 0 ? null : string.Join("; ", reasons));
    }

    /// <summary>The same catalogs, each bounded per check where it is.</summary>
    public IPriceCatalog ForOneCheck() =>
        new FallbackPriceCatalog([.. catalogs.Select(c => c is IPerCheckPriceCatalog p ? p.ForOneCheck() : c)]);
}
