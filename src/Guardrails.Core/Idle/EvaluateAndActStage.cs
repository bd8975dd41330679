using Guardrails.Core.Actions;

namespace Guardrails.Core.Idle;

/// <summary>What an in-process idle run did: the evaluation and, per machine acted on, the executor's outcome.</summary>
public sealed record EvaluateAndActResult(IdleRunResult Evaluation, IReadOnlyDictionary<string, ActionOutcome> Outcomes);

/// <summary>
/// Evaluate, then act in process (<c>guardrails idle</c> live mode): <see cref="EvaluateIdleStage"/> submits its requests to
/// <paramref name="requests"/>; with <c>act</c>, each then goes through the <see cref="ActionExecutor"/> (re-check, caps,
/// exemptions, audit) — what the Function App does through the actions queue and <see cref="ExecuteActionStage"/>.
/// </summary>
public sealed class EvaluateAndActStage(EvaluateIdleStage evaluate, InMemoryActionRequestSink requests, ActionExecutor executor)
{
    /// <summary>The evaluation stage (the host reads its settings, e.g. whether Azure Monitor metrics are read).</summary>
    public EvaluateIdleStage Evaluate => evaluate;

    public async Task<EvaluateAndActResult> RunAsync(bool act, CancellationToken cancellationToken = default)
    {
        var evaluation = await evaluate.RunAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new Dictionary<string, ActionOutcome>(StringComparer.OrdinalIgnoreCase);
        if (act)
            foreach (var request in requests.Requests)
                outcomes[request.ResourceId] = await executor.ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
        return new EvaluateAndActResult(evaluation, outcomes);
    }
}
