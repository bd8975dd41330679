using System.Runtime.CompilerServices;
using Guardrails.Core.Allocation;

namespace Guardrails.Core.Ledger;

/// <summary>Facts of one day, allocation and currency summed per category, over kind, service, pricing and scope.</summary>
public readonly record struct DailyCostGroup(DateOnly Day, AllocationKey Allocation, CostCategory Category, string Currency,
    decimal BilledCost, decimal EffectiveCost, decimal ListCost, decimal GpuHours);

/// <summary>
/// The <see cref="DailyCostGroup"/>s of facts in ledger order (sorted by day, currency and allocation, as
/// <see cref="DailyCostAggregator.Complete"/> returns them), lazily: one run of equal (day, currency, allocation) at a time
/// is summed per category and yielded in category order, so memory does not grow with the number of groups. A struct
/// enumerator, compiled optimized from its first call; facts straight from an aggregate are read without making a
/// <see cref="DailyCostFact"/> for each.
/// </summary>
public struct DailyCostGroups
{
    private static readonly int CategoryCount = Enum.GetValues<CostCategory>().Length;
    private readonly IReadOnlyList<DailyCostFact> _facts;
    private readonly DailyCostFactList? _list;
    private readonly (bool Seen, decimal Billed, decimal Effective, decimal List, decimal Gpu)[] _sums;
    private int _next, _category;
    private FactRow _head;

    private DailyCostGroups(IReadOnlyList<DailyCostFact> facts)
    {
        _facts = facts;
        _list = facts as DailyCostFactList;
        _sums = new (bool, decimal, decimal, decimal, decimal)[CategoryCount];
        _category = CategoryCount;
    }

    public static DailyCostGroups Of(IReadOnlyList<DailyCostFact> facts) => new(facts ?? throw new ArgumentNullException(nameof(facts)));

    public readonly DailyCostGroups GetEnumerator() => this;

    public DailyCostGroup Current { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        while (true)
        {
            // Yield the summed categories of the current run, in category order.
            for (; _category < _sums.Length; _category++)
            {
                ref var s = ref _sums[_category];
                if (!s.Seen) continue;
                Current = new DailyCostGroup(DateOnly.FromDayNumber(_head.Day), _head.Allocation, (CostCategory)_category, _head.Currency,
                    s.Billed, s.Effective, s.List, s.Gpu);
                _category++;
                return true;
            }

            if (_next >= _facts.Count) return false;
            var head = _head = Row(_next);
            Array.Clear(_sums);
            while (true)
            {
                ref var s = ref _sums[(int)head.Category];
                s = (true, s.Billed + head.Billed, s.Effective + head.Effective, s.List + head.List, s.Gpu + head.GpuHours);
                if (++_next >= _facts.Count) break;
                var f = Row(_next);
                if (f.Day != _head.Day || f.Currency != _head.Currency ||
                    !(ReferenceEquals(f.Allocation, _head.Allocation) || f.Allocation.Equals(_head.Allocation))) break;
                head = f;
            }

            _category = 0;
        }
    }

    private readonly FactRow Row(int index)
    {
        if (_list is not null) return _list.Row(index);
        var f = _facts[index];
        return new FactRow(f.Day.DayNumber, f.Allocation, f.Currency, f.Category, f.BilledCost, f.EffectiveCost, f.ListCost, f.GpuHours);
    }
}

/// <summary>What a <see cref="DailyCostGroup"/> needs of one fact.</summary>
internal readonly record struct FactRow(int Day, AllocationKey Allocation, string Currency, CostCategory Category,
    decimal Billed, decimal Effective, decimal List, decimal GpuHours);
