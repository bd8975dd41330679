using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Guardrails.Core.Allocation;
using Guardrails.Core.Common;

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
        foreach (var (k, s) in later._resources)
        {
            var key = new ResourceKey(k.Day, allocator.InternResourceId(k.ResourceId), allocator.InternCurrency(k.Currency));
            ref var res = ref CollectionsMarshal.GetValueRefOrAddDefault(_resources, key, out var exists);
            if (!exists || res is null)
            {
                res = s;
                res.Allocation = mapAllocation(s.Allocation);
                continue;
            }

            if (byPart && s.FirstPart < res.FirstPart)
            {
                // The later aggregator saw this resource-day first in the file: its first row describes it.
                (res.ResourceName, res.SkuName, res.RegionId, res.Category, res.FirstPart) = (s.ResourceName, s.SkuName, s.RegionId, s.Category, s.FirstPart);
                res.Allocation = mapAllocation(s.Allocation);
            }

            try
            {
                res.Billed += s.Billed;
                res.Effective += s.Effective;
                res.GpuHours += s.GpuHours;
            }
            catch (OverflowException e)
            {
                throw new SumOutOfRangeException(key.Currency, e);
            }
        }

        later.Clear();
    }

    /// <summary>The resource-days by day, then most expensive first (then resource id and currency); empties the table.</summary>
    public List<ResourceDailyCost> TakeSorted()
    {
        var resources = new List<ResourceDailyCost>(_resources.Count);
        foreach (var (key, s) in _resources)
            resources.Add(new ResourceDailyCost
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
            });
        Clear();
        resources.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day)
            : b.EffectiveCost != a.EffectiveCost ? b.EffectiveCost.CompareTo(a.EffectiveCost)
            : string.CompareOrdinal(a.ResourceId, b.ResourceId) is var c && c != 0 ? c
            : string.CompareOrdinal(a.Currency, b.Currency));
        return resources;
    }

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
    }

    private readonly record struct ResourceKey(int Day, string ResourceId, string Currency)
    {
        public bool Equals(ResourceKey other) =>
            Day == other.Day && ReferenceEquals(ResourceId, other.ResourceId) && ReferenceEquals(Currency, other.Currency);

        public override int GetHashCode() => HashCode.Combine(Day, RuntimeHelpers.GetHashCode(ResourceId), RuntimeHelpers.GetHashCode(Currency));
    }
}
