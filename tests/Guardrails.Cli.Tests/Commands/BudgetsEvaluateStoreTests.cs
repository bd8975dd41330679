using Azure.Data.Tables;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails budgets --evaluate --month --store</c> runs the EvaluateBudgets function's job over the store as the Function
/// App composes it: the ledger and alert-state tables come from the Function App's settings (Pipeline__*, Budgets__AlertsTable).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BudgetsEvaluateStoreTests(AzuriteFixture azurite)
{
    private const string Budgets =
        "budgets:\n" +
        "  - name: vision-monthly\n    scope: { team: vision }\n    amount: 500\n    currency: USD\n    thresholds: [80, 100]\n    channels: [ops-teams]\n" +
        "  - name: detector-monthly\n    scope: { project: detector }\n    amount: 900\n    currency: USD\n    thresholds: [80, 100]\n    channels: [ops-teams]\n" +
        "channels:\n  ops-teams:\n    kind: teams\n    webhookUrlSetting: OPS_TEAMS_WEBHOOK_URL\n";

    [Fact]
    public async Task Evaluate_for_a_month_sends_one_card_per_budget_once_through_the_stores_alert_state()
    {
        using var scenario = new VisionBudgetScenario(); // 1,000 USD on team vision / project detector, November 2026
        File.WriteAllText(scenario.ConfigPath, Budgets);
        await scenario.WriteLedgerAsync(azurite.ConnectionString);
        var alerts = AzuriteFixture.UniqueName("alerts");
        var env = new Dictionary<string, string?>
        {
            ["Pipeline__FactsTable"] = scenario.Tables.Facts,
            ["Pipeline__RunsTable"] = scenario.Tables.Runs,
            ["Budgets__AlertsTable"] = alerts,
        };
        var sink = Directory.CreateTempSubdirectory("guardrails-sink-").FullName;
        try
        {
            string[] args = ["budgets", "--config", scenario.ConfigPath, "--store", azurite.ConnectionString, "--month", "2026-11", "--evaluate", "--sink", sink];
            var first = await CliProcess.RunAsync(env, args);

            Assert.True(first.Code == 0, first.Err + first.Out);
            Assert.Contains("Budgets 2026-11", first.Out); // the month asked, not the current one (December has no spend)
            var cards = Directory.GetFiles(sink, "*.ops-teams.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, cards.Count);
            Assert.StartsWith("detector-monthly-2026-11-", cards[0], StringComparison.Ordinal);
            Assert.StartsWith("vision-monthly-2026-11-", cards[1], StringComparison.Ordinal);
            var state = new TableClient(azurite.ConnectionString, alerts).Query<TableEntity>().ToList();
            Assert.Equal(["detector-monthly", "vision-monthly"], state.Select(e => e.GetString("BudgetName")).Distinct().Order(StringComparer.Ordinal));

            var second = await CliProcess.RunAsync(env, args);

            Assert.True(second.Code == 0, second.Err + second.Out);
            Assert.Contains("Alerts: 0 new", second.Out);
            Assert.Equal(2, Directory.GetFiles(sink, "*.ops-teams.json").Length);
        }
        finally
        {
            Directory.Delete(sink, recursive: true);
        }
    }
}
