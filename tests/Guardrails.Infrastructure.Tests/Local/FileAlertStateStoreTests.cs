using System.Collections.Concurrent;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Events;
using Guardrails.Infrastructure.Local;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Local;

/// <summary>
/// The CLI's local alert state: once-only across runs and across concurrent runs (threads here; processes in
/// Guardrails.Cli.Tests), as the Table store is.
/// </summary>
public sealed class FileAlertStateStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alert-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static AlertRecord Record(string budget = "vision", string threshold = "80")
    {
        var key = new AlertKey(budget, AlertKind.Actual, threshold, "2024-09");
        return new AlertRecord
        {
            Key = key,
            Status = AlertStatus.Pending,
            CreatedAt = new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero),
            Targets = ["oncall-teams", "finops-slack"],
            Notification = new AlertNotification
            {
                AlertId = key.AlertId,
                BudgetName = budget,
                Kind = AlertKind.Actual,
                Threshold = threshold,
                Severity = "warning",
                Period = "2024-09",
                Title = $"Budget {budget}: {threshold}%",
                Summary = "Spent 2,512.34 USD",
                Scope = "team=vision",
                Currency = "USD",
                Amount = 3000m,
                Spent = 2512.34m,
                PercentUsed = 83.7m,
                BreachDate = new DateOnly(2024, 9, 24),
            },
        };
    }

    [Fact]
    public async Task Add_is_once_only_updates_need_the_current_etag_and_the_state_outlives_the_run()
    {
        var store = new FileAlertStateStore(_dir);
        var added = await store.TryAddAsync(Record());
        Assert.NotNull(added?.ETag);
        Assert.Null(await store.TryAddAsync(Record()));

        var sending = await store.TryUpdateAsync(added! with { Status = AlertStatus.Sending, LeaseOwner = "run-1", LeaseUntil = DateTimeOffset.UnixEpoch });
        Assert.NotNull(sending);
        Assert.Null(await store.TryUpdateAsync(added! with { Status = AlertStatus.Delivered })); // stale ETag

        // The next CLI run (a new store on the same directory) sees the record, its lease and its notification.
        var next = new FileAlertStateStore(_dir);
        Assert.Null(await next.TryAddAsync(Record()));
        var stored = Assert.Single(await next.ListUndeliveredAsync());
        Assert.Equal((AlertStatus.Sending, "run-1", sending!.ETag), (stored.Status, stored.LeaseOwner, stored.ETag));
        Assert.Equal("Budget vision: 80%", stored.Notification.Title);
        Assert.Equal(new DateOnly(2024, 9, 24), stored.Notification.BreachDate);
        Assert.Single(await next.ListAsync("vision", "2024-09"));
        Assert.Empty(await next.ListAsync("vision", "2024-10"));
    }

    [Fact]
    public async Task Keys_that_differ_only_in_characters_a_lossy_encoding_would_drop_are_different_records()
    {
        var store = new FileAlertStateStore(_dir);
        Assert.NotNull(await store.TryAddAsync(Record("team/a")));
        Assert.NotNull(await store.TryAddAsync(Record("team-a")));
        Assert.NotNull(await store.TryAddAsync(Record("team a")));
        Assert.NotNull(await store.TryAddAsync(Record("équipe~a")));
        Assert.Equal(4, (await store.ListUndeliveredAsync()).Count);
    }

    [Fact]
    public async Task Of_many_concurrent_adds_and_claims_exactly_one_wins()
    {
        // Separate store instances on one directory, as separate CLI processes have.
        var stores = Enumerable.Range(0, 8).Select(_ => new FileAlertStateStore(_dir)).ToArray();
        var adds = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % 8].TryAddAsync(Record()))));
        var added = Assert.Single(adds, a => a is not null)!;

        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            stores[i % 8].TryUpdateAsync(added with { Status = AlertStatus.Sending, LeaseOwner = $"run-{i}" }))));
        Assert.Single(claims, c => c is not null);
    }

    private sealed class CountingChannel(ConcurrentBag<string> sent) : IAlertChannel, IAlertChannelResolver
    {
        public string Kind => "file";
        public IAlertChannel? Resolve(string channelName) => this;
        public async Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default)
        {
            await Task.Delay(5, cancellationToken); // widen the window in which a second sender could slip in
            sent.Add(notification.AlertId);
        }
    }

    [Fact]
    public async Task Five_concurrent_runs_that_raise_the_same_alerts_deliver_each_once()
    {
        var sent = new ConcurrentBag<string>();
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 9, 21, 12, 0, 0, TimeSpan.Zero));
        var thresholds = new[] { "50", "80", "100", "120", "150", "200", "250" };

        async Task RunAsync(int run)
        {
            var store = new FileAlertStateStore(_dir);
            foreach (var t in thresholds) await store.TryAddAsync(Record(threshold: t) with { Targets = ["teams"] });
            var dispatcher = new AlertDispatcher(store, new CountingChannel(sent), NullEventPublisher.Instance, null, time) { RunId = $"run-{run}" };
            await dispatcher.DispatchAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Task.Run(() => RunAsync(i))));

        Assert.Equal(thresholds.Length, sent.Count);
        Assert.Equal(thresholds.Length, sent.Distinct().Count());
        Assert.All(await new FileAlertStateStore(_dir).ListAsync("vision", "2024-09"), r => Assert.Equal(AlertStatus.Delivered, r.Status));
    }
}
