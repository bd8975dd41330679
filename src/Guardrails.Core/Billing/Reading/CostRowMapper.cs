using System.Runtime.CompilerServices;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Billing.Reading;

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

    /// <summary>Currency text → its ISO 4217 code in upper case, or "" when the text is not three letters (validated once per distinct text).</summary>
    private readonly StringCache _currency = new(static s => Common.CurrencyCode.Normalize(s) ?? "", 256);
    private readonly StringCache _resourceName = new(), _resourceType = new(), _service = new(),
        _serviceCategory = new(), _meterCategory = new(), _sku = new(), _skuId = new(), _unit = new(), _subId = new(),
        _subName = new(), _rg = new(), _pricingSub = new(), _resourceGroupFromId = new();
    private readonly StringCache _region;
    private readonly SpanCache<ChargeCategory?> _chargeCategory;
    private readonly SpanCache<PricingCategory> _pricingCategory, _pricingSubcategoryCategory;
    private readonly SpanCache<bool> _spotMeter = new(static s => CategoryNames.IsSpotText(s), 4096);
    // Keyed by the text as written (quotes and all), which is what a resource's memo compares: the memo keeps the cache's
    // key string, so resources with the same Tags (or x_SkuDetails) text share one string instead of a copy each.
    private readonly SpanCache<IReadOnlyDictionary<string, string>> _tagsByRaw = new(static _ => CostRecord.EmptyTags, 16_384, frontSize: 1 << 12);
    private readonly SpanCache<string?> _skuByDetailsRaw = new(static _ => null, 4096);
    // One lookup per row: a front table of 16,384 slots keeps the thousands of resources of a large export apart
    // (measured on 1M rows of 4,000 resources: 843k → 207k fall-throughs to the dictionary, all caches together).
    // Bounded: 16,384 resources' memos per mapper (per worker of a parallel read), reused in place beyond that (see
    // ResourceMemoTable): the per-resource state (memo, id, the allocator's memo, the fact index) is what grows with the
    // number of resources, and an export of 50,000+ resources must not hold all of it in each worker.
    private readonly ResourceMemoTable _memos = new(MemoSets);

    /// <summary>Sets of two memo slots per mapper.</summary>
    internal const int MemoSets = 8192;

    // Per-row error state (the mapper is single-threaded).
    private string? _errorField;
    private string? _errorReason;
    private string? _errorRaw;

    /// <summary>The one record refilled for every row when the sink does not keep records; null = a new record per row.</summary>
    private readonly CostRecord? _reused;

    public CostRowMapper(ExportLayout layout, string file, IReadOnlySet<string>? tagKeys, bool reuseRecord = false)
    {
        if (reuseRecord) _reused = new CostRecord(default(CostRecordFields) with { Tags = CostRecord.EmptyTags });
        _l = layout;
        _file = file;
        _tagKeys = tagKeys;
        _legacy = layout.Format != ExportFormat.Focus;
        _region = _legacy ? new StringCache(static s => s.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()) : new StringCache();
        _chargeCategory = new SpanCache<ChargeCategory?>(_legacy ? CategoryNames.LegacyChargeCategory : CategoryNames.FocusChargeCategory, 256);
        _pricingCategory = new SpanCache<PricingCategory>(_legacy ? CategoryNames.LegacyPricingCategory : CategoryNames.FocusPricingCategory, 256);
        _pricingSubcategoryCategory = new SpanCache<PricingCategory>(CategoryNames.FocusPricingCategory, 256);
    }

    public ExportLayout Layout => _l;

    public QuarantinedRow Rejection(long line) => new(_file, line, _errorField, _errorReason ?? "rejected", _errorRaw);

    /// <summary>Maps one row; false = rejected, with the reason in <see cref="Rejection"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryMap<TRow>(scoped ref TRow row, out CostRecord? record) where TRow : IRawRow, allows ref struct
    {
        record = null;
        var l = _l;
        if (row.ColCount != l.ColumnCount)
            return Fail("", $"row has {row.ColCount} fields, the header has {l.ColumnCount}", null);
        if (row.RawLength > MaxFieldLength && !CheckFieldLengths(ref row)) return false;

        // Money and period: mandatory. Optional numbers: null or absent = not given.
        if (!ChargePeriod(ref row, out var start, out var end) || !BilledAndEffective(ref row, out var billed, out var effective) ||
            !Currency(ref row, out var currency) || !OptionalDecimal(ref row, l.ConsumedQuantity, out var quantity)) return false;
        decimal listCost, contractedCost;
        if (_legacy ? !LegacyListAndContracted(ref row, billed, quantity, out listCost, out contractedCost)
                : !FocusListAndContracted(ref row, billed, out listCost, out contractedCost)) return false;
        if (!ChargeCategoryOf(ref row, out var chargeCategory)) return false;

        // Rows of one resource repeat its names, ids, tags: compare against that resource's previous row first
        // (one hash lookup per row instead of one per column).
        var memo = MemoOf(ref row);
        var pricingSubcategory = Str(ref row, l.PricingSubcategory, _pricingSub, memo, ResourceMemo.PricingSubcategory);
        var meter = l.SkuMeter >= 0 ? row[l.SkuMeter] : default;
        if (!meter.IsEmpty && (char.IsWhiteSpace(meter[0]) || char.IsWhiteSpace(meter[^1]))) meter = meter.Trim();
        var pricingCategory = PricingCategoryOf(ref row, pricingSubcategory, meter);

        // SKU: the ARM size from AdditionalInfo / x_SkuDetails / SkuPriceDetails "ServiceType", else the meter name.
        var sku = ServiceType(ref row, l.SkuDetails, memo, 0) ?? ServiceType(ref row, l.SkuDetailsFallback, memo, 1);
        if (sku is null && !ValueParser.IsNull(meter)) sku = Str(ref row, l.SkuMeter, _sku, memo, ResourceMemo.Meter);
        var resourceGroup = ResourceGroupOf(ref row, memo);
        if (!TagsOf(ref row, memo, out var tags)) return false;

        var fields = new CostRecordFields
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
            ResourceId = memo?.Id,
            SkuName = sku,
            ConsumedQuantity = quantity,
            ResourceGroupName = resourceGroup,
            Tags = tags,
            SourceFile = _file,
            SourceLine = row.Line,
            Resource = new ResourceSlotRef(memo),
        };
        Describe(ref row, memo, ref fields);
        record = Record(fields);
        return true;
    }

    /// <summary>The record of a mapped row: the reused one, refilled, or a new one.</summary>
    private CostRecord Record(in CostRecordFields fields)
    {
        if (_reused is not { } reused) return new CostRecord(fields);
        reused.Fields = fields;
        return reused;
    }

    /// <summary>The resource's names and descriptive columns (interned; the resource's previous row answers most).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Describe<TRow>(scoped ref TRow row, ResourceMemo? memo, ref CostRecordFields fields) where TRow : IRawRow, allows ref struct
    {
        var l = _l;
        fields.ResourceName = Str(ref row, l.ResourceName, _resourceName, memo, ResourceMemo.ResourceName);
        fields.ResourceType = Str(ref row, l.ResourceType, _resourceType, memo, ResourceMemo.ResourceType);
        fields.RegionId = Str(ref row, l.Region, _region, memo, ResourceMemo.Region);
        fields.ServiceName = Str(ref row, l.ServiceName, _service, memo, ResourceMemo.ServiceName);
        fields.ServiceCategory = Str(ref row, l.ServiceCategory, _serviceCategory, memo, ResourceMemo.ServiceCategory);
        fields.SkuMeterCategory = Str(ref row, l.SkuMeterCategory, _meterCategory, memo, ResourceMemo.SkuMeterCategory);
        fields.SkuId = Str(ref row, l.SkuId, _skuId, memo, ResourceMemo.SkuId);
        fields.ConsumedUnit = Str(ref row, l.ConsumedUnit, _unit, memo, ResourceMemo.ConsumedUnit);
        fields.SubAccountId = Str(ref row, l.SubAccountId, _subId, memo, ResourceMemo.SubAccountId);
        fields.SubAccountName = Str(ref row, l.SubAccountName, _subName, memo, ResourceMemo.SubAccountName);
    }

    /// <summary>ChargePeriodStart and ChargePeriodEnd (exclusive); a legacy row covers the one day it starts on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ChargePeriod<TRow>(scoped ref TRow row, out DateTimeOffset start, out DateTimeOffset end) where TRow : IRawRow, allows ref struct
    {
        var l = _l;
        end = default;
        if (!Date(ref row, l.ChargePeriodStart, out start)) return false;
        if (_legacy)
        {
            // A legacy row covers one day: 12/31/9999 has no next day.
            if (start.UtcTicks > LastLegacyStartTicks)
                return Fail(l.NameOf(l.ChargePeriodStart), "no day after this date in the calendar", row[l.ChargePeriodStart].ToString());
            end = start.AddDays(1);
            return true;
        }

        if (!Date(ref row, l.ChargePeriodEnd, out end)) return false;
        // FOCUS: ChargePeriodEnd is exclusive and must be after ChargePeriodStart.
        if (end <= start)
            return Fail(l.NameOf(l.ChargePeriodEnd), "ChargePeriodEnd is not after ChargePeriodStart", row[l.ChargePeriodEnd].ToString());
        return true;
    }

    /// <summary>BilledCost, and EffectiveCost (FOCUS; a legacy export's one cost is both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool BilledAndEffective<TRow>(scoped ref TRow row, out decimal billed, out decimal effective) where TRow : IRawRow, allows ref struct
    {
        effective = 0;
        if (!Money(ref row, _l.BilledCost, out billed)) return false;
        effective = billed;
        // Most rows repeat the BilledCost text in EffectiveCost and ContractedCost (no discount): same text, same value.
        return _legacy || row.Raw(_l.EffectiveCost).SequenceEqual(row.Raw(_l.BilledCost)) || Money(ref row, _l.EffectiveCost, out effective);
    }

    /// <summary>The billing currency (mandatory when the column exists; <see cref="NoCurrency"/> when it does not).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Currency<TRow>(scoped ref TRow row, out string currency) where TRow : IRawRow, allows ref struct
    {
        currency = NoCurrency;
        if (_l.Currency < 0) return true;
        var c = row[_l.Currency];
        if (ValueParser.IsNull(c)) return Fail(_l.NameOf(_l.Currency), "missing mandatory value", c.ToString());
        currency = _currency.Get(c);
        return currency.Length != 0 || Fail(_l.NameOf(_l.Currency), "not an ISO 4217 currency code (three letters, e.g. USD)", c.ToString());
    }

    /// <summary>
    /// " usd" → "USD". Anything else ("US Dollars", "$", "€", "US$") is not a currency code: costs in it would be totalled
    /// apart from the same money in its code and missed by every budget in that currency, so the row is quarantined.
    /// </summary>
    /// <summary>Legacy list cost (PayG cost, else PayG price × quantity) and contracted cost (unit price × quantity, else billed).</summary>
    private bool LegacyListAndContracted<TRow>(scoped ref TRow row, decimal billed, decimal? quantity, out decimal listCost, out decimal contractedCost)
        where TRow : IRawRow, allows ref struct
    {
        var l = _l;
        listCost = contractedCost = 0;
        if (!OptionalDecimal(ref row, l.PayGPrice, out var payg) || !OptionalDecimal(ref row, l.UnitPrice, out var unitPrice) ||
            !OptionalDecimal(ref row, l.PaygCost, out var paygCost)) return false;
        if (paygCost is { } pc) listCost = pc;
        else if (payg is { } p && quantity is { } q && !Multiply(p, q, out listCost)) return Fail(l.NameOf(l.PayGPrice), OutOfRange, row[l.PayGPrice].ToString());
        if (unitPrice is { } u && quantity is { } q2)
        {
            if (!Multiply(u, q2, out contractedCost)) return Fail(l.NameOf(l.UnitPrice), OutOfRange, row[l.UnitPrice].ToString());
        }
        else contractedCost = billed;

        return true;
    }

    /// <summary>FOCUS ListCost and ContractedCost (absent = 0; ContractedCost written as BilledCost is BilledCost).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool FocusListAndContracted<TRow>(scoped ref TRow row, decimal billed, out decimal listCost, out decimal contractedCost)
        where TRow : IRawRow, allows ref struct
    {
        var l = _l;
        listCost = contractedCost = 0;
        if (!OptionalDecimal(ref row, l.ListCost, out var lc)) return false;
        listCost = lc ?? 0m;
        if (l.ContractedCost >= 0 && row.Raw(l.ContractedCost).SequenceEqual(row.Raw(l.BilledCost))) contractedCost = billed;
        else if (!OptionalDecimal(ref row, l.ContractedCost, out var cc)) return false;
        else contractedCost = cc ?? 0m;
        return true;
    }

    /// <summary>ChargeCategory (legacy ChargeType); absent or null = usage, an unknown text rejects the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ChargeCategoryOf<TRow>(scoped ref TRow row, out ChargeCategory chargeCategory) where TRow : IRawRow, allows ref struct
    {
        chargeCategory = ChargeCategory.Usage;
        if (_l.ChargeCategory < 0) return true;
        var v = row[_l.ChargeCategory];
        if (ValueParser.IsNull(v)) return true;
        if (_chargeCategory.Get(v.Trim()) is not { } cat)
            return Fail(_l.NameOf(_l.ChargeCategory), $"unknown {(_legacy ? "ChargeType" : "ChargeCategory")}", v.ToString());
        chargeCategory = cat;
        return true;
    }

    /// <summary>The memo of the row's resource (its id trimmed); null when the row names none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ResourceMemo? MemoOf<TRow>(scoped ref TRow row) where TRow : IRawRow, allows ref struct
    {
        if (_l.ResourceId < 0) return null;
        var idSpan = row[_l.ResourceId];
        if (ValueParser.IsNull(idSpan)) return null;
        if (char.IsWhiteSpace(idSpan[0]) || char.IsWhiteSpace(idSpan[^1])) idSpan = idSpan.Trim();
        return _memos.Get(idSpan);
    }

    /// <summary>PricingCategory (legacy PricingModel); a standard row is dynamic or committed when its subcategory or meter says so.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PricingCategory PricingCategoryOf<TRow>(scoped ref TRow row, string? pricingSubcategory, ReadOnlySpan<char> meter)
        where TRow : IRawRow, allows ref struct
    {
        var l = _l;
        var pricingCategory = PricingCategory.Standard;
        if (l.PricingCategory >= 0)
        {
            var v = row[l.PricingCategory];
            if (!ValueParser.IsNull(v)) pricingCategory = _pricingCategory.Get(v.Trim());
        }

        if (pricingCategory != PricingCategory.Standard) return pricingCategory;
        // Spot / low priority hide in the subcategory or the meter name; commitments in the Azure subcategory.
        if (pricingSubcategory is not null && !_legacy && _pricingSubcategoryCategory.Get(pricingSubcategory) is var sub &&
            sub is PricingCategory.Dynamic or PricingCategory.Committed)
            return sub;
        if ((!meter.IsEmpty && _spotMeter.Get(meter)) ||
            (l.SkuMeterSubcategory >= 0 && row[l.SkuMeterSubcategory] is { IsEmpty: false } msc && _spotMeter.Get(msc)))
            return PricingCategory.Dynamic;
        return pricingCategory;
    }

    /// <summary>The resource group column, else the group named in the resource id.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? ResourceGroupOf<TRow>(scoped ref TRow row, ResourceMemo? memo) where TRow : IRawRow, allows ref struct
    {
        var resourceGroup = Str(ref row, _l.ResourceGroup, _rg, memo, ResourceMemo.ResourceGroup);
        if (resourceGroup is not null || memo is null) return resourceGroup;
        var fromId = memo.ResourceGroupFromId ??= _resourceGroupFromId.Get(ResourceGroupFromId(memo.Id));
        return fromId.Length > 0 ? fromId : null;
    }

    /// <summary>The row's tags (parsed once per distinct text; the resource's previous row answers most); malformed tags reject the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TagsOf<TRow>(scoped ref TRow row, ResourceMemo? memo, out IReadOnlyDictionary<string, string> tags) where TRow : IRawRow, allows ref struct
    {
        tags = CostRecord.EmptyTags;
        if (_l.Tags < 0) return true;
        var rawTags = row.Raw(_l.Tags);
        if (memo?.TagsRaw is { } prev && rawTags.SequenceEqual(prev))
        {
            tags = memo.Tags;
            return true;
        }

        var keep = rawTags.Length <= 16_384;
        if (keep && _tagsByRaw.TryGet(rawTags, out tags, out var rawKey))
        {
            if (memo is not null) (memo.TagsRaw, memo.Tags) = (rawKey, tags);
            return true;
        }

        tags = CostRecord.EmptyTags;
        var t = row[_l.Tags];
        if (!ValueParser.IsNull(t))
        {
            // Bytes that are not UTF-8 were decoded as U+FFFD: "Zürich" in Latin-1 would become an allocation value "Z�rich".
            if (t.Contains('\uFFFD'))
                return Fail(_l.NameOf(_l.Tags), "Tags are not UTF-8 text (bytes of another encoding, shown as \uFFFD): save the export as UTF-8", t.ToString());
            try
            {
                tags = TagParser.Parse(t.ToString(), _tagKeys);
            }
            catch (FormatException e)
            {
                return Fail(_l.NameOf(_l.Tags), "malformed Tags: " + e.Message, t.ToString());
            }
        }

        if (!keep) return true;
        rawKey = _tagsByRaw.Add(rawTags, tags);
        if (memo is not null) (memo.TagsRaw, memo.Tags) = (rawKey, tags);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? ServiceType<TRow>(scoped ref TRow row, int index, ResourceMemo? memo, int slot) where TRow : IRawRow, allows ref struct
    {
        if (index < 0) return null;
        var raw = row.Raw(index);
        if (memo?.DetailsRaw[slot] is { } prev && raw.SequenceEqual(prev)) return memo.DetailsSku[slot];
        var keep = raw.Length <= 4096;
        if (!keep || !_skuByDetailsRaw.TryGet(raw, out var sku, out var rawKey))
        {
            sku = null;
            var details = row[index];
            if (!ValueParser.IsNull(details))
            {
                var st = TagParser.FindStringValue(details, "ServiceType").Trim();
                if (!st.IsEmpty) sku = _sku.Get(st);
            }

            if (!keep) return sku;
            rawKey = _skuByDetailsRaw.Add(raw, sku);
        }

        if (memo is not null)
        {
            memo.DetailsRaw[slot] = rawKey;
            memo.DetailsSku[slot] = sku;
        }

        return sku;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Str<TRow>(scoped ref TRow row, int index, StringCache cache, ResourceMemo? memo, int slot)
        where TRow : IRawRow, allows ref struct
    {
        if (index < 0) return null;
        ReadOnlySpan<char> raw = default;
        if (memo is not null)
        {
            // Same text as this resource's previous row (compared as written, quotes and all): same value.
            raw = row.Raw(index);
            if (memo.Raw[slot] is { } prevRaw && raw.SequenceEqual(prevRaw)) return memo.Values[slot];
        }

        var v = row[index];
        string? value = null;
        if (!ValueParser.IsNull(v))
        {
            if (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1])) v = v.Trim();
            value = cache.Get(v);
        }

        if (memo is not null && raw.Length <= 4096)
        {
            memo.Raw[slot] = raw.SequenceEqual(value) ? value : raw.ToString();
            memo.Values[slot] = value;
        }

        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Date<TRow>(scoped ref TRow row, int index, out DateTimeOffset value) where TRow : IRawRow, allows ref struct
    {
        var v = row[index];
        if (ValueParser.IsNull(v))
        {
            value = default;
            return Fail(_l.NameOf(index), "missing mandatory value", v.ToString());
        }

        // Charge periods repeat row after row (a day, an hour): the column's last text and value answer most rows.
        ref var last = ref index == _l.ChargePeriodStart ? ref _lastStart : ref _lastEnd;
        if (last.Length == v.Length && v.SequenceEqual(last.Text.AsSpan(0, last.Length)))
        {
            value = last.Value;
            return true;
        }

        if (!ValueParser.TryParseDate(v, out value)) return NotADate(_l.NameOf(index), v);
        if (v.Length <= LastDate.Capacity)
        {
            v.CopyTo(last.Text);
            (last.Length, last.Value) = (v.Length, value);
        }

        return true;
    }

    /// <summary>A date column's last text (in a reused buffer: no string per row) and its parsed value.</summary>
    private struct LastDate()
    {
        public const int Capacity = 40;
        public readonly char[] Text = new char[Capacity];
        public int Length = -1;
        public DateTimeOffset Value;
    }

    private LastDate _lastStart = new(), _lastEnd = new();

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Money<TRow>(scoped ref TRow row, int index, out decimal value) where TRow : IRawRow, allows ref struct
    {
        var v = row[index];
        if (ValueParser.IsNull(v))
        {
            value = 0;
            return Fail(_l.NameOf(index), "missing mandatory value", v.ToString());
        }

        if (ValueParser.TryParseDecimal(v, out value)) return true;
        return Fail(_l.NameOf(index), ValueParser.NotANumberReason(v), v.ToString());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        return Fail(_l.NameOf(index), ValueParser.NotANumberReason(v), v.ToString());
    }

    private const string OutOfRange = "price × quantity is beyond the decimal range (±7.9e28)";

    /// <summary>The last start of a legacy (one-day) row: its end, a day later, is still in the calendar.</summary>
    private static readonly long LastLegacyStartTicks = DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay;

    /// <summary>a × b, false when the product is beyond the decimal range (no exception escapes: a bad row is quarantined).</summary>
    private static bool Multiply(decimal a, decimal b, out decimal product)
    {
        try
        {
            product = a * b;
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }

    /// <summary>
    /// A problem with the whole file found while mapping a row (the reader stops with it): a day-first date, which makes
    /// every ambiguous date of the file (<c>01/02/2024</c>) unreadable. Null while there is none.
    /// </summary>
    public string? FileProblem { get; private set; }

    private bool NotADate(string field, ReadOnlySpan<char> v)
    {
        if (ValueParser.IsDayFirstDate(v))
            FileProblem = $"{field} '{v.Trim()}' is a day-first date (dd/MM/yyyy). Cost exports write dates month first " +
                          "(MM/dd/yyyy) or as yyyy-MM-dd; a file re-saved day first cannot be read safely, because its dates " +
                          "such as 01/02/2024 would be booked on the wrong day: export it again, or save its dates as yyyy-MM-dd";
        return Fail(field, "not a date", v.ToString());
    }

    private bool Fail(string field, string reason, string? raw)
    {
        _errorField = field;
        _errorReason = reason;
        _errorRaw = raw;
        return false;
    }

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
