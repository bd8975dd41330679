using Azure.Data.Tables;
using Guardrails.Core.Configuration;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests.Budgets;

[Collection(AzuriteCollection.Name)]
public sealed class TableBudgetStoreTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, ChannelConfig> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["oncall-teams"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_ONCALL_WEBHOOK_URL" },
    };

    [Fact]
    public async Task Declared_budgets_are_stored_and_operator_budgets_join_the_evaluation()
    {
        var table = new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("budgets"));
        var store = new TableBudgetStore(table);
        var vision = new BudgetConfig { Name = "vision", Scope = new() { ["team"] = "vision" }, Amount = 3000m, Channels = ["oncall-teams"] };
        var old = new BudgetConfig { Name = "retired", Amount = 10m };

        await store.SyncAsync([vision, old], Channels);
        var stored = table.Query<TableEntity>().ToList();
        Assert.Equal(["retired", "vision"], stored.Select(e => e.RowKey).Order());
        Assert.All(stored, e => Assert.Equal(TableBudgetStore.ConfigSource, e.GetString("Source")));

        // An operator adds a budget in the table, and a broken one; the config drops "retired".
        await store.UpsertAsync(new BudgetConfig
        {
            Name = "nlp",
            Scope = new() { ["team"] = "nlp" },
            Amount = 500m,
            Currency = "EUR",
            Thresholds = [80m, 100m],
            OnBreach = new OnBreachConfig { Action = "deallocate", Scope = new() { ["env"] = "dev" } },
        });
        await store.UpsertAsync(new BudgetConfig { Name = "broken", Amount = -5m, Channels = ["nowhere"] });
        var result = await store.SyncAsync([vision], Channels);

        Assert.Equal(["vision", "nlp"], result.Budgets.Select(b => b.Name));
        var nlp = result.Budgets[1];
        Assert.Equal(500m, nlp.Amount);
        Assert.Equal("EUR", nlp.Currency);
        Assert.Equal("nlp", nlp.Scope["team"]);
        Assert.Equal([80m, 100m], nlp.Thresholds);
        Assert.Equal("dev", nlp.OnBreach!.Scope["env"]);
        Assert.True(nlp.OnBreach.DryRun);
        Assert.Contains(result.Errors, e => e.Field.StartsWith("budgets[broken]", StringComparison.Ordinal) && e.Message.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "budgets[broken].amount");
        Assert.DoesNotContain(table.Query<TableEntity>(), e => e.RowKey == "retired");

        // A declared budget wins over a stored one of the same name.
        await store.UpsertAsync(new BudgetConfig { Name = "Vision", Amount = 1m });
        Assert.Equal(3000m, (await store.SyncAsync([vision], Channels)).Budgets.Single(b => b.Name == "vision").Amount);
    }
}
