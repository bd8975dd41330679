using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Guardrails.Core.Notifications;

/// <summary>
/// The building blocks every chat card is made of, whatever it says (budget alerts, owner notices, digests): a Teams
/// Workflows message with one Adaptive Card 1.4, and Slack Block Kit pieces within Slack's limits (≤ 50 blocks, section
/// text ≤ 3,000 characters, header ≤ 150, ≤ 10 fields of ≤ 2,000).
/// </summary>
public static class ChatCards
{
    public const int SlackMaxBlocks = 50;
    public const int SlackMaxSectionText = 3000;
    public const int SlackMaxHeader = 150;
    public const int SlackMaxFields = 10;
    public const int SlackMaxFieldText = 2000;

    /// <summary>How every card is written (indented, non-ASCII kept as is).</summary>
    public static readonly JsonSerializerOptions CardJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>An Adaptive Card 1.4, full width in Teams, with this body.</summary>
    public static JsonObject AdaptiveCard(JsonArray body) => new()
    {
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["type"] = "AdaptiveCard",
        ["version"] = "1.4",
        ["msteams"] = new JsonObject { ["width"] = "Full" },
        ["body"] = body,
    };

    /// <summary>
    /// The message a Teams Workflows webhook takes: one Adaptive Card attachment. Its texts are made link-free first
    /// (<see cref="WithoutLinks"/>): they carry names from billing data and tags, which anyone who can tag a resource writes.
    /// </summary>
    public static string TeamsMessage(JsonObject card) => new JsonObject
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(
            new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = WithoutLinks(card),
            }),
    }.ToJsonString(CardJson);

    /// <summary>
    /// The card with a zero-width space after every <c>]</c> that Markdown would read as part of a link (<c>](</c>,
    /// <c>][</c>, <c>]:</c>) in the texts Teams renders as Markdown (TextBlock text, Fact title and value): a tag value such
    /// as "[Approve](https://…)" shows as written instead of becoming a link on an alert. Nothing else changes.
    /// </summary>
    public static JsonObject WithoutLinks(JsonObject card)
    {
        foreach (var node in Descendants(card).OfType<JsonObject>().ToList())
            foreach (var key in new[] { "text", "title", "value" })
                if (node[key] is JsonValue v && v.TryGetValue<string>(out var text) && text.Contains(']', StringComparison.Ordinal))
                    node[key] = BreakLinks(text);
        return card;
    }

    private static string BreakLinks(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\](?=[(\[:])", "]\u200B");

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var d in Descendants(child)) yield return d;
    }

    /// <summary>A Slack section block of mrkdwn, clipped to Slack's limit.</summary>
    public static JsonObject SlackSection(string mrkdwn) =>
        new() { ["type"] = "section", ["text"] = SlackMrkdwn(Truncate(mrkdwn, SlackMaxSectionText)) };

    public static JsonObject SlackMrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    public static JsonObject SlackPlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    /// <summary>Slack's three control characters.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
