using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Cuts a plain CSV file into parts that several workers read at once, each taking the next unread part when it is
/// done with its last one (so a worker slowed down by anything — the JIT, the GC, another process — simply reads fewer
/// parts, and all workers finish within about one part of each other). Half the workers take parts from the front of
/// the file and half from the back, so each reads mostly one stretch of the file (of days, in a day-ordered export)
/// and their aggregates overlap little.
/// <para>
/// The cuts are speculative: part <c>k</c> starts just after the first line feed at or after <c>k × partSize</c>. That
/// is a record boundary unless the line feed is inside a quoted field (a multi-line value), which with RFC 4180
/// quoting is exactly when the number of double quotes before it is odd. Every part's quotes are counted while it is
/// read, so after the read each cut is checked; a cut inside a quoted field makes the whole parallel read void (the
/// caller reads the file again, sequentially). Line ends are counted the same way ("\n", "\r\n" and a lone "\r" each
/// end one line, as Sep counts them), which turns a worker's line numbers back into the file's.
/// </para>
/// </summary>
internal static class CsvParts
{
    /// <summary>
    /// Part boundaries: 0, then just after the first line feed at or after each multiple of <paramref name="partSize"/>,
    /// then <paramref name="length"/>; strictly increasing (a row longer than a part makes one longer part).
    /// </summary>
    public static long[] Boundaries(Stream stream, long length, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, 1);
        var cuts = new List<long> { 0 };
        var probe = new byte[4096];
        for (var at = partSize; at < length; at += partSize)
        {
            if (at < cuts[^1]) continue; // the previous part's row already runs past this point
            var cut = NextLineStart(stream, at, length, probe);
            if (cut >= length) break;
            if (cut > cuts[^1]) cuts.Add(cut);
        }

        cuts.Add(length);
        return [.. cuts];
    }

    /// <summary>Just after the first line feed at or after <paramref name="at"/>; <paramref name="length"/> when none.</summary>
    private static long NextLineStart(Stream stream, long at, long length, byte[] probe)
    {
        stream.Position = at;
        var position = at;
        while (position < length)
        {
            var n = stream.Read(probe, 0, (int)Math.Min(probe.Length, length - position));
            if (n == 0) break;
            var i = probe.AsSpan(0, n).IndexOf((byte)'\n');
            if (i >= 0) return position + i + 1;
            position += n;
        }

        return length;
    }

    /// <summary>Counts double quotes and line ends of one piece of a part, in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Count(ReadOnlySpan<byte> span, ref PartCounts counts)
    {
        if (span.IsEmpty) return;
        long quotes = 0, lineFeeds = 0, returns = 0, pairs = 0;
        if (counts.PendingCr && span[0] == (byte)'\n') pairs++; // "\r\n" across two reads
        ref var start = ref MemoryMarshal.GetReference(span);
        var i = 0;
        if (Vector256.IsHardwareAccelerated && span.Length >= Vector256<byte>.Count)
        {
            var quote = Vector256.Create((byte)'"');
            var lineFeed = Vector256.Create((byte)'\n');
            var carriageReturn = Vector256.Create((byte)'\r');
            uint crAtTop = 0; // the previous vector ended with '\r'
            for (; i <= span.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)i);
                var q = Vector256.Equals(v, quote).ExtractMostSignificantBits();
                var n = Vector256.Equals(v, lineFeed).ExtractMostSignificantBits();
                var r = Vector256.Equals(v, carriageReturn).ExtractMostSignificantBits();
                quotes += BitOperations.PopCount(q);
                lineFeeds += BitOperations.PopCount(n);
                if ((r | crAtTop) != 0)
                {
                    returns += BitOperations.PopCount(r);
                    pairs += BitOperations.PopCount(r & (n >> 1)) + (crAtTop & n);
                    crAtTop = r >> 31;
                }
            }

            if (crAtTop != 0 && i < span.Length && span[i] == (byte)'\n') pairs++;
        }

        for (; i < span.Length; i++)
        {
            switch (Unsafe.Add(ref start, i))
            {
                case (byte)'"':
                    quotes++;
                    break;
                case (byte)'\n':
                    lineFeeds++;
                    break;
                case (byte)'\r':
                    returns++;
                    if (i + 1 < span.Length && Unsafe.Add(ref start, i + 1) == (byte)'\n') pairs++;
                    break;
            }
        }

        counts.PendingCr = span[^1] == (byte)'\r';
        counts.Quotes += quotes;
        counts.Lines += lineFeeds + returns - pairs; // a "\r\n" is one line end; a '\r' at the very end counts as one
    }
}

/// <summary>Double quotes and line ends seen so far in one part.</summary>
internal struct PartCounts
{
    public long Quotes;
    public long Lines;
    /// <summary>The last byte seen was '\r' (a following '\n' makes the pair one line end).</summary>
    public bool PendingCr;
}

/// <summary>The parts of one parallel read, shared by its workers: which part is next, and what each part held.</summary>
internal sealed class PartFeed
{
    private readonly long[] _boundaries;
    private readonly long[] _quotes;
    private readonly long[] _lines;
    private readonly Lock _gate = new();
    private int _front, _back;
    private long _bytesRead;
    private bool _stopped;
    private readonly IProgress<long>? _progress;

    /// <param name="boundaries">From <see cref="CsvParts.Boundaries"/>.</param>
    /// <param name="reserved">Leading parts not handed out by <see cref="Take"/> (part 0, which holds the header, is the
    /// first worker's own).</param>
    public PartFeed(long[] boundaries, int reserved, IProgress<long>? progress)
    {
        _boundaries = boundaries;
        _quotes = new long[Count];
        _lines = new long[Count];
        _front = Math.Min(reserved, Count);
        _back = Count - 1;
        _progress = progress;
    }

    public int Count => _boundaries.Length - 1;
    public long Start(int part) => _boundaries[part];
    public long End(int part) => _boundaries[part + 1];

    /// <summary>The first (or, <paramref name="fromBack"/>, the last) part nobody has taken; -1 when all are taken or
    /// the read was stopped.</summary>
    public int Take(bool fromBack)
    {
        lock (_gate)
        {
            if (_stopped || _front > _back) return -1;
            return fromBack ? _back-- : _front++;
        }
    }

    /// <summary>Stops handing out parts (a worker failed: the others finish the part they are in and stop).</summary>
    public void Stop()
    {
        lock (_gate) _stopped = true;
    }

    /// <summary>Records what a part held once it has been read to its end.</summary>
    public void Finish(int part, in PartCounts counts)
    {
        _quotes[part] = counts.Quotes;
        _lines[part] = counts.Lines;
    }

    public void Report(int bytes)
    {
        var total = Interlocked.Add(ref _bytesRead, bytes);
        _progress?.Report(total);
    }

    /// <summary>
    /// True when every cut is outside quoted fields (an even number of quotes before it) and the file does not end
    /// inside one: then every part is whole records, and the parts may be read in any order. Call after the read.
    /// </summary>
    public bool CutsAreRecordBoundaries()
    {
        long quotes = 0;
        for (var part = 0; part < Count; part++)
        {
            quotes += _quotes[part];
            if ((quotes & 1) == 1) return false;
        }

        return true;
    }

    /// <summary>The file line of a line within a part (after the read: every part before it has been counted).</summary>
    public long FileLine(int part, long lineInPart)
    {
        if (_linesBefore is null)
        {
            _linesBefore = new long[Count];
            for (var p = 1; p < Count; p++) _linesBefore[p] = _linesBefore[p - 1] + _lines[p - 1];
        }

        return _linesBefore[part] + lineInPart;
    }

    private long[]? _linesBefore;
}

/// <summary>
/// One worker's view of the file: the parts it takes, one after another, as one stream. Parts are whole records (once
/// the read is checked), so the stream is valid CSV whatever their order, and its reader's line numbers map back to
/// (part, line in part) through
/// <see cref="PartOf"/>. Counts every part's quotes and line ends as its bytes pass (while they are in cache).
/// </summary>
internal sealed class PartStream(Stream file, PartFeed feed, int firstPart, bool fromBack) : ForwardReadStream
{
    private readonly List<(int Part, long FirstLine)> _segments = [];
    private int _part = -1;
    private int _pendingFirst = firstPart;
    private long _position, _end;
    private PartCounts _counts;
    private long _linesServed;
    private int _segment;
    private long _nextSegmentLine = long.MaxValue;

    /// <summary>The stream has been read to its end (no more parts).</summary>
    public bool Ended { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Read(Span<byte> buffer)
    {
        while (_position >= _end)
        {
            if (!NextPart())
            {
                Ended = true;
                return 0;
            }
        }

        var n = file.Read(buffer[..(int)Math.Min(buffer.Length, _end - _position)]);
        if (n == 0) throw new IOException($"the file ended at byte {_position:N0}, before the {_end:N0} bytes it had when the read started");
        CsvParts.Count(buffer[..n], ref _counts);
        _position += n;
        feed.Report(n);
        if (_position == _end)
        {
            feed.Finish(_part, _counts);
            _linesServed += _counts.Lines;
        }

        return n;
    }

    private bool NextPart()
    {
        var part = _pendingFirst >= 0 ? _pendingFirst : feed.Take(fromBack);
        _pendingFirst = -1;
        if (part < 0) return false;
        _part = part;
        _position = feed.Start(part);
        _end = feed.End(part);
        _counts = default;
        file.Position = _position;
        _segments.Add((part, _linesServed + 1));
        if (_segments.Count == _segment + 2) _nextSegmentLine = _linesServed + 1;
        return true;
    }

    /// <summary>
    /// The part and the line within it of this stream's (1-based) line <paramref name="line"/>. Lines must be asked in
    /// increasing order (rows in stream order), from the thread that reads the stream.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PartOf(long line, out long lineInPart)
    {
        if (line >= _nextSegmentLine) Advance(line);
        var (part, first) = _segments[_segment];
        lineInPart = line - first + 1;
        return part;
    }

    private void Advance(long line)
    {
        while (_segment + 1 < _segments.Count && line >= _segments[_segment + 1].FirstLine) _segment++;
        _nextSegmentLine = _segment + 1 < _segments.Count ? _segments[_segment + 1].FirstLine : long.MaxValue;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) file.Dispose();
        base.Dispose(disposing);
    }
}
