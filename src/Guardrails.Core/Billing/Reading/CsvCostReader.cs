using System.Runtime.CompilerServices;
using nietras.SeparatedValues;

namespace Guardrails.Core.Billing.Reading;

/// <summary>
/// Reads the rows of a CSV cost export (plain or decompressed) into a <see cref="CostReadState"/>: the header row, then
/// every row with its physical line; a quote left open, a row past the CSV reader's limit and a stray quote that joins
/// lines are each reported with the line they start on.
/// </summary>
internal static class CsvCostReader
{
    /// <summary>Sep's limit on the characters of one row (its buffer), reported when a row exceeds it.</summary>
    internal const int MaxRowChars = 16 * 1024 * 1024;

    private static readonly SepReaderOptions CsvOptions = Sep.New(',').Reader(o => o with
    {
        HasHeader = false, // the header is read as the first row so that duplicate names have our own rule
        // Sep splits the fields (RFC 4180, quote-aware); the quotes are taken off in SepRawRow: a quoted field
        // without inner quotes is a zero-copy slice, which measured faster than Sep's in-place unescape.
        Unescape = false,
        DisableColCountCheck = true,
        InitialBufferLength = 1 << 16,
    });

    /// <summary>
    /// Reads CSV rows into <paramref name="state"/>. Without <paramref name="parts"/>, lines are the stream's. With it,
    /// the stream is one worker's parts: each row's line is mapped to (part, line in part), the state is told when the
    /// part changes, and records of parts after the first carry line 0 (see <see cref="SplitCsvReader"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Read(Stream stream, CostReadState state, CancellationToken cancellationToken,
        CostRowMapper? mapper = null, PartStream? parts = null)
    {
        var end = parts is null ? new EndFlagStream(stream) : null;
        using var reader = Open((Stream?)end ?? parts!, state.Source);
        var first = true;
        var scratch = new UnquoteBuffer();
        var n = 0;
        var currentPart = 0;
        long nextLine = 1; // where the next row starts (in the stream): names the row Sep cannot hold
        using var rows = reader.GetEnumerator();
        while (MoveNext(rows, state.Source, parts, nextLine))
        {
            var row = rows.Current;
            nextLine = row.LineNumberToExcl;
            var raw = row.Span;
            if (raw.IsEmpty && row.ColCount <= 1)
            {
                first = false;
                continue; // blank line: not a row
            }

            long line = first ? 1 : row.LineNumberFrom; // Sep reports the first row's line as 2
            var recordLine = parts is null ? line : LineInPart(parts, state, ref line, ref currentPart);
            first = false;
            scratch.Reset();
            var sepRow = new SepRawRow(row, recordLine, scratch);
            if (Take(ref sepRow, raw, row.LineNumberToExcl - row.LineNumberFrom > 1, end?.Ended ?? parts!.Ended, line, state, ref mapper) &&
                ++n == 4096)
            {
                n = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (mapper is null) throw new CostExportException(state.Source, null, "empty file: no header row");
    }

    /// <summary>
    /// <see cref="Read"/> over UTF-8 bytes (<see cref="Utf8CsvRows"/>): the same rows, lines, records and rejections,
    /// with the fields searched for in the bytes and only each row's text decoded. The stream is UTF-8 (a byte order mark
    /// at <paramref name="atFileStart"/> is skipped); a file in another encoding is read by <see cref="Read"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadUtf8(Stream stream, CostReadState state, CancellationToken cancellationToken,
        CostRowMapper? mapper = null, PartStream? parts = null, bool atFileStart = true, int bufferSize = 1 << 18)
    {
        var end = parts is null ? new EndFlagStream(stream) : null;
        var rows = new Utf8CsvRows((Stream?)end ?? parts!, atFileStart, bufferSize);
        var scratch = new UnquoteBuffer();
        var n = 0;
        var currentPart = 0;
        while (MoveNext(rows, state.Source, parts))
        {
            var raw = rows.Text;
            if (raw.IsEmpty && rows.ColCount <= 1) continue; // blank line: not a row
            var line = rows.LineFrom;
            var recordLine = parts is null ? line : LineInPart(parts, state, ref line, ref currentPart);
            scratch.Reset();
            var row = rows.Row(recordLine, scratch);
            if (Take(ref row, raw, rows.LineToExcl - rows.LineFrom > 1, end?.Ended ?? parts!.Ended, line, state, ref mapper) &&
                ++n == 4096)
            {
                n = 0;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        if (mapper is null) throw new CostExportException(state.Source, null, "empty file: no header row");
    }

    /// <summary>
    /// One non-blank row (<paramref name="raw"/> its text): the header when there is no mapper yet, else mapped into
    /// <paramref name="state"/>; false when it was not mapped as one row (the header, or lines joined by a stray quote).
    /// </summary>
    private static bool Take<TRow>(scoped ref TRow row, ReadOnlySpan<char> raw, bool spansLines, bool ended, long line,
        CostReadState state, ref CostRowMapper? mapper) where TRow : IRawRow, allows ref struct
    {
        // A quoted field left open swallows the rest of the input, so only rows read after the stream's end can have an
        // odd number of quotes: the check is skipped until then.
        if (ended && HasOddQuotes(raw))
            throw new CostExportException(state.Source, line, "unterminated quoted field: the closing quote is missing before the end of the file");

        if (mapper is null)
        {
            mapper = state.Start(HeaderOf(ref row));
            return false;
        }

        if (spansLines && HasStrayQuote(ref row))
        {
            // A quote inside an unquoted field (or after a closing quote) opened a "quoted" run that a later
            // quote closed: the CSV reader returns several physical lines as one row. Each line is read on its own.
            ReadLinesOfJoinedRow(raw, state, mapper, line, row.Line);
            return false;
        }

        state.Row(mapper, ref row, line);
        return true;
    }

    /// <summary>The next row of <see cref="ReadUtf8"/>; a row past the limit is reported with the line it starts on.</summary>
    private static bool MoveNext(Utf8CsvRows rows, string source, PartStream? parts)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (NotSupportedException e) when (IsRowTooLong(e))
        {
            var at = rows.NextLine;
            if (parts is not null) parts.PartOf(at, out at);
            throw RowTooLong(source, at, e);
        }
    }

    /// <summary>The header row (the first non-blank row), or null when there is none or its quotes are unbalanced.</summary>
    internal static string[]? ReadHeader(Stream stream)
    {
        var scratch = new UnquoteBuffer();
        try
        {
            using var reader = CsvOptions.From(TextFrom(stream)); // Sep reads the first row here already
            foreach (var row in reader)
            {
                var raw = row.Span;
                if (raw.IsEmpty && row.ColCount <= 1) continue;
                if (HasOddQuotes(raw)) return null;
                var headerRow = new SepRawRow(row, 1, scratch);
                return HeaderOf(ref headerRow);
            }
        }
        catch (NotSupportedException)
        {
            // A "header" past Sep's row limit (an open quote in it): the sequential read reports the line.
        }

        return null;
    }

    private static SepReader Open(Stream stream, string source)
    {
        try
        {
            return CsvOptions.From(TextFrom(stream)); // Sep reads the first row here already
        }
        catch (NotSupportedException e) when (IsRowTooLong(e))
        {
            throw RowTooLong(source, 1, e);
        }
    }

    /// <summary>The next row; a row Sep cannot hold is reported with the line it starts on (<paramref name="nextLine"/>).</summary>
    private static bool MoveNext(SepReader rows, string source, PartStream? parts, long nextLine)
    {
        try
        {
            return rows.MoveNext();
        }
        catch (NotSupportedException e) when (IsRowTooLong(e))
        {
            // Sep holds at most 16 Mi characters of one row: a quote that is never closed (it swallows the rest
            // of the file) or a field far longer than any cost export's. Nothing after it can be read.
            var at = nextLine;
            if (parts is not null) parts.PartOf(at, out at);
            throw RowTooLong(source, at, e);
        }
    }

    /// <summary>Maps <paramref name="line"/> to the line in its part, telling the state when the part changes; returns the
    /// line a record carries (0 after the first part).</summary>
    private static long LineInPart(PartStream parts, CostReadState state, ref long line, ref int currentPart)
    {
        var part = parts.PartOf(line, out line);
        if (part != currentPart)
        {
            currentPart = part;
            state.BeginPart(part);
        }

        return part == 0 ? line : 0;
    }

    private static string[] HeaderOf<TRow>(scoped ref TRow row) where TRow : IRawRow, allows ref struct
    {
        var header = new string[row.ColCount];
        for (var i = 0; i < header.Length; i++) header[i] = row[i].ToString();
        return header;
    }

    private static bool HasOddQuotes(ReadOnlySpan<char> raw) => raw.Contains('"') && (raw.Count('"') & 1) == 1;

    /// <summary>
    /// UTF-8 (or the encoding its byte order mark names) read 64 KiB at a time: a smaller read buffer costs one system
    /// call per 4 KiB of file, which measured as a second of kernel time per GB. The stream stays open (its owner
    /// closes it, and a cut gzip is read to its end after a CSV error to name the cause).
    /// </summary>
    private static StreamReader TextFrom(Stream stream) =>
        new(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    private static bool IsRowTooLong(NotSupportedException e) =>
        e.Message.StartsWith("Buffer or row has reached maximum", StringComparison.Ordinal);

    private static CostExportException RowTooLong(string file, long line, Exception e) =>
        new(file, line, "unterminated quoted field: the row starting here is longer than the CSV reader's limit of " +
                        $"{MaxRowChars:N0} characters (a quote that is never closed, or a field too long for a cost export)", e)
        { RowTooLong = true };

    /// <summary>
    /// True when a field of the row is not RFC 4180: a quote inside an unquoted field, or a quoted field with text
    /// after its closing quote or an undoubled quote inside. Only asked of rows that span several physical lines.
    /// </summary>
    private static bool HasStrayQuote<TRow>(scoped ref TRow row) where TRow : IRawRow, allows ref struct
    {
        for (var i = 0; i < row.ColCount; i++)
        {
            var f = row.Raw(i);
            if (f.IsEmpty) continue;
            if (f[0] != '"')
            {
                if (f.Contains('"')) return true;
                continue;
            }

            if (f.Length < 2 || f[^1] != '"') return true;
            var inner = f[1..^1];
            for (var k = 0; k < inner.Length; k++)
            {
                if (inner[k] != '"') continue;
                if (k + 1 >= inner.Length || inner[k + 1] != '"') return true;
                k++;
            }
        }

        return false;
    }

    /// <summary>
    /// The physical lines of a row joined by a stray quote, each read as its own row (quotes count only at the start of
    /// a field, so a stray one is a literal character), so that every line is accepted or quarantined with its number.
    /// </summary>
    private static void ReadLinesOfJoinedRow(ReadOnlySpan<char> raw, CostReadState state, CostRowMapper mapper, long line, long recordLine)
    {
        var offset = 0L;
        while (true)
        {
            var nl = raw.IndexOfAny('\r', '\n'); // CRLF, LF or a lone CR ends a line, as Sep counts them
            var text = nl < 0 ? raw : raw[..nl];
            if (!text.IsEmpty)
            {
                var lineRow = new LineRow(text.ToString(), recordLine == 0 ? 0 : recordLine + offset);
                state.Row(mapper, ref lineRow, line + offset);
            }

            if (nl < 0) break;
            raw = raw[(raw[nl] == '\r' && nl + 1 < raw.Length && raw[nl + 1] == '\n' ? nl + 2 : nl + 1)..];
            offset++;
        }
    }
}
