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
/// inner one keeps the last 8 bytes of the compressed input (the gzip trailer: CRC32 and ISIZE), the outer one counts
/// the decompressed bytes; at the end ISIZE must equal the decompressed length (mod 2^32). A cut file ends on
/// arbitrary deflate bytes (or a partial trailer), which does not match. Limitation: for multi-member gzip files the
/// trailer describes only the last member, so they are reported as corrupt.
/// </summary>
internal sealed class GzipTrailerCheck
{
    private readonly byte[] _tail = new byte[8];
    private long _compressedBytes;
    private long _decompressedBytes;

    public Stream WrapCompressed(Stream compressed) => new TapStream(compressed, this, compressedSide: true);
    public Stream WrapDecompressed(Stream decompressed) => new TapStream(decompressed, this, compressedSide: false);

    /// <summary>Drains whatever the decompressor left unread and checks the trailer. Null when fine, else the problem.</summary>
    public string? Verify(Stream compressedTap)
    {
        var buffer = new byte[8192];
        while (compressedTap.Read(buffer) > 0)
        {
        }

        if (_compressedBytes < 18) return $"the gzip file is truncated ({_compressedBytes} bytes)";
        var isize = BitConverter.ToUInt32(_tail, 4);
        if (!BitConverter.IsLittleEndian) isize = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(isize);
        if (isize != (uint)_decompressedBytes)
            return $"the gzip data is truncated or corrupt: {_decompressedBytes} bytes decompressed but the gzip trailer " +
                   $"records {isize} (mod 2^32); the file was probably cut short";
        return null;
    }

    private void OnCompressed(ReadOnlySpan<byte> data)
    {
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
