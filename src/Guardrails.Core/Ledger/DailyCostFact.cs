using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>
/// One aggregated, allocated cost of one UTC day: the unit the ledger stores and every later stage reads
/// (budgets, reports, dashboards). Keyed by (Day, Allocation, Kind, Category, ServiceName, PricingCategory,
/// Currency, SubAccountId, ResourceGroupName).
/// </summary>
public sealed record DailyCostFact
{
    public required DateOnly Day { get; init; }
    public required AllocationKey Allocation { get; init; }
    public AllocationKind Kind { get; init; } = AllocationKind.Direct;
    public required CostCategory Category { get; init; }
    public string ServiceName { get; init; } = "";
    public PricingCategory PricingCategory { get; init; } = PricingCategory.Standard;
    public required string Currency { get; init; }
    public string? SubAccountId { get; init; }
    public string? ResourceGroupName { get; init; }

    public decimal BilledCost { get; init; }
    public decimal EffectiveCost { get; init; }
    public decimal ListCost { get; init; }
    public decimal ConsumedQuantity { get; init; }
    public decimal GpuHours { get; init; }
    public long RowCount { get; init; }

    /// <summary>A deterministic identity of the fact's dimensions (not its amounts), stable across runs.</summary>
    public string FactKey =>
        string.Join('|', Allocation.ToString(), Kind, Category, ServiceName, PricingCategory, Currency,
            SubAccountId ?? "", ResourceGroupName ?? "");
}

/// <summary>The cost of one resource on one day: what "top drivers" and anomalies name.</summary>
public sealed record ResourceDailyCost
{
    public required DateOnly Day { get; init; }
    public required string ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? SkuName { get; init; }
    /// <summary>The Azure region (FOCUS RegionId, e.g. "eastus"); used for carbon intensity. Null when unknown.</summary>
    public string? RegionId { get; init; }
    public required AllocationKey Allocation { get; init; }
    public required CostCategory Category { get; init; }
    public required string Currency { get; init; }
    public decimal BilledCost { get; init; }
    public decimal EffectiveCost { get; init; }
    public decimal GpuHours { get; init; }
}
