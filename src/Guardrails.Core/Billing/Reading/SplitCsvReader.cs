namespace Guardrails.Core.Billing.Reading;

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
/// </summary>
internal static class SplitCsvReader
{
    /// <summary>Plain CSV files at least this large are read in parts by several workers (when there is more than one core).</summary>
    internal const long SplitThreshold = 32 << 20;

    /// <summary>How many workers read a large plain CSV file: one per core, at most four (each keeps its own aggregate).</summary>
    internal static int ParallelWorkers => Math.Clamp(Environment.ProcessorCount, 2, 4);

    /// <summary>Whether <see cref="TryReadAsync"/> may read <paramref name="source"/> (a large plain CSV file of known length).</summary>
    internal static bool IsCandidate(IngestSource source, bool? split) =>
        source.Name.TrimEnd().EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && source.Length is { } length &&
        (split ?? (Environment.ProcessorCount > 1 && length >= SplitThreshold));

    /// <summary>
    /// Reads <paramref name="source"/> in parts into <paramref name="sinks"/>.
    /// <para>Returns null when the file is not suited — compressed, parquet, not seekable, small, UTF-16, or its header is
    /// not a cost export; nothing was read and the sequential read reports it — and also when a cut turned out to fall
    /// inside a quoted field or the file ends inside one: then the sinks have received rows and must be discarded, and
    /// the file read sequentially (which reports an unterminated quote with its line).</para>
    /// </summary>
    internal static async Task<CostReadSummary?> TryReadAsync(IngestSource source, CostReadOptions options,
        IReadOnlyList<ICostRecordSink> sinks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sinks);
        if (sinks.Count == 0 || !IsCandidate(source, options.Split) || source.Length is not { } length) return null;
        if (await ReadHeaderAndCutsAsync(source, length, options, cancellationToken).ConfigureAwait(false) is not { } cuts) return null;
        if (StartWorkers(source.Name, options, sinks, cuts.Header) is not { } started) return null;
        var (states, mappers) = started;

        var feed = new PartFeed(cuts.Boundaries, reserved: 1, options.BytesRead);
        var files = new Stream[states.Length];
        for (var i = 0; i < files.Length; i++) files[i] = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var openQuote = await RunWorkersAsync(files, feed, states, mappers, cuts.Utf8, cancellationToken).ConfigureAwait(false);
        if (openQuote || !feed.CutsAreRecordBoundaries()) return null;

        if (options.Quarantine is { } quarantine)
        {
            var rejected = states.SelectMany(s => s.PartRejects)
                .Select(r => r.Row with { Line = feed.FileLine(r.Part, r.Row.Line) })
                .OrderBy(r => r.Line);
            foreach (var row in rejected) quarantine.Add(row);
        }

        return Combine(source.Name, states.Select(s => s.Summary()).ToList());
    }

    /// <summary>The header and the part boundaries; null when the file is not suited to a split read.</summary>
    private static async Task<(string[] Header, long[] Boundaries, bool Utf8)?> ReadHeaderAndCutsAsync(IngestSource source, long length,
        CostReadOptions options, CancellationToken cancellationToken)
    {
        Stream headerStream;
        try
        {
            headerStream = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the sequential read reports it
        }

        using (headerStream)
        {
            if (!headerStream.CanSeek || headerStream.Length != length || IsUtf16Or32(headerStream, out var utf8)) return null;
            headerStream.Position = 0;
            if (CsvCostReader.ReadHeader(headerStream) is not { } header) return null;
            // Parts of about 1/256 of the file (1 to 16 MiB): the workers end within a few milliseconds of each other.
            return (header, CsvParts.Boundaries(headerStream, length, options.PartSize ?? Math.Clamp(length / 256, 1 << 20, 16 << 20)),
                utf8 && Utf8CsvRows.IsAccelerated);
        }
    }

    /// <summary>Whether the file starts with a UTF-16 byte order mark; <paramref name="utf8"/>: it is read as UTF-8
    /// (no byte order mark of another encoding, which the text reader would follow: UTF-32 big-endian).</summary>
    private static bool IsUtf16Or32(Stream stream, out bool utf8)
    {
        Span<byte> bom = stackalloc byte[4];
        var got = stream.ReadAtLeast(bom, 4, throwOnEndOfStream: false);
        utf8 = !(got == 4 && bom[0] == 0 && bom[1] == 0 && bom[2] == 0xFE && bom[3] == 0xFF);
        return got >= 2 && ((bom[0] == 0xFF && bom[1] == 0xFE) || (bom[0] == 0xFE && bom[1] == 0xFF));
    }

    /// <summary>One read state and mapper per sink; null when the header is not a cost export's.</summary>
    private static (CostReadState[] States, CostRowMapper[] Mappers)? StartWorkers(string file, CostReadOptions options,
        IReadOnlyList<ICostRecordSink> sinks, string[] header)
    {
        var states = new CostReadState[sinks.Count];
        var mappers = new CostRowMapper[sinks.Count];
        try
        {
            for (var i = 0; i < states.Length; i++)
            {
                states[i] = new CostReadState(file, options, sinks[i], byPart: true);
                mappers[i] = states[i].Start(header); // validates the layout; worker 0 reads the header again
            }
        }
        catch (CostExportException)
        {
            return null;
        }

        return (states, mappers);
    }

    /// <summary>Runs one worker per state until the parts are read; true when a worker met a quote left open.</summary>
    private static async Task<bool> RunWorkersAsync(Stream[] files, PartFeed feed, CostReadState[] states, CostRowMapper[] mappers,
        bool utf8, CancellationToken cancellationToken)
    {
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
                    // UTF-8 text is split as bytes (only the rows' text decoded); worker 0's first part is the file's start.
                    if (utf8) CsvCostReader.ReadUtf8(parts, states[worker], cancellationToken, worker == 0 ? null : mappers[worker], parts, atFileStart: worker == 0);
                    else CsvCostReader.Read(parts, states[worker], cancellationToken, worker == 0 ? null : mappers[worker], parts);
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
        return openQuote;
    }

    /// <summary>The workers' summaries as one: rows added, totals summed per currency.</summary>
    private static CostReadSummary Combine(string file, List<CostReadSummary> summaries)
    {
        var totals = new List<CurrencyTotal>();
        foreach (var g in summaries.SelectMany(s => s.Totals).GroupBy(t => t.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            try
            {
                totals.Add(new CurrencyTotal(g.Key, g.Sum(t => t.BilledCost), g.Sum(t => t.EffectiveCost)));
            }
            catch (OverflowException e)
            {
                throw CostExportReader.TotalOutOfRange(file, null, g.Key, e);
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
}
