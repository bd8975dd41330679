using System.Runtime.CompilerServices;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>
/// What the aggregate stage sums a row under: its day, allocation, kind, category, pricing, shared rule (-1 for none),
/// service, currency and (with scope detail) subscription and resource group. Strings are interned (compared by
/// reference, hashed by identity).
/// </summary>
internal readonly record struct FactKey(
    int Day, AllocationKey Allocation, AllocationKind Kind, CostCategory Category, PricingCategory Pricing, int RuleIndex,
    string Service, string Currency, string? SubAccountId, string? ResourceGroup)
{
    public bool Equals(FactKey other) =>
        Day == other.Day && Kind == other.Kind && Category == other.Category && Pricing == other.Pricing &&
        RuleIndex == other.RuleIndex && ReferenceEquals(Service, other.Service) && ReferenceEquals(Currency, other.Currency) &&
        ReferenceEquals(SubAccountId, other.SubAccountId) && ReferenceEquals(ResourceGroup, other.ResourceGroup) &&
        (ReferenceEquals(Allocation, other.Allocation) || Allocation.Equals(other.Allocation));

    public override int GetHashCode() =>
        HashCode.Combine(Day, Allocation.GetHashCode(), (int)Kind | ((int)Category << 8) | ((int)Pricing << 16), RuleIndex,
            Id(Service), Id(Currency), Id(SubAccountId), Id(ResourceGroup));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Id(string? s) => s is null ? 0 : RuntimeHelpers.GetHashCode(s);
}
