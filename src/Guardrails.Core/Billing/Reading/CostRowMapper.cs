using Guardrails.Core.Ledger;

namespace Guardrails.Core.Billing.Reading;

/// <summary>One row of a parsed export, whatever the container (CSV via Sep, Parquet). May be a ref struct.</summary>
internal interface IRawRow
{
    int ColCount { get; }

    /// <summary>1-based physical line where the row starts (CSV) or 1-based row number + 1 (Parquet, header = 1).</summary>
    long Line { get; }

    /// <summary>Length of the whole row in characters (cheap upper bound for any field's length).</summary>
    int RawLength { get; }

    ReadOnlySpan<char> this[int index] { get; }
}

/// <summary>
/// Turns rows into <see cref="CostRecord"/>s for one file: the per-row hot path. Column indexes are resolved once
/// (<see cref="ExportLayout"/>); repeated strings are interned through span-keyed caches; numbers and dates are
/// parsed from spans; the Tags text is parsed once per distinct value.
/// </summary>
internal sealed class CostRowMapper
{
    /// <summary>A mapped field longer than this rejects the row (unmapped columns may be any length).</summary>
    public const int MaxFieldLength = 1 << 20;

    /// <summary>ISO 4217 "no currency": used when a FOCUS file has no BillingCurrency column at all (spec examples).</summary>
    public const string NoCurrency = "XXX";

    private readonly ExportLayout _l;
    private readonly string _file;
    private readonly IReadOnlySet<string>? _tagKeys;
    private readonly bool _legacy;

    private readonly StringCache _currency = new(static s => s.Trim().ToUpperInvariant(), 256);
    private readonly StringCache _resourceId = new(), _resourceName = new(), _resourceType = new(), _service = new(),
        _serviceCategory = new(), _meterCategory = new(), _sku = new(), _skuId = new(), _unit = new(), _subId = new(),
        _subName = new(), _rg = new(), _pricingSub = new(), _resourceGroupFromId = new(ResourceGroupFromId);
    private readonly StringCache _region;
    private readonly SpanCache<ChargeCategory?> _chargeCategory;
    private readonly SpanCache<PricingCategory> _pricingCategory;
    private readonly SpanCache<bool> _spotMeter = new(static s => IsSpotText(s), 4096);
    private readonly SpanCache<IReadOnlyDictionary<string, string>> _tags;

    // Per-row error state (the mapper is single-threaded).
    private string? _errorField;
    private string? _errorReason;
    private string? _errorRaw;

    public CostRowMapper(ExportLayout layout, string file, IReadOnlySet<string>? tagKeys)
    {
        _l = layout;
        _file = file;
        _tagKeys = tagKeys;
        _legacy = layout.Format != ExportFormat.Focus;
        _region = _legacy ? new StringCache(static s => s.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()) : new StringCache();
        _chargeCategory = new SpanCache<ChargeCategory?>(_legacy ? LegacyChargeCategory : FocusChargeCategory, 256);
        _pricingCategory = new SpanCache<PricingCategory>(_legacy ? LegacyPricingCategory : FocusPricingCategory, 256);
        _tags = new SpanCache<IReadOnlyDictionary<string, string>>(s => TagParser.Parse(s, _tagKeys), 16_384);
    }

    public ExportLayout Layout => _l;

    public QuarantinedRow Rejection(long line) => new(_file, line, _errorField, _errorReason ?? "rejected", _errorRaw);

    /// <summary>Maps one row; false = rejected, with the reason in <see cref="Rejection"/>.</summary>
    public bool TryMap<TRow>(scoped ref TRow row, out CostRecord? record) where TRow : IRawRow, allows ref struct
    {
        record = null;
        var l = _l;
        if (row.ColCount != l.ColumnCount)
            return Fail("", $"row has {row.ColCount} fields, the header has {l.ColumnCount}", null);
        if (row.RawLength > MaxFieldLength && !CheckFieldLengths(ref row)) return false;

        // Money and period: mandatory.
        if (!Date(ref row, l.ChargePeriodStart, out var start)) return false;
        DateTimeOffset end;
        if (_legacy) end = start.AddDays(1);
        else if (!Date(ref row, l.ChargePeriodEnd, out end)) return false;
        if (!Money(ref row, l.BilledCost, out var billed)) return false;
        var effective = billed;
        if (!_legacy && !Money(ref row, l.EffectiveCost, out effective)) return false;

        string currency;
        if (l.Currency < 0) currency = NoCurrency;
        else
        {
            var c = row[l.Currency];
            if (ValueParser.IsNull(c)) return Fail(l.NameOf(l.Currency), "missing mandatory value", c.ToString());
            currency = _currency.Get(c);
        }

        // Optional numbers: null or absent = not given.
        if (!OptionalDecimal(ref row, l.ConsumedQuantity, out var quantity)) return false;
        decimal listCost = 0, contractedCost = 0;
        if (_legacy)
        {
            if (!OptionalDecimal(ref row, l.PayGPrice, out var payg) || !OptionalDecimal(ref row, l.UnitPrice, out var unitPrice) ||
                !OptionalDecimal(ref row, l.PaygCost, out var paygCost)) return false;
            listCost = paygCost ?? (payg is { } p && quantity is { } q ? p * q : 0m);
            contractedCost = unitPrice is { } u && quantity is { } q2 ? u * q2 : billed;
        }
        else
        {
            if (!OptionalDecimal(ref row, l.ListCost, out var lc) || !OptionalDecimal(ref row, l.ContractedCost, out var cc)) return false;
            listCost = lc ?? 0m;
            contractedCost = cc ?? 0m;
        }

        // Categories.
        var chargeCategory = ChargeCategory.Usage;
        if (l.ChargeCategory >= 0)
        {
            var v = row[l.ChargeCategory];
            if (!ValueParser.IsNull(v))
            {
                if (_chargeCategory.Get(v.Trim()) is not { } cat)
                    return Fail(l.NameOf(l.ChargeCategory), $"unknown {(_legacy ? "ChargeType" : "ChargeCategory")}", v.ToString());
                chargeCategory = cat;
            }
        }

        var pricingSubcategory = Str(ref row, l.PricingSubcategory, _pricingSub);
        var pricingCategory = PricingCategory.Standard;
        if (l.PricingCategory >= 0)
        {
            var v = row[l.PricingCategory];
            if (!ValueParser.IsNull(v)) pricingCategory = _pricingCategory.Get(v.Trim());
        }

        var meter = l.SkuMeter >= 0 ? row[l.SkuMeter] : default;
        if (pricingCategory == PricingCategory.Standard)
        {
            // Spot / low priority hide in the subcategory or the meter name; commitments in the Azure subcategory.
            if (pricingSubcategory is not null && !_legacy && _pricingCategory.Get(pricingSubcategory) is var sub &&
                sub is PricingCategory.Dynamic or PricingCategory.Committed)
                pricingCategory = sub;
            else if ((!meter.IsEmpty && _spotMeter.Get(meter)) ||
                     (l.SkuMeterSubcategory >= 0 && row[l.SkuMeterSubcategory] is { IsEmpty: false } msc && _spotMeter.Get(msc)))
                pricingCategory = PricingCategory.Dynamic;
        }

        // SKU: the ARM size from AdditionalInfo / x_SkuDetails / SkuPriceDetails "ServiceType", else the meter name.
        var sku = ServiceType(ref row, l.SkuDetails) ?? ServiceType(ref row, l.SkuDetailsFallback);

        if (sku is null && !ValueParser.IsNull(meter)) sku = _sku.Get(meter.Trim());

        var resourceId = Str(ref row, l.ResourceId, _resourceId);
        var resourceGroup = Str(ref row, l.ResourceGroup, _rg);
        if (resourceGroup is null && resourceId is not null)
        {
            var fromId = _resourceGroupFromId.Get(resourceId);
            if (fromId.Length > 0) resourceGroup = fromId;
        }

        var tags = CostRecord.EmptyTags;
        if (l.Tags >= 0)
        {
            var t = row[l.Tags];
            if (!ValueParser.IsNull(t))
            {
                try
                {
                    tags = _tags.Get(t);
                }
                catch (FormatException e)
                {
                    return Fail(l.NameOf(l.Tags), "malformed Tags: " + e.Message, t.ToString());
                }
            }
        }

        record = new CostRecord
        {
            ChargePeriodStart = start,
            ChargePeriodEnd = end,
            BilledCost = billed,
            EffectiveCost = effective,
            ListCost = listCost,
            ContractedCost = contractedCost,
            BillingCurrency = currency,
            ChargeCategory = chargeCategory,
            PricingCategory = pricingCategory,
            PricingSubcategory = pricingSubcategory,
            ResourceId = resourceId,
            ResourceName = Str(ref row, l.ResourceName, _resourceName),
            ResourceType = Str(ref row, l.ResourceType, _resourceType),
            RegionId = Str(ref row, l.Region, _region),
            ServiceName = Str(ref row, l.ServiceName, _service),
            ServiceCategory = Str(ref row, l.ServiceCategory, _serviceCategory),
            SkuMeterCategory = Str(ref row, l.SkuMeterCategory, _meterCategory),
            SkuName = sku,
            SkuId = Str(ref row, l.SkuId, _skuId),
            ConsumedQuantity = quantity,
            ConsumedUnit = Str(ref row, l.ConsumedUnit, _unit),
            SubAccountId = Str(ref row, l.SubAccountId, _subId),
            SubAccountName = Str(ref row, l.SubAccountName, _subName),
            ResourceGroupName = resourceGroup,
            Tags = tags,
            SourceFile = _file,
            SourceLine = row.Line,
        };
        return true;
    }

    private string? ServiceType<TRow>(scoped ref TRow row, int index) where TRow : IRawRow, allows ref struct
    {
        if (index < 0) return null;
        var details = row[index];
        if (ValueParser.IsNull(details)) return null;
        var st = TagParser.FindStringValue(details, "ServiceType").Trim();
        return st.IsEmpty ? null : _sku.Get(st);
    }

    private bool CheckFieldLengths<TRow>(scoped ref TRow row) where TRow : IRawRow, allows ref struct
    {
        foreach (var i in _l.Mapped)
        {
            if (i < row.ColCount && row[i].Length > MaxFieldLength)
            {
                var v = row[i];
                return Fail(_l.NameOf(i), $"field is {v.Length} characters long, more than the {MaxFieldLength} allowed", v[..256].ToString());
            }
        }

        return true;
    }

    private static string? Str<TRow>(scoped ref TRow row, int index, StringCache cache) where TRow : IRawRow, allows ref struct
    {
        if (index < 0) return null;
        var v = row[index];
        if (ValueParser.IsNull(v)) return null;
        if (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1])) v = v.Trim();
        return cache.Get(v);
    }

    private bool Date<TRow>(scoped ref TRow row, int index, out DateTimeOffset value) where TRow : IRawRow, allows ref struct
    {
        var v = row[index];
        if (ValueParser.IsNull(v))
        {
            value = default;
            return Fail(_l.NameOf(index), "missing mandatory value", v.ToString());
        }

        if (ValueParser.TryParseDate(v, out value)) return true;
        return Fail(_l.NameOf(index), "not a date", v.ToString());
    }

    private bool Money<TRow>(scoped ref TRow row, int index, out decimal value) where TRow : IRawRow, allows ref struct
    {
        var v = row[index];
        if (ValueParser.IsNull(v))
        {
            value = 0;
            return Fail(_l.NameOf(index), "missing mandatory value", v.ToString());
        }

        if (ValueParser.TryParseDecimal(v, out value)) return true;
        return Fail(_l.NameOf(index), "not a decimal number", v.ToString());
    }

    private bool OptionalDecimal<TRow>(scoped ref TRow row, int index, out decimal? value) where TRow : IRawRow, allows ref struct
    {
        value = null;
        if (index < 0) return true;
        var v = row[index];
        if (ValueParser.IsNull(v)) return true;
        if (ValueParser.TryParseDecimal(v, out var d))
        {
            value = d;
            return true;
        }

        return Fail(_l.NameOf(index), "not a decimal number", v.ToString());
    }

    private bool Fail(string field, string reason, string? raw)
    {
        _errorField = field;
        _errorReason = reason;
        _errorRaw = raw;
        return false;
    }

    private static ChargeCategory? FocusChargeCategory(string s) => s.ToLowerInvariant() switch
    {
        "usage" => ChargeCategory.Usage,
        "purchase" => ChargeCategory.Purchase,
        "tax" => ChargeCategory.Tax,
        "credit" => ChargeCategory.Credit,
        "adjustment" => ChargeCategory.Adjustment,
        _ => null,
    };

    /// <summary>Legacy ChargeType → FOCUS ChargeCategory (unused commitments are usage of the commitment).</summary>
    private static ChargeCategory? LegacyChargeCategory(string s) => s.ToLowerInvariant() switch
    {
        "usage" or "unusedreservation" or "unusedsavingsplan" => ChargeCategory.Usage,
        "purchase" => ChargeCategory.Purchase,
        "refund" or "credit" => ChargeCategory.Credit,
        "tax" => ChargeCategory.Tax,
        "roundingadjustment" or "adjustment" => ChargeCategory.Adjustment,
        _ => null,
    };

    /// <summary>FOCUS PricingCategory (and 1.0-preview names, and Azure x_PricingSubcategory values).</summary>
    private static PricingCategory FocusPricingCategory(string s)
    {
        var v = s.ToLowerInvariant();
        return v switch
        {
            "standard" or "on-demand" or "ondemand" => PricingCategory.Standard,
            "dynamic" => PricingCategory.Dynamic,
            "committed" or "commitment-based" or "commitment based" => PricingCategory.Committed,
            "other" => PricingCategory.Other,
            _ when IsSpotText(s) => PricingCategory.Dynamic,
            _ when v.Contains("commit", StringComparison.Ordinal) || v.Contains("reserv", StringComparison.Ordinal) ||
                   v.Contains("savings", StringComparison.Ordinal) => PricingCategory.Committed,
            _ => PricingCategory.Other,
        };
    }

    /// <summary>Legacy PricingModel: OnDemand, Spot (and Low Priority), Reservation, SavingsPlan.</summary>
    private static PricingCategory LegacyPricingCategory(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "ondemand" or "" => PricingCategory.Standard,
        "spot" or "lowpriority" => PricingCategory.Dynamic,
        "reservation" or "savingsplan" => PricingCategory.Committed,
        _ => PricingCategory.Other,
    };

    private static bool IsSpotText(string s) =>
        s.Contains("Spot", StringComparison.OrdinalIgnoreCase) || s.Contains("Low Priority", StringComparison.OrdinalIgnoreCase);

    /// <summary>The resource group name from an ARM id (<c>/subscriptions/…/resourceGroups/NAME/…</c>), or "".</summary>
    internal static string ResourceGroupFromId(string id)
    {
        const string marker = "/resourcegroups/";
        var at = id.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return "";
        var rest = id.AsSpan(at + marker.Length);
        var slash = rest.IndexOf('/');
        return (slash < 0 ? rest : rest[..slash]).ToString();
    }
}
