using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.Core.Common;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.RightSizing;

/// <summary>
/// One team's weekly right-sizing digest: the week (ISO 8601, "2026-W46"), the VMs with a recommendation (largest saving
/// first), the saving per currency, and how many VMs got none; and the team's checkpoint storage accounts that keep old
/// data in Hot (<see cref="Checkpoints"/>, their saving per currency). Recommendations only; the cards say so.
/// </summary>
public sealed record RightSizingDigest(string Team, string Week, IReadOnlyList<RightSizingRecommendation> Recommended, int NotRecommended)
{
    /// <summary>At most this many VMs are listed on a card; the rest are counted.</summary>
    public const int MaxListed = 10;

    /// <summary>At most this many checkpoint accounts are listed on a card; the rest are counted.</summary>
    public const int MaxCheckpointsListed = 5;

    /// <summary>The team's checkpoint storage findings with a recommendation (largest saving first).</summary>
    public IReadOnlyList<CheckpointStorageFinding> Checkpoints { get; init; } = [];

    /// <summary>The ISO week of <paramref name="at"/> (UTC): "2026-W46".</summary>
    public static string IsoWeek(DateTimeOffset at) =>
        $"{ISOWeek.GetYear(at.UtcDateTime).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime).ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// One digest per team with at least one recommendation (a VM's or a checkpoint account's); VMs and accounts without a
    /// team tag go to "(no team)".
    /// </summary>
    public static IReadOnlyList<RightSizingDigest> PerTeam(IReadOnlyList<RightSizingRecommendation> all, DateTimeOffset at,
        IReadOnlyList<CheckpointStorageFinding>? checkpoints = null)
    {
        var vms = all.ToLookup(r => TeamOf(r.Team), StringComparer.OrdinalIgnoreCase);
        var accounts = (checkpoints ?? []).Where(f => f.IsRecommended).ToLookup(f => TeamOf(f.Team), StringComparer.OrdinalIgnoreCase);
        return vms.Select(g => g.Key).Concat(accounts.Select(g => g.Key)).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(team => vms[team].Any(r => r.IsRecommended) || accounts[team].Any())
            .OrderBy(team => team, StringComparer.Ordinal)
            .Select(team => new RightSizingDigest(team, IsoWeek(at),
                vms[team].Where(r => r.IsRecommended).OrderByDescending(r => r.MonthlySavings).ThenBy(r => r.Name, StringComparer.Ordinal).ToList(),
                vms[team].Count(r => !r.IsRecommended))
            {
                Checkpoints = accounts[team].OrderByDescending(f => f.MonthlySavings).ThenBy(f => f.Name, StringComparer.Ordinal).ToList(),
            })
            .ToList();
    }

    private static string TeamOf(string? team) => string.IsNullOrWhiteSpace(team) ? NoTeam : team;

    public const string NoTeam = "(no team)";

    /// <summary>Monthly saving per currency, e.g. ["$1,234.56", "EUR 12.00"].</summary>
    public IReadOnlyList<string> Totals() => Recommended.Where(r => r.MonthlySavings is not null && r.Currency is not null)
        .GroupBy(r => r.Currency!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => Money.Format(g.Sum(r => r.MonthlySavings!.Value), g.Key)).ToList();

    public string Title => Recommended.Count == 0 && Checkpoints.Count > 0
        ? $"Checkpoint storage for {Team}, week {Week}"
        : $"GPU right-sizing for {Team}, week {Week}";

    /// <summary>Checkpoint storage saving per currency (never added across currencies), e.g. ["$504.00"].</summary>
    public IReadOnlyList<string> CheckpointTotals() => Checkpoints.Where(f => f.MonthlySavings is not null)
        .GroupBy(f => f.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => Money.Format(g.Sum(f => f.MonthlySavings!.Value), g.Key)).ToList();

    public string Summary
    {
        get
        {
            if (Checkpoints.Count == 0)
                return $"{Recommended.Count} VM(s) could run on a cheaper size: {string.Join(" + ", Totals())} a month at their hours. " +
                    $"{NotRecommended} VM(s) got no recommendation. Recommendations only: nothing is resized.";
            var parts = new List<string>();
            if (Recommended.Count > 0) parts.Add($"{Recommended.Count} VM(s) could run on a cheaper size: {string.Join(" + ", Totals())} a month at their hours.");
            if (NotRecommended > 0) parts.Add($"{NotRecommended} VM(s) got no recommendation.");
            parts.Add($"{Checkpoints.Count} checkpoint storage account(s) keep old checkpoints in Hot: {string.Join(" + ", CheckpointTotals())} a month in a cooler tier.");
            parts.Add("Recommendations only: nothing is resized or moved.");
            return string.Join(" ", parts);
        }
    }

    /// <summary>"fabrikamckpt: 60,000 GB in Hot for 14+ days → Cool, saves $504.00/month".</summary>
    public static string CheckpointLine(CheckpointStorageFinding f) =>
        $"{f.Name}: {(f.HotGbOlderThanAge ?? 0m).ToString("#,0", CultureInfo.InvariantCulture)} GB in Hot for {f.MaxHotAgeDays}+ days → {f.RecommendedTier}, " +
        $"saves {(f.MonthlySavings is { } s ? Money.Format(s, f.Currency) : "unknown")}/month";

    public static string Line(RightSizingRecommendation r) =>
        $"{r.Name}: {r.CurrentSize} → {r.RecommendedSize}{(r.RecommendedPriority == "spot" && r.CurrentPriority != "spot" ? " (Spot)" : "")}, " +
        $"saves {(r.MonthlySavings is { } s && r.Currency is { } c ? Money.Format(s, c) : "unknown")}/month ({r.Confidence} confidence)";
}

/// <summary>The digest as a Teams Workflows message (Adaptive Card 1.4) and as Slack Block Kit.</summary>
public static class RightSizingDigestCards
{
    public static string Teams(RightSizingDigest d)
    {
        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = d.Title, ["size"] = "Large", ["weight"] = "Bolder", ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = d.Summary, ["wrap"] = true });
        var facts = new JsonArray();
        foreach (var r in d.Recommended.Take(RightSizingDigest.MaxListed))
            facts.Add((JsonNode)new JsonObject { ["title"] = r.Name, ["value"] = RightSizingDigest.Line(r)[(r.Name.Length + 2)..] + ". " + r.Reasons.FirstOrDefault() });
        if (facts.Count > 0) body.Add((JsonNode)new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        if (More(d) is { } more) body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = more, ["wrap"] = true, ["isSubtle"] = true });
        if (d.Checkpoints.Count > 0)
        {
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = "Checkpoint storage", ["weight"] = "Bolder", ["wrap"] = true });
            var accounts = new JsonArray();
            foreach (var f in d.Checkpoints.Take(RightSizingDigest.MaxCheckpointsListed))
                accounts.Add((JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = RightSizingDigest.CheckpointLine(f)[(f.Name.Length + 2)..] + ". " + Caveat(f) });
            body.Add((JsonNode)new JsonObject { ["type"] = "FactSet", ["facts"] = accounts });
            if (MoreCheckpoints(d) is { } moreAccounts) body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = moreAccounts, ["wrap"] = true, ["isSubtle"] = true });
        }
        return ChatCards.TeamsMessage(ChatCards.AdaptiveCard(body));
    }

    public static string Slack(RightSizingDigest d)
    {
        var blocks = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = ChatCards.SlackPlainText(ChatCards.Truncate(d.Title, ChatCards.SlackMaxHeader)) },
            ChatCards.SlackSection(ChatCards.Escape(d.Summary)));
        foreach (var r in d.Recommended.Take(RightSizingDigest.MaxListed))
            blocks.Add((JsonNode)ChatCards.SlackSection($"*{ChatCards.Escape(r.Name)}*: {ChatCards.Escape(RightSizingDigest.Line(r)[(r.Name.Length + 2)..])}\n" +
                $"_{ChatCards.Escape(r.Reasons.FirstOrDefault() ?? "")}_"));
        if (More(d) is { } more) blocks.Add((JsonNode)new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(ChatCards.SlackMrkdwn(ChatCards.Escape(more))) });
        foreach (var f in d.Checkpoints.Take(RightSizingDigest.MaxCheckpointsListed))
            blocks.Add((JsonNode)ChatCards.SlackSection($"*{ChatCards.Escape(f.Name)}* (checkpoint storage): {ChatCards.Escape(RightSizingDigest.CheckpointLine(f)[(f.Name.Length + 2)..])}\n" +
                $"_{ChatCards.Escape(Caveat(f))}_"));
        if (MoreCheckpoints(d) is { } moreAccounts)
            blocks.Add((JsonNode)new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(ChatCards.SlackMrkdwn(ChatCards.Escape(moreAccounts))) });
        return new JsonObject { ["text"] = ChatCards.Escape(d.Title), ["blocks"] = blocks }.ToJsonString(ChatCards.CardJson); // mrkdwn too
    }

    /// <summary>What the move costs besides the saving: the tier's minimum days and reading it all back once.</summary>
    private static string Caveat(CheckpointStorageFinding f) =>
        f.Options.FirstOrDefault(o => o.Tier == f.RecommendedTier) is { } o
            ? $"Minimum {o.MinimumDays} days in {o.Tier}; reading it all back once costs {Money.Format(o.ReadBackCost, f.Currency)}. Nothing is moved"
            : "Nothing is moved";

    private static string? MoreCheckpoints(RightSizingDigest d) => d.Checkpoints.Count > RightSizingDigest.MaxCheckpointsListed
        ? $"… and {d.Checkpoints.Count - RightSizingDigest.MaxCheckpointsListed} more checkpoint accounts: guardrails rightsize --store --checkpoints"
        : null;

    private static string? More(RightSizingDigest d) => d.Recommended.Count > RightSizingDigest.MaxListed
        ? $"… and {d.Recommended.Count - RightSizingDigest.MaxListed} more: guardrails rightsize --store"
        : null;
}
