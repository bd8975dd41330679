namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// The texts of charge and pricing categories in FOCUS and legacy exports, and what they mean: FOCUS ChargeCategory and
/// PricingCategory (with 1.0-preview names and Azure's x_PricingSubcategory), legacy ChargeType and PricingModel, and the
/// spot / low-priority meter names.
/// </summary>
internal static class CategoryNames
{
    /// <summary>FOCUS ChargeCategory.</summary>
    public static ChargeCategory? FocusChargeCategory(string s) => s.ToLowerInvariant() switch
    {
        "usage" => ChargeCategory.Usage,
        "purchase" => ChargeCategory.Purchase,
        "tax" => ChargeCategory.Tax,
        "credit" => ChargeCategory.Credit,
        "adjustment" => ChargeCategory.Adjustment,
        _ => null,
    };

    /// <summary>Legacy ChargeType → FOCUS ChargeCategory (unused commitments are usage of the commitment).</summary>
    public static ChargeCategory? LegacyChargeCategory(string s) => s.ToLowerInvariant() switch
    {
        "usage" or "unusedreservation" or "unusedsavingsplan" => ChargeCategory.Usage,
        "purchase" => ChargeCategory.Purchase,
        "refund" or "credit" => ChargeCategory.Credit,
        "tax" => ChargeCategory.Tax,
        "roundingadjustment" or "adjustment" => ChargeCategory.Adjustment,
        _ => null,
    };

    /// <summary>FOCUS PricingCategory (and 1.0-preview names, and Azure x_PricingSubcategory values).</summary>
    public static PricingCategory FocusPricingCategory(string s)
    {
        var v = s.ToLowerInvariant();
        return v switch
        {
            "standard" or "on-demand" or "ondemand" => PricingCategory.Standard,
            "dynamic" => PricingCategory.Dynamic,
            "committed" or "commitment-based" or "commitment based" => PricingCategory.Committed,
            "other" => PricingCategory.Other,
            _ when IsSpotText(s) => PricingCategory.Dynamic,
            _ when v.Contains("commit", StringComparison.Ordinal) || v.Contains("reserv", StringComparison.Ordinal) ||
                   v.Contains("savings", StringComparison.Ordinal) => PricingCategory.Committed,
            _ => PricingCategory.Other,
        };
    }

    /// <summary>Legacy PricingModel: OnDemand, Spot (and Low Priority), Reservation, SavingsPlan.</summary>
    public static PricingCategory LegacyPricingCategory(string s) => s.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "ondemand" or "" => PricingCategory.Standard,
        "spot" or "lowpriority" => PricingCategory.Dynamic,
        "reservation" or "savingsplan" => PricingCategory.Committed,
        _ => PricingCategory.Other,
    };

    public static bool IsSpotText(string s) =>
        s.Contains("Spot", StringComparison.OrdinalIgnoreCase) || s.Contains("Low Priority", StringComparison.OrdinalIgnoreCase);
}
