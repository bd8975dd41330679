using Guardrails.Core.Actions;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Guardrails.Core.Tests.Idle;

/// <summary>The idle stages over in-memory ports (tests/Guardrails.Infrastructure.Tests/Idle runs them end to end on Azurite).</summary>
public sealed class IdleStagesTests
{
    private static ComputeMachine Vm(string name, MachinePowerState power = MachinePowerState.Running) => new()
    {
        ResourceId = $"/subscriptions/00000000-0000-0000-0000-00000000a001/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachines/{name}",
        Name = name,
        SubscriptionId = "00000000-0000-0000-0000-00000000a001",
        ResourceGroup = "ml-dev",
        Location = "eastus",
        VmSize = "Standard_NC24ads_A100_v4",
        PowerState = power,
        ComputerName = name,
    };

    private sealed class MemoryRollups : IRollupStore
    {
        public List<GpuHourlyRollup> Rows { get; } = [];
        public Task UpsertAsync(IReadOnlyList<GpuHourlyRollup> rollups, CancellationToken cancellationToken = default) { Rows.AddRange(rollups); return Task.CompletedTask; }
        public Task<IReadOnlyList<GpuHourlyRollup>> GetAsync(string host, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<GpuHourlyRollup>>(Rows.Where(r => string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase) && r.Hour >= from && r.Hour < to).ToList());
        public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class MemoryIdleCost : IIdleCostStore
    {
        public List<DailyCostFact> Facts { get; } = [];
        public Task UpsertAsync(IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default) { Facts.AddRange(facts); return Task.CompletedTask; }
        public Task<IReadOnlyList<DailyCostFact>> GetFactsAsync(LedgerQuery query, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DailyCostFact>>(Facts);
    }

    private sealed class OneHost(TelemetrySet set) : ITelemetrySource
    {
        public Task<TelemetrySet> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) => Task.FromResult(set);
    }

    [Fact]
    public async Task Idle_cost_of_a_host_two_namesakes_would_read_is_charged_to_neither()
    {
        var hourEnd = new DateTimeOffset(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
        var telemetry = new TelemetrySet();
        foreach (var host in new[] { "shared01", "own01" })
        {
            var series = new GpuSeries(host, "0") { Model = "NVIDIA A100 80GB PCIe" };
            for (var m = 0; m < 60; m++) series.Readings.Add(new GpuReading(hourEnd.AddMinutes(-60 + m), 0.1m, 0m, 4m, 81920m, 60m));
            telemetry.GetOrAdd(host).Gpus["0"] = series;
        }
        var a = Vm("shared01");
        var b = Vm("shared01") with { ResourceId = a.ResourceId.Replace("/ml-dev/", "/ml-other/", StringComparison.Ordinal), ResourceGroup = "ml-other" };
        var inventory = Substitute.For<IComputeInventory>();
        inventory.ListGpuMachinesAsync(Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>()).Returns([a, b, Vm("own01")]);
        var idleCost = new MemoryIdleCost();

        await new CollectTelemetryStage(inventory, [new OneHost(telemetry)], new MemoryRollups(), idleCost, SnapshotPriceCatalog.Default, VmSkuCatalog.Default,
            new IdleOptions(), new FakeTimeProvider(hourEnd.AddMinutes(5))).RunAsync();

        // One idle GPU-hour: own01's. The shared host's hour would have been charged twice (to both namesakes) before.
        Assert.Equal(1m, idleCost.Facts.Sum(f => f.GpuHours));
    }
}
