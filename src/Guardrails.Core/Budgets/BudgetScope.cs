using Guardrails.Core.Allocation;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Budgets;

/// <summary>
/// Decides whether a ledger fact or resource cost belongs to a budget: every allocation value of the scope must
/// match (case-insensitive), and the subscription / resource group when given. A subscription matches either the
/// bare id or the FOCUS SubAccountId form <c>/subscriptions/{id}</c>.
/// </summary>
public sealed class BudgetScope
{
    private readonly KeyValuePair<string, string>[] _allocation;

    public BudgetScope(IReadOnlyDictionary<string, string> allocation, string? subscriptionId = null, string? resourceGroupName = null)
    {
        _allocation = allocation.Where(kv => !BudgetConfig.IsLocationKey(kv.Key)).ToArray();
        SubscriptionId = subscriptionId is null ? null : NormalizeSubscription(subscriptionId);
        ResourceGroupName = resourceGroupName;
    }

    public static BudgetScope For(BudgetConfig budget) =>
        new(budget.Scope, budget.SubscriptionId, budget.ResourceGroupName);

    public string? SubscriptionId { get; }
    public string? ResourceGroupName { get; }
    public IReadOnlyList<KeyValuePair<string, string>> Allocation => _allocation;

    public bool IsEverything => _allocation.Length == 0 && SubscriptionId is null && ResourceGroupName is null;

    public bool Matches(DailyCostFact fact) =>
        MatchesAllocation(fact.Allocation)
        && (SubscriptionId is null || string.Equals(NormalizeSubscription(fact.SubAccountId), SubscriptionId, StringComparison.OrdinalIgnoreCase))
        && (ResourceGroupName is null || string.Equals(fact.ResourceGroupName, ResourceGroupName, StringComparison.OrdinalIgnoreCase));

    public bool Matches(ResourceDailyCost cost) => Matches(cost.Allocation, cost.ResourceId);

    /// <summary>A resource with its allocation (e.g. a running machine priced from telemetry) belongs to the budget.</summary>
    public bool Matches(AllocationKey allocation, string? resourceId)
    {
        if (!MatchesAllocation(allocation)) return false;
        if (SubscriptionId is null && ResourceGroupName is null) return true;
        var (sub, rg) = ParseResourceId(resourceId);
        return (SubscriptionId is null || string.Equals(sub, SubscriptionId, StringComparison.OrdinalIgnoreCase))
            && (ResourceGroupName is null || string.Equals(rg, ResourceGroupName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the allocation carries every pair of <paramref name="filter"/> (case-insensitive values).</summary>
    public static bool MatchesAllocation(AllocationKey key, IEnumerable<KeyValuePair<string, string>> filter)
    {
        foreach (var (k, v) in filter)
            if (!string.Equals(key[k], v, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    private bool MatchesAllocation(AllocationKey key) => MatchesAllocation(key, _allocation);

    public override string ToString()
    {
        var parts = _allocation.Select(p => $"{p.Key}={p.Value}").ToList();
        if (SubscriptionId is not null) parts.Add($"subscription={SubscriptionId}");
        if (ResourceGroupName is not null) parts.Add($"resourceGroup={ResourceGroupName}");
        return parts.Count == 0 ? "all" : string.Join(", ", parts);
    }

    internal static string? NormalizeSubscription(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var v = value.Trim().TrimEnd('/');
        const string prefix = "/subscriptions/";
        return v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? v[prefix.Length..] : v;
    }

    /// <summary>Subscription id and resource group from an ARM resource id (null parts when absent).</summary>
    public static (string? SubscriptionId, string? ResourceGroup) ParseResourceId(string? resourceId)
    {
        if (string.IsNullOrEmpty(resourceId)) return (null, null);
        var parts = resourceId.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? sub = null, rg = null;
        for (var i = 0; i + 1 < parts.Length; i++)
        {
            if (sub is null && parts[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase)) sub = parts[i + 1];
            else if (rg is null && parts[i].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)) rg = parts[i + 1];
        }
        return (sub, rg);
    }
}
