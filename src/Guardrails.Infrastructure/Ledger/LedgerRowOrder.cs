using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// The merge orders of the packed families: a part's rows are stored in them (<see cref="PackedRows.SortedProperty"/>) so a
/// run's parts merge into its summaries (<see cref="SortedMerge"/>). Each is day first (summaries are written a day at a
/// time) and two rows compare equal exactly when they are one identity that the summaries sum.
/// </summary>
internal static class LedgerRowOrder
{
    /// <summary>
    /// Facts: day, currency, allocation (as text), kind, category, service, pricing, subscription, resource group — the
    /// aggregator's own order (a part's facts usually arrive in it), with a missing subscription or resource group equal to
    /// an empty one, as <see cref="FactIdentity"/> has it.
    /// </summary>
    public static readonly IComparer<DailyCostFact> Facts = Comparer<DailyCostFact>.Create(CompareFacts);

    /// <summary>Resource-days: day, resource, currency (<see cref="LedgerEntities.ResourceKey"/>).</summary>
    public static readonly IComparer<ResourceDailyCost> Resources = Comparer<ResourceDailyCost>.Create(CompareResources);

    private static int CompareFacts(DailyCostFact? x, DailyCostFact? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null || y is null) return x is null ? -1 : 1;
        var c = x.Day.CompareTo(y.Day);
        if (c == 0) c = string.CompareOrdinal(x.Currency ?? "", y.Currency ?? "");
        if (c == 0 && !ReferenceEquals(x.Allocation, y.Allocation)) c = string.CompareOrdinal(x.Allocation.ToString(), y.Allocation.ToString());
        if (c == 0) c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = x.Category.CompareTo(y.Category);
        if (c == 0) c = string.CompareOrdinal(x.ServiceName, y.ServiceName);
        if (c == 0) c = x.PricingCategory.CompareTo(y.PricingCategory);
        if (c == 0) c = string.CompareOrdinal(x.SubAccountId ?? "", y.SubAccountId ?? "");
        if (c == 0) c = string.CompareOrdinal(x.ResourceGroupName ?? "", y.ResourceGroupName ?? "");
        return c;
    }

    private static int CompareResources(ResourceDailyCost? x, ResourceDailyCost? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null || y is null) return x is null ? -1 : 1;
        var c = x.Day.CompareTo(y.Day);
        if (c == 0) c = string.CompareOrdinal(x.ResourceId, y.ResourceId);
        if (c == 0) c = string.CompareOrdinal(x.Currency, y.Currency);
        return c;
    }

    /// <summary><paramref name="rows"/> in <paramref name="order"/>: as they are when they already are (no copy), else sorted stably.</summary>
    public static IReadOnlyList<T> Sorted<T>(IReadOnlyList<T> rows, IComparer<T> order)
    {
        for (var i = 1; i < rows.Count; i++)
            if (order.Compare(rows[i - 1], rows[i]) > 0)
                return rows.Order(order).ToList();
        return rows;
    }

    /// <summary>
    /// Readers' order of one day's facts: by fact key (<see cref="RunSummaries.InReadOrder(IEnumerable{DailyCostFact})"/>),
    /// then the merge order for the rare keys that two identities share. Each key is built once.
    /// </summary>
    public static void SortDayForReaders(List<DailyCostFact> day)
    {
        var keyed = day.Select(f => (Key: f.FactKey, Fact: f)).ToList();
        keyed.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : CompareFacts(a.Fact, b.Fact);
        });
        for (var i = 0; i < keyed.Count; i++) day[i] = keyed[i].Fact;
    }

    /// <summary>Readers' order of one day's resource-days: cost (highest first), resource, currency.</summary>
    public static int CompareResourcesForReaders(ResourceDailyCost x, ResourceDailyCost y)
    {
        var c = y.EffectiveCost.CompareTo(x.EffectiveCost);
        if (c == 0) c = string.CompareOrdinal(x.ResourceId, y.ResourceId);
        if (c == 0) c = string.CompareOrdinal(x.Currency, y.Currency);
        return c;
    }
}
