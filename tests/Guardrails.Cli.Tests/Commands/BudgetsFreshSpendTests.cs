using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Budgets;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary><c>guardrails budgets --store … --inventory …</c>: spend since the last billed day from the store's GPU rollups.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BudgetsFreshSpendTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Json_carries_the_estimate_separately_from_spent()
    {
        var now = new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
        var table = AzuriteFixture.UniqueName("rollups");
        var telemetry = TelemetryFiles.Read(TestData.Sample("telemetry", "demo"));
        await new TableRollupStore(new TableClient(azurite.ConnectionString, table)).UpsertAsync(telemetry.Hosts.Values.SelectMany(h => h.Gpus.Values)
            .SelectMany(g => TelemetryRollup.Hourly(g, now.AddHours(-6), now, new IdleCriteria())).ToList());
        var config = new GuardrailsConfig
        {
            Allocation = new AllocationConfig { Keys = [new() { Name = "team" }, new() { Name = "project" }] },
            Budgets =
            [
                new BudgetConfig { Name = "vision", Scope = new() { ["team"] = "vision" }, Amount = 40_000m, Currency = "USD" },
                new BudgetConfig { Name = "speech", Scope = new() { ["team"] = "speech" }, Amount = 1_000m, Currency = "USD" },
            ],
        };
        var facts = Enumerable.Range(0, 13).Select(i => new DailyCostFact
        {
            Day = new DateOnly(2026, 7, 1).AddDays(i),
            Allocation = AllocationKey.Parse("team=vision;project=llm-pretrain"),
            Category = CostCategory.GpuCompute,
            Currency = "USD",
            BilledCost = 1000m,
            EffectiveCost = 1000m,
        }).ToList();
        var fresh = BudgetRunner.FreshSpend(config, azurite.ConnectionString, TestData.Sample("telemetry", "demo", "inventory.yaml"), table);
        var evaluator = new BudgetEvaluator(new InMemoryCostLedger(facts), null, fresh, new FakeTimeProvider(now));

        var json = JsonNode.Parse(BudgetRunner.Json(await evaluator.ComputeAsync(config.Budgets, new BudgetEvaluationOptions())))!.AsArray();

        var vision = json[0]!;
        Assert.Equal(13_000m, (decimal)vision["spent"]!);
        Assert.Equal(589.92m, (decimal)vision["estimated"]!["amount"]!); // train-h100-01/02, 3 h each on the 14th × 98.32
        Assert.Equal("2026-07-14T00:00:00Z", (string?)vision["estimated"]!["from"]);
        Assert.Equal("GPU telemetry × on-demand price, 2 VMs, 6 h", (string?)vision["estimated"]!["basis"]);
        Assert.Equal(23.62m, (decimal)json[1]!["estimated"]!["amount"]!);
        Assert.Empty(json[1]!["estimated"]!["unpriced"]!.AsArray());
    }

    [Fact]
    public async Task Inventory_without_a_store_is_a_clear_error()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"),
            "--input", TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv"),
            "--inventory", TestData.Sample("telemetry", "demo", "inventory.yaml"));
        Assert.Equal(2, code); // a missing option is a usage error (exit 2)
        Assert.Contains("--inventory needs --store", output + err, StringComparison.Ordinal);
    }
}
