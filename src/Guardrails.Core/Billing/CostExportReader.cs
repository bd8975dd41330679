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

    /// <summary>Plain CSV files at least this large are read as two ranges in parallel (when there is more than one core).</summary>
    internal const long SplitThreshold = 32 << 20;

    /// <summary>
    /// Reads a plain (uncompressed, seekable) CSV file as two byte ranges, each on its own thread into its own sink:
    /// rows before the cut (see <see cref="CsvSplit"/>) go to <paramref name="first"/>, rows after it to
    /// <paramref name="second"/>, each in file order. Line numbers, counts and quarantined rows (written in file order)
    /// are those of a sequential read; when both ranges fail, the first range's error is the one thrown, as a
    /// sequential read would. Returns null, having read nothing, when the file is not suited (compressed, parquet, not
    /// seekable, small, UTF-16, or its header is not a cost export: the sequential read then reports it).
    /// </summary>
    internal async Task<CostReadSummary?> TryReadSplitAsync(IngestSource source, CostReadOptions options,
        ICostRecordSink first, ICostRecordSink second, CancellationToken cancellationToken = default, long? middleForTests = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var name = source.Name.TrimEnd();
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || source.Length is not { } length) return null;
        if (!(options.Split ?? (Environment.ProcessorCount > 1 && length >= SplitThreshold))) return null;

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
        using (headerStream)
        {
            if (!headerStream.CanSeek || headerStream.Length != length) return null;
            Span<byte> bom = stackalloc byte[4];
            var got = headerStream.ReadAtLeast(bom, 4, throwOnEndOfStream: false);
            if (got >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF))) return null; // UTF-16/32
            headerStream.Position = 0;
            header = ReadHeader(headerStream);
        }

        if (header is null) return null;
        var quarantine2 = options.Quarantine is null ? null : new BufferedQuarantine();
        var state1 = new ReadState(source.Name, options, first);
        var state2 = new ReadState(source.Name, options with { Quarantine = quarantine2 }, second);
        CostRowMapper mapper2;
        try
        {
            state1.Start(header); // validates the layout; range 1 reads its own header again
            mapper2 = state2.Start(header);
        }
        catch (CostExportException)
        {
            return null;
        }

        var middle = Math.Clamp(middleForTests ?? length / 2, 0, length);
        var cut = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SplitProgress(options.BytesRead);
        var stream1 = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var stream2 = await source.OpenAsync(cancellationToken).ConfigureAwait(false);

        var range1 = Task.Factory.StartNew(() =>
        {
            using var range = new RangeStream(stream1, 0, middle, cut.Task);
            using var counted = new ProgressStream(range, progress.First);
            ReadCsv(counted, state1, cancellationToken);
            counted.ReportFinal();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var range2 = Task.Factory.StartNew(() =>
        {
            long offset, linesBefore;
            try
            {
                (offset, linesBefore) = CsvSplit.Find(stream2, length, middle);
                cut.SetResult(offset);
            }
            catch (Exception e)
            {
                stream2.Dispose();
                cut.TrySetException(e);
                throw;
            }

            using var range = new RangeStream(stream2, offset, length, Task.FromResult(length));
            using var counted = new ProgressStream(range, progress.Second);
            if (offset < length) ReadCsv(counted, state2, cancellationToken, mapper2, linesBefore);
            counted.ReportFinal();
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await Task.WhenAll(range1, range2).ConfigureAwait(false);
        }
        catch
        {
            // The first range's error is what a sequential read would have met first.
            if (range1.Exception is { } e1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e1.InnerException ?? e1).Throw();
            if (range2.Exception is { } e2) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e2.InnerException ?? e2).Throw();
            throw;
        }

        quarantine2?.CopyTo(options.Quarantine!);
        var s1 = state1.Summary();
        var s2 = state2.Summary();
        var totals = s1.Totals.Concat(s2.Totals).GroupBy(t => t.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(t => t.BilledCost), g.Sum(t => t.EffectiveCost))).ToList();
        return s1 with
        {
            RowsRead = s1.RowsRead + s2.RowsRead,
            RowsAccepted = s1.RowsAccepted + s2.RowsAccepted,
            RowsRejected = s1.RowsRejected + s2.RowsRejected,
            Totals = totals,
        };
    }

    /// <summary>The header row (the first non-blank row), or null when there is none or its quotes are unbalanced.</summary>
    private static string[]? ReadHeader(Stream stream)
    {
        using var reader = CsvOptions.From(TextFrom(stream));
        var scratch = new UnquoteBuffer();
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

        return null;
    }

    /// <summary>Holds the second range's rejected rows until the first range's are written.</summary>
    private sealed class BufferedQuarantine : IQuarantineSink
    {
        private readonly List<QuarantinedRow> _rows = [];
        public string? Location => null;
        public void Add(QuarantinedRow row) => _rows.Add(row);

        public void CopyTo(IQuarantineSink target)
        {
            foreach (var row in _rows) target.Add(row);
        }
    }

    /// <summary>Reports the bytes read by both ranges as one running total.</summary>
    private sealed class SplitProgress(IProgress<long>? inner)
    {
        private readonly IProgress<long>? _inner = inner;
        private long _first, _second;
        public IProgress<long>? First => _inner is null ? null : new Part(this, true);
        public IProgress<long>? Second => _inner is null ? null : new Part(this, false);

        private sealed class Part(SplitProgress owner, bool first) : IProgress<long>
        {
            public void Report(long value)
            {
                if (first) Interlocked.Exchange(ref owner._first, value);
                else Interlocked.Exchange(ref owner._second, value);
                owner._inner!.Report(Interlocked.Read(ref owner._first) + Interlocked.Read(ref owner._second));
            }
        }
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReadCsv(Stream stream, ReadState state, CancellationToken cancellationToken,
        CostRowMapper? mapper = null, long lineOffset = 0)
    {
        using (var reader = CsvOptions.From(TextFrom(stream)))
        {
            var first = true;
            var scratch = new UnquoteBuffer();
            var n = 0;
            foreach (var row in reader)
            {
                var raw = row.Span;
                if (raw.IsEmpty && row.ColCount <= 1)
                {
                    first = false;
                    continue; // blank line: not a row
                }

                var line = lineOffset + (first ? 1 : row.LineNumberFrom); // Sep reports the first row's line as 2
                first = false;
                if (raw.Contains('"') && (raw.Count('"') & 1) == 1)
                    throw new CostExportException(state.Source, line, "unterminated quoted field: the closing quote is missing before the end of the file");

                if (mapper is null)
                {
                    var header = new string[row.ColCount];
                    var headerRow = new SepRawRow(row, line, scratch);
                    for (var i = 0; i < header.Length; i++) header[i] = headerRow[i].ToString();
                    mapper = state.Start(header);
                    continue;
                }

                scratch.Reset();
                var sepRow = new SepRawRow(row, line, scratch);
                state.Row(mapper, ref sepRow);
                if (++n == 4096)
                {
                    n = 0;
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            if (mapper is null) throw new CostExportException(state.Source, null, "empty file: no header row");
        }
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
    internal sealed class ReadState(string source, CostReadOptions options, ICostRecordSink sink)
    {
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
        public void Row<TRow>(CostRowMapper mapper, scoped ref TRow row) where TRow : IRawRow, allows ref struct
        {
            Read++;
            if (mapper.TryMap(ref row, out var record))
            {
                Accepted++;
                Add(record!);
                sink.Accept(record!);
            }
            else
            {
                Rejected++;
                options.Quarantine?.Add(mapper.Rejection(row.Line));
            }
        }

        private void Add(CostRecord record)
        {
            if (!ReferenceEquals(record.BillingCurrency, _lastCurrency))
            {
                Flush();
                _lastCurrency = record.BillingCurrency;
            }

            _lastBilled += record.BilledCost;
            _lastEffective += record.EffectiveCost;
        }

        private void Flush()
        {
            if (_lastCurrency is null) return;
            _totals[_lastCurrency] = _totals.TryGetValue(_lastCurrency, out var t)
                ? (t.Billed + _lastBilled, t.Effective + _lastEffective)
                : (_lastBilled, _lastEffective);
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
