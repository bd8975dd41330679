using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Reporting;

/// <summary>Where the dashboard's right-sizing verdicts come from: the stored ones (Function App) or computed from recorded telemetry (CLI).</summary>
public interface IRightSizingSource
{
    /// <summary>The latest verdict per VM, recommended or not.</summary>
    Task<IReadOnlyList<RightSizingRecommendation>> GetRecommendationsAsync(CancellationToken cancellationToken = default);
}

/// <summary>The ready sources: the right-sizing table through its store, or verdicts computed once by the host.</summary>
public static class RightSizingSources
{
    public static IRightSizingSource Stored(IRightSizingStore store) => new StoredSource(store);

    public static IRightSizingSource Fixed(IReadOnlyList<RightSizingRecommendation> recommendations) => new FixedSource(recommendations);

    private sealed class StoredSource(IRightSizingStore store) : IRightSizingSource
    {
        public Task<IReadOnlyList<RightSizingRecommendation>> GetRecommendationsAsync(CancellationToken cancellationToken = default) =>
            store.GetLatestAsync(cancellationToken);
    }

    private sealed class FixedSource(IReadOnlyList<RightSizingRecommendation> recommendations) : IRightSizingSource
    {
        public Task<IReadOnlyList<RightSizingRecommendation>> GetRecommendationsAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(recommendations);
    }
}

/// <summary>One team's monthly saving from right-sizing in one currency (never added across currencies).</summary>
public sealed record RightSizingTeamSavings(string Team, string Currency, int Recommendations, decimal MonthlySavings);

/// <summary>
/// The dashboard's right-sizing panel: savings per team and currency, the top opportunities (most saving first within a
/// currency, the main currency first), and how many VMs were evaluated without a recommendation.
/// </summary>
public sealed record RightSizingPanel
{
    public IReadOnlyList<RightSizingTeamSavings> ByTeam { get; init; } = [];
    public IReadOnlyList<RightSizingRecommendation> Top { get; init; } = [];
    public int Evaluated { get; init; }
    /// <summary>VMs evaluated with no recommendation (too little telemetry, busy, nothing smaller fits: each verdict says why).</summary>
    public int NotRecommended { get; init; }
    /// <summary>The newest end of an evaluation window; null when nothing was evaluated.</summary>
    public DateTimeOffset? EvaluatedThrough { get; init; }

    public static RightSizingPanel Empty { get; } = new();

    /// <param name="mainCurrency">The page's chart currency, listed first.</param>
    public static RightSizingPanel Build(IReadOnlyList<RightSizingRecommendation> all, string mainCurrency, int top = 10)
    {
        var made = all.Where(r => r.IsRecommended && r.MonthlySavings is not null && r.Currency is not null).ToList();
        int CurrencyOrder(string c) => c == mainCurrency ? 0 : 1;
        return new RightSizingPanel
        {
            ByTeam = made.GroupBy(r => (Team: r.Team ?? "untagged", Currency: r.Currency!))
                .Select(g => new RightSizingTeamSavings(g.Key.Team, g.Key.Currency, g.Count(), g.Sum(r => r.MonthlySavings!.Value)))
                .OrderBy(t => CurrencyOrder(t.Currency)).ThenBy(t => t.Currency, StringComparer.Ordinal)
                .ThenByDescending(t => t.MonthlySavings).ThenBy(t => t.Team, StringComparer.Ordinal).ToList(),
            Top = made.OrderBy(r => CurrencyOrder(r.Currency!)).ThenBy(r => r.Currency, StringComparer.Ordinal)
                .ThenByDescending(r => r.MonthlySavings).ThenBy(r => r.Name, StringComparer.Ordinal).Take(top).ToList(),
            Evaluated = all.Count,
            NotRecommended = all.Count(r => !r.IsRecommended),
            EvaluatedThrough = all.Select(r => r.Evidence?.WindowEnd).Max(),
        };
    }
}
