using Guardrails.Core.Actions;
using Guardrails.Core.Telemetry;

namespace Guardrails.Core.Idle;

/// <summary>
/// CPU and network per VM (Azure Monitor in the Function App), read only when a policy has a cpu or network condition.
/// A machine whose metrics cannot be read has no host readings: missing data keeps it not idle.
/// </summary>
public interface IHostMetricsSource
{
    /// <summary>
    /// Readings for <paramref name="machines"/> between <paramref name="from"/> and <paramref name="to"/>, keyed by the host the
    /// policy engine looks each machine up under (the GPU telemetry's host, else <paramref name="hostsByResource"/>'s alias).
    /// </summary>
    Task<TelemetrySet> ReadAsync(IReadOnlyList<ComputeMachine> machines, TelemetrySet gpuTelemetry,
        IReadOnlyDictionary<string, string>? hostsByResource, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
