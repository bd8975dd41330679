using Guardrails.Core.Actions;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Infrastructure.Idle;

namespace Guardrails.Cli.Commands.Idle;

/// <summary>
/// `guardrails idle --store`: the decisions of a recorded-telemetry run go to the audit table the way the Function App
/// writes them — a decision not to act as EvaluateIdle audits it, every other decision through the real
/// <see cref="ActionExecutor"/> forced to dry-run (it re-reads the machine from the inventory and re-checks exemption,
/// power state, mark deadline and request age). Nothing is ever tagged or deallocated from the CLI.
/// </summary>
public static class IdleAudit
{
    public static async Task<IReadOnlyList<ActionOutcome>> WriteAsync(IdleRunResult result, IReadOnlyList<ComputeMachine> machines, IActionAuditLog audit,
        TimeProvider time, CancellationToken cancellationToken = default)
    {
        foreach (var d in result.Decisions.Where(d => d.Action is null))
            await audit.AppendAsync(EvaluateIdleStage.SkipEntry(d, result.EvaluatedAt), cancellationToken).ConfigureAwait(false);
        var inventory = new RecordedInventory(machines);
        var executor = new ActionExecutor(inventory, inventory, audit, NullEventPublisher.Instance, NullActionNotifier.Instance, time);
        var outcomes = new List<ActionOutcome>();
        foreach (var request in result.ToActionRequests())
            outcomes.Add(await executor.ExecuteAsync(request with { DryRun = true }, cancellationToken).ConfigureAwait(false));
        return outcomes;
    }

    /// <summary>The inventory file as ARM; any change is refused (the CLI only ever runs dry).</summary>
    internal sealed class RecordedInventory(IReadOnlyList<ComputeMachine> machines) : IComputeInventory, IComputeActions
    {
        public Task<IReadOnlyList<ComputeMachine>> ListGpuMachinesAsync(IReadOnlyList<string> scopes, CancellationToken cancellationToken = default) =>
            Task.FromResult(machines);

        public Task<ComputeMachine?> GetMachineAsync(string resourceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(machines.FirstOrDefault(m => string.Equals(m.ResourceId, resourceId, StringComparison.OrdinalIgnoreCase)));

        public Task<ComputeActionResult> DeallocateAsync(ComputeMachine machine, CancellationToken cancellationToken = default) => throw Refused();
        public Task<ComputeActionResult> SetTagAsync(string resourceId, string key, string value, CancellationToken cancellationToken = default) => throw Refused();
        public Task<ComputeActionResult> RemoveTagAsync(string resourceId, string key, CancellationToken cancellationToken = default) => throw Refused();

        private static InvalidOperationException Refused() => new("the CLI never changes machines (dry-run only)");
    }
}
