using Guardrails.Core.Ledger;

namespace Guardrails.Core.Billing;

/// <summary>Receives every accepted <see cref="CostRecord"/>, once per row, in file order.</summary>
public interface ICostRecordSink
{
    void Accept(CostRecord record);

    /// <summary>
    /// When a large file is read in parts by several workers, each worker's sink is told the part (numbered in file
    /// order) that the rows it receives next come from; within a part, rows come in file order, but a worker may take
    /// parts in any order. Sinks that keep "the first row's" values use it to know which row came first in the file.
    /// Never called on a sequential read (every row is then of part 0).
    /// </summary>
    void BeginPart(int part)
    {
    }

    /// <summary>
    /// True (the default) when the sink may hold on to a record after <see cref="Accept"/> returns. A sink that is done
    /// with each record by then says false, and the reader refills one record instance for every row instead of
    /// allocating one per row (a million rows are otherwise 300 MB of short-lived records).
    /// </summary>
    bool KeepsRecords => true;
}

/// <summary>How <see cref="CostExportReader"/> reads one export.</summary>
public sealed record CostReadOptions
{
    /// <summary><see cref="ExportFormat.Auto"/> detects the format from the header; anything else forces it.</summary>
    public ExportFormat Format { get; init; } = ExportFormat.Auto;

    /// <summary>Where rejected rows go (file, physical line, field, reason, raw value). Null: counted only.</summary>
    public IQuarantineSink? Quarantine { get; init; }

    /// <summary>Reports bytes of the source stream consumed so far (compressed bytes for .csv.gz).</summary>
    public IProgress<long>? BytesRead { get; init; }

    /// <summary>
    /// Only keep these tag keys (compared trimmed and case-insensitively); null keeps all tags.
    /// Dropping unused tags early saves memory and time.
    /// </summary>
    public IReadOnlySet<string>? TagKeys { get; init; }

    /// <summary>Test seam: force (true) or forbid (false) running the sink on a second thread; null = by file size.</summary>
    internal bool? Pipeline { get; init; }

    /// <summary>Test seam: force (true) or forbid (false) reading a plain CSV file in parallel parts; null = by file size.</summary>
    internal bool? Split { get; init; }

    /// <summary>Test seam: the part size of a parallel read, in bytes; null = about 1/256 of the file, 1 to 16 MiB.</summary>
    internal long? PartSize { get; init; }
}

/// <summary>What one export file held: counts (accepted + rejected = read, always), format and totals per currency.</summary>
public sealed record CostReadSummary(
    string Source,
    long RowsRead,
    long RowsAccepted,
    long RowsRejected,
    ExportFormat Format,
    string? FormatVersion,
    IReadOnlyList<CurrencyTotal> Totals);

/// <summary>
/// A problem with a whole file (not one row): not a cost export, missing mandatory columns, an unreadable or truncated
/// gzip, an unterminated quoted field at the end of the file. The message names the file, and the line when known.
/// </summary>
public sealed class CostExportException : Exception
{
    public CostExportException(string file, long? line, string message, Exception? innerException = null)
        : base(Format(file, line, message), innerException)
    {
        File = file;
        Line = line;
    }

    public CostExportException() : base("Not a readable cost export.") { File = ""; }

    public CostExportException(string message) : base(message) { File = ""; }

    public CostExportException(string message, Exception innerException) : base(message, innerException) { File = ""; }

    /// <summary>The file (or blob) name.</summary>
    public string File { get; }

    /// <summary>The 1-based physical line, when the problem has one.</summary>
    public long? Line { get; }

    /// <summary>A row longer than the CSV reader can hold (an unterminated quote, in practice): a parallel read is void.</summary>
    internal bool RowTooLong { get; init; }

    /// <summary>For "not a cost export": the mandatory columns that were not found.</summary>
    public IReadOnlyList<string> MissingColumns { get; init; } = [];

    private static string Format(string file, long? line, string message) =>
        line is { } l ? $"{file}, line {l}: {message}" : $"{file}: {message}";
}
