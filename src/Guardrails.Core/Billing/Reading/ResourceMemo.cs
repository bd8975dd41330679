using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The previous row's values of one resource (interned strings and parsed tags), with the text they were read from: rows of
/// one resource repeat them, so the mapper compares the text instead of looking each value up. Handed out with the resource's records as their
/// <see cref="ResourceSlot"/>. A <see cref="ResourceMemoTable"/> reuses the object for another resource when it evicts it.
/// </summary>
internal sealed class ResourceMemo(string id) : ResourceSlot
{
    public const int ResourceName = 0, ResourceType = 1, Region = 2, ServiceName = 3, ServiceCategory = 4,
        SkuMeterCategory = 5, SkuId = 6, ConsumedUnit = 7, SubAccountId = 8, SubAccountName = 9, ResourceGroup = 10,
        PricingSubcategory = 11, Meter = 12, Count = 13;

    public string Id { get; private set; } = id;
    public readonly string?[] Values = new string?[Count];
    public readonly string?[] Raw = new string?[Count];
    public readonly string?[] DetailsRaw = new string?[2];
    public readonly string?[] DetailsSku = new string?[2];
    public string? TagsRaw;
    public string? ResourceGroupFromId;
    public IReadOnlyDictionary<string, string> Tags = CostRecord.EmptyTags;

    /// <summary>
    /// This memo, now another resource's: the reader's values are forgotten. The later stages' state in the slot is left
    /// as it is (another thread may be using it for a record of the previous resource): each stage checks that state against
    /// the record (the allocator compares the record's id instance, the aggregate the fact's key) before it uses it.
    /// </summary>
    public ResourceMemo Reuse(string id)
    {
        Id = id;
        Array.Clear(Values);
        Array.Clear(Raw);
        Array.Clear(DetailsRaw);
        Array.Clear(DetailsSku);
        (TagsRaw, ResourceGroupFromId, Tags) = (null, null, CostRecord.EmptyTags);
        return this;
    }
}

/// <summary>
/// The reader's memos by resource id, in a fixed number of slots: two per set, the one used last first; a resource that
/// is not there takes the set's other slot, whose memo is reused for it. Memory is bounded by the table's size, whatever
/// the number of resources in the export (issue 17: 40,000 resources held every resource's memo in each worker), and
/// no memo becomes garbage: an export with more resources than slots pays a slower row (the full path) when a resource's
/// memo was taken by another, never more memory. Ids that share a set push each other out, which costs speed, never
/// correctness.
/// </summary>
internal sealed class ResourceMemoTable
{
    private readonly ResourceMemo?[] _slots;
    private readonly int _setMask;
    private ResourceMemo? _last;

    /// <param name="sets">Sets of two slots (rounded up to a power of two).</param>
    public ResourceMemoTable(int sets)
    {
        var n = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(sets, 1, 1 << 20));
        _slots = new ResourceMemo?[n * 2];
        _setMask = n - 1;
    }

    /// <summary>Slots in all: the most resources whose memos are kept at a time.</summary>
    public int Capacity => _slots.Length;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ResourceMemo Get(ReadOnlySpan<char> id)
    {
        if (_last is { } last && id.SequenceEqual(last.Id)) return last;
        ref var first = ref _slots[(int)(TailHash.Of(id) & (uint)_setMask) * 2];
        ref var second = ref Unsafe.Add(ref first, 1);
        if (first is { } a && id.SequenceEqual(a.Id)) return _last = a;
        var b = second;
        if (b is not null && id.SequenceEqual(b.Id))
        {
            (first, second) = (b, first);
            return _last = b;
        }

        var memo = b is null ? new ResourceMemo(id.ToString()) : b.Reuse(id.ToString());
        (first, second) = (memo, first);
        return _last = memo;
    }

}
