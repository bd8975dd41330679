using System.IO.Compression;
using Guardrails.Core.Billing.Reading;

namespace Guardrails.Core.Billing;

/// <summary>
/// Reads one cost export — FOCUS 1.0-preview/1.0/1.1/1.2 or a legacy Azure Cost Management EA/MCA export (actual or
/// amortized) — from <c>.csv</c>, <c>.csv.gz</c> or <c>.parquet</c>, streaming, in memory that does not grow with the
/// number of rows. Every accepted row goes to the sink as a <see cref="CostRecord"/>; every rejected row goes to the
/// quarantine with file, physical line, field and reason. Whole-file problems throw <see cref="CostExportException"/>
/// (rows already handed to the sink must then be discarded by the caller). See docs/focus-mapping.md.
/// This type opens the file and picks the reader by container: <see cref="CsvCostReader"/> (also inside gzip),
/// <see cref="ParquetCostReader"/>, or <see cref="SplitCsvReader"/> for large plain CSV files read in parallel.
/// </summary>
public sealed class CostExportReader
{
    /// <summary>Files at least this large are read with the sink on a second thread (when there is more than one core).</summary>
    internal const long PipelineThreshold = 8 << 20;

    /// <summary>Plain CSV files at least this large are read in parts by several workers (when there is more than one core).</summary>
    internal const long SplitThreshold = SplitCsvReader.SplitThreshold;

    /// <summary>How many workers read a large plain CSV file: one per core, at most four (each keeps its own aggregate).</summary>
    internal static int ParallelWorkers => SplitCsvReader.ParallelWorkers;

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
            var state = new CostReadState(source.Name, options, pipeline ?? sink);
            var name = source.Name.TrimEnd();
            if (name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                await ParquetCostReader.ReadAsync(progress, state, cancellationToken).ConfigureAwait(false);
            else if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                ReadGzip(progress, state, cancellationToken);
            else
                await ReadByContentAsync(progress, state, cancellationToken).ConfigureAwait(false);

            pipeline?.Complete();
            progress.ReportFinal();
            return state.Summary();
        }
    }

    /// <summary>
    /// A file whose name does not say gzip or Parquet (<c>.csv</c>, a blob without an extension) is read by what its first
    /// bytes are: the gzip magic <c>1f 8b</c>, Parquet's <c>PAR1</c>, else CSV text. A compressed export saved or uploaded
    /// as <c>.csv</c> is read, not refused as "not a cost export" over a header of binary bytes.
    /// </summary>
    private static async Task ReadByContentAsync(Stream input, CostReadState state, CancellationToken cancellationToken)
    {
        var head = new byte[4];
        var n = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var replay = new ReplayStream(head.AsMemory(0, n), input);
        if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            ReadGzip(replay, state, cancellationToken);
        else if (n == 4 && head.AsSpan().SequenceEqual("PAR1"u8))
            await ParquetCostReader.ReadAsync(replay, state, cancellationToken).ConfigureAwait(false);
        else
            CsvCostReader.Read(replay, state, cancellationToken);
    }

    /// <summary>Whether <see cref="TryReadSplitAsync"/> may read <paramref name="source"/> (a large plain CSV file of known length).</summary>
    internal static bool IsSplitCandidate(IngestSource source, bool? split) => SplitCsvReader.IsCandidate(source, split);

    /// <summary>Reads a large plain CSV file with one worker per sink (see <see cref="SplitCsvReader.TryReadAsync"/>); null
    /// when the file is not suited or a cut fell inside a quoted field (then the sinks must be discarded). A whole-file
    /// error found in a later part has no file line yet (lines are counted part by part): then it is null too, and the
    /// sequential read reports the error with its line.</summary>
    internal async Task<CostReadSummary?> TryReadSplitAsync(IngestSource source, CostReadOptions options,
        IReadOnlyList<ICostRecordSink> sinks, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SplitCsvReader.TryReadAsync(source, options, sinks, cancellationToken).ConfigureAwait(false);
        }
        catch (CostExportException e) when (e.Line is null)
        {
            return null;
        }
    }

    /// <summary>The whole-file error for a total (or a sum of the ledger) beyond the decimal range.</summary>
    internal static CostExportException TotalOutOfRange(string file, long? line, string? currency, Exception? inner) =>
        new(file, line, $"the {(currency is null ? "" : currency + " ")}total is beyond the decimal range (±7.9e28): " +
                        "the values of this file are too large to be summed", inner);

    /// <summary>A gzipped CSV file; a cut or corrupt gzip is named as the cause rather than the CSV problem it shows up as.</summary>
    private static void ReadGzip(Stream compressed, CostReadState state, CancellationToken cancellationToken)
    {
        var check = new GzipTrailerCheck();
        var compressedTap = check.WrapCompressed(compressed);
        try
        {
            using var gzip = new GZipStream(compressedTap, CompressionMode.Decompress, leaveOpen: true);
            using var decompressed = check.WrapDecompressed(gzip);
            try
            {
                CsvCostReader.Read(decompressed, state, cancellationToken);
            }
            catch (CostExportException e)
            {
                // A cut gzip shows up first as a CSV problem (empty file, unterminated quote): read the rest of the gzip
                // and report the cause if it is the gzip; otherwise the CSV problem stands.
                if (GzipCause(decompressed, check, compressedTap) is { } cause) throw new CostExportException(state.Source, null, cause, e);
                throw;
            }

            if (check.Verify(compressedTap) is { } problem) throw new CostExportException(state.Source, null, problem);
        }
        catch (InvalidDataException e)
        {
            throw new CostExportException(state.Source, null, "not a readable gzip file: " + e.Message, e);
        }
    }

    /// <summary>After a CSV problem: reads the rest of the gzip and returns what is wrong with it, or null when nothing is
    /// (then the CSV problem stands).</summary>
    private static string? GzipCause(Stream decompressed, GzipTrailerCheck check, Stream compressedTap)
    {
        try
        {
            decompressed.CopyTo(Stream.Null);
            return check.Verify(compressedTap);
        }
        catch (InvalidDataException gzipError)
        {
            return "not a readable gzip file: " + gzipError.Message;
        }
    }
}
