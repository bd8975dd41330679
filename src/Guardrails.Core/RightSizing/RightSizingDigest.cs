using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.Core.Common;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// One team's weekly right-sizing digest: the week (ISO 8601, "2026-W46"), the VMs with a recommendation (largest saving
/// first), the saving per currency, and how many VMs got none. Recommendations only; the cards say so.
/// </summary>
public sealed record RightSizingDigest(string Team, string Week, IReadOnlyList<RightSizingRecommendation> Recommended, int NotRecommended)
{
    /// <summary>At most this many VMs are listed on a card; the rest are counted.</summary>
    public const int MaxListed = 10;

    /// <summary>The ISO week of <paramref name="at"/> (UTC): "2026-W46".</summary>
    public static string IsoWeek(DateTimeOffset at) =>
        $"{ISOWeek.GetYear(at.UtcDateTime).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime).ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>One digest per team with at least one recommendation; VMs without a team tag go to "(no team)".</summary>
    public static IReadOnlyList<RightSizingDigest> PerTeam(IReadOnlyList<RightSizingRecommendation> all, DateTimeOffset at) =>
        all.GroupBy(r => string.IsNullOrWhiteSpace(r.Team) ? NoTeam : r.Team!, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Any(r => r.IsRecommended))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RightSizingDigest(g.Key, IsoWeek(at),
                g.Where(r => r.IsRecommended).OrderByDescending(r => r.MonthlySavings).ThenBy(r => r.Name, StringComparer.Ordinal).ToList(),
                g.Count(r => !r.IsRecommended)))
            .ToList();

    public const string NoTeam = "(no team)";

    /// <summary>Monthly saving per currency, e.g. ["$1,234.56", "EUR 12.00"].</summary>
    public IReadOnlyList<string> Totals() => Recommended.Where(r => r.MonthlySavings is not null && r.Currency is not null)
        .GroupBy(r => r.Currency!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => Money.Format(g.Sum(r => r.MonthlySavings!.Value), g.Key)).ToList();

    public string Title => $"GPU right-sizing for {Team}, week {Week}";

    public string Summary => $"{Recommended.Count} VM(s) could run on a cheaper size: {string.Join(" + ", Totals())} a month at their hours. " +
        $"{NotRecommended} VM(s) got no recommendation. Recommendations only: nothing is resized.";

    public static string Line(RightSizingRecommendation r) =>
        $"{r.Name}: {r.CurrentSize} → {r.RecommendedSize}{(r.RecommendedPriority == "spot" && r.CurrentPriority != "spot" ? " (Spot)" : "")}, " +
        $"saves {(r.MonthlySavings is { } s && r.Currency is { } c ? Money.Format(s, c) : "unknown")}/month ({r.Confidence} confidence)";
}

/// <summary>The digest as a Teams Workflows message (Adaptive Card 1.4) and as Slack Block Kit.</summary>
public static class RightSizingDigestCards
{
    public static string Teams(RightSizingDigest d)
    {
        var body = new JsonArray
        {
            new JsonObject { ["type"] = "TextBlock", ["text"] = d.Title, ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = d.Summary, ["wrap"] = true },
        };
        var facts = new JsonArray();
        foreach (var r in d.Recommended.Take(RightSizingDigest.MaxListed))
            facts.Add(new JsonObject { ["title"] = r.Name, ["value"] = RightSizingDigest.Line(r)[(r.Name.Length + 2)..] + ". " + r.Reasons.FirstOrDefault() });
        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        if (More(d) is { } more) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = more, ["wrap"] = true, ["isSubtle"] = true });
        return ChatCards.TeamsMessage(ChatCards.AdaptiveCard(body));
    }

    public static string Slack(RightSizingDigest d)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = ChatCards.SlackPlainText(ChatCards.Truncate(d.Title, ChatCards.SlackMaxHeader)) },
            ChatCards.SlackSection(ChatCards.Escape(d.Summary)),
        };
        foreach (var r in d.Recommended.Take(RightSizingDigest.MaxListed))
            blocks.Add(ChatCards.SlackSection($"*{ChatCards.Escape(r.Name)}*: {ChatCards.Escape(RightSizingDigest.Line(r)[(r.Name.Length + 2)..])}\n" +
                $"_{ChatCards.Escape(r.Reasons.FirstOrDefault() ?? "")}_"));
        if (More(d) is { } more) blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray { ChatCards.SlackMrkdwn(ChatCards.Escape(more)) } });
        return new JsonObject { ["text"] = d.Title, ["blocks"] = blocks }.ToJsonString(ChatCards.CardJson);
    }

    private static string? More(RightSizingDigest d) => d.Recommended.Count > RightSizingDigest.MaxListed
        ? $"… and {d.Recommended.Count - RightSizingDigest.MaxListed} more: guardrails rightsize --store"
        : null;
}
