using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Ledger;

/// <summary>
/// The per-resource daily costs of the aggregate stage: BilledCost, EffectiveCost and GPU-hours per (day, resource,
/// currency), described by the resource-day's first row in the file. Keys are interned strings (compared by reference).
/// </summary>
internal sealed class ResourceDailyCostTable
{
    private readonly Dictionary<ResourceKey, ResourceSums> _resources = new();

    public int Count => _resources.Count;

    /// <summary>Adds one allocated row of a resource; <paramref name="part"/> is the file part it comes from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in AllocatedCost cost, string resourceId, int day, int part)
    {
        var r = cost.Record;
        ref var res = ref CollectionsMarshal.GetValueRefOrAddDefault(_resources, new ResourceKey(day, resourceId, cost.Currency), out var exists);
        if (!exists || res is null)
            res = new ResourceSums { ResourceName = r.ResourceName, SkuName = r.SkuName, RegionId = r.RegionId, Allocation = cost.Allocation, Category = cost.Category, FirstPart = part };
        else if (part < res.FirstPart)
        {
            // A worker reading parts from the back of the file: this row comes before the one that described it.
            (res.ResourceName, res.SkuName, res.RegionId, res.Allocation, res.Category, res.FirstPart) =
                (r.ResourceName, r.SkuName, r.RegionId, cost.Allocation, cost.Category, part);
        }

        res.Billed += r.BilledCost;
        res.Effective += r.EffectiveCost;
        res.GpuHours += cost.GpuHours;
    }

    /// <summary>
    /// Adds everything <paramref name="later"/> has summed and empties it. Resource ids and currencies go through
    /// <paramref name="allocator"/>'s pools and allocations through <paramref name="mapAllocation"/>, so keys stay equal by
    /// reference. A resource-day keeps this table's description, or with <paramref name="byPart"/> the earlier part's.
    /// </summary>
    public void MergeFrom(ResourceDailyCostTable later, bool byPart, CostAllocator allocator, Func<AllocationKey, AllocationKey> mapAllocation)
    {
        CostTables.MergeInto(_resources, later._resources, new Merge(byPart, allocator, mapAllocation));
        later.Clear();
    }

    /// <summary>The resource-days by day, then most expensive first (then resource id and currency); empties the table.</summary>
    public List<ResourceDailyCost> TakeSorted() => CostTables.TakeSorted(_resources, ToCost, ByDayThenMostExpensive);

    private static ResourceDailyCost ToCost(ResourceKey key, ResourceSums s) => new()
    {
        Day = DateOnly.FromDayNumber(key.Day),
        ResourceId = key.ResourceId,
        ResourceName = s.ResourceName,
        SkuName = s.SkuName,
        RegionId = s.RegionId,
        Allocation = s.Allocation,
        Category = s.Category,
        Currency = key.Currency,
        BilledCost = s.Billed,
        EffectiveCost = s.Effective,
        GpuHours = s.GpuHours,
    };

    private static int ByDayThenMostExpensive(ResourceDailyCost a, ResourceDailyCost b) =>
        a.Day != b.Day ? a.Day.CompareTo(b.Day)
        : b.EffectiveCost != a.EffectiveCost ? b.EffectiveCost.CompareTo(a.EffectiveCost)
        : string.CompareOrdinal(a.ResourceId, b.ResourceId) is var c && c != 0 ? c
        : string.CompareOrdinal(a.Currency, b.Currency);

    private void Clear()
    {
        _resources.Clear();
        _resources.TrimExcess();
    }

    private sealed class ResourceSums
    {
        public string? ResourceName, SkuName, RegionId;
        public required AllocationKey Allocation;
        public CostCategory Category;
        public decimal Billed, Effective, GpuHours;
        /// <summary>The file part of the first row (parallel reads), which decides the merge of descriptive fields.</summary>
        public int FirstPart;

        public void AddSums(ResourceSums other)
        {
            Billed += other.Billed;
            Effective += other.Effective;
            GpuHours += other.GpuHours;
        }
    }

    /// <summary>A later worker's resource-day: described by its first row in the file (this table's, or the earlier part's when <c>byPart</c>).</summary>
    private readonly struct Merge(bool byPart, CostAllocator allocator, Func<AllocationKey, AllocationKey> mapAllocation)
        : ICostEntryMerge<ResourceKey, ResourceSums>
    {
        public ResourceKey Intern(ResourceKey key) =>
            new(key.Day, allocator.InternResourceId(key.ResourceId), allocator.InternCurrency(key.Currency));

        public string CurrencyOf(ResourceKey key) => key.Currency;

        public ResourceSums Adopt(ResourceSums later)
        {
            later.Allocation = mapAllocation(later.Allocation);
            return later;
        }

        public ResourceSums Combine(ResourceSums mine, ResourceSums later)
        {
            if (byPart && later.FirstPart < mine.FirstPart)
            {
                // The later aggregator saw this resource-day first in the file: its first row describes it.
                (mine.ResourceName, mine.SkuName, mine.RegionId, mine.Category, mine.FirstPart) =
                    (later.ResourceName, later.SkuName, later.RegionId, later.Category, later.FirstPart);
                mine.Allocation = mapAllocation(later.Allocation);
            }

            mine.AddSums(later);
            return mine;
        }
    }

    private readonly record struct ResourceKey(int Day, string ResourceId, string Currency)
    {
        public bool Equals(ResourceKey other) =>
            Day == other.Day && ReferenceEquals(ResourceId, other.ResourceId) && ReferenceEquals(Currency, other.Currency);

        public override int GetHashCode() => HashCode.Combine(Day, RuntimeHelpers.GetHashCode(ResourceId), RuntimeHelpers.GetHashCode(Currency));
    }
}
