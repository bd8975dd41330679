namespace Guardrails.Core.Billing;

/// <summary>FOCUS ChargeCategory: the highest-level classification of a charge.</summary>
public enum ChargeCategory { Usage, Purchase, Tax, Credit, Adjustment }

/// <summary>
/// FOCUS PricingCategory. On-demand (pay-as-you-go) is <see cref="Standard"/>, spot and low priority are
/// <see cref="Dynamic"/>, reservations and savings plans are <see cref="Committed"/>.
/// </summary>
public enum PricingCategory { Standard, Dynamic, Committed, Other }

/// <summary>The file formats Guardrails reads. <see cref="Auto"/> detects the format from the header.</summary>
public enum ExportFormat { Auto, Focus, AzureEa, AzureMca }

/// <summary>
/// One normalized cost row, the same for every export format (FOCUS 1.0–1.2, legacy EA and MCA).
/// Field names follow FOCUS. Money is decimal; times are UTC.
/// </summary>
public sealed record CostRecord
{
    public required DateTimeOffset ChargePeriodStart { get; init; }
    public required DateTimeOffset ChargePeriodEnd { get; init; }

    /// <summary>What the invoice says (cash basis).</summary>
    public required decimal BilledCost { get; init; }
    /// <summary>Amortized cost after discounts and commitment amortization.</summary>
    public required decimal EffectiveCost { get; init; }
    /// <summary>Cost at public list (retail) prices.</summary>
    public decimal ListCost { get; init; }
    /// <summary>Cost at negotiated (contracted) prices, before commitment discounts.</summary>
    public decimal ContractedCost { get; init; }
    public required string BillingCurrency { get; init; }

    public ChargeCategory ChargeCategory { get; init; } = ChargeCategory.Usage;
    public PricingCategory PricingCategory { get; init; } = PricingCategory.Standard;
    /// <summary>Azure x_PricingSubcategory, e.g. "Spot", "Committed Usage", "On-Demand".</summary>
    public string? PricingSubcategory { get; init; }

    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? ResourceType { get; init; }
    public string? RegionId { get; init; }
    public string? ServiceName { get; init; }
    public string? ServiceCategory { get; init; }
    /// <summary>Azure x_SkuMeterCategory (e.g. "Virtual Machines").</summary>
    public string? SkuMeterCategory { get; init; }
    /// <summary>The SKU as priced, e.g. "Standard_NC24ads_A100_v4" or a meter name.</summary>
    public string? SkuName { get; init; }
    public string? SkuId { get; init; }

    public decimal? ConsumedQuantity { get; init; }
    public string? ConsumedUnit { get; init; }

    public string? SubAccountId { get; init; }
    public string? SubAccountName { get; init; }
    public string? ResourceGroupName { get; init; }

    /// <summary>Resource tags with trimmed keys (values trimmed too). Never null.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = EmptyTags;

    /// <summary>The source file and 1-based physical line the record came from (for error reports and audit).</summary>
    public string? SourceFile { get; init; }
    public long SourceLine { get; init; }

    public static readonly IReadOnlyDictionary<string, string> EmptyTags =
        new Dictionary<string, string>(0, StringComparer.OrdinalIgnoreCase);
}
