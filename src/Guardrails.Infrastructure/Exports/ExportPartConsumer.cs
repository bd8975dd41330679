using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Exports;

/// <summary>What draining the export-parts queue did.</summary>
public sealed record DrainResult(int Succeeded, int FailedAttempts, int Poisoned, IReadOnlyList<IngestExportPartResult> Parts)
{
    /// <summary>
    /// Messages whose lease this consumer lost before it could settle them (a renewal came too late on a starved machine
    /// and another consumer received the message, or the message is gone): left to their new holder, never a crash.
    /// </summary>
    public int LeasesLost { get; init; }
}

/// <summary>
/// Drains the export-parts queue in process with N concurrent consumers, calling the same stage the
/// IngestExportPart function calls, with the same retry rules as the Functions host: a failed message becomes
/// visible again (here at once), and after <see cref="ExportPipelineOptions.MaxDequeueCount"/> attempts it moves to
/// export-parts-poison. Used by `guardrails pipeline run` (no Functions Core Tools needed) and the tests.
/// A message is received invisible for <see cref="ExportPipelineOptions.PartVisibilityTimeout"/> (30 s) and the lease
/// is renewed every third of that while its part is ingested: a long part is never delivered to a second consumer,
/// and the part of a consumer that was killed is visible again within 30 s for <c>pipeline run --resume</c>.
/// </summary>
public sealed class ExportPartConsumer(QueueClient partsQueue, QueueClient poisonQueue, IngestExportPartStage stage, ExportPipelineOptions options)
{
    /// <summary>Drains the queue with <paramref name="consumers"/> consumers; <paramref name="progress"/> hears of each part as it completes (any thread).</summary>
    public async Task<DrainResult> DrainAsync(int consumers = 1, CancellationToken cancellationToken = default, IProgress<IngestExportPartResult>? progress = null)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var tally = new DrainTally(progress);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, consumers)).Select(_ => Task.Run(() => ConsumeAsync(tally, cancellationToken), cancellationToken)));
        return tally.Result();
    }

    /// <summary>One consumer: a message at a time, until the queue is empty and no consumer holds a part (which could come back).</summary>
    private async Task ConsumeAsync(DrainTally tally, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var received = await partsQueue.ReceiveMessagesAsync(1, options.PartVisibilityTimeout, cancellationToken);
            var message = received.Value.FirstOrDefault();
            if (message is null)
            {
                if (Volatile.Read(ref tally.InFlight) == 0 && await IsEmptyAsync(cancellationToken)) return;
                await Task.Delay(50, cancellationToken);
                continue;
            }
            Interlocked.Increment(ref tally.InFlight);
            try
            {
                await IngestPartAsync(message, tally, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref tally.InFlight);
            }
        }
    }

    /// <summary>Ingests one part under a renewed lease and deletes its message; a failure retries or poisons it.</summary>
    private async Task IngestPartAsync(QueueMessage message, DrainTally tally, CancellationToken cancellationToken)
    {
        var lease = new Lease(partsQueue, message.MessageId, message.PopReceipt, options.PartVisibilityTimeout);
        ExportPartMessage? part = null;
        try
        {
            part = ExportPartMessage.Parse(message.Body.ToString());
            IngestExportPartResult result;
            await using (lease.Start(cancellationToken))
                result = await stage.IngestAsync(part, (int)message.DequeueCount, cancellationToken);
            if (!await SettleAsync(() => partsQueue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, cancellationToken)))
            {
                // The part is written and recorded (idempotently); its message now belongs to another consumer,
                // which finds the part completed and deletes it.
                Interlocked.Increment(ref tally.LeasesLost);
                tally.Add(result);
                return;
            }
            // Not a cost export: the stage recorded it poisoned at once; the message is done with.
            Interlocked.Increment(ref result.PoisonedBecause is null ? ref tally.Succeeded : ref tally.Poisoned);
            tally.Add(result);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref tally.Failed);
            await RetryOrPoisonAsync(message, part, lease, tally, cancellationToken);
        }
    }

    /// <summary>
    /// A failed message: to export-parts-poison when it is not a part or after <see cref="ExportPipelineOptions.MaxDequeueCount"/>
    /// attempts (the part recorded poisoned), else visible again at once.
    /// </summary>
    private async Task RetryOrPoisonAsync(QueueMessage message, ExportPartMessage? part, Lease lease, DrainTally tally, CancellationToken cancellationToken)
    {
        if (part is null || message.DequeueCount >= options.MaxDequeueCount)
        {
            await poisonQueue.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
            if (!await SettleAsync(() => partsQueue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, cancellationToken)))
            {
                Interlocked.Increment(ref tally.LeasesLost); // its new holder retries or poisons it
                return;
            }
            if (part is not null) await stage.RecordPoisonedAsync(part, cancellationToken);
            Interlocked.Increment(ref tally.Poisoned);
        }
        // Visible again at once (the Functions host waits host.json's visibilityTimeout instead).
        else if (!await SettleAsync(() => partsQueue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken)))
            Interlocked.Increment(ref tally.LeasesLost); // already visible to, or held by, another consumer
    }

    /// <summary>What the consumers of one drain have done so far (counters updated with Interlocked from any thread).</summary>
    private sealed class DrainTally(IProgress<IngestExportPartResult>? progress)
    {
        private readonly List<IngestExportPartResult> _results = [];
        public int Succeeded, Failed, Poisoned, InFlight, LeasesLost;

        /// <summary>A part that completed (whoever deletes its message), reported to the progress as it comes.</summary>
        public void Add(IngestExportPartResult result)
        {
            lock (_results) _results.Add(result);
            progress?.Report(result);
        }

        public DrainResult Result() =>
            new(Succeeded, Failed, Poisoned, _results.OrderBy(r => r.Run.ToString(), StringComparer.Ordinal).ThenBy(r => r.PartIndex).ToList())
            {
                LeasesLost = LeasesLost,
            };
    }

    /// <summary>
    /// Deletes or releases a received message; false when this consumer no longer holds it (pop receipt mismatch: another
    /// consumer received it after the lease ran out; not found: it was deleted) — not an error of the part.
    /// </summary>
    private static async Task<bool> SettleAsync(Func<Task> settle)
    {
        try
        {
            await settle();
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 400 or 404 &&
            e.ErrorCode is "PopReceiptMismatch" or "MessageNotFound")
        {
            return false;
        }
    }

    /// <summary>A part message's lease: renewed every third of the visibility timeout until disposed; tracks the newest pop receipt.</summary>
    private sealed class Lease(QueueClient queue, string messageId, string popReceipt, TimeSpan visibility)
    {
        private string _popReceipt = popReceipt;

        public string PopReceipt => Volatile.Read(ref _popReceipt);

        public IAsyncDisposable Start(CancellationToken cancellationToken)
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = RenewAsync(stop.Token);
            return new Renewal(stop, renewing);
        }

        private async Task RenewAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(visibility / 3, cancellationToken);
                    var updated = await queue.UpdateMessageAsync(messageId, PopReceipt, visibilityTimeout: visibility, cancellationToken: cancellationToken);
                    Volatile.Write(ref _popReceipt, updated.Value.PopReceipt);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // the part is done (or the consumer stops): no more renewals
            }
            catch (Azure.RequestFailedException)
            {
                // The lease was lost (the message expired and another consumer took it): stop renewing; completed parts
                // are idempotent, and deleting with the old receipt fails like any other attempt.
            }
        }

        private sealed class Renewal(CancellationTokenSource stop, Task renewing) : IAsyncDisposable
        {
            public async ValueTask DisposeAsync()
            {
                await stop.CancelAsync();
                try
                {
                    await renewing; // a renewal in flight finishes first, so PopReceipt is the newest
                }
                finally
                {
                    stop.Dispose();
                }
            }
        }
    }

    private async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        var props = await partsQueue.GetPropertiesAsync(cancellationToken);
        return props.Value.ApproximateMessagesCount == 0;
    }
}
