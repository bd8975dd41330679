using Azure.Data.Tables;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;

namespace Guardrails.Infrastructure.Tests.Budgets;

/// <summary>
/// Fresh spend over real rollups: the bundled demo telemetry (nvidia-smi CSV, dcgm-exporter text, Prometheus
/// query_range) rolled up hourly into the Table rollup store in Azurite, the demo inventory's machines and tags, and
/// the bundled price snapshot.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryFreshSpendAzuriteTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Billed = new(2026, 7, 14, 0, 0, 0, TimeSpan.Zero);

    internal static async Task<TableRollupStore> DemoRollupsAsync(string connectionString)
    {
        var store = new TableRollupStore(new TableClient(connectionString, AzuriteFixture.UniqueName("rollups")));
        var telemetry = TelemetryFiles.Read(TestData.Sample("telemetry", "demo"));
        var rollups = telemetry.Hosts.Values.SelectMany(h => h.Gpus.Values)
            .SelectMany(g => TelemetryRollup.Hourly(g, Billed.AddHours(18), Billed.AddHours(24), new IdleCriteria())).ToList();
        await store.UpsertAsync(rollups);
        return store;
    }

    private static AllocationConfig Keys() => new() { Keys = [new() { Name = "team", Aliases = ["Team"] }, new() { Name = "project" }] };

    private static FreshSpendRequest Request(string team, DateTimeOffset now) =>
        new(team, new BudgetScope(new Dictionary<string, string> { ["team"] = team }), "USD", Billed, now);

    [Fact]
    public async Task Estimates_each_team_from_the_rollups_in_table_storage()
    {
        var rollups = await DemoRollupsAsync(azurite.ConnectionString);
        var inventory = InventoryFile.Load(TestData.Sample("telemetry", "demo", "inventory.yaml"));
        var estimator = new TelemetryFreshSpendEstimator(new StaticMachineSource(inventory.Machines), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, inventory, new MachineAllocator(Keys()));
        var now = Billed.AddDays(1);

        // Every demo host reports from 20:0x to 22:00 → rollup hours 20, 21 and 22 (3 h each); train-h100-03 is
        // deallocated and reports nothing. Snapshot on-demand prices (eastus / westeurope, Linux).
        var vision = (await estimator.EstimateAsync(Request("vision", now)))!;
        Assert.Equal(589.92m, vision.Amount);                       // 2 × 3 h × 98.32
        Assert.Equal("GPU telemetry × on-demand price, 2 VMs, 6 h", vision.Basis);
        var speech = (await estimator.EstimateAsync(Request("Speech", now)))!;
        Assert.Equal(23.62m, speech.Amount);                        // 2 × 3 h × 3.673 + 3 h × 0.526 = 23.616
        Assert.Equal(3, speech.Machines);
        var research = (await estimator.EstimateAsync(Request("research", now)))!;
        Assert.Equal(1.97m, research.Amount);                       // 3 h × 0.658 (westeurope)

        // Half-way through hour 21 the window holds hours 20 and half of 21.
        var early = (await estimator.EstimateAsync(Request("vision", Billed.AddHours(21.5))))!;
        Assert.Equal(294.96m, early.Amount);                        // 2 × 1.5 h × 98.32
        Assert.Equal(3m, early.MachineHours);

        // Billing caught up: nothing to estimate.
        var current = (await estimator.EstimateAsync(Request("vision", now) with { BilledThrough = now }))!;
        Assert.Equal(0m, current.Amount);
    }

    [Fact]
    public async Task A_machine_the_catalog_cannot_price_falls_back_to_the_billed_rate_or_is_listed()
    {
        var rollups = await DemoRollupsAsync(azurite.ConnectionString);
        var inventory = InventoryFile.Load(TestData.Sample("telemetry", "demo", "inventory.yaml"));
        var machines = inventory.Machines.Select(m => m.Name == "train-h100-01" ? m with { Location = "mars" } : m).ToList();

        var withBilling = new TelemetryFreshSpendEstimator(new StaticMachineSource(machines), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, inventory, new MachineAllocator(Keys()));
        var e = (await withBilling.EstimateAsync(Request("vision", Billed.AddDays(1))))!;
        Assert.Equal(589.92m, e.Amount); // the inventory's billed hourlyCost 98.32
        Assert.Equal("GPU telemetry × effective rate seen in billing / on-demand price, 2 VMs, 6 h", e.Basis);

        var catalogOnly = new TelemetryFreshSpendEstimator(new StaticMachineSource(machines), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, null, new MachineAllocator(Keys()));
        var partial = (await catalogOnly.EstimateAsync(Request("vision", Billed.AddDays(1))))!;
        Assert.Equal(294.96m, partial.Amount);
        var unpriced = Assert.Single(partial.Unpriced);
        Assert.Equal("train-h100-01", unpriced.Name);
        Assert.Equal(3m, unpriced.Hours);
        Assert.Contains("1 VM unpriced (train-h100-01: no price for Standard_ND96isr_H100_v5 in mars)", partial.Basis);
    }
}
