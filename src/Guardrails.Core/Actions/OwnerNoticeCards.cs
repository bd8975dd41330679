using System.Globalization;
using System.Text.Json.Nodes;
using Guardrails.Core.Common;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.Actions;

/// <summary>
/// Renders the owner card for an idle-policy mark or notice (pure functions; golden-file tested), in the style of
/// <see cref="AlertCards"/>: a Teams Workflows message with one Adaptive Card, and a Slack Block Kit message. The
/// card says which machine, which policy, what will happen and when, the metrics seen, the $/hour, and exactly how
/// to snooze or exempt the machine (the <c>az resource tag</c> commands to copy).
/// </summary>
public static class OwnerNoticeCards
{
    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The example snooze time on the card: one day after the deadline (or after the request when there is none).</summary>
    public static DateTimeOffset SnoozeExample(GuardrailActionRequest r) => (r.NotBefore ?? r.RequestedAt).AddDays(1);

    public static string SnoozeCommand(ActionNotice n) =>
        $"az resource tag --ids {n.Machine.TagResourceId} --is-incremental --tags {GuardrailTags.SnoozeUntil}={Iso(SnoozeExample(n.Request))}";

    public static string ExemptCommand(ActionNotice n) =>
        $"az resource tag --ids {n.Machine.TagResourceId} --is-incremental --tags {GuardrailTags.Exempt}=true";

    /// <summary>What will happen, in one line; in a dry run, what would happen (nothing is changed, not even the tag).</summary>
    public static string WhatHappens(ActionNotice n) => (n.Request.Kind, n.Request.DryRun) switch
    {
        (GuardrailActionKind.Mark, false) when n.Request.NotBefore is { } at =>
            $"Deallocate at {Iso(at)} if still idle then (tagged {n.Machine.MarkTagKey}={Iso(at)})",
        (GuardrailActionKind.Mark, true) when n.Request.NotBefore is { } at =>
            $"Would tag {n.Machine.MarkTagKey}={Iso(at)} and deallocate at {Iso(at)} if still idle then — dry run: nothing is changed",
        (GuardrailActionKind.Mark, false) => "Deallocate after the grace period if still idle",
        (GuardrailActionKind.Mark, true) => "Would deallocate after the grace period if still idle — dry run: nothing is changed",
        (GuardrailActionKind.Deallocate, false) => "Deallocate now",
        (GuardrailActionKind.Deallocate, true) => "Would deallocate now — dry run: nothing is changed",
        _ => "Nothing is stopped automatically: this is a notice",
    };

    public static IEnumerable<(string Label, string Value)> Facts(ActionNotice n)
    {
        var r = n.Request;
        yield return ("VM", $"{n.Machine.Name} ({n.Machine.VmSize})");
        yield return ("Resource", n.Machine.ResourceId);
        yield return ("Policy", r.RequestedBy);
        yield return ("What happens", WhatHappens(n));
        if (r.NotBefore is { } at) yield return ("When", Iso(at));
        yield return ("Metrics seen", r.Metrics ?? "not recorded");
        if (r.HourlyCostSaved is { } cost) yield return ("Cost while idle", $"{Money.WithCode(cost, r.Currency ?? "USD")}/hour");
        if (!string.IsNullOrWhiteSpace(n.Owner)) yield return ("Owner", n.Owner!);
        if (r.DryRun) yield return ("Mode", "dry run: nothing is changed");
    }

    private static IReadOnlyList<string> HowToKeep(ActionNotice n) =>
    [
        $"Snooze until a time (UTC): {SnoozeCommand(n)}",
        $"Exempt it for good: {ExemptCommand(n)}",
        "Or just use it: a busy GPU clears the mark at the next evaluation.",
    ];

    // ---------------------------------------------------------------- Teams

    public static string RenderTeams(ActionNotice n)
    {
        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = n.Title, ["size"] = "Large", ["weight"] = "Bolder", ["color"] = n.Request.Kind == GuardrailActionKind.Notify ? "Accent" : "Warning", ["wrap"] = true });
        if (!string.IsNullOrWhiteSpace(n.Owner))
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = $"Owner: {n.Owner}", ["weight"] = "Bolder", ["wrap"] = true });
        body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = n.Text, ["wrap"] = true });
        body.Add((JsonNode)new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray(Facts(n).Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value }).ToArray()),
        });
        body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = "How to keep it running", ["weight"] = "Bolder", ["separator"] = true, ["wrap"] = true });
        foreach (var line in HowToKeep(n))
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = line, ["fontType"] = "Monospace", ["wrap"] = true });
        body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = $"Request {n.Request.Id}", ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true });

        return ChatCards.TeamsMessage(ChatCards.AdaptiveCard(body));
    }

    // ---------------------------------------------------------------- Slack

    public static string RenderSlack(ActionNotice n)
    {
        var facts = Facts(n).ToList();
        var blocks = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = ChatCards.Truncate(n.Title, ChatCards.SlackMaxHeader), ["emoji"] = true } },
            ChatCards.SlackSection(ChatCards.Escape((string.IsNullOrWhiteSpace(n.Owner) ? "" : $"Owner: {n.Owner}\n") + n.Text)),
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(facts.Take(ChatCards.SlackMaxFields)
                    .Select(f => (JsonNode)ChatCards.SlackMrkdwn(ChatCards.Truncate($"*{ChatCards.Escape(f.Label)}*\n{ChatCards.Escape(f.Value)}", ChatCards.SlackMaxFieldText))).ToArray()),
            },
            ChatCards.SlackSection("*How to keep it running*\n" + string.Join("\n", HowToKeep(n).Select(l =>
            {
                var colon = l.IndexOf(": az ", StringComparison.Ordinal);
                return colon < 0 ? "• " + ChatCards.Escape(l) : $"• {ChatCards.Escape(l[..colon])}:\n```{ChatCards.Escape(l[(colon + 2)..])}```";
            }))),
            new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(ChatCards.SlackMrkdwn(ChatCards.Escape($"Request {n.Request.Id}"))),
            });
        var message = new JsonObject { ["text"] = ChatCards.Escape(ChatCards.Truncate(n.Title, ChatCards.SlackMaxSectionText)), ["blocks"] = blocks }; // mrkdwn too
        return message.ToJsonString(ChatCards.CardJson);
    }
}
