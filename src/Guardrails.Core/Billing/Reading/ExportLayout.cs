namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The columns of one export file resolved once from its header: format, version, and the index of every column the
/// mapper reads (-1 when absent). Names match trimmed and case-insensitively, in any order; unknown columns are
/// ignored; when a header name appears more than once the FIRST occurrence is used and later ones are ignored.
/// </summary>
internal sealed class ExportLayout
{
    public required ExportFormat Format { get; init; }
    public required string Version { get; init; }
    public required string[] HeaderNames { get; init; }
    public int ColumnCount => HeaderNames.Length;

    public int ChargePeriodStart = -1, ChargePeriodEnd = -1, BilledCost = -1, EffectiveCost = -1, ListCost = -1,
        ContractedCost = -1, Currency = -1, ChargeCategory = -1, PricingCategory = -1, PricingSubcategory = -1,
        ResourceId = -1, ResourceName = -1, ResourceType = -1, Region = -1, ServiceName = -1, ServiceCategory = -1,
        SkuMeterCategory = -1, SkuDetails = -1, SkuDetailsFallback = -1, SkuMeter = -1, SkuMeterSubcategory = -1, SkuId = -1,
        ConsumedQuantity = -1, ConsumedUnit = -1, SubAccountId = -1, SubAccountName = -1, ResourceGroup = -1, Tags = -1,
        // legacy only
        PayGPrice = -1, UnitPrice = -1, PaygCost = -1;

    /// <summary>Indexes of every mapped column (for the long-field check).</summary>
    public int[] Mapped { get; private set; } = [];

    public string NameOf(int index) => index >= 0 && index < HeaderNames.Length ? HeaderNames[index] : "";

    private static readonly string[] FocusMandatory = ["ChargePeriodStart", "ChargePeriodEnd", "BilledCost", "EffectiveCost"];
    /// <summary>
    /// Legacy mandatory columns, each with its alternatives: EA/MCA cost details (<c>Date</c>, <c>Cost</c> or
    /// <c>CostInBillingCurrency</c>, <c>BillingCurrency</c> or <c>BillingCurrencyCode</c>) and the older usage export
    /// (<c>UsageDateTime</c>, <c>PreTaxCost</c>, <c>Currency</c>; PascalCase or camelCase, names match in any case).
    /// </summary>
    private static readonly string[][] LegacyMandatory =
        [["Date", "UsageDateTime"], ["CostInBillingCurrency", "Cost", "PreTaxCost"], ["BillingCurrencyCode", "BillingCurrency", "Currency"]];

    /// <summary>Resolves the header. Throws <see cref="CostExportException"/> naming the missing mandatory columns.</summary>
    public static ExportLayout Resolve(string file, string[] header, ExportFormat forced)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            header[i] = header[i].Trim();
            if (header[i].Length > 0) index.TryAdd(header[i], i); // duplicate names: first occurrence wins
        }

        bool Has(string name) => index.ContainsKey(name);
        var format = forced;
        if (format == ExportFormat.Auto)
        {
            if (Has("BilledCost") || Has("EffectiveCost") || Has("ChargePeriodStart")) format = ExportFormat.Focus;
            else if (Has("MeterCategory") || Has("MeterId") || Has("CostInBillingCurrency") || Has("ChargeType") ||
                     Has("PreTaxCost") || Has("UsageDateTime"))
                format = IsMca(index) ? ExportFormat.AzureMca : ExportFormat.AzureEa;
            else
            {
                var sample = string.Join(", ", header.Take(8).Select(h => $"'{h}'"));
                throw new CostExportException(file, 1,
                    $"not a cost export: the header has none of the FOCUS columns ({string.Join(", ", FocusMandatory)}) " +
                    $"nor the Azure Cost Management columns (Date, Cost or CostInBillingCurrency, BillingCurrency, MeterCategory; " +
                    $"or the older usage export's UsageDateTime, PreTaxCost, Currency); " +
                    $"it starts with {sample}")
                { MissingColumns = FocusMandatory };
            }
        }

        var missing = new List<string>();
        if (format == ExportFormat.Focus)
        {
            foreach (var name in FocusMandatory)
                if (!Has(name)) missing.Add(name);
        }
        else
        {
            foreach (var alternatives in LegacyMandatory)
                if (!alternatives.Any(Has)) missing.Add(string.Join(" or ", alternatives));
        }

        if (missing.Count > 0)
        {
            throw new CostExportException(file, 1,
                $"not {(format == ExportFormat.Focus ? "a" : "an")} {Describe(format)} cost export: missing mandatory column(s) {string.Join(", ", missing)}")
            { MissingColumns = missing };
        }

        int Col(params string[] names)
        {
            foreach (var n in names)
                if (index.TryGetValue(n, out var i)) return i;
            return -1;
        }

        ExportLayout layout;
        if (format == ExportFormat.Focus)
        {
            layout = new ExportLayout { Format = format, Version = FocusVersion(index), HeaderNames = header };
            layout.ChargePeriodStart = Col("ChargePeriodStart");
            layout.ChargePeriodEnd = Col("ChargePeriodEnd");
            layout.BilledCost = Col("BilledCost");
            layout.EffectiveCost = Col("EffectiveCost");
            layout.ListCost = Col("ListCost");
            layout.ContractedCost = Col("ContractedCost");
            layout.Currency = Col("BillingCurrency");
            layout.ChargeCategory = Col("ChargeCategory");
            layout.PricingCategory = Col("PricingCategory");
            layout.PricingSubcategory = Col("x_PricingSubcategory");
            layout.ResourceId = Col("ResourceId");
            layout.ResourceName = Col("ResourceName");
            layout.ResourceType = Col("ResourceType");
            layout.Region = Col("RegionId", "Region");
            layout.ServiceName = Col("ServiceName");
            layout.ServiceCategory = Col("ServiceCategory");
            layout.SkuMeterCategory = Col("x_SkuMeterCategory");
            layout.SkuDetails = Col("SkuPriceDetails", "x_SkuDetails");
            layout.SkuDetailsFallback = layout.SkuDetails == Col("x_SkuDetails") ? -1 : Col("x_SkuDetails");
            layout.SkuMeter = Col("SkuMeter", "x_SkuMeterName");
            layout.SkuMeterSubcategory = Col("x_SkuMeterSubcategory");
            layout.SkuId = Col("SkuId");
            layout.ConsumedQuantity = Col("ConsumedQuantity", "UsageQuantity");
            layout.ConsumedUnit = Col("ConsumedUnit", "UsageUnit");
            layout.SubAccountId = Col("SubAccountId");
            layout.SubAccountName = Col("SubAccountName");
            layout.ResourceGroup = Col("x_ResourceGroupName");
            layout.Tags = Col("Tags");
        }
        else
        {
            // "usage": the older Cost Management usage export (UsageDateTime, PreTaxCost, Currency, InstanceId...).
            var version = format == ExportFormat.AzureMca ? "mca" : Has("CostInBillingCurrency") ? "ea-billing-currency" :
                !Has("Cost") && Has("PreTaxCost") ? "usage" : "ea";
            layout = new ExportLayout { Format = format, Version = version, HeaderNames = header };
            layout.ChargePeriodStart = Col("Date", "UsageDateTime");
            layout.BilledCost = Col("CostInBillingCurrency", "Cost", "PreTaxCost");
            layout.EffectiveCost = layout.BilledCost;
            layout.Currency = Col("BillingCurrencyCode", "BillingCurrency", "Currency");
            layout.ChargeCategory = Col("ChargeType");
            layout.PricingCategory = Col("PricingModel");
            layout.PricingSubcategory = layout.PricingCategory;
            layout.ResourceId = Col("ResourceId", "InstanceId");
            layout.ResourceName = Col("ResourceName");
            layout.Region = Col("ResourceLocation", "Location");
            layout.ServiceName = Col("MeterCategory");
            layout.ServiceCategory = Col("ServiceFamily");
            layout.SkuMeterCategory = layout.ServiceName;
            layout.SkuDetails = Col("AdditionalInfo");
            layout.SkuMeter = Col("MeterName");
            layout.SkuMeterSubcategory = Col("MeterSubCategory");
            layout.SkuId = Col("ProductId", "PartNumber", "MeterId");
            layout.ConsumedQuantity = Col("Quantity", "UsageQuantity");
            layout.ConsumedUnit = Col("UnitOfMeasure");
            layout.SubAccountId = Col("SubscriptionId", "SubscriptionGuid");
            layout.SubAccountName = Col("SubscriptionName");
            layout.ResourceGroup = Col("ResourceGroup", "ResourceGroupName");
            layout.Tags = Col("Tags");
            layout.PayGPrice = Col("PayGPrice");
            layout.UnitPrice = Col("UnitPrice");
            layout.PaygCost = Col("paygCostInBillingCurrency");
        }

        layout.Mapped = new[]
        {
            layout.ChargePeriodStart, layout.ChargePeriodEnd, layout.BilledCost, layout.EffectiveCost, layout.ListCost,
            layout.ContractedCost, layout.Currency, layout.ChargeCategory, layout.PricingCategory, layout.PricingSubcategory,
            layout.ResourceId, layout.ResourceName, layout.ResourceType, layout.Region, layout.ServiceName,
            layout.ServiceCategory, layout.SkuMeterCategory, layout.SkuDetails, layout.SkuDetailsFallback, layout.SkuMeter, layout.SkuMeterSubcategory,
            layout.SkuId, layout.ConsumedQuantity, layout.ConsumedUnit, layout.SubAccountId, layout.SubAccountName,
            layout.ResourceGroup, layout.Tags, layout.PayGPrice, layout.UnitPrice, layout.PaygCost,
        }.Where(i => i >= 0).Distinct().Order().ToArray();
        return layout;
    }

    private static string Describe(ExportFormat format) => format switch
    {
        ExportFormat.Focus => "FOCUS",
        ExportFormat.AzureEa => "Azure EA",
        ExportFormat.AzureMca => "Azure MCA",
        _ => format.ToString(),
    };

    /// <summary>MCA cost-details exports write camelCase names and carry pricing-currency columns EA lacks.</summary>
    private static bool IsMca(Dictionary<string, int> index)
    {
        if (index.ContainsKey("paygCostInBillingCurrency") || index.ContainsKey("costInPricingCurrency") ||
            index.ContainsKey("exchangeRatePricingToBilling") || index.ContainsKey("previousInvoiceId"))
            return true;
        // EA's second header variant also says CostInBillingCurrency, but pairs it with BillingCurrencyCode.
        return index.TryGetValue("costInBillingCurrency", out _) && index.ContainsKey("billingCurrency") &&
               !index.ContainsKey("BillingCurrencyCode") &&
               index.Keys.Count(k => k.Length > 0 && char.IsLower(k[0])) * 2 > index.Count;
    }

    /// <summary>
    /// FOCUS version from the columns each version introduced: 1.2 added InvoiceId and PricingCurrency; 1.1 added
    /// CapacityReservationId/Status, CommitmentDiscountQuantity/Unit, ServiceSubcategory, SkuMeter and SkuPriceDetails;
    /// Azure's 1.0-preview wrote UsageQuantity/UsageUnit/Region/ChargeSubcategory where 1.0 writes ConsumedQuantity/
    /// ConsumedUnit/RegionId/ChargeClass.
    /// </summary>
    private static string FocusVersion(Dictionary<string, int> index)
    {
        if (index.ContainsKey("InvoiceId") || index.ContainsKey("PricingCurrency") ||
            index.ContainsKey("PricingCurrencyEffectiveCost")) return "1.2";
        if (index.ContainsKey("CapacityReservationId") || index.ContainsKey("CommitmentDiscountQuantity") ||
            index.ContainsKey("ServiceSubcategory") || index.ContainsKey("SkuMeter") || index.ContainsKey("SkuPriceDetails"))
            return "1.1";
        if (!index.ContainsKey("ConsumedQuantity") &&
            (index.ContainsKey("UsageQuantity") || index.ContainsKey("ChargeSubcategory") ||
             (index.ContainsKey("Region") && !index.ContainsKey("RegionId"))))
            return "1.0-preview";
        return "1.0";
    }
}
