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

        CheckSeparator(file, header);
        var format = forced == ExportFormat.Auto ? DetectFormat(file, header, index) : forced;
        CheckMandatoryColumns(file, format, index);
        var layout = format == ExportFormat.Focus ? FocusLayout(header, index) : LegacyLayout(format, header, index);
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

    /// <summary>
    /// A header that is one or two fields holding cost column names joined by <c>;</c>, a tab or <c>|</c>: the export was
    /// re-saved with another separator (a spreadsheet in a locale with decimal commas writes <c>;</c>). Said as such,
    /// rather than as "not a cost export"; such a file also tends to hold <c>1,5</c> decimals, which no reading of it
    /// could take as money without guessing.
    /// </summary>
    private static void CheckSeparator(string file, string[] header)
    {
        CheckEncoding(file, header);
        if (header.Length > 2) return;
        var line = string.Join(",", header);
        if (line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            throw new CostExportException(file, 1,
                $"the first line is a spreadsheet's separator hint ('{line}'), not the header: delete that line, or export the file again")
            { MissingColumns = FocusMandatory };
        foreach (var (separator, name) in new[] { (';', "';'"), ('\t', "a tab"), ('|', "'|'") })
        {
            var names = line.Split(separator, StringSplitOptions.TrimEntries).Select(n => n.Trim('"').Trim()).ToArray();
            if (names.Length < 3 || !names.Any(IsCostColumn)) continue;
            throw new CostExportException(file, 1,
                $"the header is separated by {name}, not by commas (the file was probably re-saved by a spreadsheet or another " +
                "tool; in locales with decimal commas spreadsheets write ';'): cost exports are comma-separated CSV with '.' " +
                "decimals; export it again or save it as comma-separated CSV")
            { MissingColumns = FocusMandatory };
        }
    }

    /// <summary>
    /// NUL characters between the letters of the header: UTF-16 text without a byte-order mark (with one, the reader
    /// decodes it). Said as such rather than "not a cost export" over names that print as <c>C h a r g e …</c>.
    /// </summary>
    private static void CheckEncoding(string file, string[] header)
    {
        if (!header.Any(h => h.Contains('\0'))) return;
        // UTF-16 read as UTF-8: every other character of an ASCII header is a NUL. Random binary bytes have few.
        var text = string.Join(",", header);
        if (text.Count(c => c == '\0') * 3 < text.Length) return;
        throw new CostExportException(file, 1,
            "the header holds NUL characters between its letters: the file is UTF-16 (or another two-byte encoding) without " +
            "a byte-order mark; save it as UTF-8 (or UTF-16 with its byte-order mark)")
        { MissingColumns = FocusMandatory };
    }

    private static bool IsCostColumn(string name) =>
        FocusMandatory.Contains(name, StringComparer.OrdinalIgnoreCase) ||
        LegacyMandatory.Any(alternatives => alternatives.Contains(name, StringComparer.OrdinalIgnoreCase));

    /// <summary>FOCUS by its cost and period columns, else Azure EA or MCA by theirs; neither is not a cost export.</summary>
    private static ExportFormat DetectFormat(string file, string[] header, Dictionary<string, int> index)
    {
        bool Has(string name) => index.ContainsKey(name);
        if (Has("BilledCost") || Has("EffectiveCost") || Has("ChargePeriodStart")) return ExportFormat.Focus;
        if (Has("MeterCategory") || Has("MeterId") || Has("CostInBillingCurrency") || Has("ChargeType") ||
            Has("PreTaxCost") || Has("UsageDateTime"))
            return IsMca(index) ? ExportFormat.AzureMca : ExportFormat.AzureEa;
        var sample = string.Join(", ", header.Take(8).Select(h => $"'{h}'"));
        throw new CostExportException(file, 1,
            $"not a cost export: the header has none of the FOCUS columns ({string.Join(", ", FocusMandatory)}) " +
            $"nor the Azure Cost Management columns (Date, Cost or CostInBillingCurrency, BillingCurrency, MeterCategory; " +
            $"or the older usage export's UsageDateTime, PreTaxCost, Currency); " +
            $"it starts with {sample}{OtherDataset(index)}")
        { MissingColumns = FocusMandatory };
    }

    private static void CheckMandatoryColumns(string file, ExportFormat format, Dictionary<string, int> index)
    {
        var missing = new List<string>();
        if (format == ExportFormat.Focus)
        {
            foreach (var name in FocusMandatory)
                if (!index.ContainsKey(name)) missing.Add(name);
        }
        else
        {
            foreach (var alternatives in LegacyMandatory)
                if (!alternatives.Any(index.ContainsKey)) missing.Add(string.Join(" or ", alternatives));
        }

        if (missing.Count > 0)
        {
            throw new CostExportException(file, 1,
                $"not {(format == ExportFormat.Focus ? "a" : "an")} {Describe(format)} cost export: missing mandatory column(s) {string.Join(", ", missing)}{OtherDataset(index)}")
            { MissingColumns = missing };
        }
    }

    /// <summary>
    /// The other Cost Management datasets that share column names with cost details (a price sheet has MeterCategory and
    /// UnitPrice, reservation details have UsageDate and ReservationId): named, so the message says what the file is.
    /// </summary>
    private static string OtherDataset(Dictionary<string, int> index)
    {
        bool Has(string name) => index.ContainsKey(name);
        if (Has("Date") || Has("UsageDateTime") || Has("ChargePeriodStart")) return "";
        if ((Has("UnitPrice") || Has("MarketPrice") || Has("BasePrice")) && (Has("MeterId") || Has("MeterName")))
            return " (the file looks like a price sheet: prices per meter, no dates and no costs; ingest the cost details export)";
        if (Has("ReservationOrderId") || Has("ReservationId") || Has("BenefitId"))
            return " (the file looks like a reservation or savings plan report, not cost details; ingest the cost details export)";
        return "";
    }

    /// <summary>The index of the first of <paramref name="names"/> the header has, or -1.</summary>
    private static int Col(Dictionary<string, int> index, params string[] names)
    {
        foreach (var n in names)
            if (index.TryGetValue(n, out var i)) return i;
        return -1;
    }

    /// <summary>FOCUS columns, with the names of 1.0-preview and Azure's x_ columns where a version differs.</summary>
    private static ExportLayout FocusLayout(string[] header, Dictionary<string, int> index)
    {
        var layout = new ExportLayout { Format = ExportFormat.Focus, Version = FocusVersion(index), HeaderNames = header };
        layout.ChargePeriodStart = Col(index, "ChargePeriodStart");
        layout.ChargePeriodEnd = Col(index, "ChargePeriodEnd");
        layout.BilledCost = Col(index, "BilledCost");
        layout.EffectiveCost = Col(index, "EffectiveCost");
        layout.ListCost = Col(index, "ListCost");
        layout.ContractedCost = Col(index, "ContractedCost");
        layout.Currency = Col(index, "BillingCurrency");
        layout.ChargeCategory = Col(index, "ChargeCategory");
        layout.PricingCategory = Col(index, "PricingCategory");
        layout.PricingSubcategory = Col(index, "x_PricingSubcategory");
        layout.ResourceId = Col(index, "ResourceId");
        layout.ResourceName = Col(index, "ResourceName");
        layout.ResourceType = Col(index, "ResourceType");
        layout.Region = Col(index, "RegionId", "Region");
        layout.ServiceName = Col(index, "ServiceName");
        layout.ServiceCategory = Col(index, "ServiceCategory");
        layout.SkuMeterCategory = Col(index, "x_SkuMeterCategory");
        layout.SkuDetails = Col(index, "SkuPriceDetails", "x_SkuDetails");
        layout.SkuDetailsFallback = layout.SkuDetails == Col(index, "x_SkuDetails") ? -1 : Col(index, "x_SkuDetails");
        layout.SkuMeter = Col(index, "SkuMeter", "x_SkuMeterName");
        layout.SkuMeterSubcategory = Col(index, "x_SkuMeterSubcategory");
        layout.SkuId = Col(index, "SkuId");
        layout.ConsumedQuantity = Col(index, "ConsumedQuantity", "UsageQuantity");
        layout.ConsumedUnit = Col(index, "ConsumedUnit", "UsageUnit");
        layout.SubAccountId = Col(index, "SubAccountId");
        layout.SubAccountName = Col(index, "SubAccountName");
        layout.ResourceGroup = Col(index, "x_ResourceGroupName");
        layout.Tags = Col(index, "Tags");
        return layout;
    }

    /// <summary>Azure EA/MCA cost details and the older usage export ("usage": UsageDateTime, PreTaxCost, Currency, InstanceId...).</summary>
    private static ExportLayout LegacyLayout(ExportFormat format, string[] header, Dictionary<string, int> index)
    {
        bool Has(string name) => index.ContainsKey(name);
        var version = format == ExportFormat.AzureMca ? "mca" : Has("CostInBillingCurrency") ? "ea-billing-currency" :
            !Has("Cost") && Has("PreTaxCost") ? "usage" : "ea";
        var layout = new ExportLayout { Format = format, Version = version, HeaderNames = header };
        layout.ChargePeriodStart = Col(index, "Date", "UsageDateTime");
        layout.BilledCost = Col(index, "CostInBillingCurrency", "Cost", "PreTaxCost");
        layout.EffectiveCost = layout.BilledCost;
        layout.Currency = Col(index, "BillingCurrencyCode", "BillingCurrency", "Currency");
        layout.ChargeCategory = Col(index, "ChargeType");
        layout.PricingCategory = Col(index, "PricingModel");
        layout.PricingSubcategory = layout.PricingCategory;
        layout.ResourceId = Col(index, "ResourceId", "InstanceId");
        layout.ResourceName = Col(index, "ResourceName");
        layout.Region = Col(index, "ResourceLocation", "Location");
        layout.ServiceName = Col(index, "MeterCategory");
        layout.ServiceCategory = Col(index, "ServiceFamily");
        layout.SkuMeterCategory = layout.ServiceName;
        layout.SkuDetails = Col(index, "AdditionalInfo");
        layout.SkuMeter = Col(index, "MeterName");
        layout.SkuMeterSubcategory = Col(index, "MeterSubCategory");
        layout.SkuId = Col(index, "ProductId", "PartNumber", "MeterId");
        layout.ConsumedQuantity = Col(index, "Quantity", "UsageQuantity");
        layout.ConsumedUnit = Col(index, "UnitOfMeasure");
        layout.SubAccountId = Col(index, "SubscriptionId", "SubscriptionGuid");
        layout.SubAccountName = Col(index, "SubscriptionName");
        layout.ResourceGroup = Col(index, "ResourceGroup", "ResourceGroupName");
        layout.Tags = Col(index, "Tags");
        layout.PayGPrice = Col(index, "PayGPrice");
        layout.UnitPrice = Col(index, "UnitPrice");
        layout.PaygCost = Col(index, "paygCostInBillingCurrency");
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
