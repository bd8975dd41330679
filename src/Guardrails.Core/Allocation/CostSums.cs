namespace Guardrails.Core.Allocation;

/// <summary>The summed amounts of a group of cost rows: what the aggregate stage keeps per fact and a shared rule splits.</summary>
internal struct CostSums
{
    public decimal Billed, Effective, List, Quantity, GpuHours;
    public long Rows;

    public void Add(in CostSums other)
    {
        Billed += other.Billed;
        Effective += other.Effective;
        List += other.List;
        Quantity += other.Quantity;
        GpuHours += other.GpuHours;
        Rows += other.Rows;
    }
}
