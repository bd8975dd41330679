using System.Text.Json.Nodes;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Notifications;

namespace Guardrails.Core.Tests.Budgets;

/// <summary>
/// Golden files for every card (testdata/budgets/cards). To accept a deliberate change, run the tests with
/// GUARDRAILS_UPDATE_GOLDEN=1 and review the diff.
/// </summary>
public class AlertCardsTests
{
    private static readonly DateTimeOffset Now = new(2024, 9, 21, 10, 0, 0, TimeSpan.Zero);

    private static BudgetStatus Status() => new()
    {
        Name = "vision",
        Period = "2024-09",
        Currency = "USD",
        Amount = 3000m,
        Scope = "team=vision",
        Severity = "warning",
        Spent = 2512.34m,
        PercentUsed = 83.7m,
        Forecast = 3761.9m,
        ForecastPercent = 125.4m,
        ForecastLow = 3402.12m,
        ForecastHigh = 4121.68m,
        BreachDate = new DateOnly(2024, 9, 24),
        DataThrough = new DateOnly(2024, 9, 20),
        State = BudgetStates.ForecastBreach,
        Estimated = new FreshSpendEstimate(41.5m, "USD", Now.AddHours(-10), Now,
            "GPU telemetry × on-demand price, 3 VMs, 14 h; 1 VM unpriced (gpu-x: no price for Standard_NX1 in westeurope)"),
        TopDrivers =
        [
            new CostDriver("/subscriptions/s/resourceGroups/rg-vision/providers/Microsoft.Compute/virtualMachines/gpu-train-01", "gpu-train-01", "Standard_ND96isr_H100_v5", 1800m, 0m),
            new CostDriver("/subscriptions/s/resourceGroups/rg-vision/providers/Microsoft.Storage/storageAccounts/visiondata", null, null, 312.34m, 0m),
        ],
        Anomalies =
        [
            new SpendAnomaly(AnomalyKind.SpendSpike, new DateOnly(2024, 9, 20), 505m, 105m, 5m, 127.24m, null,
                [new CostDriver("/subscriptions/s/resourceGroups/rg-vision/providers/Microsoft.Compute/virtualMachines/gpu-sweep-07", "gpu-sweep-07", "Standard_NC24ads_A100_v4", 400m, 400m)],
                "Spend on 2024-09-20 was 505.00 against a 28-day median of 105.00 (MAD 5.00, threshold 127.24)"),
            new SpendAnomaly(AnomalyKind.NewGpuSku, new DateOnly(2024, 9, 20), 50m, 0m, 0m, 0m, "Standard_ND96isr_H100_v5",
                [new CostDriver("/subscriptions/s/resourceGroups/rg-vision/providers/Microsoft.Compute/virtualMachines/h100-eval", "h100-eval", "Standard_ND96isr_H100_v5", 50m, 50m)],
                "GPU SKU Standard_ND96isr_H100_v5 appeared on 2024-09-20 (50.00 that day); not seen in the previous 28 days"),
        ],
    };

    private static BudgetConfig Budget() => new()
    {
        Name = "vision",
        Scope = new() { ["team"] = "vision" },
        Amount = 3000m,
        Owners = ["ana@contoso.example", "oncall-vision@contoso.example"],
        OnBreach = new OnBreachConfig { Action = "deallocate", Scope = new() { ["env"] = "dev" } },
    };

    public static TheoryData<string> Cases => ["actual-80", "forecast-100", "forecast-100-recovered", "anomaly", "new-gpu-sku", "spending-limit"];

    private static AlertNotification Notification(string name)
    {
        var key = name switch
        {
            "actual-80" => new AlertKey("vision", AlertKind.Actual, "80", "2024-09"),
            "forecast-100" => new AlertKey("vision", AlertKind.Forecast, "100", "2024-09"),
            "forecast-100-recovered" => new AlertKey("vision", AlertKind.Forecast, "100", "2024-09", Recovery: true),
            "anomaly" => new AlertKey("vision", AlertKind.Anomaly, "2024-09-20", "2024-09"),
            "new-gpu-sku" => new AlertKey("vision", AlertKind.NewGpuSku, "sku:Standard_ND96isr_H100_v5", "2024-09"),
            "spending-limit" => new AlertKey("vision", AlertKind.SpendingLimit, "100", "2024-09"),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        var n = AlertMessages.Build(key, Budget(), Status(), "http://localhost:7071/api/dashboard?budget=vision", Now);
        if (key.Kind == AlertKind.SpendingLimit)
            n = n with
            {
                Actions = [new GuardrailActionRequest
                {
                    Id = "a1", ResourceId = "/subscriptions/s/resourceGroups/rg-vision-dev/providers/Microsoft.Compute/virtualMachines/dev-box",
                    Kind = GuardrailActionKind.Deallocate, Origin = ActionOrigin.SpendingLimit, RequestedBy = "vision", RequestedAt = Now,
                }],
            };
        return n;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Teams_card_matches_golden_file(string name) =>
        Golden($"teams-{name}.json", AlertCards.RenderTeams(Notification(name)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Slack_message_matches_golden_file(string name) =>
        Golden($"slack-{name}.json", AlertCards.RenderSlack(Notification(name)));

    [Fact]
    public void Drivers_at_zero_are_left_out_and_the_others_carry_their_share_of_spend()
    {
        var status = Status() with
        {
            TopDrivers = [.. Status().TopDrivers, new CostDriver("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/idle-disk", "idle-disk", null, 0m, 0m)],
        };
        var n = AlertMessages.Build(new AlertKey("vision", AlertKind.Actual, "80", "2024-09"), Budget(), status, null, Now);

        Assert.DoesNotContain(n.TopDrivers, d => d.Cost <= 0);
        var slack = AlertCards.RenderSlack(n);
        Assert.DoesNotContain("idle-disk", slack);
        Assert.Contains("gpu-train-01: 1,800.00 USD, 71.6% of spend", slack);
        Assert.DoesNotContain("Open dashboard", slack); // no URL configured: no button
    }

    [Fact]
    public void A_dry_run_spending_limit_says_what_would_happen()
    {
        var n = AlertMessages.Build(new AlertKey("vision", AlertKind.SpendingLimit, "100", "2024-09"), Budget(), Status(), null, Now);
        Assert.Contains("Dry run: onBreach would request deallocate for resources matching env=dev; nothing is changed.", n.Summary);
        Assert.DoesNotContain("requested for", n.Summary);
    }

    [Fact]
    public void Teams_card_uses_the_workflows_adaptive_card_envelope()
    {
        var json = JsonNode.Parse(AlertCards.RenderTeams(Notification("actual-80")))!;
        Assert.Equal("message", (string?)json["type"]);
        var attachment = json["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.True(attachment.AsObject().ContainsKey("contentUrl"));
        Assert.Null(attachment["contentUrl"]);
        Assert.Equal("AdaptiveCard", (string?)attachment["content"]!["type"]);
        Assert.Equal("Action.OpenUrl", (string?)attachment["content"]!["actions"]![0]!["type"]);
    }

    [Theory]
    [InlineData("[Approve the spend](https://e.vil/login)")]
    [InlineData("[x][ref] [ref]: https://e.vil")]
    public void Names_from_billing_data_never_become_links_on_a_Teams_card(string hostile)
    {
        var n = Notification("actual-80") with
        {
            TopDrivers = [new CostDriver("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1", hostile, hostile, 900m, 0m)],
            Owners = [hostile],
        };

        var card = JsonNode.Parse(AlertCards.RenderTeams(n))!["attachments"]![0]!["content"]!.ToJsonString();
        var slack = AlertCards.RenderSlack(n);

        Assert.DoesNotContain("](", card, StringComparison.Ordinal);
        Assert.DoesNotContain("][", card, StringComparison.Ordinal);
        Assert.DoesNotContain("]:", card, StringComparison.Ordinal);
        Assert.Contains(hostile, card.Replace("\\u200B", "", StringComparison.Ordinal), StringComparison.Ordinal); // shown as written
        Assert.DoesNotContain("<https://", slack, StringComparison.Ordinal); // Slack links are <url|text>: "<" is escaped
    }

    [Fact]
    public void A_slack_notification_text_cannot_ping_the_channel()
    {
        var n = Notification("actual-80") with { Title = "<!channel> <@U123> vision & co" };

        var text = (string?)JsonNode.Parse(AlertCards.RenderSlack(n))!["text"];

        Assert.Equal("&lt;!channel&gt; &lt;@U123&gt; vision &amp; co", text);
    }

    [Fact]
    public void Slack_message_stays_within_block_kit_limits_for_huge_alerts()
    {
        var n = Notification("spending-limit") with
        {
            Title = new string('T', 400),
            Summary = new string('<', 5000),
            TopDrivers = Enumerable.Range(0, 500).Select(i => new CostDriver($"/x/vm-{i}", $"vm-{i}-" + new string('x', 100), "Standard_NC6", i, i)).ToList(),
            Actions = Enumerable.Range(0, 500).Select(i => Notification("spending-limit").Actions[0] with { ResourceId = $"/x/vm-{i}" }).ToList(),
            Owners = Enumerable.Range(0, 300).Select(i => $"owner{i}@contoso.example").ToList(),
        };
        var raw = AlertCards.RenderSlack(n);
        var json = JsonNode.Parse(raw)!;
        var blocks = json["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, ChatCards.SlackMaxBlocks);
        foreach (var block in blocks)
        {
            var type = (string?)block!["type"];
            if (type == "header") Assert.InRange(((string?)block["text"]!["text"])!.Length, 1, ChatCards.SlackMaxHeader);
            if (type == "section" && block["text"] is { } text) Assert.InRange(((string?)text["text"])!.Length, 1, ChatCards.SlackMaxSectionText);
            if (block["fields"] is JsonArray fields)
            {
                Assert.InRange(fields.Count, 1, ChatCards.SlackMaxFields);
                Assert.All(fields, f => Assert.InRange(((string?)f!["text"])!.Length, 1, ChatCards.SlackMaxFieldText));
            }
        }
        Assert.Contains("&lt;", raw);
        Assert.Contains("… and", raw);
    }

    private static void Golden(string file, string actual) =>
        Guardrails.Testing.GoldenFile.Verify(actual, Path.Combine("testdata", "budgets", "cards", file));
}
