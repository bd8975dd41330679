namespace Guardrails.Benchmarks.IngestVsDuckDb;

/// <summary>One group of the comparison: (day, team, category, currency) with its sums.</summary>
internal sealed record Group(string Day, string Team, string Category, string Currency, decimal BilledCost, decimal EffectiveCost, long Rows);

internal sealed record Totals(string Currency, decimal BilledCost, decimal EffectiveCost);

/// <summary>What one engine produced, normalized for comparison.</summary>
internal sealed record EngineOutput(string Engine, long RowsRead, IReadOnlyList<Totals> Totals, IReadOnlyList<Group> Groups)
{
    /// <summary>Sums by (day, team, currency): the allocation both engines must agree on.</summary>
    public IReadOnlyDictionary<(string Day, string Team, string Currency), (decimal Billed, decimal Effective)> ByDayTeamCurrency() =>
        Groups.GroupBy(g => (g.Day, g.Team, g.Currency))
            .ToDictionary(g => g.Key, g => (g.Sum(x => x.BilledCost), g.Sum(x => x.EffectiveCost)));

    public IReadOnlyDictionary<(string Day, string Category, string Currency), (decimal Billed, decimal Effective)> ByDayCategoryCurrency() =>
        Groups.GroupBy(g => (g.Day, NormalizeCategory(g.Category), g.Currency))
            .ToDictionary(g => g.Key, g => (g.Sum(x => x.BilledCost), g.Sum(x => x.EffectiveCost)));

    /// <summary>"GpuCompute", "gpu-compute" and "gpu_compute" are the same category.</summary>
    public static string NormalizeCategory(string category) =>
        new(category.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
}
