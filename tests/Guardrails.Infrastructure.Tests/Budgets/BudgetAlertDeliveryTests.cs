using System.Text.Json.Nodes;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace Guardrails.Infrastructure.Tests.Budgets;

/// <summary>End to end: evaluation → Azurite alert state → real HTTP webhooks on 127.0.0.1.</summary>
[Collection(AzuriteCollection.Name)]
public class BudgetAlertDeliveryTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Sep28 = new(2024, 9, 28);

    private static void Accept(BudgetEvaluationHarness h)
    {
        h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.TeamsPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.SlackPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    [Fact]
    public async Task Alerts_reach_teams_and_slack_once_across_repeated_runs()
    {
        using var h = new BudgetEvaluationHarness(azurite.ConnectionString);
        Accept(h);

        var first = await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));
        h.Time.Advance(TimeSpan.FromHours(1));
        var second = await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));

        Assert.Equal(93.3m, Assert.Single(first.Budgets).PercentUsed);
        Assert.Empty(second.AlertsCreated);
        var teams = h.Received(BudgetEvaluationHarness.TeamsPath);
        var slack = h.Received(BudgetEvaluationHarness.SlackPath);
        // One card per budget per evaluation: actual 80% leads (50% suppressed by the escalation), forecast 100% folded in.
        Assert.Single(teams);
        Assert.Single(slack);

        var body = JsonNode.Parse(teams[0])!["attachments"]![0]!["content"]!["body"]!;
        Assert.Equal("Budget vision: 80% of the monthly budget spent", (string?)body[0]!["text"]);
        Assert.Equal("Also raised in this evaluation: Budget vision: forecast to reach 100% of the budget", (string?)body[2]!["text"]);
        var slackMessage = JsonNode.Parse(slack[0])!;
        Assert.Equal("header", (string?)slackMessage["blocks"]![0]!["type"]);
        Assert.Contains("gpu-train-01", slack[0]);
        Assert.Contains("http://127.0.0.1:7071/api/dashboard", slack[0]);

        var stored = await new TableAlertStateStore(h.Table).ListAsync("vision", "2024-09");
        Assert.Equal(3, stored.Count); // each threshold keeps its once-only record
        Assert.Equal(1, stored.Count(r => r.Status == AlertStatus.Delivered));
        Assert.Equal(2, stored.Count(r => r.Status == AlertStatus.Suppressed));
    }

    [Fact]
    public async Task Concurrent_evaluations_against_one_table_deliver_each_alert_once()
    {
        using var h = new BudgetEvaluationHarness(azurite.ConnectionString);
        Accept(h);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28)))));

        Assert.Single(h.Received(BudgetEvaluationHarness.TeamsPath));
        Assert.Single(h.Received(BudgetEvaluationHarness.SlackPath));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_within_the_run()
    {
        using var h = new BudgetEvaluationHarness(azurite.ConnectionString);
        var calls = 0;
        h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.TeamsPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(_ => Interlocked.Increment(ref calls) == 1
                ? new ResponseMessage
                {
                    StatusCode = 429,
                    Headers = new Dictionary<string, WireMockList<string>> { ["Retry-After"] = new("1") },
                }
                : new ResponseMessage { StatusCode = 202 }));
        h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.SlackPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        var result = await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));

        Assert.Equal(2, h.Attempts(BudgetEvaluationHarness.TeamsPath)); // 429, then 202 (one card for the budget)
        Assert.Single(h.Received(BudgetEvaluationHarness.TeamsPath));
        Assert.All(result.Deliveries, d => Assert.Equal(AlertStatus.Delivered, d.Status));
    }

    [Fact]
    public async Task A_failing_webhook_leaves_the_alert_pending_and_the_next_run_delivers_it_without_resending_slack()
    {
        using var h = new BudgetEvaluationHarness(azurite.ConnectionString);
        var teams = h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.TeamsPath).UsingPost());
        teams.AtPriority(1).RespondWith(Response.Create().WithStatusCode(500));
        h.Server.Given(Request.Create().WithPath(BudgetEvaluationHarness.SlackPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        var first = await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));

        Assert.Equal(1 * 3, h.Attempts(BudgetEvaluationHarness.TeamsPath)); // 1 card × (1 + 2 retries)
        Assert.Empty(h.Received(BudgetEvaluationHarness.TeamsPath));
        Assert.Single(h.Received(BudgetEvaluationHarness.SlackPath));
        var pending = await new TableAlertStateStore(h.Table).ListUndeliveredAsync();
        Assert.Single(pending);
        Assert.All(pending, r =>
        {
            Assert.Contains("answered 500", r.LastError);
            Assert.DoesNotContain("secret", r.LastError); // the webhook path never reaches stored errors
            Assert.Equal(["finops-slack"], r.DeliveredTargets);
        });
        Assert.All(first.Deliveries, d => Assert.DoesNotContain("secret", d.Error ?? ""));

        h.Server.ResetMappings();
        Accept(h);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));

        Assert.Single(h.Received(BudgetEvaluationHarness.TeamsPath));
        Assert.Single(h.Received(BudgetEvaluationHarness.SlackPath)); // not sent twice
        Assert.Empty(await new TableAlertStateStore(h.Table).ListUndeliveredAsync());
    }

    [Fact]
    public async Task A_missing_webhook_setting_keeps_the_alert_pending_and_names_the_setting()
    {
        using var h = new BudgetEvaluationHarness(azurite.ConnectionString);
        Accept(h);
        h.Settings.Remove("TEAMS_ONCALL_WEBHOOK_URL");

        await h.RunAsync(BudgetEvaluationHarness.Ledger(Sep28));

        var pending = await new TableAlertStateStore(h.Table).ListUndeliveredAsync();
        Assert.Single(pending);
        Assert.All(pending, r => Assert.Contains("TEAMS_ONCALL_WEBHOOK_URL", r.LastError));
    }
}
