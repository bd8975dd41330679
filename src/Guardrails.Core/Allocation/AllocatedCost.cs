using Guardrails.Core.Billing;

namespace Guardrails.Core.Allocation;

/// <summary>
/// The allocate stage's output for one <see cref="CostRecord"/>: the UTC day it is booked on (the charge period's
/// start day), its allocation values, how it got them, its category and GPU-hours. Shared rows carry the index of
/// the shared rule that claimed them; the aggregate stage splits them once the day's direct costs are known.
/// Strings (service, currency, subscription, resource group, resource id) are interned by the allocator, so later
/// stages may key by reference.
/// </summary>
public readonly record struct AllocatedCost(
    CostRecord Record,
    DateOnly Day,
    AllocationKey Allocation,
    AllocationKind Kind,
    CostCategory Category,
    decimal GpuHours,
    int SharedRuleIndex,
    string ServiceName,
    string Currency,
    string? SubAccountId,
    string? ResourceGroupName,
    string? ResourceId);
