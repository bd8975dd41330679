using Azure.Storage.Queues;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;

namespace Guardrails.Infrastructure.Actions;

/// <summary>
/// Action requests (idle decisions and budgets' spending limits alike) as <see cref="ActionRequestMessage"/>s on the
/// <c>actions</c> queue, where ExecuteAction applies the executor's safety rules. A retry is the same message, delayed.
/// </summary>
public sealed class QueueActionRequestSink(QueueClient queue) : IActionRequestQueue
{
    public const string DefaultQueueName = ActionRequestMessage.QueueName;
    private bool _created;

    public Task SubmitAsync(GuardrailActionRequest request, CancellationToken cancellationToken = default) =>
        EnqueueAsync(request, null, cancellationToken);

    public async Task EnqueueAsync(GuardrailActionRequest request, TimeSpan? delay, CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            _created = true;
        }
        await queue.SendMessageAsync(ActionRequestMessage.Serialize(request), visibilityTimeout: delay, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
