using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Storage;
using Guardrails.Infrastructure.Telemetry;
using Guardrails.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Functions.Tests.Startup;

/// <summary>The Function App's budgets get fresh spend from the idle feature's rollups table when it is registered.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FreshSpendRegistrationTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);

    private sealed class DemoInventory(IReadOnlyList<ComputeMachine> machines) : IComputeInventory
    {
        public IReadOnlyList<string>? Scopes { get; private set; }
        public Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken = default)
        {
            Scopes = scopes;
            return Task.FromResult(machines);
        }
        public Task<ComputeMachine?> GetMachineAsync(string resourceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(machines.FirstOrDefault(m => m.ResourceId == resourceId));
    }

    private ServiceCollection Services(string rollupsTable, out DemoInventory inventory)
    {
        var key = new AllocationKey([new("team", "vision"), new("project", "llm-pretrain")]);
        var facts = Enumerable.Range(0, 13).Select(i => new DailyCostFact
        {
            Day = new DateOnly(2026, 7, 1).AddDays(i),
            Allocation = key,
            Category = CostCategory.GpuCompute,
            Currency = "USD",
            BilledCost = 1000m,
            EffectiveCost = 1000m,
        }).ToList();
        var services = new ServiceCollection();
        services.AddSingleton(new StorageClients(azurite.ConnectionString));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<ICostLedgerReader>(new InMemoryCostLedger(facts));
        services.AddSingleton(new GuardrailsConfig
        {
            Allocation = new AllocationConfig { Keys = [new() { Name = "team" }, new() { Name = "project" }] },
            Budgets = [new BudgetConfig { Name = "vision-monthly", Scope = new() { ["team"] = "vision" }, Amount = 40_000m, Currency = "USD" }],
        });
        inventory = new DemoInventory(InventoryFile.Load(TestData.Sample("telemetry", "demo", "inventory.yaml")).Machines);
        services.AddSingleton<IComputeInventory>(inventory);
        return services;
    }

    private static IConfiguration Settings(string rollupsTable) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        ["Idle:RollupsTable"] = rollupsTable,
        ["Idle:Scopes:0"] = "/subscriptions/00000000-0000-0000-0000-00000000a001",
    }).Build();

    [Fact]
    public async Task Budgets_and_the_dashboard_burn_down_show_spend_since_the_last_billed_day_from_the_rollups_table()
    {
        var table = AzuriteFixture.UniqueName("rollups");
        var telemetry = TelemetryFiles.Read(TestData.Sample("telemetry", "demo"));
        await new TableRollupStore(new TableClient(azurite.ConnectionString, table)).UpsertAsync(telemetry.Hosts.Values.SelectMany(h => h.Gpus.Values)
            .SelectMany(g => TelemetryRollup.Hourly(g, Now.AddHours(-6), Now, new IdleCriteria())).ToList());
        var services = Services(table, out var inventory);
        var settings = Settings(table);
        services.AddBudgets(settings);          // Program.cs order: budgets, idle, …, dashboard
        services.AddIdle(settings);
        services.AddDashboard(settings);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<TelemetryFreshSpendEstimator>(provider.GetRequiredService<IFreshSpendEstimator>());
        var burnDown = Assert.Single(await provider.GetRequiredService<IBudgetStatusSource>().GetBurnDownsAsync(new DateOnly(2026, 7, 14)));

        Assert.Equal(13_000m, burnDown.Spent);         // billed through 2026-07-13
        Assert.Equal(589.92m, burnDown.Estimated);     // train-h100-01/02 ran hours 20–22 on the 14th: 2 × 3 h × 98.32
        Assert.Equal("GPU telemetry × on-demand price, 2 VMs, 6 h", burnDown.EstimatedBasis);
        Assert.Equal(["/subscriptions/00000000-0000-0000-0000-00000000a001"], inventory.Scopes);
    }

    [Fact]
    public async Task Without_the_idle_feature_there_is_no_estimate()
    {
        var services = Services(AzuriteFixture.UniqueName("rollups"), out _);
        services.AddBudgets(Settings("unused"));
        await using var provider = services.BuildServiceProvider();
        Assert.Same(NullFreshSpendEstimator.Instance, provider.GetRequiredService<IFreshSpendEstimator>());
    }
}
