using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Events;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Core.Tests.Budgets;

public class AlertDispatcherTests
{
    private static AlertRecord Pending(string threshold) => new()
    {
        Key = new AlertKey("vision", AlertKind.Actual, threshold, "2024-09"),
        Status = AlertStatus.Pending,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Targets = ["teams"],
        Notification = new AlertNotification
        {
            AlertId = "vision-2024-09-actual-" + threshold,
            BudgetName = "vision",
            Kind = AlertKind.Actual,
            Threshold = threshold,
            Severity = "warning",
            Period = "2024-09",
            Title = "t",
            Summary = "s",
            Scope = "team=vision",
            Currency = "USD",
        },
    };

    [Fact]
    public async Task A_record_held_by_another_run_is_skipped_until_its_lease_expires()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryAlertStateStore();
        var added = (await store.TryAddAsync(Pending("80")))!;
        // Another run claimed it and died before recording the outcome.
        await store.TryUpdateAsync(added with { Status = AlertStatus.Sending, LeaseOwner = "crashed-run", LeaseUntil = time.GetUtcNow() + AlertDispatcher.Lease });
        var teams = new RecordingChannel();
        var dispatcher = new AlertDispatcher(store, new DictionaryResolver(new() { ["teams"] = teams }), NullEventPublisher.Instance, null, time);

        var skipped = Assert.Single(await dispatcher.DispatchAsync());
        Assert.Equal("held by another run", skipped.Skipped);
        Assert.Empty(teams.Sent);

        time.Advance(AlertDispatcher.Lease + TimeSpan.FromSeconds(1));
        var retried = Assert.Single(await dispatcher.DispatchAsync());
        Assert.Equal(AlertStatus.Delivered, retried.Status);
        Assert.Single(teams.Sent);
        Assert.Empty(await dispatcher.DispatchAsync());
    }

    [Fact]
    public async Task An_unknown_channel_keeps_the_alert_pending_with_a_reason()
    {
        var store = new InMemoryAlertStateStore();
        await store.TryAddAsync(Pending("100"));
        var dispatcher = new AlertDispatcher(store, new DictionaryResolver([]), NullEventPublisher.Instance, null, TimeProvider.System);

        var outcome = Assert.Single(await dispatcher.DispatchAsync());

        Assert.Equal(AlertStatus.Pending, outcome.Status);
        Assert.Contains("channel 'teams' is not configured", outcome.Error);
        Assert.Equal(1, Assert.Single(store.All).Attempts);
    }
}
