using System.Runtime.CompilerServices;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Finds where a plain CSV file can be cut in two so that each half can be parsed on its own thread.
/// <para>
/// The rule: the cut is just after the first line feed at or after the middle of the file at which the number of
/// double quotes from the start of the file is even. With RFC 4180 quoting (a quoted field opens and closes with a
/// quote, a quote inside it is doubled) an even count means the line feed is outside any quoted field, i.e. a record
/// boundary, so a line feed inside a quoted field (a multi-line value) is never taken. A "\r\n" line end is cut after
/// its "\n". When no such line feed exists (one quoted field to the end, or a file with lone-"\r" line ends) there is
/// no cut and the whole file is read as one range. The cut never falls inside a multi-byte UTF-8 character (0x0A and
/// 0x22 never occur inside one). The same pass counts the physical lines before the cut ("\n", "\r\n" and a lone
/// "\r" each end one line), so line numbers in the second range stay those of the file.
/// </para>
/// </summary>
internal static class CsvSplit
{
    private const int ChunkSize = 1 << 20;

    /// <summary>The cut offset (file length when there is no cut) and the number of lines before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // one call, hot loops: straight to optimized code
    public static (long Offset, long LinesBefore) Find(Stream stream, long length, long middle)
    {
        var buffer = new byte[ChunkSize];
        long position = 0, quotes = 0, lines = 0;
        var pendingCr = false; // the previous chunk ended with '\r'
        stream.Position = 0;
        while (true)
        {
            var n = stream.Read(buffer, 0, buffer.Length);
            if (n == 0) return (length, lines);
            var chunk = buffer.AsSpan(0, n);
            var scanFrom = position >= middle ? 0 : (int)Math.Min(n, middle - position);
            // Before the middle: vectorized counts of the whole chunk part.
            var head = chunk[..scanFrom];
            quotes += head.Count((byte)'"');
            lines += LineEnds(head, ref pendingCr);
            // From the middle on: byte by byte until an even-quote line feed.
            for (var i = scanFrom; i < n; i++)
            {
                var b = chunk[i];
                if (pendingCr)
                {
                    if (b != (byte)'\n') lines++; // the previous '\r' was a lone line end
                    pendingCr = false;
                }

                if (b == (byte)'"') quotes++;
                else if (b == (byte)'\r') pendingCr = true;
                else if (b == (byte)'\n')
                {
                    lines++;
                    if ((quotes & 1) == 0) return (position + i + 1, lines);
                }
            }

            position += n;
        }
    }

    /// <summary>Counts line ends in a span; a '\r' at its end is left pending (it may be the first half of "\r\n").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long LineEnds(ReadOnlySpan<byte> span, ref bool pendingCr)
    {
        if (span.IsEmpty) return 0;
        long count = span.Count((byte)'\n');
        var crs = span.Count((byte)'\r');
        if (pendingCr)
        {
            if (span[0] != (byte)'\n') count++; // the pending '\r' was a lone line end
            pendingCr = false;
        }

        if (crs == 0) return count;
        var crlf = span.Count("\r\n"u8);
        var lone = crs - crlf;
        if (span[^1] == (byte)'\r')
        {
            lone--; // decided by the next byte
            pendingCr = true;
        }

        return count + lone;
    }
}

/// <summary>
/// A read-only view of <c>[start, end)</c> of a seekable stream, where the end may not be known yet: reads before
/// <c>knownMinEnd</c> never wait; a read past it waits for <c>end</c>.
/// </summary>
internal sealed class RangeStream(Stream inner, long start, long knownMinEnd, Task<long> end) : Stream
{
    private readonly long _start = start;
    private long _position = start;
    private long _end = end.IsCompletedSuccessfully ? end.Result : -1;
    private bool _positioned;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!_positioned)
        {
            inner.Position = _start;
            _positioned = true;
        }

        var limit = _end >= 0 ? _end : knownMinEnd;
        if (_position >= limit && _end < 0)
        {
            _end = end.GetAwaiter().GetResult();
            limit = _end;
        }

        var max = (int)Math.Min(buffer.Length, limit - _position);
        if (max <= 0) return 0;
        var n = inner.Read(buffer[..max]);
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
