using Azure.Core;
using Azure.Core.Pipeline;

namespace Guardrails.Benchmarks.Pipeline;

/// <summary>Storage operations one process sent, as the service counts (and bills) them: one per HTTP request.</summary>
internal sealed record OperationCounts(long Reads, long Writes, long Batches)
{
    public long Total => Reads + Writes + Batches;

    public static OperationCounts operator +(OperationCounts a, OperationCounts b) =>
        new(a.Reads + b.Reads, a.Writes + b.Writes, a.Batches + b.Batches);
}

/// <summary>
/// Counts every HTTP request a storage client sends, retries included (added per retry: each attempt is an
/// operation the service serves and bills): GET (queries, point reads), $batch (an entity-group transaction) and
/// the other writes (PUT/MERGE/POST/DELETE).
/// </summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private long _reads;
    private long _writes;
    private long _batches;

    public OperationCounts Counts => new(Interlocked.Read(ref _reads), Interlocked.Read(ref _writes), Interlocked.Read(ref _batches));

    public override void OnSendingRequest(HttpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Count(message.Request.Method, message.Request.Uri.Path);
    }

    internal void Count(RequestMethod method, string path)
    {
        if (path.EndsWith("$batch", StringComparison.Ordinal)) Interlocked.Increment(ref _batches);
        else if (method == RequestMethod.Get || method == RequestMethod.Head) Interlocked.Increment(ref _reads);
        else Interlocked.Increment(ref _writes);
    }
}
