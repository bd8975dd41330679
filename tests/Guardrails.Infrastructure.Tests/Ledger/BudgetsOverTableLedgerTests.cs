using Azure.Data.Tables;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>Budgets evaluated over the deployed (Table Storage) ledger name their drivers, anomalies and spending-limit targets.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BudgetsOverTableLedgerTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));

    private static string Vm(string name) => $"/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/{name}";

    private static (List<DailyCostFact> Facts, List<ResourceDailyCost> Resources) Month()
    {
        var facts = new List<DailyCostFact>();
        var resources = new List<ResourceDailyCost>();
        var vision = new AllocationKey([new("team", "vision"), new("env", "dev")]);
        void Add(int day, string vm, decimal cost, string sku = "Standard_NC24ads_A100_v4")
        {
            var d = new DateOnly(2026, 11, day);
            facts.Add(new DailyCostFact { Day = d, Allocation = vision, Category = CostCategory.GpuCompute, ServiceName = "Virtual Machines " + vm, Currency = "USD", BilledCost = cost, EffectiveCost = cost, RowCount = 1 });
            resources.Add(new ResourceDailyCost { Day = d, ResourceId = Vm(vm), ResourceName = vm, SkuName = sku, RegionId = "eastus", Allocation = vision, Category = CostCategory.GpuCompute, Currency = "USD", BilledCost = cost, EffectiveCost = cost, GpuHours = 24m });
        }
        for (var day = 1; day <= 19; day++) Add(day, "gpu-train-01", 100m + day % 3 * 5m);
        Add(20, "gpu-train-01", 105m);
        Add(20, "gpu-sweep-07", 900.123456m);
        return (facts, resources);
    }

    [Fact]
    public async Task Top_drivers_anomalies_and_spending_limits_name_the_resources_from_the_table_ledger()
    {
        var (facts, resources) = Month();
        var store = new TableLedgerStore(new TableServiceClient(azurite.ConnectionString),
            new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs")), _time);
        await store.EnsureCreatedAsync();
        var run = new LedgerRun
        {
            Ref = new ExportRunRef("c/exp", "r1"),
            PeriodStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero),
            SubmittedTime = _time.GetUtcNow(),
            PartCount = 2,
        };
        await store.RecordRunAsync(run, ["a.csv", "b.csv"]);
        // Two parts, split by day, as the queue fan-out would write them.
        foreach (var (part, days) in new[] { (0, facts.Where(f => f.Day.Day <= 10)), (1, facts.Where(f => f.Day.Day > 10)) })
        {
            var written = await store.WriteFactsAsync(run.Ref, part, days.ToList());
            await store.WriteResourceCostsAsync(run.Ref, part, resources.Where(r => part == 0 ? r.Day.Day <= 10 : r.Day.Day > 10).ToList());
            await store.MarkPartCompletedAsync(run.Ref, part, new IngestResult(), written);
        }
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run.Ref));

        var budget = new BudgetConfig
        {
            Name = "vision",
            Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" },
            Amount = 2000m,
            OnBreach = new OnBreachConfig { Action = "deallocate", Scope = new(StringComparer.OrdinalIgnoreCase) { ["env"] = "dev" } },
        };
        var evaluator = new BudgetEvaluator(store, store, null, _time);
        var status = Assert.Single(await evaluator.ComputeAsync([budget], new BudgetEvaluationOptions { Month = new DateOnly(2026, 11, 1) }));

        Assert.Equal(["gpu-train-01", "gpu-sweep-07"], status.TopDrivers.Select(d => d.ResourceName!).ToArray());
        Assert.Equal(resources.Where(r => r.ResourceName == "gpu-train-01").Sum(r => r.EffectiveCost), status.TopDrivers[0].Cost);
        Assert.Equal(900.123456m, status.TopDrivers[1].Cost);
        var spike = Assert.Single(status.Anomalies, a => a.Kind == AnomalyKind.SpendSpike);
        Assert.Equal(new DateOnly(2026, 11, 20), spike.Day);
        Assert.Equal(Vm("gpu-sweep-07"), spike.Drivers[0].ResourceId);
        Assert.DoesNotContain(spike.Drivers, d => d.ResourceName == "gpu-train-01");

        var requests = await evaluator.SpendingLimitRequestsAsync(budget, status);
        Assert.Equal([Vm("gpu-sweep-07"), Vm("gpu-train-01")], requests.Select(r => r.ResourceId).ToArray());

        // The same month held in memory gives the same answer: the Table ledger is a faithful reader.
        var snapshot = new LedgerSnapshot(facts, resources);
        var inMemory = Assert.Single(await new BudgetEvaluator(snapshot, snapshot, null, _time)
            .ComputeAsync([budget], new BudgetEvaluationOptions { Month = new DateOnly(2026, 11, 1) }));
        Assert.Equal(inMemory.TopDrivers, status.TopDrivers);
        Assert.Equal(inMemory.Anomalies.Select(a => a.Description), status.Anomalies.Select(a => a.Description));
    }
}
