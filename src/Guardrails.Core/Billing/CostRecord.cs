using System.Diagnostics.CodeAnalysis;

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
    /// <summary>An empty record (every required member must be set in the initializer).</summary>
    public CostRecord()
    {
    }

    /// <summary>A record with these values (the readers' path: see <see cref="CostRecordFields"/>).</summary>
    [SetsRequiredMembers]
#pragma warning disable CS8618 // the required members live in Fields, which the caller filled
    internal CostRecord(in CostRecordFields fields) => Fields = fields;
#pragma warning restore CS8618

    /// <summary>
    /// The values behind the properties. Readers fill them as one struct and, for a sink that is done with each
    /// record when <see cref="ICostRecordSink.Accept"/> returns (<see cref="ICostRecordSink.KeepsRecords"/> false),
    /// refill one instance for every row instead of allocating a record per row.
    /// </summary>
    internal CostRecordFields Fields = new() { Tags = EmptyTags };

    public required DateTimeOffset ChargePeriodStart { get => Fields.ChargePeriodStart; init => Fields.ChargePeriodStart = value; }
    public required DateTimeOffset ChargePeriodEnd { get => Fields.ChargePeriodEnd; init => Fields.ChargePeriodEnd = value; }

    /// <summary>What the invoice says (cash basis).</summary>
    public required decimal BilledCost { get => Fields.BilledCost; init => Fields.BilledCost = value; }
    /// <summary>Amortized cost after discounts and commitment amortization.</summary>
    public required decimal EffectiveCost { get => Fields.EffectiveCost; init => Fields.EffectiveCost = value; }
    /// <summary>Cost at public list (retail) prices.</summary>
    public decimal ListCost { get => Fields.ListCost; init => Fields.ListCost = value; }
    /// <summary>Cost at negotiated (contracted) prices, before commitment discounts.</summary>
    public decimal ContractedCost { get => Fields.ContractedCost; init => Fields.ContractedCost = value; }
    public required string BillingCurrency { get => Fields.BillingCurrency; init => Fields.BillingCurrency = value; }

    public ChargeCategory ChargeCategory { get => Fields.ChargeCategory; init => Fields.ChargeCategory = value; }
    public PricingCategory PricingCategory { get => Fields.PricingCategory; init => Fields.PricingCategory = value; }
    /// <summary>Azure x_PricingSubcategory, e.g. "Spot", "Committed Usage", "On-Demand".</summary>
    public string? PricingSubcategory { get => Fields.PricingSubcategory; init => Fields.PricingSubcategory = value; }

    public string? ResourceId { get => Fields.ResourceId; init => Fields.ResourceId = value; }
    public string? ResourceName { get => Fields.ResourceName; init => Fields.ResourceName = value; }
    public string? ResourceType { get => Fields.ResourceType; init => Fields.ResourceType = value; }
    public string? RegionId { get => Fields.RegionId; init => Fields.RegionId = value; }
    public string? ServiceName { get => Fields.ServiceName; init => Fields.ServiceName = value; }
    public string? ServiceCategory { get => Fields.ServiceCategory; init => Fields.ServiceCategory = value; }
    /// <summary>Azure x_SkuMeterCategory (e.g. "Virtual Machines").</summary>
    public string? SkuMeterCategory { get => Fields.SkuMeterCategory; init => Fields.SkuMeterCategory = value; }
    /// <summary>The SKU as priced, e.g. "Standard_NC24ads_A100_v4" or a meter name.</summary>
    public string? SkuName { get => Fields.SkuName; init => Fields.SkuName = value; }
    public string? SkuId { get => Fields.SkuId; init => Fields.SkuId = value; }

    public decimal? ConsumedQuantity { get => Fields.ConsumedQuantity; init => Fields.ConsumedQuantity = value; }
    public string? ConsumedUnit { get => Fields.ConsumedUnit; init => Fields.ConsumedUnit = value; }

    public string? SubAccountId { get => Fields.SubAccountId; init => Fields.SubAccountId = value; }
    public string? SubAccountName { get => Fields.SubAccountName; init => Fields.SubAccountName = value; }
    public string? ResourceGroupName { get => Fields.ResourceGroupName; init => Fields.ResourceGroupName = value; }

    /// <summary>Resource tags with trimmed keys (values trimmed too). Never null.</summary>
    public IReadOnlyDictionary<string, string> Tags { get => Fields.Tags; init => Fields.Tags = value; }

    /// <summary>The source file and 1-based physical line the record came from (for error reports and audit).</summary>
    public string? SourceFile { get => Fields.SourceFile; init => Fields.SourceFile = value; }
    public long SourceLine { get => Fields.SourceLine; init => Fields.SourceLine = value; }

    public static readonly IReadOnlyDictionary<string, string> EmptyTags =
        new Dictionary<string, string>(0, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The values of one <see cref="CostRecord"/>, as a struct the readers can fill and copy in one go.</summary>
internal record struct CostRecordFields
{
    public DateTimeOffset ChargePeriodStart, ChargePeriodEnd;
    public decimal BilledCost, EffectiveCost, ListCost, ContractedCost;
    public string BillingCurrency;
    public ChargeCategory ChargeCategory;
    public PricingCategory PricingCategory;
    public string? PricingSubcategory, ResourceId, ResourceName, ResourceType, RegionId, ServiceName, ServiceCategory,
        SkuMeterCategory, SkuName, SkuId;
    public decimal? ConsumedQuantity;
    public string? ConsumedUnit, SubAccountId, SubAccountName, ResourceGroupName;
    public IReadOnlyDictionary<string, string> Tags;
    public string? SourceFile;
    public long SourceLine;

    /// <summary>The reader's slot for the record's resource (see <see cref="ResourceSlot"/>); not part of the value.</summary>
    public ResourceSlotRef Resource;
}

/// <summary>
/// A per-resource cache slot: a reader hands the same instance out with every record of one resource id (one per
/// distinct id and reader), so a later stage keeps its per-resource state here instead of looking the id up again.
/// The state is a cache (its owner checks it is its own and still matches); it is never part of a record's value.
/// </summary>
internal class ResourceSlot
{
    /// <summary>The allocate stage's memo of the resource's last inputs and outcome.</summary>
    public object? AllocationState;

    /// <summary>The aggregate stage's table that holds the resource's last fact, and the fact's index in it.</summary>
    public object? FactTable;
    public int FactIndex;
}

/// <summary>A <see cref="ResourceSlot"/> held by a record: equal to any other, so records compare by their values only.</summary>
internal readonly struct ResourceSlotRef(ResourceSlot? slot) : IEquatable<ResourceSlotRef>
{
    public ResourceSlot? Slot { get; } = slot;

    public bool Equals(ResourceSlotRef other) => true;
    public override bool Equals(object? obj) => obj is ResourceSlotRef;
    public override int GetHashCode() => 0;
}
