using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>Which FOCUS cost column the reports add up.</summary>
public enum CostBasis
{
    /// <summary>EffectiveCost: amortized, after discounts (the usual chargeback basis).</summary>
    Effective,
    /// <summary>BilledCost: what the invoice says.</summary>
    Billed,
}

/// <summary>How facts are read by every report: one place that says what counts as cloud, fixed and idle cost.</summary>
public static class FactClass
{
    /// <summary>Declared fixed costs (personnel, licences): not part of the cloud export.</summary>
    public static bool IsFixed(DailyCostFact f) => f.Kind == AllocationKind.Fixed || f.Category == CostCategory.Fixed;

    /// <summary>Idle GPU cost written by idle detection: a view of GPU compute cost already billed, not extra spend.</summary>
    public static bool IsIdleOverlay(DailyCostFact f) => f.Category == CostCategory.IdleGpu;

    /// <summary>Cost that came from the cloud export (everything but fixed and the idle overlay).</summary>
    public static bool IsCloud(DailyCostFact f) => !IsFixed(f) && !IsIdleOverlay(f);

    public static decimal Cost(DailyCostFact f, CostBasis basis) => basis == CostBasis.Billed ? f.BilledCost : f.EffectiveCost;

    public static decimal Cost(ResourceDailyCost r, CostBasis basis) => basis == CostBasis.Billed ? r.BilledCost : r.EffectiveCost;

    public static decimal Cost(CurrencyTotal t, CostBasis basis) => basis == CostBasis.Billed ? t.BilledCost : t.EffectiveCost;

    /// <summary>The value of an allocation key, or "(none)" when the key is not configured for that cost.</summary>
    public static string ValueOf(AllocationKey key, string name) => key[name] ?? "(none)";
}
