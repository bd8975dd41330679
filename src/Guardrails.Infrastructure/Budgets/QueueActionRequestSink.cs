using System.Text.Json;
using Azure.Storage.Queues;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;

namespace Guardrails.Infrastructure.Budgets;

/// <summary>
/// Sends spending-limit action requests to the guardrail action queue ("actions"), where the action executor applies
/// its safety rules (dry-run unless enabled, exemptions, caps, audit). The message is the request as JSON.
/// </summary>
public sealed class QueueActionRequestSink(QueueClient queue) : IActionRequestSink
{
    public const string DefaultQueueName = "actions";

    public async Task SubmitAsync(GuardrailActionRequest request, CancellationToken cancellationToken = default)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queue.SendMessageAsync(JsonSerializer.Serialize(request, AlertNotification.JsonOptions), cancellationToken);
    }
}
