using System.Globalization;
using System.Runtime.CompilerServices;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Ledger;

/// <summary>
/// The aggregate stage's storage-tier rows (<see cref="StorageTierDailyCost"/>): per (day, storage account, capacity meter,
/// unit, currency, quantity known) the quantity and BilledCost/EffectiveCost, and per (day, account, currency) the other
/// costs, described by the first row (names, tags, allocation, source). Only rows of storage accounts are kept, so it
/// stays small; whether a resource id is one is decided once per id (ids are interned: one reference per id).
/// </summary>
internal sealed class StorageTierCostTable
{
    private readonly Dictionary<StorageKey, StorageSums> _rows = [];
    private readonly Dictionary<object, bool> _isStorage = new(ReferenceEqualityComparer.Instance);
    private string? _lastId;
    private bool _lastIsStorage;

    public int Count => _rows.Count;

    /// <summary>Adds one allocated row if it belongs to a storage account; <paramref name="part"/> is the file part it comes from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in AllocatedCost cost, string resourceId, int day, int part)
    {
        if (!ReferenceEquals(resourceId, _lastId))
        {
            _lastId = resourceId;
            if (!_isStorage.TryGetValue(resourceId, out _lastIsStorage))
                _isStorage[resourceId] = _lastIsStorage = StorageTierDailyCost.IsStorageAccount(resourceId);
        }
        if (_lastIsStorage) AddStorage(cost, resourceId, day, part);
    }

    private void AddStorage(in AllocatedCost cost, string resourceId, int day, int part)
    {
        var r = cost.Record;
        var capacity = StorageTierDailyCost.IsDataStored(r.SkuName);
        var known = capacity && r.ConsumedQuantity is >= 0m;
        var key = new StorageKey(day, resourceId, capacity ? r.SkuName!.Trim() : null, capacity ? r.ConsumedUnit?.Trim() : null, cost.Currency, known);
        if (!_rows.TryGetValue(key, out var sums) || part < sums.FirstPart)
        {
            var described = new StorageSums
            {
                ResourceName = r.ResourceName,
                RegionId = r.RegionId,
                Tags = StorageTierDailyCost.TagsText(r.Tags), // a copy: the reader refills the record for the next row
                Allocation = cost.Allocation,
                // A parallel read does not number lines (0): the file is named alone.
                Source = r.SourceLine > 0 ? r.SourceFile + ":" + r.SourceLine.ToString(CultureInfo.InvariantCulture) : r.SourceFile,
                FirstPart = part,
            };
            if (sums is not null) described.AddSums(sums); // a worker reading from the back: this row comes first in the file
            _rows[key] = sums = described;
        }
        if (known) sums.Quantity += r.ConsumedQuantity!.Value;
        sums.Billed += r.BilledCost;
        sums.Effective += r.EffectiveCost;
        sums.Rows++;
    }

    /// <summary>
    /// Adds everything <paramref name="later"/> has summed and empties it. A row keeps this table's description, or with
    /// <paramref name="byPart"/> the earlier part's; allocations go through <paramref name="mapAllocation"/>.
    /// </summary>
    public void MergeFrom(StorageTierCostTable later, bool byPart, CostAllocator allocator, Func<AllocationKey, AllocationKey> mapAllocation)
    {
        CostTables.MergeInto(_rows, later._rows, new Merge(byPart, allocator, mapAllocation));
        later.Clear();
    }

    /// <summary>The rows by day, account, meter, unit, currency (known quantities first); empties the table.</summary>
    public List<StorageTierDailyCost> TakeSorted()
    {
        var rows = CostTables.TakeSorted(_rows, ToCost, StorageTierCostOrder.Compare);
        Clear();
        return rows;
    }

    private static StorageTierDailyCost ToCost(StorageKey k, StorageSums s) => new()
    {
        Day = DateOnly.FromDayNumber(k.Day),
        ResourceId = k.ResourceId,
        ResourceName = s.ResourceName,
        RegionId = s.RegionId,
        Meter = k.Meter,
        Unit = k.Unit,
        Currency = k.Currency,
        Quantity = k.QuantityKnown ? s.Quantity : null,
        BilledCost = s.Billed,
        EffectiveCost = s.Effective,
        RowCount = s.Rows,
        Tags = s.Tags,
        Allocation = s.Allocation,
        Source = s.Source,
    };

    private void Clear()
    {
        _rows.Clear();
        _rows.TrimExcess();
        _isStorage.Clear();
        _lastId = null;
    }

    private sealed class StorageSums
    {
        public string? ResourceName, RegionId, Source;
        public required string Tags;
        public required AllocationKey Allocation;
        public decimal Quantity, Billed, Effective;
        public long Rows;
        public int FirstPart;

        public void AddSums(StorageSums other)
        {
            Quantity += other.Quantity;
            Billed += other.Billed;
            Effective += other.Effective;
            Rows += other.Rows;
        }
    }

    /// <summary>A later worker's row: the row described first in the file keeps its description (this table's, or the earlier part's when <c>byPart</c>).</summary>
    private readonly struct Merge(bool byPart, CostAllocator allocator, Func<AllocationKey, AllocationKey> mapAllocation)
        : ICostEntryMerge<StorageKey, StorageSums>
    {
        public StorageKey Intern(StorageKey key) =>
            key with { ResourceId = allocator.InternResourceId(key.ResourceId), Currency = allocator.InternCurrency(key.Currency) };

        public string CurrencyOf(StorageKey key) => key.Currency;

        public StorageSums Adopt(StorageSums later)
        {
            later.Allocation = mapAllocation(later.Allocation);
            return later;
        }

        public StorageSums Combine(StorageSums mine, StorageSums later)
        {
            later.Allocation = mapAllocation(later.Allocation);
            var (first, second) = byPart && later.FirstPart < mine.FirstPart ? (later, mine) : (mine, later);
            first.AddSums(second);
            return first;
        }
    }

    private readonly record struct StorageKey(int Day, string ResourceId, string? Meter, string? Unit, string Currency, bool QuantityKnown);
}

/// <summary>The order storage-tier rows are kept and read in: day, account, meter (other costs first), unit, currency, known quantity first.</summary>
public static class StorageTierCostOrder
{
    public static int Compare(StorageTierDailyCost a, StorageTierDailyCost b)
    {
        var c = a.Day.CompareTo(b.Day);
        if (c == 0) c = string.CompareOrdinal(a.ResourceId, b.ResourceId);
        if (c == 0) c = string.CompareOrdinal(a.Meter, b.Meter);
        if (c == 0) c = string.CompareOrdinal(a.Unit, b.Unit);
        if (c == 0) c = string.CompareOrdinal(a.Currency, b.Currency);
        if (c == 0) c = (b.Quantity is not null).CompareTo(a.Quantity is not null);
        return c;
    }

    public static List<StorageTierDailyCost> Sorted(IEnumerable<StorageTierDailyCost> rows)
    {
        var list = rows.ToList();
        list.Sort(Compare);
        return list;
    }
}
