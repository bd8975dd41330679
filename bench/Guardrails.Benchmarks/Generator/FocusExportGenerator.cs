using System.Globalization;
using System.IO.Compression;
using System.Text;
using static Guardrails.Benchmarks.Generator.FocusColumns;

namespace Guardrails.Benchmarks.Generator;

/// <summary>What to generate: rows, seed, month, resource count; .csv or .csv.gz by the output name.</summary>
internal sealed record GeneratorOptions
{
    public required long Rows { get; init; }
    public required int Seed { get; init; }
    public required string OutputPath { get; init; }
    public int Resources { get; init; } = 4000;
    public int Year { get; init; } = 2026;
    public int Month { get; init; } = 10;
    public bool Gzip => OutputPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The generator's own account of what it wrote: the truth both engines are checked against.</summary>
internal sealed record GeneratedExport(string Path, long Rows, long Bytes, int Resources,
    IReadOnlyDictionary<string, (decimal Billed, decimal Effective)> TotalsByCurrency);

/// <summary>
/// A seeded generator of a realistic Azure Cost Management FocusCost 1.0 export: the 96 columns Azure writes,
/// thousands of resources with long ARM ids in a dozen subscriptions, GPU VM SKUs and prices from
/// samples/prices (the project's own sourced snapshot), on-demand, Spot and reserved usage, reservation
/// purchases and refunds, two billing currencies, Tags JSON with mixed-case and padded keys (team, Team,
/// " owner-team"), escaped quotes, backslashes and \u escapes, and some NULL or empty Tags.
/// The same seed gives the same bytes.
/// </summary>
internal sealed class FocusExportGenerator
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly GeneratorOptions _options;
    private readonly Random _random;
    private readonly List<Resource> _resources = [];
    private readonly List<Subscription> _subscriptions = [];
    private readonly int _days;
    private readonly DateOnly _firstDay;
    private string _billingAccountId = "";

    public FocusExportGenerator(GeneratorOptions options, SkuPriceTable prices)
    {
        _options = options;
        _random = new Random(options.Seed);
        _firstDay = new DateOnly(options.Year, options.Month, 1);
        _days = DateTime.DaysInMonth(options.Year, options.Month);
        BuildSubscriptions();
        BuildResources(prices);
    }

    public GeneratedExport Write()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_options.OutputPath));
        if (directory is not null) Directory.CreateDirectory(directory);

        var totals = new Dictionary<string, (decimal Billed, decimal Effective)>(StringComparer.Ordinal);
        using (var file = new FileStream(_options.OutputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (Stream output = _options.Gzip ? new GZipStream(file, CompressionLevel.Fastest) : file)
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" })
        {
            WriteHeader(writer);
            var values = new string?[Names.Length];
            for (long row = 0; row < _options.Rows; row++)
            {
                Array.Clear(values);
                var day = _firstDay.AddDays((int)(row * _days / _options.Rows));
                var (currency, billed, effective) = FillRow(values, day);
                WriteRow(writer, values);
                totals[currency] = totals.TryGetValue(currency, out var t)
                    ? (t.Billed + billed, t.Effective + effective)
                    : (billed, effective);
            }
        }

        return new GeneratedExport(_options.OutputPath, _options.Rows, new FileInfo(_options.OutputPath).Length,
            _resources.Count, totals);
    }

    // ---------------------------------------------------------------- the world: subscriptions and resources

    private sealed record Subscription(string Id, string Name, string Currency, decimal ExchangeRate,
        string BillingProfileId, string BillingProfileName, string InvoiceSectionId, string InvoiceSectionName);

    private enum Kind { GpuVm, CpuVm, Disk, StorageAccount, PublicIp, LogAnalytics, KeyVault }

    private enum Pricing { OnDemand, Spot, Reserved }

    private sealed record Meter(string ServiceName, string ServiceCategory, string MeterCategory, string MeterSubcategory,
        string MeterName, string MeterId, string Unit, decimal BlockSize, string PricingUnitDescription, decimal UnitPrice,
        decimal MinQuantity, decimal MaxQuantity, string SkuId, string PartNumber, string SkuDescription);

    private sealed record Resource(Kind Kind, Subscription Subscription, string ResourceGroup, string Id, string Name,
        string ResourceType, string ArmType, string Region, string RegionName, string? Tags, Pricing Pricing,
        Meter[] Meters, string? SkuDetails, string? ReservationId, string? ReservationName);

    private static readonly string[] Teams =
        ["vision", "llm-pretrain", "speech", "recsys", "platform", "safety-evals", "data \"lake\"", "s\\u00f8k"];
    private static readonly string[] Projects = ["atlas", "orion", "helix", "nimbus", "quartz", "sirius"];
    private static readonly string[] Models = ["gpt-x-7b", "gpt-x-70b", "whisper-ft", "vit-h14", "rerank-v3", "tts-2"];
    private static readonly string[] Envs = ["prod", "dev", "staging", "research"];
    private static readonly (string Id, string Name)[] Regions =
    [
        ("eastus", "East US"), ("eastus2", "East US 2"), ("westus2", "West US 2"), ("westus3", "West US 3"),
        ("southcentralus", "South Central US"), ("northeurope", "North Europe"), ("westeurope", "West Europe"),
        ("swedencentral", "Sweden Central"), ("uksouth", "UK South"),
    ];

    private string Guid() =>
        new System.Guid(RandomBytes(16)).ToString();

    private byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private void BuildSubscriptions()
    {
        string[] names =
        [
            "ml-research-prod", "ml-research-dev", "llm-training", "inference-prod", "inference-dev", "data-platform",
            "shared-services", "speech-lab", "vision-lab", "sandbox", "eu-training", "eu-inference",
        ];
        // EA-style ids like the FinOps sample (/providers/Microsoft.Billing/billingAccounts/8611537).
        _billingAccountId = $"/providers/Microsoft.Billing/billingAccounts/{_random.Next(1_000_000, 9_999_999)}";
        var usdProfile = (RandomCode(), "Contoso AI Research");
        var eurProfile = (RandomCode(), "Contoso AI Europe");
        foreach (var name in names)
        {
            var eu = name.StartsWith("eu-", StringComparison.Ordinal);
            var (profileId, profileName) = eu ? eurProfile : usdProfile;
            var section = RandomCode();
            _subscriptions.Add(new Subscription(Guid(), name, eu ? "EUR" : "USD", eu ? 0.9214m : 1m,
                profileId, profileName, section, name));
        }
    }

    private string RandomCode()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        Span<char> c = stackalloc char[14];
        for (var i = 0; i < c.Length; i++) c[i] = i is 4 or 9 ? '-' : alphabet[_random.Next(alphabet.Length)];
        return new string(c);
    }

    private void BuildResources(SkuPriceTable prices)
    {
        var gpuSkus = prices.Skus.Where(s => s.GpuCount > 0).ToArray();
        var cpuSkus = prices.Skus.Where(s => s.GpuCount == 0).ToArray();
        for (var i = 0; i < _options.Resources; i++)
        {
            var sub = _subscriptions[_random.Next(_subscriptions.Count)];
            var roll = _random.NextDouble();
            var kind = roll switch
            {
                < 0.30 => Kind.GpuVm,
                < 0.45 => Kind.CpuVm,
                < 0.65 => Kind.Disk,
                < 0.80 => Kind.StorageAccount,
                < 0.90 => Kind.PublicIp,
                < 0.95 => Kind.LogAnalytics,
                _ => Kind.KeyVault,
            };
            _resources.Add(kind switch
            {
                Kind.GpuVm => VirtualMachine(sub, Pick(gpuSkus), prices, i),
                Kind.CpuVm => VirtualMachine(sub, Pick(cpuSkus), prices, i),
                _ => Other(sub, kind, i),
            });
        }
    }

    private (string Id, string Name) RegionFor(Subscription sub, IReadOnlyCollection<string>? offered)
    {
        var candidates = Regions.Where(r => (sub.Currency == "EUR") == (r.Id is "northeurope" or "westeurope" or "swedencentral" or "uksouth"))
            .Where(r => offered is null || offered.Contains(r.Id)).ToArray();
        if (candidates.Length == 0) candidates = Regions.Where(r => offered is null || offered.Contains(r.Id)).ToArray();
        if (candidates.Length == 0) candidates = Regions;
        return Pick(candidates);
    }

    private string ResourceGroupName(Subscription sub, string region) =>
        $"rg-{sub.Name}-{Pick(Projects)}-{region}";

    private string? BuildTags(string resourceGroup)
    {
        var roll = _random.NextDouble();
        if (roll < 0.02) return "NULL";    // the FOCUS sample writes bare NULL for a missing value
        if (roll < 0.04) return "";        // Azure leaves the field empty
        if (roll < 0.05) return "{}";
        var tags = new StringBuilder("{");
        var teamKey = _random.NextDouble() switch
        {
            < 0.50 => "team",
            < 0.75 => "Team",
            < 0.90 => " owner-team",
            _ => null,                      // no team tag: unallocated
        };
        var first = true;
        void Add(string key, string jsonValue)
        {
            if (!first) tags.Append(", ");
            first = false;
            tags.Append('"').Append(key).Append("\": \"").Append(jsonValue).Append('"');
        }
        if (_random.NextDouble() < 0.5) Add(_random.NextDouble() < 0.5 ? "project" : "Project", Pick(Projects));
        if (teamKey is not null) Add(teamKey, JsonEscape(Pick(Teams)));
        if (_random.NextDouble() < 0.6) Add("model", Pick(Models));
        Add("env", Pick(Envs));
        if (_random.NextDouble() < 0.3) Add("cost-center", _random.Next(1000, 9999).ToString(Inv));
        if (_random.NextDouble() < 0.2) Add("owner", "Ren\\u00e9e O'Brien");
        if (_random.NextDouble() < 0.1) Add("data-path", "\\\\\\\\fs01\\\\datasets\\\\" + Pick(Projects));
        if (_random.NextDouble() < 0.1) Add("hidden-link:/app-insights-resource-id", $"/subscriptions/x/resourceGroups/{resourceGroup}");
        return tags.Append('}').ToString();
    }

    // Team names are chosen to need escaping: a quote (data "lake") and a \u escape (søk) already spelled as JSON.
    private static string JsonEscape(string value) => value.Replace("\"", "\\\"", StringComparison.Ordinal);

    private Resource VirtualMachine(Subscription sub, SkuInfo sku, SkuPriceTable prices, int index)
    {
        var (region, regionName) = RegionFor(sub, prices.RegionsFor(sku.Name));
        var rg = ResourceGroupName(sub, region);
        var family = sku.GpuCount > 0 ? "gpu" : "cpu";
        var name = $"vm-{Pick(Projects)}-{family}-{sku.Name["Standard_".Length..].ToLowerInvariant().Replace('_', '-')}-{index:D5}";
        var id = $"/subscriptions/{sub.Id}/resourcegroups/{rg}/providers/microsoft.compute/virtualmachines/{name}";
        var pricing = _random.NextDouble() switch
        {
            < 0.15 => Pricing.Spot,
            < 0.30 when sku.GpuCount > 0 => Pricing.Reserved,
            _ => Pricing.OnDemand,
        };
        var list = prices.Price(sku.Name, region, "Consumption") ?? (sku.GpuCount > 0 ? 3.06m : 0.192m);
        var spot = prices.Price(sku.Name, region, "Spot") ?? decimal.Round(list * 0.35m, 6);
        var meterName = sku.Name["Standard_".Length..].Replace('_', ' ');
        var series = SeriesName(sku.Name);
        var unitPrice = pricing == Pricing.Spot ? spot : list;
        var meter = new Meter("Virtual Machines", "Compute", "Virtual Machines", $"{series} Series{(pricing == Pricing.Spot ? " Spot" : "")}",
            pricing == Pricing.Spot ? meterName + " Spot" : meterName, Guid(), "Hours", 1m, "1 Hour",
            decimal.Round(unitPrice * sub.ExchangeRate, 6), 0.25m, 24m, $"DZH318Z0{RandomCode()[..4]}", $"AAA-{_random.Next(10000, 99999)}",
            $"Virtual Machines {series} Series - {meterName} - {regionName}");
        var details = $"{{\"ServiceType\": \"{sku.Name}\", \"VCPUs\": {sku.VCpus}, \"ImageType\": \"Canonical\", \"UsageType\": \"ComputeHR\"}}";
        var reservation = pricing == Pricing.Reserved
            ? $"/providers/Microsoft.Capacity/reservationOrders/{Guid()}/reservations/{Guid()}"
            : null;
        return new Resource(sku.GpuCount > 0 ? Kind.GpuVm : Kind.CpuVm, sub, rg, id, name, "Virtual machine",
            "microsoft.compute/virtualmachines", region, regionName, BuildTags(rg), pricing, [meter], details, reservation,
            reservation is null ? null : $"RI-{series}-{region}-{_random.Next(100, 999)}");
    }

    private static string SeriesName(string sku)
    {
        var core = sku["Standard_".Length..];
        var digitsEnd = 0;
        while (digitsEnd < core.Length && !char.IsDigit(core[digitsEnd])) digitsEnd++;
        var prefix = core[..digitsEnd];
        var rest = core[digitsEnd..];
        var underscore = rest.IndexOf('_', StringComparison.Ordinal);
        return prefix + (underscore >= 0 ? rest[underscore..].Replace("_", "", StringComparison.Ordinal) : "");
    }

    private Resource Other(Subscription sub, Kind kind, int index)
    {
        var (region, regionName) = RegionFor(sub, null);
        var rg = ResourceGroupName(sub, region);
        var fx = sub.ExchangeRate;
        Meter M(string service, string category, string meterCategory, string sub2, string meterName, string unit,
            decimal block, string unitDescription, decimal price, decimal min, decimal max) =>
            new(service, category, meterCategory, sub2, meterName, Guid(), unit, block, unitDescription,
                decimal.Round(price * fx, 8), min, max, $"DZH317F1{RandomCode()[..4]}", $"AAA-{_random.Next(10000, 99999)}",
                $"{meterCategory} {sub2} {meterName}");
        string name;
        string provider;
        string type;
        Meter[] meters;
        switch (kind)
        {
            case Kind.Disk:
                name = $"disk-{Pick(Projects)}-os-{index:D5}-{RandomCode()[..4].ToLowerInvariant()}";
                provider = "microsoft.compute/disks";
                type = "Disk";
                meters = [M("Storage", "Storage", "Storage", "Premium SSD Managed Disks", "P30 LRS Disk", "1/Month", 1m, "1 /Month", 135.17m, 0.032258m, 0.032258m)];
                break;
            case Kind.StorageAccount:
                name = $"st{Pick(Projects)}{RandomCode()[..4].ToLowerInvariant()}{index:D5}";
                provider = "microsoft.storage/storageaccounts";
                type = "Storage account";
                meters =
                [
                    M("Storage", "Storage", "Storage", "Tiered Block Blob", "Hot LRS Data Stored", "GB/Month", 1m, "1 GB/Month", 0.0184m, 1m, 50000m),
                    M("Storage", "Storage", "Storage", "Tiered Block Blob", "Hot Read Operations", "10K", 10000m, "10K", 0.0044m, 0.01m, 900m),
                    M("Bandwidth", "Networking", "Bandwidth", "Rtn Preference: MGN", "Standard Data Transfer Out", "GB", 1m, "1 GB", 0.087m, 0.001m, 800m),
                ];
                break;
            case Kind.PublicIp:
                name = $"pip-{Pick(Projects)}-{index:D5}";
                provider = "microsoft.network/publicipaddresses";
                type = "Public IP address";
                meters = [M("Virtual Network", "Networking", "Virtual Network", "IP Addresses", "Standard IPv4 Static Public IP", "Hours", 1m, "1 Hour", 0.005m, 24m, 24m)];
                break;
            case Kind.LogAnalytics:
                name = $"log-{Pick(Projects)}-{index:D5}";
                provider = "microsoft.operationalinsights/workspaces";
                type = "Log Analytics workspace";
                meters = [M("Log Analytics", "Management and Governance", "Log Analytics", "", "Pay-as-you-go Data Ingestion", "GB", 1m, "1 GB", 2.30m, 0.01m, 40m)];
                break;
            default:
                name = $"kv-{Pick(Projects)}-{index:D5}";
                provider = "microsoft.keyvault/vaults";
                type = "Key vault";
                meters = [M("Key Vault", "Security", "Key Vault", "", "Operations", "10K", 10000m, "10K", 0.03m, 0.0001m, 5m)];
                break;
        }
        var id = $"/subscriptions/{sub.Id}/resourcegroups/{rg}/providers/{provider}/{name}";
        return new Resource(kind, sub, rg, id, name, type, provider, region, regionName, BuildTags(rg), Pricing.OnDemand,
            meters, null, null, null);
    }

    // ---------------------------------------------------------------- one row

    private (string Currency, decimal Billed, decimal Effective) FillRow(string?[] v, DateOnly day)
    {
        var r = _resources[_random.Next(_resources.Count)];
        var sub = r.Subscription;
        var meter = r.Meters[_random.Next(r.Meters.Length)];
        var quantity = meter.MinQuantity == meter.MaxQuantity
            ? meter.MinQuantity
            : decimal.Round(meter.MinQuantity + (meter.MaxQuantity - meter.MinQuantity) * (decimal)_random.NextDouble(), 6);
        var pricingQuantity = decimal.Round(quantity / meter.BlockSize, 10);
        var listCost = decimal.Round(pricingQuantity * meter.UnitPrice, 10);
        var contractedUnit = decimal.Round(meter.UnitPrice * 0.95m, 10);
        var contractedCost = decimal.Round(pricingQuantity * contractedUnit, 10);

        var chargeCategory = "Usage";
        string? chargeClass = null;
        var pricingCategory = r.Pricing switch { Pricing.Spot => "Dynamic", Pricing.Reserved => "Committed", _ => "Standard" };
        var billed = contractedCost;
        var effective = contractedCost;
        var frequency = "Usage-Based";
        var description = meter.SkuDescription;
        var roll = _random.NextDouble();
        if (r.Pricing == Pricing.Reserved)
        {
            billed = 0m;                                          // covered by the reservation
            effective = decimal.Round(listCost * 0.62m, 10);      // amortized reservation cost
        }
        if (roll < 0.001)
        {
            chargeClass = "Correction";                           // a refund: negative, valid, kept
            billed = -billed;
            effective = -effective;
            description = "Refund: " + description;
        }
        else if (roll < 0.0012 && r.ReservationId is not null)
        {
            chargeCategory = "Purchase";                          // a monthly reservation payment
            frequency = "Recurring";
            pricingCategory = "Committed";
            billed = decimal.Round(meter.UnitPrice * 730m * 0.62m, 10);
            effective = 0m;
            description = $"Reservation purchase {r.ReservationName}";
        }

        var dayText = day.ToString("yyyy-MM-dd", Inv);
        var start = dayText + "T00:00:00Z";
        var end = day.AddDays(1).ToString("yyyy-MM-dd", Inv) + "T00:00:00Z";
        var periodStart = _firstDay.ToString("yyyy-MM-dd", Inv) + "T00:00:00Z";
        var periodEnd = _firstDay.AddMonths(1).ToString("yyyy-MM-dd", Inv) + "T00:00:00Z";

        v[BilledCost] = Money(billed);
        v[BillingAccountId] = _billingAccountId;
        v[BillingAccountName] = "Contoso AI";
        v[BillingAccountType] = "Billing Profile";
        v[BillingCurrency] = sub.Currency;
        v[BillingPeriodEnd] = periodEnd;
        v[BillingPeriodStart] = periodStart;
        v[ChargeCategory] = chargeCategory;
        v[ChargeClass] = chargeClass;
        v[ChargeDescription] = description;
        v[ChargeFrequency] = frequency;
        v[ChargePeriodEnd] = end;
        v[ChargePeriodStart] = start;
        if (r.ReservationId is not null)
        {
            v[CommitmentDiscountCategory] = "Usage";
            v[CommitmentDiscountId] = r.ReservationId;
            v[CommitmentDiscountName] = r.ReservationName;
            v[CommitmentDiscountStatus] = chargeCategory == "Usage" ? "Used" : null;
            v[CommitmentDiscountType] = "Reservation";
        }
        else if (roll < 0.3)
        {
            v[CommitmentDiscountCategory] = "NULL";
            v[CommitmentDiscountId] = "NULL";
        }
        v[ConsumedQuantity] = Quantity(quantity);
        v[ConsumedUnit] = meter.Unit;
        v[ContractedCost] = Money(contractedCost);
        v[ContractedUnitPrice] = Money(contractedUnit);
        v[EffectiveCost] = Money(effective);
        v[InvoiceIssuerName] = "Microsoft";
        v[ListCost] = Money(listCost);
        v[ListUnitPrice] = Money(meter.UnitPrice);
        v[PricingCategory] = pricingCategory;
        v[PricingQuantity] = Quantity(pricingQuantity);
        v[PricingUnit] = meter.Unit;
        v[ProviderName] = "Microsoft";
        v[PublisherName] = "Microsoft";
        v[RegionId] = r.Region;
        v[RegionName] = r.RegionName;
        v[ResourceId] = r.Id;
        v[ResourceName] = r.Name;
        v[ResourceType] = r.ResourceType;
        v[ServiceCategory] = meter.ServiceCategory;
        v[ServiceName] = meter.ServiceName;
        v[SkuId] = meter.SkuId;
        v[SkuPriceId] = meter.SkuId + "/" + meter.PartNumber;
        v[SubAccountId] = "/subscriptions/" + sub.Id;
        v[SubAccountName] = sub.Name;
        v[SubAccountType] = "Subscription";
        v[Tags] = r.Tags;
        v[x_BilledCostInUsd] = sub.ExchangeRate == 1m ? v[BilledCost] : Money(billed / sub.ExchangeRate);
        v[x_BillingExchangeRate] = sub.ExchangeRate == 1m ? "1" : sub.ExchangeRate.ToString(Inv);
        v[x_BillingProfileId] = sub.BillingProfileId;
        v[x_BillingProfileName] = sub.BillingProfileName;
        v[x_EffectiveCostInUsd] = sub.ExchangeRate == 1m ? v[EffectiveCost] : Money(effective / sub.ExchangeRate);
        v[x_InvoiceSectionId] = sub.InvoiceSectionId;
        v[x_InvoiceSectionName] = sub.InvoiceSectionName;
        v[x_PricingBlockSize] = meter.BlockSize.ToString(Inv);
        v[x_PricingCurrency] = "USD";
        v[x_PricingUnitDescription] = meter.PricingUnitDescription;
        v[x_ResourceGroupName] = r.ResourceGroup;
        v[x_ResourceType] = r.ArmType;
        v[x_SkuDetails] = r.SkuDetails;
        v[x_SkuIsCreditEligible] = "true";
        v[x_SkuMeterCategory] = meter.MeterCategory;
        v[x_SkuMeterId] = meter.MeterId;
        v[x_SkuMeterName] = meter.MeterName;
        v[x_SkuMeterSubcategory] = meter.MeterSubcategory;
        v[x_SkuPartNumber] = meter.PartNumber;
        v[x_SkuRegion] = r.RegionName;
        v[x_SkuServiceFamily] = meter.ServiceCategory;
        v[x_SkuTerm] = r.Pricing == Pricing.Reserved ? "12" : null;
        return (sub.Currency, billed, effective);
    }

    private static string Money(decimal value) => decimal.Round(value, 10).ToString("0.##########", Inv);

    private static string Quantity(decimal value) => decimal.Round(value, 10).ToString("0.##########", Inv);

    // ---------------------------------------------------------------- CSV

    private static readonly bool[] NumericColumn = Names.Select(n => Numeric.Contains(n)).ToArray();

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");

    private static void WriteHeader(StreamWriter writer) => writer.WriteLine(string.Join(',', Names));

    private static void WriteRow(StreamWriter writer, string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0) writer.Write(',');
            var value = values[i];
            if (string.IsNullOrEmpty(value)) continue;
            // Like Azure's exports: quote only a field that needs it (a comma, a quote or a line break in it).
            if (NumericColumn[i] || value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
            {
                writer.Write(value);
                continue;
            }
            writer.Write('"');
            writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
        }
        writer.WriteLine();
    }
}
