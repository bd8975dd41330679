namespace Guardrails.Core.Billing;

/// <summary>
/// One export file (or blob) to ingest. The name decides the container format: ".csv", ".csv.gz", ".parquet".
/// </summary>
public sealed record IngestSource(string Name, Func<CancellationToken, Task<Stream>> OpenAsync, long? Length = null)
{
    public static IngestSource FromFile(string path) =>
        new(path, _ => Task.FromResult<Stream>(File.OpenRead(path)), LengthOf(path));

    /// <summary>
    /// The length of the file's content. For a symbolic link <see cref="FileInfo.Length"/> is the link's own (a few bytes),
    /// which made a linked 1 GB export look too small to read in parallel: the link is followed (a dangling link keeps the
    /// link's length, and opening it reports the missing file).
    /// </summary>
    private static long LengthOf(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is null) return info.Length;
        return info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : info.Length;
    }
}

/// <summary>A row that could not be accepted: where it was, which field, and why. Nothing is silently lost.</summary>
public sealed record QuarantinedRow(string File, long Line, string? Field, string Reason, string? RawValue);

/// <summary>Where rejected rows go (a CSV file locally, a blob in Azure).</summary>
public interface IQuarantineSink
{
    void Add(QuarantinedRow row);
    /// <summary>Where the rows went, for the report (path or URI); null when nothing was written.</summary>
    string? Location { get; }
}

/// <summary>A money total per currency.</summary>
public sealed record CurrencyTotal(string Currency, decimal BilledCost, decimal EffectiveCost);
