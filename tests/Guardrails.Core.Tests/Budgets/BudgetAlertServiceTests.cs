using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Budgets;

public class BudgetAlertServiceTests
{
    private static readonly DateOnly Aug1 = new(2024, 8, 1);

    private sealed class Harness
    {
        public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero));
        public InMemoryAlertStateStore Store { get; } = new();
        public RecordingChannel Teams { get; } = new("teams");
        public RecordingChannel Slack { get; } = new("slack");
        public InMemoryActionRequestSink Actions { get; } = new();
        public RecordingPublisher Events { get; } = new();

        public GuardrailsConfig Config { get; } = new()
        {
            Budgets = [BudgetTestData.Budget(channels: ["oncall-teams", "finops-slack"])],
            Channels = new(StringComparer.OrdinalIgnoreCase)
            {
                ["oncall-teams"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_URL" },
                ["finops-slack"] = new() { Kind = "slack", WebhookUrlSetting = "SLACK_URL" },
            },
        };

        public Task<BudgetEvaluationResult> RunAsync(LedgerSnapshot ledger, bool events = false)
        {
            var evaluator = new BudgetEvaluator(ledger, ledger, NullFreshSpendEstimator.Instance, Time);
            var resolver = new DictionaryResolver(new() { ["oncall-teams"] = Teams, ["finops-slack"] = Slack });
            var dispatcher = new AlertDispatcher(Store, resolver, Events, Actions, Time);
            return new BudgetAlertService(evaluator, Store, dispatcher, Time)
                .EvaluateAsync(Config, new BudgetEvaluationOptions { DashboardUrl = "http://localhost:7071/api/dashboard", PublishEvents = events });
        }
    }

    internal sealed class RecordingPublisher : IGuardrailEventPublisher
    {
        public List<GuardrailEvent> Published { get; } = [];
        public Task PublishAsync(GuardrailEvent guardrailEvent, CancellationToken cancellationToken = default)
        {
            lock (Published) Published.Add(guardrailEvent);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Thresholds_fire_once_and_a_higher_threshold_escalates()
    {
        var h = new Harness();
        // 100/day, data through 2024-09-20: 2,000 of 3,000 spent (66.7%), forecast 3,000 (100%).
        var result = await h.RunAsync(BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 20), 100m));

        var status = Assert.Single(result.Budgets);
        Assert.Equal(2000m, status.Spent);
        Assert.Equal(66.7m, status.PercentUsed);
        Assert.Equal(3000m, status.Forecast);
        Assert.Equal(new DateOnly(2024, 9, 30), status.BreachDate);
        Assert.Equal(BudgetStates.ForecastBreach, status.State);
        // One card per budget per evaluation: the spend threshold leads, the forecast threshold is folded into it.
        var card = Assert.Single(h.Teams.Sent);
        Assert.Equal("Actual 50%", $"{card.Kind} {card.Threshold}%");
        Assert.EndsWith(": forecast to reach 100% of the budget", Assert.Single(card.AlsoRaised), StringComparison.Ordinal);
        Assert.Single(h.Slack.Sent);
        var folded = Assert.Single(h.Store.All, r => r.Key is { Kind: AlertKind.Forecast, Threshold: "100" });
        Assert.Equal(AlertStatus.Suppressed, folded.Status); // recorded once, so it never fires on its own later

        // Same data, next hour: nothing new, nothing sent again.
        h.Time.Advance(TimeSpan.FromHours(1));
        var again = await h.RunAsync(BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 20), 100m));
        Assert.Empty(again.AlertsCreated);
        Assert.Single(h.Teams.Sent);

        // Five more days: 2,500 (83.3%) → 80% escalates; 50% is not repeated.
        h.Time.Advance(TimeSpan.FromDays(5));
        await h.RunAsync(BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 25), 100m));
        Assert.Equal(2, h.Teams.Sent.Count);
        Assert.Equal("80", h.Teams.Sent[^1].Threshold);
        Assert.Equal(AlertKind.Actual, h.Teams.Sent[^1].Kind);
        Assert.All(h.Store.All, r => Assert.Contains(r.Status, new[] { AlertStatus.Delivered, AlertStatus.Suppressed }));
    }

    [Fact]
    public async Task Crossing_several_thresholds_at_once_sends_only_the_highest()
    {
        var h = new Harness();
        h.Time.SetUtcNow(new DateTimeOffset(2024, 9, 29, 6, 0, 0, TimeSpan.Zero));
        await h.RunAsync(BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 28), 100m)); // 2,800 = 93.3%

        Assert.Equal(["Actual 80%"], h.Teams.Sent.Select(n => $"{n.Kind} {n.Threshold}%"));
        Assert.Single(h.Teams.Sent[0].AlsoRaised); // the forecast threshold, folded into the one card
        var fifty = Assert.Single(h.Store.All, r => r.Key is { Kind: AlertKind.Actual, Threshold: "50" });
        Assert.Equal(AlertStatus.Suppressed, fifty.Status);
    }

    [Fact]
    public async Task An_undelivered_alert_stays_pending_and_is_retried_next_run_without_resending_what_succeeded()
    {
        var h = new Harness { Slack = { FailuresLeft = 10 } };
        var ledger = BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 20), 100m);

        var first = await h.RunAsync(ledger);
        Assert.Single(h.Teams.Sent); // one card per budget per evaluation
        Assert.Empty(h.Slack.Sent);
        Assert.All(first.Deliveries, d => Assert.Equal(AlertStatus.Pending, d.Status));
        Assert.All(h.Store.All.Where(r => r.Status != AlertStatus.Suppressed), r =>
        {
            Assert.Equal(AlertStatus.Pending, r.Status);
            Assert.Contains("finops-slack", r.LastError);
            Assert.Equal(["oncall-teams"], r.DeliveredTargets);
        });

        h.Slack.FailuresLeft = 0;
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.RunAsync(ledger);

        Assert.Single(h.Teams.Sent); // not sent twice
        Assert.Single(h.Slack.Sent); // not lost
        Assert.All(h.Store.All.Where(r => r.Status != AlertStatus.Suppressed), r => Assert.Equal(AlertStatus.Delivered, r.Status));
        // The retry carries the message frozen when the alert fired.
        Assert.Equal(h.Teams.Sent.Select(n => n.ToJson()).Order(), h.Slack.Sent.Select(n => n.ToJson()).Order());
    }

    [Fact]
    public async Task Concurrent_evaluations_send_each_alert_once()
    {
        var h = new Harness();
        h.Time.SetUtcNow(new DateTimeOffset(2024, 9, 29, 6, 0, 0, TimeSpan.Zero));
        var ledger = BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 28), 100m);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => h.RunAsync(ledger, events: true))));

        Assert.Single(h.Teams.Sent);
        Assert.Single(h.Slack.Sent);
        Assert.Single(h.Events.Published);
        Assert.Equal(h.Teams.Sent.Select(n => n.AlertId).Order(), h.Events.Published.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task A_spending_limit_requests_dry_run_actions_for_the_onBreach_scope_once()
    {
        var h = new Harness();
        h.Time.SetUtcNow(new DateTimeOffset(2024, 9, 26, 6, 0, 0, TimeSpan.Zero));
        h.Config.Budgets[0].OnBreach = new OnBreachConfig { Action = "deallocate", Scope = new() { ["env"] = "dev" } };
        var steady = BudgetTestData.Steady(Aug1, new DateOnly(2024, 9, 25), 100m);
        var dev = Enumerable.Range(0, 10).Select(i => BudgetTestData.Resource(new DateOnly(2024, 9, 1).AddDays(i), "vision", "dev-box", 60m, env: "dev")).ToList();
        var ledger = new LedgerSnapshot(
            [.. steady.Facts, .. dev.Select(r => BudgetTestData.Fact(r.Day, "vision", r.EffectiveCost, env: "dev"))],
            [.. steady.ResourceCosts, .. dev]);

        await h.RunAsync(ledger); // 2,500 + 600 = 3,100 > 3,000
        await h.RunAsync(ledger);

        var request = Assert.Single(h.Actions.Requests);
        Assert.EndsWith("/virtualMachines/dev-box", request.ResourceId);
        Assert.Equal(Guardrails.Core.Actions.GuardrailActionKind.Deallocate, request.Kind);
        Assert.Equal(Guardrails.Core.Actions.ActionOrigin.SpendingLimit, request.Origin);
        Assert.True(request.DryRun);
        Assert.Equal("vision", request.RequestedBy);
        Assert.Contains(h.Teams.Sent, n => n.Kind == AlertKind.SpendingLimit && n.Actions.Count == 1);
    }

    [Fact]
    public void Recovery_is_planned_once_for_the_highest_fired_threshold()
    {
        var existing = new List<AlertRecord>
        {
            Record(AlertKind.Forecast, "80", AlertStatus.Delivered),
            Record(AlertKind.Forecast, "100", AlertStatus.Delivered),
        };
        var plan = AlertPlanner.Plan("vision", "2024-09", AlertKind.Forecast, [80m, 100m], 70m, existing);
        Assert.Equal([("100", AlertStatus.Pending), ("80", AlertStatus.Suppressed)],
            plan.Where(p => p.Key.Recovery).Select(p => (p.Key.Threshold, p.InitialStatus)).OrderByDescending(x => x.Threshold.Length).ThenByDescending(x => x.Threshold));

        existing.AddRange(plan.Select(p => Record(p.Key.Kind, p.Key.Threshold, p.InitialStatus, recovery: true)));
        Assert.Empty(AlertPlanner.Plan("vision", "2024-09", AlertKind.Forecast, [80m, 100m], 70m, existing));
        Assert.Empty(AlertPlanner.Plan("vision", "2024-09", AlertKind.Forecast, [80m, 100m], 120m, existing)); // once per period
    }

    private static AlertRecord Record(AlertKind kind, string threshold, AlertStatus status, bool recovery = false)
    {
        var key = new AlertKey("vision", kind, threshold, "2024-09", recovery);
        return new AlertRecord
        {
            Key = key,
            Status = status,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Notification = new AlertNotification
            {
                AlertId = key.AlertId,
                BudgetName = "vision",
                Kind = kind,
                Threshold = threshold,
                Severity = "warning",
                Period = "2024-09",
                Title = "t",
                Summary = "s",
                Scope = "team=vision",
                Currency = "USD",
            },
        };
    }
}
