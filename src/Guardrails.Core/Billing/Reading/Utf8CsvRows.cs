using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Splits the rows of UTF-8 CSV bytes the way Sep does with unescaping off (what <see cref="CsvCostReader"/> reads with):
/// every double quote toggles "inside quotes", a comma outside quotes ends a field, and "\n", "\r\n" or a lone "\r"
/// outside quotes ends the row; lines are counted the same way, inside quotes too. The search runs over the bytes,
/// 64 at a time (two <see cref="Vector256"/> compares per character searched for), so no text is decoded before its row
/// is found; then the row alone is widened to UTF-16 (a plain copy when it is ASCII, else decoded as a
/// <see cref="StreamReader"/> would, invalid bytes as U+FFFD) and its fields are handed out as char spans.
/// </summary>
internal sealed class Utf8CsvRows
{
    /// <summary>The longest row held, in bytes (Sep's limit is 16 Mi characters): a longer row throws what Sep throws for one past its limit.</summary>
    internal const int MaxRowBytes = CsvCostReader.MaxRowChars;

    private const int Block = 64;
    private readonly Stream _stream;
    private byte[] _bytes;
    private int _start, _end;
    private bool _eof, _bomChecked;
    private char[] _chars = new char[1 << 12];
    private int[] _colEnds = new int[256];
    private int _colCount, _length;
    private long _nextLine = 1;

    /// <param name="atFileStart">The stream starts at the file's first byte: a UTF-8 byte order mark there is skipped.</param>
    public Utf8CsvRows(Stream stream, bool atFileStart, int bufferSize = 1 << 18)
    {
        _stream = stream;
        _bytes = new byte[Math.Max(bufferSize, 2 * Block)];
        _bomChecked = !atFileStart;
    }

    /// <summary>Whether this machine searches 32 bytes at a time (else Sep's reader is used).</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>1-based line the current row starts on.</summary>
    public long LineFrom { get; private set; }

    /// <summary>The line after the current row's last (more than one past <see cref="LineFrom"/> when a quoted field
    /// holds line ends).</summary>
    public long LineToExcl { get; private set; }

    /// <summary>The line the next row starts on (the row past <see cref="MaxRowBytes"/> starts there).</summary>
    public long NextLine => _nextLine;

    /// <summary>The current row's text (without its line end).</summary>
    public ReadOnlySpan<char> Text => new(_chars, 0, _length);

    public int ColCount => _colCount;

    /// <summary>The current row's fields as they stand in the file.</summary>
    public CsvTextRow Row(long line, UnquoteBuffer scratch) => new(Text, new ReadOnlySpan<int>(_colEnds, 0, _colCount), line, scratch);

    /// <summary>The next row; false at the end of the stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MoveNext()
    {
        if (!_bomChecked) SkipBom();
        if (_start == _end && !Fill()) return false;

        ulong inQuote = 0;
        var n = 0;
        long innerLines = 0;
        var crInside = false;
        var pos = _start; // the next block to search
        int rowEnd; // the row's line end (index in _bytes), or _end at the end of the stream
        // The loop's state in locals (registers): the fields are read again after a refill.
        var bytes = _bytes;
        var colEnds = _colEnds;
        var start = _start;
        while (true)
        {
            if (_end - pos < Block)
            {
                if (!_eof)
                {
                    pos -= start;
                    Fill();
                    (bytes, start) = (_bytes, _start);
                    pos += start;
                    continue;
                }

                if (pos >= _end)
                {
                    rowEnd = _end;
                    break;
                }

                // The last bytes: zeros after them match nothing searched for.
                bytes.AsSpan(_end, Block).Clear();
            }

            if (colEnds.Length - n <= Block)
            {
                Array.Resize(ref colEnds, colEnds.Length * 2);
                _colEnds = colEnds;
            }

            ref var at = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bytes), pos);
            var lo = Vector256.LoadUnsafe(ref at);
            var hi = Vector256.LoadUnsafe(ref at, 32);
            var commas = Mask(lo, hi, (byte)',');
            var quotes = Mask(lo, hi, (byte)'"');
            var ends = LineEnds(lo, hi);
            if ((quotes | inQuote) != 0)
            {
                var inside = PrefixXor(quotes) ^ inQuote;
                inQuote = (ulong)((long)inside >> 63);
                commas &= ~inside;
                var quoted = ends & inside;
                ends &= ~inside;
                // Line ends inside quotes before the row's end (the bits after it are the next rows').
                if (ends != 0) quoted &= (1UL << BitOperations.TrailingZeroCount(ends)) - 1;
                if (quoted != 0) CountInner(Mask(lo, hi, (byte)'\n') & quoted, Mask(lo, hi, (byte)'\r') & quoted, ref innerLines, ref crInside);
                else crInside = false;
            }
            else crInside = false;

            if (ends != 0) commas &= (1UL << BitOperations.TrailingZeroCount(ends)) - 1;
            ref var colEnd = ref MemoryMarshal.GetArrayDataReference(colEnds);
            var offset = pos - start;
            while (commas != 0)
            {
                Unsafe.Add(ref colEnd, n++) = offset + BitOperations.TrailingZeroCount(commas);
                commas &= commas - 1;
            }

            if (ends != 0)
            {
                rowEnd = pos + BitOperations.TrailingZeroCount(ends);
                break;
            }

            pos += Block;
            if (pos - start > MaxRowBytes) throw TooLong();
        }

        if (rowEnd > _end) rowEnd = _end; // only zeros were after the last byte
        var length = rowEnd - _start;
        var next = rowEnd + 1;
        if (rowEnd < _end && _bytes[rowEnd] == (byte)'\r')
        {
            if (next == _end && !_eof)
            {
                var rel = rowEnd - _start;
                Fill();
                rowEnd = _start + rel;
                next = rowEnd + 1;
            }

            if (next < _end && _bytes[next] == (byte)'\n') next++;
        }

        if (rowEnd >= _end) next = _end;
        if (length > MaxRowBytes) throw TooLong();
        Decode(_bytes.AsSpan(_start, length), n);
        LineFrom = _nextLine;
        LineToExcl = _nextLine = LineFrom + innerLines + 1;
        _start = next;
        return true;
    }

    /// <summary>What Sep throws for a row past its limit (<see cref="CsvCostReader"/> reports it with the row's line).</summary>
    private static NotSupportedException TooLong() =>
        new($"Buffer or row has reached maximum supported length of {MaxRowBytes} bytes");

    /// <summary>Line ends inside quotes: "\r\n" counts once (also across two blocks), as Sep counts lines.</summary>
    private static void CountInner(ulong feeds, ulong returns, ref long lines, ref bool crInside)
    {
        lines += BitOperations.PopCount(feeds) + BitOperations.PopCount(returns) - BitOperations.PopCount(returns & (feeds >> 1));
        if (crInside && (feeds & 1) != 0) lines--;
        crInside = (returns >> 63) != 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(Vector256<byte> lo, Vector256<byte> hi, byte c)
    {
        var v = Vector256.Create(c);
        return Vector256.Equals(lo, v).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(hi, v).ExtractMostSignificantBits() << 32);
    }

    /// <summary>The block's '\n' and '\r' bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LineEnds(Vector256<byte> lo, Vector256<byte> hi)
    {
        var lf = Vector256.Create((byte)'\n');
        var cr = Vector256.Create((byte)'\r');
        return (Vector256.Equals(lo, lf) | Vector256.Equals(lo, cr)).ExtractMostSignificantBits() |
               ((ulong)(Vector256.Equals(hi, lf) | Vector256.Equals(hi, cr)).ExtractMostSignificantBits() << 32);
    }

    /// <summary>Bit i set when an odd number of <paramref name="x"/>'s bits 0..i are set (inside quotes, the opening one included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PrefixXor(ulong x) =>
        Pclmulqdq.IsSupported
            ? Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(x), Vector128.Create(ulong.MaxValue), 0).ToScalar()
            : PrefixXorByShifts(x);

    /// <summary><see cref="PrefixXor"/> without a carry-less multiply (the native build's instruction set may lack it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PrefixXorByShifts(ulong x)
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    /// <summary>The row's text as UTF-16; the field ends found in the bytes hold for an ASCII row, and are found again in
    /// the decoded text otherwise.</summary>
    private void Decode(ReadOnlySpan<byte> row, int commas)
    {
        if (_chars.Length < row.Length) _chars = new char[Math.Max(row.Length, _chars.Length * 2)];
        if (Ascii.ToUtf16(row, _chars, out _) == OperationStatus.Done)
        {
            _length = row.Length;
            _colEnds[commas] = row.Length;
            _colCount = commas + 1;
            return;
        }

        _length = Encoding.UTF8.GetChars(row, _chars);
        var text = new ReadOnlySpan<char>(_chars, 0, _length);
        var n = 0;
        var inside = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') inside = !inside;
            else if (text[i] == ',' && !inside) _colEnds[n++] = i;
        }

        _colEnds[n] = _length;
        _colCount = n + 1;
    }

    /// <summary>Reads more bytes after the unread ones (moved to the buffer's start; the buffer grows for a long row);
    /// false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        if (_start > 0)
        {
            _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
            _end -= _start;
            _start = 0;
        }

        if (_bytes.Length - _end < 2 * Block)
        {
            if (_end > MaxRowBytes) throw TooLong();
            Array.Resize(ref _bytes, _bytes.Length * 2);
        }

        // Keep a block free after the data: the last bytes are searched as a zero-padded block.
        var n = _stream.Read(_bytes, _end, _bytes.Length - _end - Block);
        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _end += n;
        return true;
    }

    private void SkipBom()
    {
        _bomChecked = true;
        while (_end - _start < 3 && Fill()) { }
        if (_end - _start >= 3 && _bytes[_start] == 0xEF && _bytes[_start + 1] == 0xBB && _bytes[_start + 2] == 0xBF) _start += 3;
    }
}

/// <summary>A row's text with its field ends (the comma after each field, or the text's end for the last).</summary>
internal readonly ref struct CsvTextRow(ReadOnlySpan<char> text, ReadOnlySpan<int> colEnds, long line, UnquoteBuffer scratch) : IRawRow
{
    private readonly ReadOnlySpan<char> _text = text;
    private readonly ReadOnlySpan<int> _colEnds = colEnds;

    public int ColCount => _colEnds.Length;
    public long Line { get; } = line;
    public int RawLength => _text.Length;

    public ReadOnlySpan<char> Raw(int index)
    {
        var start = index == 0 ? 0 : _colEnds[index - 1] + 1;
        return _text[start.._colEnds[index]];
    }

    public ReadOnlySpan<char> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        get => scratch.Field(Raw(index));
    }
}
