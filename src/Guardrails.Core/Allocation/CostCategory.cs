namespace Guardrails.Core.Allocation;

/// <summary>What kind of resource a cost belongs to (Guardrails' own cost categories).</summary>
public enum CostCategory { GpuCompute, CpuCompute, Storage, Network, Other, Fixed, IdleGpu }

/// <summary>How a cost reached its allocation: directly by tag/inheritance, by a shared-cost rule, not at all, or declared.</summary>
public enum AllocationKind { Direct, Shared, Unallocated, Fixed }
