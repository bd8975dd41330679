using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Runs the downstream sink (allocation, aggregation) on a second thread while this thread keeps parsing: records go
/// across in batches through a bounded queue, so memory stays flat and the sink still sees every record once, in file
/// order, one call at a time. An exception in the sink stops the reader at the next batch and is rethrown.
/// </summary>
internal sealed class PipelinedSink : ICostRecordSink, IDisposable
{
    private const int BatchSize = 512;
    private const int MaxQueuedBatches = 8;

    private readonly ICostRecordSink _inner;
    private readonly bool _recycle;
    private readonly BlockingCollection<(CostRecord[] Batch, int Count)> _queue = new(MaxQueuedBatches);
    private readonly ConcurrentQueue<CostRecord[]> _free = new();
    private readonly Thread _consumer;
    private CostRecord[] _current = new CostRecord[BatchSize];
    private int _count;
    private volatile ExceptionDispatchInfo? _error;
    private bool _completed;

    public PipelinedSink(ICostRecordSink inner)
    {
        _inner = inner;
        _recycle = !inner.KeepsRecords;
        _consumer = new Thread(Consume) { IsBackground = true, Name = "Guardrails cost sink" };
        _consumer.Start();
    }

    /// <summary>Records are copied as they are queued, so the reader may refill its one record for every row.</summary>
    public bool KeepsRecords => false;

    public void Accept(CostRecord record)
    {
        // When the inner sink keeps no record either, a batch's records are reused from batch to batch; otherwise each
        // row gets its own record, as without the pipeline.
        if (_recycle && _current[_count] is { } pooled) pooled.Fields = record.Fields;
        else _current[_count] = new CostRecord(record.Fields);
        if (++_count == BatchSize) Send();
    }

    /// <summary>Delivers what is left and waits until the sink has seen every record; rethrows a sink exception.</summary>
    public void Complete()
    {
        if (_completed) return;
        if (_count > 0) Send();
        Stop();
        _error?.Throw();
    }

    public void Dispose() => Stop();

    private void Send()
    {
        _error?.Throw();
        _queue.Add((_current, _count));
        _current = _free.TryDequeue(out var batch) ? batch : new CostRecord[BatchSize];
        _count = 0;
    }

    private void Stop()
    {
        if (_completed) return;
        _completed = true;
        _queue.CompleteAdding();
        _consumer.Join();
        _queue.Dispose();
    }

    private void Consume()
    {
        foreach (var (batch, count) in _queue.GetConsumingEnumerable())
        {
            if (_error is null)
            {
                try
                {
                    for (var i = 0; i < count; i++) _inner.Accept(batch[i]);
                }
                catch (Exception e)
                {
                    _error = ExceptionDispatchInfo.Capture(e);
                }
            }

            if (!_recycle) Array.Clear(batch, 0, count);
            _free.Enqueue(batch);
        }
    }
}
