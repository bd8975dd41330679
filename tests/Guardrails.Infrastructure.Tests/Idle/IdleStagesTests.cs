using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Guardrails.Core.Actions;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Idle;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Guardrails.Infrastructure.Tests.Idle;

/// <summary>The idle stages end to end against Azurite: push → evaluate → queue → execute → audit trail.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdleStagesTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 30, TimeSpan.Zero);

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

    [Fact]
    public async Task A_push_with_a_nan_row_is_rejected_and_a_bad_stored_blob_does_not_stop_the_others()
    {
        var time = new FakeTimeProvider(Now);
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("push"));
        var push = new BlobPushedTelemetry(container, time);
        const string Header = "timestamp, index, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n";
        var row = $"{Now.AddMinutes(-1).UtcDateTime:yyyy/MM/dd HH:mm:ss}.120, 0, 0 %, 4 MiB, 81920 MiB\n";

        var e = await Assert.ThrowsAsync<TelemetryFormatException>(() => push.StoreAsync("nan-host", Header + row.Replace(" 0 %", " NaN %", StringComparison.Ordinal)));
        Assert.Contains("line 2, field 'utilization.gpu'", e.Message);
        Assert.Equal(1, await push.StoreAsync("good-host", Header + row));
        // A blob written before validation existed (or by hand): its file is quarantined, the good host is still read.
        await container.UploadBlobAsync($"old-host/{Now.AddMinutes(-2).UtcDateTime:yyyyMMddHHmmss}-x.csv", BinaryData.FromString("0, 0 %\n"));

        var set = await push.ReadAsync(Now.AddHours(-1), Now);

        Assert.Single(set.Find("good-host")!.Gpus["0"].Readings);
        Assert.Contains("(blob skipped)", Assert.Single(set.Quarantined));
    }

    [Fact]
    public async Task A_stored_blob_without_a_push_time_or_a_telemetry_extension_is_quarantined_never_read_as_fresh()
    {
        var time = new FakeTimeProvider(Now);
        var container = new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("push"));
        var push = new BlobPushedTelemetry(container, time);
        await container.CreateIfNotExistsAsync();
        // An exposition line without a timestamp takes the blob's push time: a name whose time cannot be read (second 99) or
        // whose format is unknown must not be read at all (taking "now" would make old readings look fresh).
        const string Scrape = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",Hostname=\"gpu-01\"} 0\n";
        var inRange = Now.AddMinutes(-1).UtcDateTime;
        await container.UploadBlobAsync($"gpu-01/{inRange:yyyyMMddHHmm}99-x.prom", BinaryData.FromString(Scrape));
        await container.UploadBlobAsync($"gpu-01/{inRange:yyyyMMddHHmmss}-y.bin", BinaryData.FromString(Scrape));

        var set = await push.ReadAsync(Now.AddHours(-1), Now);

        Assert.Null(set.Find("gpu-01"));
        Assert.Equal(2, set.Quarantined.Count);
        Assert.All(set.Quarantined, q => Assert.Contains("not a pushed-telemetry blob", q, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pushed_nvidia_smi_is_evaluated_queued_executed_and_audited()
    {
        var time = new FakeTimeProvider(Now);
        var push = new BlobPushedTelemetry(new BlobContainerClient(azurite.ConnectionString, AzuriteFixture.UniqueName("push")), time);
        var idleCsv = "timestamp, index, name, utilization.gpu [%], memory.used [MiB], memory.total [MiB]\n" + string.Concat(
            Enumerable.Range(0, 70).Select(i => $"{Now.AddMinutes(-69 + i).UtcDateTime:yyyy/MM/dd HH:mm:ss}.120, 0, NVIDIA A100 80GB PCIe, 0 %, 4 MiB, 81920 MiB\n"));
        Assert.Equal(70, await push.StoreAsync("idle-a100", idleCsv));
        await push.StoreAsync("busy-a100", idleCsv.Replace(", 0 %,", ", 97 %,", StringComparison.Ordinal));
        await Assert.ThrowsAsync<TelemetryFormatException>(() => push.StoreAsync("bad", "hello\n"));

        var config = Path.Combine(Path.GetTempPath(), AzuriteFixture.UniqueName("cfg") + ".yaml");
        await File.WriteAllTextAsync(config, "policies:\n  - name: idle-dev\n    action: deallocate\n    dryRun: false\n");
        var inventory = Substitute.For<IComputeInventory>();
        var machines = new[] { Vm("idle-a100"), Vm("busy-a100"), Vm("gone-a100", MachinePowerState.Deallocated) };
        inventory.ListGpuMachinesAsync(Arg.Any<IReadOnlyList<string>>(), Arg.Any<CancellationToken>()).Returns(machines);
        foreach (var m in machines) inventory.GetMachineAsync(m.ResourceId, Arg.Any<CancellationToken>()).Returns(m);

        var audit = new TableActionAuditLog(new TableClient(azurite.ConnectionString, AzuriteFixture.UniqueName("audit")));
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("actions"));
        var sink = new QueueActionRequestSink(queue);
        var options = new IdleOptions { ConfigPath = config, Scopes = ["/subscriptions/00000000-0000-0000-0000-00000000a001"] };
        var events = Substitute.For<IGuardrailEventPublisher>();
        var evaluate = new EvaluateIdleStage(inventory, [push], new IdlePolicyEngine(VmSkuCatalog.Default, SnapshotPriceCatalog.Default, time),
            audit, sink, options, time)
        { Events = events };
        var result = await evaluate.RunAsync();
        // Decisions not to act are events too (the executor publishes the others).
        await events.Received(1).PublishAsync(Arg.Is<GuardrailEvent>(e => e.Type == "guardrails.action.skip.skipped" && e.Subject.EndsWith("busy-a100", StringComparison.Ordinal)),
            Arg.Any<CancellationToken>());
        await events.Received(2).PublishAsync(Arg.Any<GuardrailEvent>(), Arg.Any<CancellationToken>());
        Assert.Equal(IdleDecisionKind.Deallocate, result.Decisions.Single(d => d.Machine.Name == "idle-a100").Decision);
        Assert.Equal(3.673m, result.Decisions.Single(d => d.Machine.Name == "idle-a100").HourlyCost);

        var compute = Substitute.For<IComputeActions>();
        compute.DeallocateAsync(Arg.Any<ComputeMachine>(), Arg.Any<CancellationToken>()).Returns(
            new ComputeActionResult(ComputeActionStatus.RetryLater, "409 Conflict"), new ComputeActionResult(ComputeActionStatus.Accepted));
        var execute = new ExecuteActionStage(new ActionExecutor(inventory, compute, audit, NullEventPublisher.Instance, NullActionNotifier.Instance, time), sink);

        var message = Assert.Single((await queue.ReceiveMessagesAsync(10)).Value);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Assert.Equal(ActionOutcomeStatus.RetryLater, (await execute.RunAsync(message.Body.ToString())).Status);
        Assert.Empty((await queue.ReceiveMessagesAsync(10)).Value); // re-enqueued invisible for the retry delay
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);

        time.Advance(TimeSpan.FromMinutes(2));
        var retried = ActionRequestMessage.Parse(message.Body.ToString());
        Assert.Equal(ActionOutcomeStatus.Acted, (await execute.RunAsync(ActionRequestMessage.Serialize(retried))).Status);
        await compute.Received(2).DeallocateAsync(Arg.Is<ComputeMachine>(m => m.Name == "idle-a100"), Arg.Any<CancellationToken>());

        var trail = await audit.ReadDayAsync(new DateOnly(2026, 7, 14));
        Assert.Contains(trail, e => e.Action == "skip" && e.ResourceId.EndsWith("busy-a100", StringComparison.Ordinal) && e.Metrics!.Contains("max work 97%", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.Action == "skip" && e.Reasons[0] == "already deallocated: nothing to do");
        Assert.Contains(trail, e => e.Action == "deallocate" && e.Outcome == ActionOutcomeStatus.RetryLater);
        Assert.Contains(trail, e => e.Action == "deallocate" && e.Outcome == ActionOutcomeStatus.Acted && e.HourlyCostSaved == 3.673m);
    }
}
