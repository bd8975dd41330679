namespace Guardrails.Core.Actions;

/// <summary>
/// Where action requests go (budgets' spending limits and idle decisions alike): the guardrail action path (queue "actions" → the action executor, which
/// applies dry-run, exemptions and caps).
/// </summary>
public interface IActionRequestSink
{
    Task SubmitAsync(GuardrailActionRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Keeps requests in memory (CLI runs and tests).</summary>
public sealed class InMemoryActionRequestSink : IActionRequestSink
{
    private readonly List<GuardrailActionRequest> _requests = [];
    public IReadOnlyList<GuardrailActionRequest> Requests { get { lock (_requests) return _requests.ToList(); } }
    public Task SubmitAsync(GuardrailActionRequest request, CancellationToken cancellationToken = default)
    {
        lock (_requests) _requests.Add(request);
        return Task.CompletedTask;
    }
}

/// <summary>The action queue itself: a request that must wait (RetryLater) goes back on it with a delay.</summary>
public interface IActionRequestQueue : IActionRequestSink
{
    Task EnqueueAsync(GuardrailActionRequest request, TimeSpan? delay, CancellationToken cancellationToken = default);
}
