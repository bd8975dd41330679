using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;

namespace Guardrails.Core.Allocation;

/// <summary>
/// The allocate stage: gives each <see cref="CostRecord"/> one value per configured allocation key.
/// <list type="number">
/// <item>Tags: the key's aliases are matched case-insensitively on trimmed tag keys; the first alias present with a
/// non-empty value wins. With <c>allocation.tagPrefixes</c> (e.g. <c>user:</c>, as AWS writes user-defined tags), an alias
/// also matches with each prefix, at the alias's own rank: <c>user:team</c> is read as <c>team</c>. A row that carries both
/// spellings with different values is ambiguous: the key is <c>unallocated</c> (no inheritance) and the conflict is
/// listed in <see cref="TagConflicts"/>; two different tags are never merged silently.</item>
/// <item>Inheritance: otherwise the key's default for the row's resource group, then for its subscription (id or name).</item>
/// <item>Otherwise the explicit value <c>unallocated</c>.</item>
/// </list>
/// Values from tags and inheritance are then normalised as configured (<see cref="AllocationValues"/>: valueCase,
/// valueAliases; by default exact).
/// A row inside a shared rule's scope is marked <see cref="AllocationKind.Shared"/> (split later, per day, by the
/// aggregate stage). The day is the UTC day of the charge period's start: a record is never split across days.
/// Not thread-safe (one allocator per ingest); per-row work allocates nothing once values have been seen.
/// </summary>
public sealed class CostAllocator
{
    private readonly KeyPlan[] _keys;
    private readonly Dictionary<string, (int Key, int Priority)> _aliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly SharedRulePlan[] _rules;
    private readonly CostCategorizer _categorizer;
    private readonly StringPool _values = new();
    private readonly StringPool _services = new();
    private readonly StringPool _currencies = new();
    private readonly StringPool _scopes = new();
    private readonly StringPool _resourceIds = new(cacheSize: 1 << 15);

    /// <summary>
    /// Whether <see cref="AllocatedCost.ResourceId"/> is this allocator's one instance per id (what per-resource costs are
    /// keyed by, by reference). Off, it is the record's own id and the allocator keeps no string per resource: its memory
    /// does not grow with the number of resources (an ingest that builds no per-resource costs).
    /// </summary>
    internal bool InternResourceIds { get; init; } = true;
    private readonly Dictionary<InputKey, (AllocationKey Allocation, AllocationKind Kind, int Rule)> _memo = new();
    private readonly Dictionary<string, ResourceMemo> _byResource = new(ReferenceEqualityComparer.Instance);
    private const int MemoCapacity = 1 << 16;
    private readonly Dictionary<string[], AllocationKey> _allocationKeys = new(ValuesComparer.Instance);
    private readonly Dictionary<string[], AllocationKey>.AlternateLookup<ReadOnlySpan<string>> _allocationLookup;
    private readonly string[] _scratch;
    private readonly int[] _priority;
    private readonly string?[] _conflict;
    private readonly string?[] _from;
    private bool _prefixed;
    private readonly SortedSet<string> _tagConflicts = new(StringComparer.Ordinal);
    private const int MaxTagConflicts = 100;
    private readonly AllocationValues _normalizer;

    public CostAllocator(AllocationConfig config, VmSkuCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        _keys = new KeyPlan[config.Keys.Count];
        for (var k = 0; k < _keys.Length; k++)
        {
            var key = config.Keys[k];
            _keys[k] = new KeyPlan(key.Name.Trim(),
                new Dictionary<string, string>(key.Defaults?.ResourceGroups ?? [], StringComparer.OrdinalIgnoreCase),
                new Dictionary<string, string>(key.Defaults?.Subscriptions ?? [], StringComparer.OrdinalIgnoreCase));
            var aliases = key.EffectiveAliases;
            for (var a = 0; a < aliases.Count; a++) _aliases.TryAdd(aliases[a], (k, a));
        }
        AddPrefixedAliases(config.TagPrefixes);
        _rules = new SharedRulePlan[config.Shared.Count];
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = config.Shared[r];
            var tag = rule.Scope?.Tag is { Count: > 0 } t ? t.First() : default(KeyValuePair<string, string>?);
            _rules[r] = new SharedRulePlan(rule, KeyIndex(rule.Key), rule.Scope?.ResourceGroup?.Trim(), rule.Scope?.Subscription?.Trim(),
                tag?.Key.Trim(), tag?.Value.Trim());
        }
        _categorizer = new CostCategorizer(catalog, config.GpuSkus);
        _allocationLookup = _allocationKeys.GetAlternateLookup<ReadOnlySpan<string>>();
        _values.Intern(AllocationKey.Unallocated); // the pool's instance of "unallocated" is the constant itself
        _scratch = new string[_keys.Length];
        _priority = new int[_keys.Length];
        _conflict = new string?[_keys.Length];
        _from = new string?[_keys.Length];
        KeyNames = _keys.Select(k => k.Name).ToArray();
        Rules = config.Shared;
        _normalizer = new AllocationValues(config, KeyNames);
    }

    /// <summary>
    /// Each alias again with each configured prefix (<c>user:</c> + <c>team</c>), at the alias's rank; a prefixed spelling
    /// that is itself an alias keeps its own rank.
    /// </summary>
    private void AddPrefixedAliases(IReadOnlyList<string>? prefixes)
    {
        var plain = _aliases.ToList();
        foreach (var prefix in prefixes ?? [])
        {
            if (string.IsNullOrWhiteSpace(prefix)) continue;
            _prefixed = true;
            foreach (var (alias, match) in plain) _aliases.TryAdd(prefix.Trim() + alias, match);
        }
    }

    /// <summary>
    /// Keys left unallocated because a row carried two spellings of one tag (<c>team</c> and <c>user:team</c>) with
    /// different values, one line each (the first <see cref="MaxTagConflicts"/> distinct ones).
    /// </summary>
    public IReadOnlyCollection<string> TagConflicts => _tagConflicts;

    /// <summary>The allocation key names, in order.</summary>
    public IReadOnlyList<string> KeyNames { get; }

    /// <summary>The shared rules, indexed by <see cref="AllocatedCost.SharedRuleIndex"/>.</summary>
    public IReadOnlyList<SharedCostRuleConfig> Rules { get; }

    /// <summary>Every tag key the allocator reads (aliases and shared-scope tags): pass to the reader's TagKeys.</summary>
    public IReadOnlySet<string> TagKeys
    {
        get
        {
            var set = new HashSet<string>(_aliases.Keys, StringComparer.OrdinalIgnoreCase);
            foreach (var r in _rules)
                if (r.TagKey is not null) set.Add(r.TagKey);
            return set;
        }
    }

    public int KeyIndex(string? name)
    {
        for (var k = 0; k < _keys.Length; k++)
            if (string.Equals(_keys[k].Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)) return k;
        return -1;
    }

    /// <summary>Interns an allocation (one value per key, in key order) to its shared <see cref="AllocationKey"/>.</summary>
    public AllocationKey GetAllocationKey(ReadOnlySpan<string> values)
    {
        if (_allocationLookup.TryGetValue(values, out var existing)) return existing;
        var copy = new string[values.Length];
        for (var i = 0; i < values.Length; i++) copy[i] = _values.Intern(values[i]);
        if (_allocationKeys.TryGetValue(copy, out existing)) return existing;
        var pairs = new KeyValuePair<string, string>[copy.Length];
        for (var i = 0; i < copy.Length; i++) pairs[i] = new(_keys[i].Name, copy[i]);
        var key = new AllocationKey(pairs);
        _allocationKeys.Add(copy, key);
        return key;
    }

    /// <summary>Interns a value so it can be compared by reference with the allocator's own values.</summary>
    public string InternValue(string value) => _values.Intern(value);

    /// <summary>
    /// The value a configured value of key <paramref name="keyIndex"/> stands for (valueCase, valueAliases), interned:
    /// for shared-rule receivers and fixed costs, so they name the same value as the tags do.
    /// </summary>
    public string NormalizeValue(int keyIndex, string value) => _values.Intern(_normalizer.Normalize(keyIndex, value.Trim()));

    /// <summary>
    /// This allocator's instance of a service name, currency, scope (subscription or resource group) or resource id:
    /// for merging another allocator's results, so that equal names stay one instance here — also for the rows this
    /// allocator handles afterwards, whose names it interns through the same pools.
    /// </summary>
    internal string InternService(string value) => _services.Intern(value);

    /// <inheritdoc cref="InternService"/>
    internal string InternCurrency(string value) => _currencies.Intern(value);

    /// <inheritdoc cref="InternService"/>
    internal string InternScope(string value) => _scopes.Intern(value);

    /// <inheritdoc cref="InternService"/>
    internal string InternResourceId(string value) => _resourceIds.Intern(value);

    /// <remarks>Allocations are memoised by the reference of <see cref="CostRecord.Tags"/> (readers hand out one
    /// immutable dictionary per distinct Tags text): a tags dictionary must not be changed after its record was allocated.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per row: optimized from the first row, not after a warm-up
    public AllocatedCost Allocate(CostRecord record)
    {
        // Rows of one resource repeat its names: the last outcome per resource id (by reference: readers intern ids) is
        // reused when every input of it is the same instance again, which costs reference compares instead of the
        // hash lookups below. A row without an id, or whose inputs changed, takes the full path and refreshes the memo.
        ResourceMemo? memo = null;
        if (record.ResourceId is { } id)
        {
            memo = MemoOf(record, id);
            if (memo.Matches(record))
                return new AllocatedCost(record, DayOf(record.ChargePeriodStart), memo.Allocation!, memo.Kind, memo.Category,
                    CostCategorizer.GpuHours(record, memo.Category, memo.Gpus), memo.Rule, memo.Service!, memo.Currency!, memo.SubAccountId,
                    memo.ResourceGroup, memo.ResourceId);
        }

        // Rows with the same tags instance, resource group and subscription get the same allocation: readers hand out
        // one instance per distinct Tags text and intern names, so this memo (keyed by reference, bounded) turns the
        // tag matching into one lookup for almost every row. A miss only costs the full resolution below.
        var input = new InputKey(record.Tags, record.ResourceGroupName, record.SubAccountId, record.SubAccountName);
        if (!_memo.TryGetValue(input, out var resolved))
        {
            resolved = Resolve(record);
            if (_memo.Count >= MemoCapacity) _memo.Clear();
            _memo[input] = resolved;
        }

        var (category, gpus) = _categorizer.ClassifyNamesCached(record);
        var cost = new AllocatedCost(record, DayOf(record.ChargePeriodStart), resolved.Allocation, resolved.Kind, category,
            CostCategorizer.GpuHours(record, category, gpus), resolved.Rule,
            _services.Intern(record.ServiceName ?? ""), _currencies.Intern(record.BillingCurrency),
            _scopes.Intern(record.SubAccountId), _scopes.Intern(record.ResourceGroupName),
            InternResourceIds ? _resourceIds.Intern(record.ResourceId) : record.ResourceId);
        memo?.Remember(record, cost, gpus);
        return cost;
    }

    /// <summary>
    /// The memo of the record's resource: kept in the reader's slot for the resource (no lookup), else in a dictionary
    /// by the id's reference (bounded; the memo object stays usable for this row when it starts over).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ResourceMemo MemoOf(CostRecord record, string id)
    {
        if (record.Fields.Resource.Slot is { } readerSlot)
        {
            if (readerSlot.AllocationState is ResourceMemo mine && ReferenceEquals(mine.Owner, this)) return mine;
            var fresh = new ResourceMemo(this);
            readerSlot.AllocationState = fresh;
            return fresh;
        }

        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byResource, id, out _);
        var memo = slot ??= new ResourceMemo(this);
        if (_byResource.Count > MemoCapacity) _byResource.Clear();
        return memo;
    }

    /// <summary>One resource's last inputs (the record's instances) and what they gave.</summary>
    private sealed class ResourceMemo(CostAllocator owner)
    {
        public readonly CostAllocator Owner = owner;
        private object? _tags;
        private string? _recordId, _rg, _subId, _subName, _service, _currency, _sku, _serviceCategory, _meterCategory, _resourceType;
        public AllocationKey? Allocation;
        public AllocationKind Kind;
        public int Rule;
        public CostCategory Category;
        public decimal? Gpus;
        public string? Service, Currency, SubAccountId, ResourceGroup, ResourceId;

        public bool Matches(CostRecord r) =>
            Allocation is not null && ReferenceEquals(_recordId, r.ResourceId) && ReferenceEquals(_tags, r.Tags) && ReferenceEquals(_rg, r.ResourceGroupName) &&
            ReferenceEquals(_subId, r.SubAccountId) && ReferenceEquals(_subName, r.SubAccountName) &&
            ReferenceEquals(_service, r.ServiceName) && ReferenceEquals(_currency, r.BillingCurrency) && ReferenceEquals(_sku, r.SkuName) &&
            ReferenceEquals(_serviceCategory, r.ServiceCategory) && ReferenceEquals(_meterCategory, r.SkuMeterCategory) &&
            ReferenceEquals(_resourceType, r.ResourceType);

        public void Remember(CostRecord r, in AllocatedCost cost, decimal? gpus)
        {
            _recordId = r.ResourceId; // the reader reuses a slot for another resource: its id is another instance
            (_tags, _rg, _subId, _subName, _service, _currency) = (r.Tags, r.ResourceGroupName, r.SubAccountId, r.SubAccountName, r.ServiceName, r.BillingCurrency);
            (_sku, _serviceCategory, _meterCategory, _resourceType) = (r.SkuName, r.ServiceCategory, r.SkuMeterCategory, r.ResourceType);
            (Allocation, Kind, Rule, Category, Gpus) = (cost.Allocation, cost.Kind, cost.SharedRuleIndex, cost.Category, gpus);
            (Service, Currency, SubAccountId, ResourceGroup, ResourceId) = (cost.ServiceName, cost.Currency, cost.SubAccountId, cost.ResourceGroupName, cost.ResourceId);
        }
    }

    private (AllocationKey Allocation, AllocationKind Kind, int Rule) Resolve(CostRecord record)
    {
        var values = _scratch;
        var priority = _priority;
        Array.Fill(values, null!);
        Array.Fill(priority, int.MaxValue);
        Array.Fill(_conflict, null);

        // 1. Tags (keys were trimmed by the reader; trim again in case a sink did not).
        if (_aliases.Count > 0)
        {
            if (record.Tags is Dictionary<string, string> dict)
                foreach (var tag in dict) MatchTag(tag.Key, tag.Value, values, priority);
            else
                foreach (var tag in record.Tags) MatchTag(tag.Key, tag.Value, values, priority);
        }

        // 2. Inheritance, 3. unallocated (also for a key whose tags disagree).
        InheritOrUnallocate(record, values);

        // Shared scopes.
        var ruleIndex = -1;
        for (var r = 0; r < _rules.Length; r++)
            if (_rules[r].Matches(record)) { ruleIndex = r; break; }

        var allocation = GetAllocationKey(values);
        AllocationKind kind;
        if (ruleIndex >= 0) kind = AllocationKind.Shared;
        else
        {
            kind = AllocationKind.Unallocated;
            for (var k = 0; k < values.Length; k++)
                if (!ReferenceEquals(values[k], AllocationKey.Unallocated)) { kind = AllocationKind.Direct; break; }
            if (values.Length == 0) kind = AllocationKind.Unallocated;
        }

        return (allocation, kind, ruleIndex);
    }

    /// <summary>Each key without a tag value: its conflict's unallocated, else its inherited default, else unallocated.</summary>
    private void InheritOrUnallocate(CostRecord record, string[] values)
    {
        var rg = record.ResourceGroupName;
        for (var k = 0; k < values.Length; k++)
        {
            if (_conflict[k] is { } conflict)
            {
                values[k] = AllocationKey.Unallocated;
                if (_tagConflicts.Count < MaxTagConflicts) _tagConflicts.Add($"{_keys[k].Name}: unallocated: {conflict}");
                continue;
            }
            if (values[k] is not null) continue;
            var plan = _keys[k];
            string? inherited = null;
            if (rg is not null && plan.ResourceGroups.Count > 0) plan.ResourceGroups.TryGetValue(rg, out inherited);
            if (inherited is null && plan.Subscriptions.Count > 0)
            {
                if (record.SubAccountId is { } subId) plan.Subscriptions.TryGetValue(subId, out inherited);
                if (inherited is null && record.SubAccountName is { } subName) plan.Subscriptions.TryGetValue(subName, out inherited);
            }
            values[k] = inherited is null ? AllocationKey.Unallocated : NormalizeValue(k, inherited);
        }
    }

    /// <summary>The day a record is booked on: the UTC day of its charge period start.</summary>
    public static DateOnly DayOf(DateTimeOffset chargePeriodStart) => DateOnly.FromDateTime(chargePeriodStart.UtcDateTime);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MatchTag(string key, string value, string[] values, int[] priority)
    {
        if (!_aliases.TryGetValue(key, out var match) && !_aliases.TryGetValue(key.Trim(), out match)) return;
        if (match.Priority > priority[match.Key] || (match.Priority == priority[match.Key] && !_prefixed)) return;
        if (string.IsNullOrWhiteSpace(value)) return; // an empty tag is no tag: inherit
        var trimmed = value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) ? value.Trim() : value;
        var normalized = _values.Intern(_normalizer.IsIdentity ? trimmed : _normalizer.Normalize(match.Key, trimmed));
        if (match.Priority == priority[match.Key])
        {
            // Only a prefixed spelling shares its alias's rank (tag keys are unique ignoring case): the same tag twice.
            if (!ReferenceEquals(normalized, values[match.Key]))
                _conflict[match.Key] ??= $"tag '{_from[match.Key]}' is '{values[match.Key]}' but tag '{key}' is '{normalized}'";
            return;
        }
        values[match.Key] = normalized;
        priority[match.Key] = match.Priority;
        _from[match.Key] = key;
    }

    /// <summary>The inputs of allocation, compared by reference (see <see cref="Allocate"/>).</summary>
    private readonly struct InputKey(IReadOnlyDictionary<string, string> tags, string? rg, string? subId, string? subName) : IEquatable<InputKey>
    {
        private readonly object _tags = tags;
        private readonly string? _rg = rg, _subId = subId, _subName = subName;

        public bool Equals(InputKey other) =>
            ReferenceEquals(_tags, other._tags) && ReferenceEquals(_rg, other._rg) && ReferenceEquals(_subId, other._subId) &&
            ReferenceEquals(_subName, other._subName);

        public override bool Equals(object? obj) => obj is InputKey k && Equals(k);

        public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_tags), Id(_rg), Id(_subId), Id(_subName));

        private static int Id(string? s) => s is null ? 0 : RuntimeHelpers.GetHashCode(s);
    }

    private sealed record KeyPlan(string Name, Dictionary<string, string> ResourceGroups, Dictionary<string, string> Subscriptions);

    private sealed record SharedRulePlan(SharedCostRuleConfig Rule, int KeyIndex, string? ResourceGroup, string? Subscription, string? TagKey, string? TagValue)
    {
        public bool Matches(CostRecord r)
        {
            if (ResourceGroup is not null && !string.Equals(r.ResourceGroupName, ResourceGroup, StringComparison.OrdinalIgnoreCase)) return false;
            if (Subscription is not null && !string.Equals(r.SubAccountId, Subscription, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(r.SubAccountName, Subscription, StringComparison.OrdinalIgnoreCase)) return false;
            if (TagKey is not null)
            {
                if (!TryGetTag(r.Tags, TagKey, out var v) || !string.Equals(v.Trim(), TagValue, StringComparison.OrdinalIgnoreCase)) return false;
            }
            return true;
        }

        private static bool TryGetTag(IReadOnlyDictionary<string, string> tags, string key, out string value)
        {
            if (tags.TryGetValue(key, out value!)) return true;
            foreach (var (k, v) in tags)
                if (string.Equals(k.Trim(), key, StringComparison.OrdinalIgnoreCase)) { value = v; return true; }
            value = "";
            return false;
        }
    }

    /// <summary>Compares value arrays element by element by reference: values are interned, so this is exact and
    /// hashes no characters per row.</summary>
    private sealed class ValuesComparer : IEqualityComparer<string[]>, IAlternateEqualityComparer<ReadOnlySpan<string>, string[]>
    {
        public static readonly ValuesComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) => x is not null && y is not null && Equals((ReadOnlySpan<string>)x, y);
        public int GetHashCode(string[] obj) => GetHashCode((ReadOnlySpan<string>)obj);

        public bool Equals(ReadOnlySpan<string> alternate, string[] other)
        {
            if (alternate.Length != other.Length) return false;
            for (var i = 0; i < other.Length; i++)
                if (!ReferenceEquals(alternate[i], other[i])) return false;
            return true;
        }

        public int GetHashCode(ReadOnlySpan<string> alternate)
        {
            var h = new HashCode();
            foreach (var s in alternate) h.Add(RuntimeHelpers.GetHashCode(s));
            return h.ToHashCode();
        }

        public string[] Create(ReadOnlySpan<string> alternate) => alternate.ToArray();
    }
}
