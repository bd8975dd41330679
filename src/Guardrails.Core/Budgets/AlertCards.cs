using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

using Guardrails.Core.Alerts;
using Guardrails.Core.Notifications;
using static Guardrails.Core.Notifications.ChatCards;

namespace Guardrails.Core.Budgets;

/// <summary>
/// Renders alerts as channel payloads (pure functions; golden-file tested):
/// Teams Workflows webhook (a message with one Adaptive Card attachment) and Slack incoming webhook (Block Kit,
/// within Slack's limits: ≤ 50 blocks, section text ≤ 3,000 characters, header ≤ 150, ≤ 10 fields of ≤ 2,000).
/// </summary>
public static class AlertCards
{
    public const int MaxListedItems = 10;
    /// <summary>The estimate's basis is clipped on cards (it lists unpriced machines).</summary>
    public const int MaxBasisText = 400;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
    private static string M(decimal v, string c) => Common.Money.WithCode(v, c);
    private static string P(decimal v) => v.ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static IEnumerable<(string Label, string Value)> Facts(AlertNotification n)
    {
        yield return ("Spent", $"{M(n.Spent, n.Currency)} of {M(n.Amount, n.Currency)} ({P(n.PercentUsed)})");
        yield return ("Forecast", $"{M(n.Forecast, n.Currency)} (range {M(n.ForecastLow, n.Currency)} – {M(n.ForecastHigh, n.Currency)})");
        yield return ("Breach date", n.BreachDate is null ? "not this month" : D(n.BreachDate));
        if (n.EstimatedSinceBilling is { } e)
            yield return ("Estimated since last billed hour", $"+{M(e, n.Currency)} (estimated{(string.IsNullOrWhiteSpace(n.EstimatedBasis) ? "" : ": " + Clip(n.EstimatedBasis, MaxBasisText))}; not in spent)");
        yield return ("Billed data through", D(n.DataThrough));
        yield return ("Scope", n.Scope);
        yield return ("Period", n.Period);
        yield return ("Severity", n.Severity);
        if (n.Owners.Count > 0) yield return ("Owners", string.Join(", ", n.Owners));
    }

    private static string DriverName(CostDriver d) => d.ResourceName ?? LastSegment(d.ResourceId);

    /// <summary>Drivers worth naming: above zero only (a $0.00 line tells the on-call engineer nothing).</summary>
    private static IReadOnlyList<CostDriver> Drivers(AlertNotification n) => n.TopDrivers.Where(d => d.Cost > 0).ToList();

    private static string DriverValue(CostDriver d, AlertNotification n)
    {
        var sku = d.SkuName is null ? "" : $" ({d.SkuName})";
        var change = d.Change > 0 && d.Change != d.Cost ? $", +{M(d.Change, n.Currency)} vs baseline" : "";
        // The share of the budget's spend this month (anomaly drivers: of the day's spike, which the summary states).
        var share = n.Kind is AlertKind.Anomaly or AlertKind.NewGpuSku || n.Spent <= 0 ? ""
            : string.Create(CultureInfo.InvariantCulture, $", {Math.Round(d.Cost * 100m / n.Spent, 1):0.0}% of spend");
        return $"{M(d.Cost, n.Currency)}{share}{change}{sku}";
    }

    private static string DriverLine(CostDriver d, AlertNotification n) => $"{DriverName(d)}: {DriverValue(d, n)}";

    private static string AlsoRaisedText(AlertNotification n) => "Also raised in this evaluation: " + string.Join("; ", n.AlsoRaised);

    private static string LastSegment(string id)
    {
        var i = id.TrimEnd('/').LastIndexOf('/');
        return i >= 0 ? id[(i + 1)..] : id;
    }

    private static string ActionLine(Actions.GuardrailActionRequest a) =>
        $"{a.Kind} {LastSegment(a.ResourceId)}{(a.DryRun ? " (dry run)" : "")}";

    // ---------------------------------------------------------------- Teams

    public static string RenderTeams(AlertNotification n)
    {
        var color = n.Recovery ? "Good" : n.Severity switch { "critical" => "Attention", "warning" => "Warning", _ => "Accent" };
        var body = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = n.Title, ["size"] = "Large", ["weight"] = "Bolder", ["color"] = color, ["wrap"] = true },
            new JsonObject { ["type"] = "TextBlock", ["text"] = n.Summary, ["wrap"] = true },
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(Facts(n).Select(f => (JsonNode)new JsonObject { ["title"] = f.Label, ["value"] = f.Value }).ToArray()),
            });
        if (n.AlsoRaised.Count > 0)
            body.Insert(2, new JsonObject { ["type"] = "TextBlock", ["text"] = AlsoRaisedText(n), ["wrap"] = true });
        var drivers = Drivers(n);
        if (drivers.Count > 0)
        {
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = "Top drivers", ["weight"] = "Bolder", ["separator"] = true, ["wrap"] = true });
            body.Add((JsonNode)new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(drivers.Take(MaxListedItems).Select(d => (JsonNode)new JsonObject
                {
                    ["title"] = DriverName(d),
                    ["value"] = DriverValue(d, n),
                }).ToArray()),
            });
        }
        if (n.Actions.Count > 0)
        {
            var lines = n.Actions.Take(MaxListedItems).Select(a => "- " + ActionLine(a)).ToList();
            if (n.Actions.Count > MaxListedItems) lines.Add($"- … and {n.Actions.Count - MaxListedItems} more");
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = "Requested actions", ["weight"] = "Bolder", ["separator"] = true, ["wrap"] = true });
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = string.Join("\r", lines), ["wrap"] = true });
        }
        body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = $"Alert {n.AlertId}", ["isSubtle"] = true, ["size"] = "Small", ["wrap"] = true });

        var card = AdaptiveCard(body);
        if (!string.IsNullOrEmpty(n.DashboardUrl))
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open dashboard", ["url"] = n.DashboardUrl });

        return TeamsMessage(card);
    }

    // ---------------------------------------------------------------- Slack

    public static string RenderSlack(AlertNotification n)
    {
        var blocks = new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = SlackPlainText(Truncate(n.Title, SlackMaxHeader)) },
            SlackSection(Escape(n.Summary)),
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(Facts(n).Take(SlackMaxFields)
                    .Select(f => (JsonNode)SlackMrkdwn(Truncate($"*{Escape(f.Label)}*\n{Escape(f.Value)}", SlackMaxFieldText))).ToArray()),
            });
        if (n.AlsoRaised.Count > 0)
            blocks.Insert(2, SlackSection(Escape(AlsoRaisedText(n))));
        var drivers = Drivers(n);
        if (drivers.Count > 0)
            blocks.Add((JsonNode)SlackSection("*Top drivers*\n" + ListText(drivers.Select(d => DriverLine(d, n)).ToList())));
        if (n.Actions.Count > 0)
            blocks.Add((JsonNode)SlackSection("*Requested actions*\n" + ListText(n.Actions.Select(ActionLine).ToList())));
        blocks.Add((JsonNode)new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(SlackMrkdwn(Truncate(Escape($"Alert {n.AlertId} · {n.Severity}"), SlackMaxFieldText))),
        });
        if (!string.IsNullOrEmpty(n.DashboardUrl))
            blocks.Add((JsonNode)new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(
                    new JsonObject { ["type"] = "button", ["text"] = SlackPlainText("Open dashboard"), ["url"] = n.DashboardUrl }),
            });
        while (blocks.Count > SlackMaxBlocks) blocks.RemoveAt(blocks.Count - 2);

        var message = new JsonObject { ["text"] = Escape(Truncate(n.Title, SlackMaxSectionText)), ["blocks"] = blocks }; // the notification text is mrkdwn too
        return message.ToJsonString(CardJson);
    }

    private static string ListText(IReadOnlyList<string> items)
    {
        var sb = new StringBuilder();
        var shown = 0;
        foreach (var item in items)
        {
            var line = "• " + Escape(item) + "\n";
            if (shown >= MaxListedItems || sb.Length + line.Length > SlackMaxSectionText - 200) break;
            sb.Append(line);
            shown++;
        }
        if (shown < items.Count) sb.Append(CultureInfo.InvariantCulture, $"… and {items.Count - shown} more");
        return sb.ToString().TrimEnd('\n');
    }
}
