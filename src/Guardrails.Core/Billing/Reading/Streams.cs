namespace Guardrails.Core.Billing.Reading;

/// <summary>Counts bytes read through it and reports them (at most every 1 MiB, and at the end).</summary>
internal sealed class ProgressStream(Stream inner, IProgress<long>? progress) : Stream
{
    private const long ReportEvery = 1 << 20;
    private long _lastReported;

    public long Position64 { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int n)
    {
        Position64 += n;
        if (progress is not null && (n == 0 || Position64 - _lastReported >= ReportEvery))
        {
            _lastReported = Position64;
            progress.Report(Position64);
        }

        return n;
    }

    public void ReportFinal() => progress?.Report(Position64);

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// .NET's GZipStream ends quietly when the compressed input is cut short. This pair of wrappers catches that: the
/// inner one watches the compressed input (the gzip trailer of each member: CRC32 and ISIZE), the outer one counts the
/// decompressed bytes; at the end the members' ISIZEs must add up to the decompressed length (mod 2^32). A cut file
/// ends on arbitrary deflate bytes (or a partial trailer), which does not match.
/// A gzip file may hold several members one after another (<c>cat a.gz b.gz</c>, BGZF, appending writers); GZipStream
/// reads them all, so each member's trailer counts: it is the 8 bytes before the next member's header
/// (<see cref="GzipMemberBoundaries"/>).
/// </summary>
internal sealed class GzipTrailerCheck
{
    private readonly byte[] _tail = new byte[8];
    private readonly GzipMemberBoundaries _boundaries = new();
    private long _compressedBytes;
    private long _decompressedBytes;

    public Stream WrapCompressed(Stream compressed) => new TapStream(compressed, this, compressedSide: true);
    public Stream WrapDecompressed(Stream decompressed) => new TapStream(decompressed, this, compressedSide: false);

    /// <summary>Drains whatever the decompressor left unread and checks the trailers. Null when fine, else the problem.</summary>
    public string? Verify(Stream compressedTap)
    {
        var buffer = new byte[8192];
        while (compressedTap.Read(buffer) > 0)
        {
        }

        if (_compressedBytes < 18) return $"the gzip file is truncated ({_compressedBytes} bytes)";
        var last = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4));
        var recorded = unchecked(_boundaries.EarlierMembersSize + last);
        // Either reading of the file fits: its members' sizes add up, or it is one member whose bytes only looked like a
        // further member's header somewhere (stored data can hold 1f 8b 08 …). A cut file ends on arbitrary bytes and fits
        // neither, except by a 2^-31 chance.
        if (recorded == (uint)_decompressedBytes || last == (uint)_decompressedBytes) return null;
        var members = _boundaries.Count == 0 ? "the gzip trailer records" : $"the trailers of its {_boundaries.Count + 1} gzip members record";
        return $"the gzip data is truncated or corrupt: {_decompressedBytes} bytes decompressed but {members} {recorded} (mod 2^32); " +
               "the file was probably cut short";
    }

    private void OnCompressed(ReadOnlySpan<byte> data)
    {
        _boundaries.Scan(data, _compressedBytes);
        _compressedBytes += data.Length;
        if (data.Length >= 8)
        {
            data[^8..].CopyTo(_tail);
            return;
        }

        // Shift the tail left and append.
        var keep = 8 - data.Length;
        Array.Copy(_tail, data.Length, _tail, 0, keep);
        data.CopyTo(_tail.AsSpan(keep));
    }

    private sealed class TapStream(Stream inner, GzipTrailerCheck owner, bool compressedSide) : ForwardReadStream
    {
        public override int Read(byte[] buffer, int offset, int count) => Tap(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            return Tap(buffer[..n]);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Tap(buffer.Span[..n]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Tap(ReadOnlySpan<byte> data)
        {
            if (compressedSide) owner.OnCompressed(data);
            else owner._decompressedBytes += data.Length;
            return data.Length;
        }

        // The reader owns the wrapped streams: the CSV parser closing its input must not close them (the gzip
        // check still reads after the parser is done).
        protected override void Dispose(bool disposing) => base.Dispose(disposing);
    }
}

/// <summary>Returns bytes already read from the start of a stream (to look at them), then the rest of the stream.</summary>
internal sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream inner) : ForwardReadStream
{
    private ReadOnlyMemory<byte> _head = head;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_head.IsEmpty) return inner.Read(buffer);
        var n = Math.Min(buffer.Length, _head.Length);
        _head.Span[..n].CopyTo(buffer);
        _head = _head[n..];
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _head.IsEmpty ? inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The caller owns the inner stream.
    protected override void Dispose(bool disposing) => base.Dispose(disposing);
}

/// <summary>Passes reads through and remembers when one returned nothing (the end of the stream).</summary>
internal sealed class EndFlagStream(Stream inner) : ForwardReadStream
{
    public bool Ended { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Flag(inner.Read(buffer, offset, count), count);
    public override int Read(Span<byte> buffer) => Flag(inner.Read(buffer), buffer.Length);

    private int Flag(int n, int asked)
    {
        if (n == 0 && asked > 0) Ended = true;
        return n;
    }
}

/// <summary>A stream read from start to end only: no seeking, no length, no writing (the members that say so, once).</summary>
internal abstract class ForwardReadStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// Finds where one gzip member ends and the next begins in a stream of compressed bytes seen chunk by chunk, and adds
/// up the ISIZE of every member but the last (the 4 bytes before each further member's header). A member header is
/// <c>1f 8b 08</c>, a flag byte without reserved bits, four bytes of time, XFL 0, 2 or 4 and an OS byte of 0–13 or 255
/// (RFC 1952); deflate data matches all of that by chance about once in 2e11 positions (stored data can hold it on
/// purpose): the trailer check then also accepts the file read as one member (see <see cref="GzipTrailerCheck"/>).
/// </summary>
internal sealed class GzipMemberBoundaries
{
    private const int TrailerLength = 8;
    private const int HeaderLength = 10;
    private const int MinMemberLength = 18;

    /// <summary>The last bytes before the current chunk: a boundary may straddle two chunks.</summary>
    private readonly byte[] _carry = new byte[TrailerLength + HeaderLength - 1];
    private int _carried;

    public int Count { get; private set; }
    public uint EarlierMembersSize { get; private set; }

    /// <summary>Looks at the next chunk; <paramref name="offset"/> is the position of its first byte in the file.</summary>
    public void Scan(ReadOnlySpan<byte> chunk, long offset)
    {
        if (chunk.IsEmpty) return;
        ScanStraddling(chunk, offset);
        // Headers whose trailer and header both lie in this chunk.
        var first = chunk.Length < TrailerLength + HeaderLength ? -1 : chunk[TrailerLength..].IndexOf((byte)0x1f);
        for (var i = first; i >= 0;)
        {
            var at = i + TrailerLength;
            if (at + HeaderLength > chunk.Length) break;
            Consider(chunk[(at - TrailerLength)..(at + HeaderLength)], offset + at);
            var next = chunk[(at + 1)..].IndexOf((byte)0x1f);
            i = next < 0 ? -1 : at + 1 + next - TrailerLength;
        }

        Carry(chunk);
    }

    /// <summary>Headers starting in the carried bytes or in the first bytes of the chunk that need the carried trailer.</summary>
    private void ScanStraddling(ReadOnlySpan<byte> chunk, long offset)
    {
        if (_carried == 0) return;
        Span<byte> joined = stackalloc byte[_carry.Length * 2];
        var head = Math.Min(chunk.Length, _carry.Length);
        _carry.AsSpan(0, _carried).CopyTo(joined);
        chunk[..head].CopyTo(joined[_carried..]);
        joined = joined[..(_carried + head)];
        // A header at position p of joined needs p >= 8 and p + 10 <= joined length; it is considered here only when it
        // does not fit in the chunk alone (p - carried < 8) and was not complete in the previous carry (p + 10 > carried).
        for (var p = TrailerLength; p + HeaderLength <= joined.Length; p++)
        {
            if (p - _carried >= TrailerLength || p + HeaderLength <= _carried) continue;
            if (joined[p] == 0x1f) Consider(joined[(p - TrailerLength)..(p + HeaderLength)], offset - _carried + p);
        }
    }

    private void Carry(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= _carry.Length)
        {
            chunk[^_carry.Length..].CopyTo(_carry);
            _carried = _carry.Length;
            return;
        }

        var keep = Math.Min(_carried, _carry.Length - chunk.Length);
        Array.Copy(_carry, _carried - keep, _carry, 0, keep);
        chunk.CopyTo(_carry.AsSpan(keep));
        _carried = keep + chunk.Length;
    }

    /// <summary><paramref name="window"/>: 8 trailer bytes, then 10 bytes that may be a member header at <paramref name="position"/>.</summary>
    private void Consider(ReadOnlySpan<byte> window, long position)
    {
        if (position < MinMemberLength || !IsHeader(window[TrailerLength..])) return;
        Count++;
        EarlierMembersSize = unchecked(EarlierMembersSize + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(window[4..]));
    }

    private static bool IsHeader(ReadOnlySpan<byte> h) =>
        h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 && (h[3] & 0xE0) == 0 && (h[8] is 0 or 2 or 4) && (h[9] <= 13 || h[9] == 255);
}
