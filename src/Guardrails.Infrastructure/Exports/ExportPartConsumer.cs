using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Guardrails.Infrastructure.Exports;

/// <summary>What draining the export-parts queue did.</summary>
public sealed record DrainResult(int Succeeded, int FailedAttempts, int Poisoned, IReadOnlyList<IngestExportPartResult> Parts);

/// <summary>
/// Drains the export-parts queue in process with N concurrent consumers, calling the same stage the
/// IngestExportPart function calls, with the same retry rules as the Functions host: a failed message becomes
/// visible again (here at once), and after <see cref="ExportPipelineOptions.MaxDequeueCount"/> attempts it moves to
/// export-parts-poison. Used by `guardrails pipeline run` (no Functions Core Tools needed) and the tests.
/// </summary>
public sealed class ExportPartConsumer(QueueClient partsQueue, QueueClient poisonQueue, IngestExportPartStage stage, ExportPipelineOptions options)
{
    public async Task<DrainResult> DrainAsync(int consumers = 1, CancellationToken cancellationToken = default)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var results = new List<IngestExportPartResult>();
        int succeeded = 0, failed = 0, poisoned = 0, inFlight = 0;
        var gate = new object();

        async Task ConsumeAsync()
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var received = await partsQueue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5), cancellationToken);
                var message = received.Value.FirstOrDefault();
                if (message is null)
                {
                    if (Volatile.Read(ref inFlight) == 0 && await IsEmptyAsync(cancellationToken)) return;
                    await Task.Delay(50, cancellationToken);
                    continue;
                }
                Interlocked.Increment(ref inFlight);
                try
                {
                    ExportPartMessage? part = null;
                    try
                    {
                        part = ExportPartMessage.Parse(message.Body.ToString());
                        var result = await stage.IngestAsync(part, (int)message.DequeueCount, cancellationToken);
                        await partsQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                        // Not a cost export: the stage recorded it poisoned at once; the message is done with.
                        Interlocked.Increment(ref result.PoisonedBecause is null ? ref succeeded : ref poisoned);
                        lock (gate) results.Add(result);
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                        if (part is null || message.DequeueCount >= options.MaxDequeueCount)
                        {
                            await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                            await partsQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                            if (part is not null) await stage.RecordPoisonedAsync(part, cancellationToken);
                            Interlocked.Increment(ref poisoned);
                        }
                        else
                        {
                            // Visible again at once (the Functions host waits host.json's visibilityTimeout instead).
                            await partsQueue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                        }
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, consumers)).Select(_ => Task.Run(ConsumeAsync, cancellationToken)));
        return new DrainResult(succeeded, failed, poisoned, results.OrderBy(r => r.Run.ToString(), StringComparer.Ordinal).ThenBy(r => r.PartIndex).ToList());
    }

    private async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var props = await partsQueue.GetPropertiesAsync(cancellationToken);
        return props.Value.ApproximateMessagesCount == 0;
    }
}
