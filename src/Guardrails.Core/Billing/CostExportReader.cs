using System.IO.Compression;
using System.Runtime.CompilerServices;
using Guardrails.Core.Billing.Reading;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;

namespace Guardrails.Core.Billing;

/// <summary>
/// Reads one cost export — FOCUS 1.0-preview/1.0/1.1/1.2 or a legacy Azure Cost Management EA/MCA export (actual or
/// amortized) — from <c>.csv</c>, <c>.csv.gz</c> or <c>.parquet</c>, streaming, in memory that does not grow with the
/// number of rows. Every accepted row goes to the sink as a <see cref="CostRecord"/>; every rejected row goes to the
/// quarantine with file, physical line, field and reason. Whole-file problems throw <see cref="CostExportException"/>
/// (rows already handed to the sink must then be discarded by the caller). See docs/focus-mapping.md.
/// </summary>
public sealed class CostExportReader
{
    /// <summary>Files at least this large are read with the sink on a second thread (when there is more than one core).</summary>
    internal const long PipelineThreshold = 8 << 20;

    public async Task<CostReadSummary> ReadAsync(IngestSource source, CostReadOptions options, ICostRecordSink sink,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);

        Stream raw;
        try
        {
            raw = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CostExportException(source.Name, null, "cannot open: " + e.Message, e);
        }

        // Large files on a multi-core machine: the sink (allocation, aggregation) runs on a second thread.
        var length = source.Length ?? (raw.CanSeek ? raw.Length : long.MaxValue);
        using var pipeline = (options.Pipeline ?? (Environment.ProcessorCount > 1 && length >= PipelineThreshold))
            ? new PipelinedSink(sink)
            : null;
        var progress = new ProgressStream(raw, options.BytesRead);
        await using (progress.ConfigureAwait(false))
        {
            var state = new ReadState(source.Name, options, pipeline ?? sink);
            var name = source.Name.TrimEnd();
            if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
            {
                await ParquetCostReader.ReadAsync(progress, state, cancellationToken).ConfigureAwait(false);
            }
            else if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                var check = new GzipTrailerCheck();
                var compressedTap = check.WrapCompressed(progress);
                try
                {
                    using var gzip = new GZipStream(compressedTap, CompressionMode.Decompress, leaveOpen: true);
                    using var decompressed = check.WrapDecompressed(gzip);
                    try
                    {
                        ReadCsv(decompressed, state, cancellationToken);
                    }
                    catch (CostExportException e)
                    {
                        // A cut gzip shows up first as a CSV problem (empty file, unterminated quote): read the rest
                        // of the gzip and report the cause if it is the gzip; otherwise the CSV problem stands.
                        string? cause;
                        try
                        {
                            decompressed.CopyTo(Stream.Null);
                            cause = check.Verify(compressedTap);
                        }
                        catch (InvalidDataException gzipError)
                        {
                            cause = "not a readable gzip file: " + gzipError.Message;
                        }

                        if (cause is not null) throw new CostExportException(source.Name, null, cause, e);
                        throw;
                    }

                    if (check.Verify(compressedTap) is { } problem) throw new CostExportException(source.Name, null, problem);
                }
                catch (InvalidDataException e)
                {
                    throw new CostExportException(source.Name, null, "not a readable gzip file: " + e.Message, e);
                }
            }
            else
            {
                ReadCsv(progress, state, cancellationToken);
            }

            pipeline?.Complete();
            progress.ReportFinal();
            return state.Summary();
        }
    }

    /// <summary>Plain CSV files at least this large are read in parts by several workers (when there is more than one core).</summary>
    internal const long SplitThreshold = 32 << 20;

    /// <summary>How many workers read a large plain CSV file: one per core, at most four (each keeps its own aggregate).</summary>
    internal static int ParallelWorkers => Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>Whether <see cref="TryReadSplitAsync"/> may read <paramref name="source"/> (a large plain CSV file of known length).</summary>
    internal static bool IsSplitCandidate(IngestSource source, bool? split) =>
        source.Name.TrimEnd().EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && source.Length is { } length &&
        (split ?? (Environment.ProcessorCount > 1 && length >= SplitThreshold));

    /// <summary>
    /// Reads a plain (uncompressed, seekable) CSV file with one worker per sink, each on its own thread: the file is cut
    /// into parts (see <see cref="CsvParts"/>) and each worker takes the next unread part from the front or the back of
    /// the file when done with its last, so the workers finish together. A worker's rows go to its own sink, part by
    /// part (a part's rows in file order; the parts ascending or descending), with <see cref="ICostRecordSink.BeginPart"/>
    /// called whenever the part changes (parts are numbered in file order).
    /// Counts, totals and rejected rows (with file lines, written to the quarantine in file order once all workers are
    /// done) are those of a sequential read. Records of part 0 carry their file line in
    /// <see cref="CostRecord.SourceLine"/>; records of later parts carry 0 (their line is known only once the parts
    /// before them are read).
    /// <para>Returns null when the file is not suited — compressed, parquet, not seekable, small, UTF-16, or its header is
    /// not a cost export; nothing was read and the sequential read reports it — and also when a cut turned out to fall
    /// inside a quoted field or the file ends inside one: then the sinks have received rows and must be discarded, and
    /// the file read sequentially (which reports an unterminated quote with its line).</para>
    /// </summary>
    internal async Task<CostReadSummary?> TryReadSplitAsync(IngestSource source, CostReadOptions options,
        IReadOnlyList<ICostRecordSink> sinks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sinks);
        if (sinks.Count == 0 || !IsSplitCandidate(source, options.Split) || source.Length is not { } length) return null;

        Stream headerStream;
        try
        {
            headerStream = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the sequential read reports it
        }

        string[]? header;
        long[] boundaries;
        using (headerStream)
        {
            if (!headerStream.CanSeek || headerStream.Length != length) return null;
            Span<byte> bom = stackalloc byte[4];
            var got = headerStream.ReadAtLeast(bom, 4, throwOnEndOfStream: false);
            if (got >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) return null; // UTF-16/32
            headerStream.Position = 0;
            header = ReadHeader(headerStream);
            if (header is null) return null;
            // Parts of about 1/256 of the file (1 to 16 MiB): the workers end within a few milliseconds of each other.
            boundaries = CsvParts.Boundaries(headerStream, length, options.PartSize ?? Math.Clamp(length / 256, 1 << 20, 16 << 20));
        }

        var states = new ReadState[sinks.Count];
        var mappers = new CostRowMapper[sinks.Count];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = new ReadState(source.Name, options, sinks[i], byPart: true);
                mappers[i] = states[i].Start(header); // validates the layout; worker 0 reads the header again
            }
        }
        catch (CostExportException)
        {
            return null;
        }

        var feed = new PartFeed(boundaries, reserved: 1, options.BytesRead);
        var files = new Stream[states.Length];
        for (var i = 0; i < files.Length; i++) files[i] = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var openQuote = false;
        var workers = new Task[states.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            var worker = w;
            workers[w] = Task.Factory.StartNew(() =>
            {
                using var parts = new PartStream(files[worker], feed, firstPart: worker == 0 ? 0 : -1, fromBack: worker % 2 == 1);
                try
                {
                    ReadCsv(parts, states[worker], cancellationToken, worker == 0 ? null : mappers[worker], parts);
                }
                catch (CostExportException e) when (parts.Ended || e.RowTooLong)
                {
                    // A quote left open at the end of a worker's parts (or one that ran past the CSV reader's row limit):
                    // a cut inside a quoted field or a file whose quotes do not pair up. Either way the parallel read is
                    // void; the sequential read names the line.
                    openQuote = true;
                    feed.Stop();
                }
                catch
                {
                    feed.Stop();
                    throw;
                }
            }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        if (openQuote || !feed.CutsAreRecordBoundaries()) return null;

        if (options.Quarantine is { } quarantine)
        {
            var rejected = states.SelectMany(s => s.PartRejects)
                .Select(r => r.Row with { Line = feed.FileLine(r.Part, r.Row.Line) })
                .OrderBy(r => r.Line);
            foreach (var row in rejected) quarantine.Add(row);
        }

        var summaries = states.Select(s => s.Summary()).ToList();
        var totals = new List<CurrencyTotal>();
        foreach (var g in summaries.SelectMany(s => s.Totals).GroupBy(t => t.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            try
            {
                totals.Add(new CurrencyTotal(g.Key, g.Sum(t => t.BilledCost), g.Sum(t => t.EffectiveCost)));
            }
            catch (OverflowException e)
            {
                throw TotalOutOfRange(source.Name, null, g.Key, e);
            }
        }

        return summaries[0] with
        {
            RowsRead = summaries.Sum(s => s.RowsRead),
            RowsAccepted = summaries.Sum(s => s.RowsAccepted),
            RowsRejected = summaries.Sum(s => s.RowsRejected),
            Totals = totals,
        };
    }

    /// <summary>The whole-file error for a total (or a sum of the ledger) beyond the decimal range.</summary>
    internal static CostExportException TotalOutOfRange(string file, long? line, string? currency, Exception? inner) =>
        new(file, line, $"the {(currency is null ? "" : currency + " ")}total is beyond the decimal range (±7.9e28): " +
                        "the values of this file are too large to be summed", inner);

    /// <summary>The header row (the first non-blank row), or null when there is none or its quotes are unbalanced.</summary>
    private static string[]? ReadHeader(Stream stream)
    {
        var scratch = new UnquoteBuffer();
        try
        {
            using var reader = CsvOptions.From(TextFrom(stream)); // Sep reads the first row here already
            foreach (var row in reader)
            {
                var raw = row.Span;
                if (raw.IsEmpty && row.ColCount <= 1) continue;
                if (raw.Contains('"') && (raw.Count('"') & 1) == 1) return null;
                var header = new string[row.ColCount];
                var headerRow = new SepRawRow(row, 1, scratch);
                for (var i = 0; i < header.Length; i++) header[i] = headerRow[i].ToString();
                return header;
            }
        }
        catch (NotSupportedException)
        {
            // A "header" past Sep's row limit (an open quote in it): the sequential read reports the line.
        }

        return null;
    }

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
    /// UTF-8 (or the encoding its byte order mark names) read 64 KiB at a time: a smaller read buffer costs one system
    /// call per 4 KiB of file, which measured as a second of kernel time per GB. The stream stays open (its owner
    /// closes it, and a cut gzip is read to its end after a CSV error to name the cause).
    /// </summary>
    private static StreamReader TextFrom(Stream stream) =>
        new(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    /// <summary>
    /// Reads CSV rows into <paramref name="state"/>. Without <paramref name="parts"/>, lines are the stream's. With it,
    /// the stream is one worker's parts: each row's line is mapped to (part, line in part), the state is told when the
    /// part changes, and records of parts after the first carry line 0 (see <see cref="TryReadSplitAsync"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadCsv(Stream stream, ReadState state, CancellationToken cancellationToken,
        CostRowMapper? mapper = null, PartStream? parts = null)
    {
        // A quoted field left open swallows the rest of the input, so only rows read after the stream's end can have an
        // odd number of quotes: the check is skipped until then.
        var end = parts is null ? new EndFlagStream(stream) : null;
        SepReader opened;
        try
        {
            opened = CsvOptions.From(TextFrom((Stream?)end ?? parts!)); // Sep reads the first row here already
        }
        catch (NotSupportedException e) when (IsRowTooLong(e))
        {
            throw RowTooLong(state.Source, 1, e);
        }

        using (var reader = opened)
        {
            var first = true;
            var scratch = new UnquoteBuffer();
            var n = 0;
            var currentPart = 0;
            long nextLine = 1; // where the next row starts (in the stream): names the row Sep cannot hold
            using var rows = reader.GetEnumerator();
            while (true)
            {
                try
                {
                    if (!rows.MoveNext()) break;
                }
                catch (NotSupportedException e) when (IsRowTooLong(e))
                {
                    // Sep holds at most 16 Mi characters of one row: a quote that is never closed (it swallows the rest
                    // of the file) or a field far longer than any cost export's. Nothing after it can be read.
                    var at = nextLine;
                    if (parts is not null) parts.PartOf(at, out at);
                    throw RowTooLong(state.Source, at, e);
                }

                var row = rows.Current;
                nextLine = row.LineNumberToExcl;
                var raw = row.Span;
                if (raw.IsEmpty && row.ColCount <= 1)
                {
                    first = false;
                    continue; // blank line: not a row
                }

                long line = first ? 1 : row.LineNumberFrom; // Sep reports the first row's line as 2
                var recordLine = line;
                if (parts is not null)
                {
                    var part = parts.PartOf(line, out line);
                    if (part != currentPart)
                    {
                        currentPart = part;
                        state.BeginPart(part);
                    }

                    recordLine = part == 0 ? line : 0;
                }

                first = false;
                if ((end?.Ended ?? parts!.Ended) && raw.Contains('"') && (raw.Count('"') & 1) == 1)
                    throw new CostExportException(state.Source, line, "unterminated quoted field: the closing quote is missing before the end of the file");

                if (mapper is null)
                {
                    var header = new string[row.ColCount];
                    var headerRow = new SepRawRow(row, line, scratch);
                    for (var i = 0; i < header.Length; i++) header[i] = headerRow[i].ToString();
                    mapper = state.Start(header);
                    continue;
                }

                if (row.LineNumberToExcl - row.LineNumberFrom > 1 && HasStrayQuote(row))
                {
                    // A quote inside an unquoted field (or after a closing quote) opened a "quoted" run that a later
                    // quote closed: Sep returns several physical lines as one row. Each line is read on its own.
                    ReadLinesOfJoinedRow(raw, state, mapper, line, recordLine);
                    continue;
                }

                scratch.Reset();
                var sepRow = new SepRawRow(row, recordLine, scratch);
                state.Row(mapper, ref sepRow, line);
                if (++n == 4096)
                {
                    n = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (mapper is null) throw new CostExportException(state.Source, null, "empty file: no header row");
        }
    }

    /// <summary>Sep's limit on the characters of one row (its buffer), reported when a row exceeds it.</summary>
    internal const int MaxRowChars = 16 * 1024 * 1024;

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
    private static bool HasStrayQuote(SepReader.Row row)
    {
        for (var i = 0; i < row.ColCount; i++)
        {
            var f = row[i].Span;
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
    private static void ReadLinesOfJoinedRow(ReadOnlySpan<char> raw, ReadState state, CostRowMapper mapper, long line, long recordLine)
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

    /// <summary>One physical line split leniently: a field is quoted only when it starts with a quote (doubled quotes
    /// inside; it ends at a quote before a comma or the end of the line); elsewhere a quote is a literal character.</summary>
    private sealed class LineRow : IRawRow
    {
        private readonly string _text;
        private readonly List<(int Start, int Length, string? Unquoted)> _fields = [];

        public LineRow(string text, long line)
        {
            _text = text;
            Line = line;
            var p = 0;
            while (true)
            {
                var start = p;
                string? unquoted = null;
                if (p < text.Length && text[p] == '"')
                {
                    var sb = new System.Text.StringBuilder();
                    p++;
                    while (p < text.Length)
                    {
                        if (text[p] == '"')
                        {
                            if (p + 1 < text.Length && text[p + 1] == '"') { sb.Append('"'); p += 2; continue; }
                            if (p + 1 == text.Length || text[p + 1] == ',') { p++; break; }
                        }

                        sb.Append(text[p++]);
                    }

                    unquoted = sb.ToString();
                }
                else
                {
                    while (p < text.Length && text[p] != ',') p++;
                }

                _fields.Add((start, p - start, unquoted));
                if (p >= text.Length) break;
                p++; // the comma
                if (p == text.Length)
                {
                    _fields.Add((p, 0, null));
                    break;
                }
            }
        }

        public int ColCount => _fields.Count;
        public long Line { get; }
        public int RawLength => _text.Length;
        public ReadOnlySpan<char> this[int index] => _fields[index].Unquoted ?? Raw(index);
        public ReadOnlySpan<char> Raw(int index) => _text.AsSpan(_fields[index].Start, _fields[index].Length);
    }

    private readonly ref struct SepRawRow(SepReader.Row row, long line, UnquoteBuffer scratch) : IRawRow
    {
        private readonly SepReader.Row _row = row;
        public int ColCount => _row.ColCount;
        public long Line { get; } = line;
        public int RawLength => _row.Span.Length;

        public ReadOnlySpan<char> Raw(int index) => _row[index].Span;

        public ReadOnlySpan<char> this[int index]
        {
            [MethodImpl(MethodImplOptions.AggressiveOptimization)]
            get
            {
                var s = _row[index].Span;
                if (s.IsEmpty || s[0] != '"') return s;
                var inner = s.Length >= 2 && s[^1] == '"' ? s[1..^1] : s[1..];
                return inner.Contains('"') ? scratch.Unquote(inner) : inner;
            }
        }
    }

    /// <summary>
    /// Per-row scratch space for quoted fields with doubled quotes inside (<c>"a ""b"""</c> → <c>a "b"</c>): every second
    /// inner quote is dropped, as Sep's own unescape does. Spans handed out stay valid until the next row.
    /// </summary>
    private sealed class UnquoteBuffer
    {
        private char[] _buffer = new char[4096];
        private int _used;

        public void Reset() => _used = 0;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ReadOnlySpan<char> Unquote(ReadOnlySpan<char> inner)
        {
            if (_buffer.Length - _used < inner.Length)
            {
                // Older spans keep the previous array alive; a new one is only needed for unusually long rows.
                _buffer = new char[Math.Max(_buffer.Length * 2, inner.Length + 1024)];
                _used = 0;
            }

            var start = _used;
            for (var i = 0; i < inner.Length; i++)
            {
                var c = inner[i];
                _buffer[_used++] = c;
                if (c == '"' && i + 1 < inner.Length && inner[i + 1] == '"') i++;
            }

            return _buffer.AsSpan(start, _used - start);
        }
    }

    /// <summary>Counts, totals and the mapper of one file.</summary>
    internal sealed class ReadState(string source, CostReadOptions options, ICostRecordSink sink, bool byPart = false)
    {
        /// <summary>With <c>byPart</c>: rejected rows held back with their part and line in part (file lines are known
        /// only once every part before theirs has been read).</summary>
        public List<(int Part, QuarantinedRow Row)> PartRejects { get; } = [];

        /// <summary>The part the current row comes from (parallel reads; 0 otherwise).</summary>
        public int Part { get; private set; }

        public void BeginPart(int part)
        {
            Part = part;
            sink.BeginPart(part);
        }

        private readonly Dictionary<string, (decimal Billed, decimal Effective)> _totals = new(StringComparer.Ordinal);
        private readonly IReadOnlySet<string>? _tagKeys = options.TagKeys is null
            ? null
            : new HashSet<string>(options.TagKeys.Select(k => k.Trim()), StringComparer.OrdinalIgnoreCase);
        private ExportLayout? _layout;
        private string? _lastCurrency;
        private decimal _lastBilled, _lastEffective;

        public string Source { get; } = source;
        public long Read { get; private set; }
        public long Accepted { get; private set; }
        public long Rejected { get; private set; }

        public CostRowMapper Start(string[] header)
        {
            _layout = ExportLayout.Resolve(Source, header, options.Format);
            return new CostRowMapper(_layout, Source, _tagKeys, reuseRecord: !sink.KeepsRecords);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row<TRow>(CostRowMapper mapper, scoped ref TRow row) where TRow : IRawRow, allows ref struct =>
            Row(mapper, ref row, row.Line);

        /// <summary>One row; <paramref name="line"/> is where a rejected row is reported (the line in its part with <c>byPart</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Row<TRow>(CostRowMapper mapper, scoped ref TRow row, long line) where TRow : IRawRow, allows ref struct
        {
            Read++;
            if (mapper.TryMap(ref row, out var record))
            {
                Accepted++;
                Add(record!, line);
                sink.Accept(record!);
            }
            else
            {
                Rejected++;
                if (byPart) PartRejects.Add((Part, mapper.Rejection(line)));
                else options.Quarantine?.Add(mapper.Rejection(line));
            }
        }

        private void Add(CostRecord record, long line)
        {
            if (!ReferenceEquals(record.BillingCurrency, _lastCurrency))
            {
                Flush();
                _lastCurrency = record.BillingCurrency;
            }

            try
            {
                _lastBilled += record.BilledCost;
                _lastEffective += record.EffectiveCost;
            }
            catch (OverflowException e)
            {
                // Every value is a decimal, but their sum is not: the file's total cannot be stated, so the file fails
                // (with the line where the total left the range; a later part of a parallel read has no file line yet).
                throw TotalOutOfRange(Source, byPart && Part != 0 ? null : line, record.BillingCurrency, e);
            }
        }

        private void Flush()
        {
            if (_lastCurrency is null) return;
            try
            {
                _totals[_lastCurrency] = _totals.TryGetValue(_lastCurrency, out var t)
                    ? (t.Billed + _lastBilled, t.Effective + _lastEffective)
                    : (_lastBilled, _lastEffective);
            }
            catch (OverflowException e)
            {
                throw TotalOutOfRange(Source, null, _lastCurrency, e);
            }

            _lastBilled = _lastEffective = 0;
        }

        public CostReadSummary Summary()
        {
            Flush();
            _lastCurrency = null;
            var totals = _totals.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => new CurrencyTotal(t.Key, t.Value.Billed, t.Value.Effective)).ToList();
            return new CostReadSummary(Source, Read, Accepted, Rejected, _layout?.Format ?? options.Format, _layout?.Version, totals);
        }
    }
}
