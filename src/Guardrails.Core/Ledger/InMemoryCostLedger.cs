namespace Guardrails.Core.Ledger;

/// <summary>
/// An <see cref="ICostLedgerReader"/> over facts held in memory: what the CLI uses after an ingest when no store is
/// given, and a test double with real filtering for every ledger consumer.
/// </summary>
public sealed class InMemoryCostLedger : ICostLedgerReader
{
    private readonly List<DailyCostFact> _facts = [];
    private readonly Lock _lock = new();

    public InMemoryCostLedger(IEnumerable<DailyCostFact>? facts = null)
    {
        if (facts is not null) _facts.AddRange(facts);
    }

    public void Add(IEnumerable<DailyCostFact> facts)
    {
        lock (_lock) _facts.AddRange(facts);
    }

    public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        List<DailyCostFact> result = [];
        lock (_lock)
        {
            foreach (var f in _facts)
                if (Matches(f, query)) result.Add(f);
        }
        return Task.FromResult<IReadOnlyList<DailyCostFact>>(result);
    }

    /// <summary>Whether a fact falls in a query: day range inclusive; allocation values, subscription and resource group
    /// compared case-insensitively (Azure names are).</summary>
    public static bool Matches(DailyCostFact fact, LedgerQuery query)
    {
        if (fact.Day < query.From || fact.Day > query.ToInclusive) return false;
        if (query.SubAccountId is { } sub && !string.Equals(fact.SubAccountId, sub, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.ResourceGroupName is { } rg && !string.Equals(fact.ResourceGroupName, rg, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.Allocation is { } allocation)
            foreach (var (key, value) in allocation)
                if (!string.Equals(fact.Allocation[key], value, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }
}
