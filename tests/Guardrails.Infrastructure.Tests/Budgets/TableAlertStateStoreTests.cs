using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests.Budgets;

[Collection(AzuriteCollection.Name)]
public class TableAlertStateStoreTests(AzuriteFixture azurite)
{
    private static AlertRecord Record(string threshold = "80", int actions = 0)
    {
        var key = new AlertKey("vision", AlertKind.Actual, threshold, "2024-09");
        return new AlertRecord
        {
            Key = key,
            Status = AlertStatus.Pending,
            CreatedAt = new DateTimeOffset(2024, 9, 21, 10, 0, 0, TimeSpan.Zero),
            Targets = ["oncall-teams", "finops-slack"],
            Notification = new AlertNotification
            {
                AlertId = key.AlertId,
                BudgetName = "vision",
                Kind = AlertKind.Actual,
                Threshold = threshold,
                Severity = "warning",
                Period = "2024-09",
                Title = "Budget vision: 80%",
                Summary = "Spent 2,512.34 USD",
                Scope = "team=vision",
                Currency = "USD",
                Amount = 3000m,
                Spent = 2512.34m,
                PercentUsed = 83.7m,
                BreachDate = new DateOnly(2024, 9, 24),
                Actions = Enumerable.Range(0, actions).Select(i => new GuardrailActionRequest
                {
                    Id = $"a{i}",
                    ResourceId = $"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-{i:D5}-{new string('x', 60)}",
                    Kind = GuardrailActionKind.Deallocate,
                    Origin = ActionOrigin.SpendingLimit,
                    RequestedBy = "vision",
                    RequestedAt = DateTimeOffset.UnixEpoch,
                }).ToList(),
            },
        };
    }

    private async Task<TableAlertStateStore> NewStore() =>
        await TableAlertStateStore.CreateAsync(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("alerts"));

    [Fact]
    public async Task Add_is_once_only_and_updates_need_the_current_etag()
    {
        var store = await NewStore();
        var added = await store.TryAddAsync(Record());
        Assert.NotNull(added?.ETag);
        Assert.Null(await store.TryAddAsync(Record()));

        var claimed = await store.TryUpdateAsync(added! with { Status = AlertStatus.Sending, LeaseOwner = "run-a" });
        Assert.NotNull(claimed);
        Assert.Null(await store.TryUpdateAsync(added! with { Status = AlertStatus.Sending, LeaseOwner = "run-b" })); // stale ETag

        var listed = Assert.Single(await store.ListAsync("vision", "2024-09"));
        Assert.Equal("run-a", listed.LeaseOwner);
        Assert.Equal(AlertStatus.Sending, listed.Status);
        Assert.Equal(["oncall-teams", "finops-slack"], listed.Targets);
        Assert.Equal(2512.34m, listed.Notification.Spent);
        Assert.Equal(new DateOnly(2024, 9, 24), listed.Notification.BreachDate);
        Assert.Empty(await store.ListAsync("vision", "2024-10"));
        Assert.Single(await store.ListUndeliveredAsync());
    }

    [Fact]
    public async Task A_large_notification_round_trips()
    {
        var store = await NewStore();
        var record = Record("100", actions: 600);
        Assert.True(record.Notification.ToJson().Length > 64_000);
        await store.TryAddAsync(record);

        var listed = Assert.Single(await store.ListUndeliveredAsync());
        Assert.Equal(600, listed.Notification.Actions.Count);
        Assert.Equal(record.Notification.ToJson(), listed.Notification.ToJson());
    }
}
