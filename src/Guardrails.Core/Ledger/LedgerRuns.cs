using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>Identifies one run of one export (Cost Management's runId, or a synthetic one for manifest-less exports).</summary>
public sealed record ExportRunRef(string ExportName, string RunId)
{
    public override string ToString() => $"{ExportName}/{RunId}";
}

/// <summary>Where a run is in its life: parts pending → ingesting → completed (current) → superseded by a newer run.</summary>
public enum LedgerRunStatus { Pending, Ingesting, Completed, Superseded, Failed }

/// <summary>Where one part (blob) of a run is. <see cref="Poisoned"/> means the queue gave up; the reason is kept.</summary>
public enum LedgerPartStatus { Pending, Ingesting, Completed, Failed, Poisoned }

/// <summary>One export run as recorded in the runs table.</summary>
public sealed record LedgerRun
{
    public required ExportRunRef Ref { get; init; }
    /// <summary>The export period: [PeriodStart, PeriodEnd] as the manifest states it (UTC).</summary>
    public required DateTimeOffset PeriodStart { get; init; }
    public required DateTimeOffset PeriodEnd { get; init; }
    /// <summary>When Cost Management produced the run; the newer run of an export and month wins.</summary>
    public required DateTimeOffset SubmittedTime { get; init; }
    public required int PartCount { get; init; }
    public string Container { get; init; } = "";
    public string? ManifestBlob { get; init; }
    public LedgerRunStatus Status { get; init; } = LedgerRunStatus.Pending;
    public string? Reason { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public IReadOnlyList<CurrencyTotal> Totals { get; init; } = [];

    /// <summary>The calendar months (yyyy-MM) this run is authoritative for once it completes.</summary>
    public IReadOnlyList<string> Months => LedgerMonths.Between(PeriodStart, PeriodEnd);
}

/// <summary>One part (blob) of a run and its progress.</summary>
public sealed record LedgerRunPart
{
    public required ExportRunRef Run { get; init; }
    public required int PartIndex { get; init; }
    public required string BlobName { get; init; }
    public LedgerPartStatus Status { get; init; } = LedgerPartStatus.Pending;
    public int Attempts { get; init; }
    public long RowsRead { get; init; }
    public long RowsAccepted { get; init; }
    public long RowsRejected { get; init; }
    public long FactsWritten { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
    public DateTimeOffset? EnqueuedAt { get; init; }
    public IReadOnlyList<CurrencyTotal> Totals { get; init; } = [];
}

/// <summary>
/// The run a reader follows for one export and month. <paramref name="Summarized"/>: the run's summaries were written
/// before the pointer was switched to it (runs completed before summaries existed are read from their parts).
/// </summary>
public sealed record CurrentRunPointer(string Month, ExportRunRef Run, DateTimeOffset SubmittedTime, DateTimeOffset SwitchedAt, bool Summarized = false);

/// <summary>What finishing a part did to its run.</summary>
public enum RunCompletion
{
    /// <summary>Other parts are still outstanding.</summary>
    PartsOutstanding,
    /// <summary>All parts are in; the run is now what readers see for its months.</summary>
    BecameCurrent,
    /// <summary>All parts are in, but a newer run of the same export and month is already current.</summary>
    Superseded,
}

public static class LedgerMonths
{
    public static string Of(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The months touched by a period. An end at exactly midnight is exclusive (Cost Management writes
    /// "2025-03-21T00:00:00Z" for a month-to-date run through the 20th or 21st; either way, the same month).
    /// </summary>
    public static IReadOnlyList<string> Between(DateTimeOffset start, DateTimeOffset end)
    {
        var first = new DateOnly(start.UtcDateTime.Year, start.UtcDateTime.Month, 1);
        var lastInstant = end > start && end.UtcDateTime.TimeOfDay == TimeSpan.Zero ? end.AddTicks(-1) : end;
        if (lastInstant < start) lastInstant = start;
        var last = new DateOnly(lastInstant.UtcDateTime.Year, lastInstant.UtcDateTime.Month, 1);
        var months = new List<string>();
        for (var m = first; m <= last; m = m.AddMonths(1)) months.Add(Of(m));
        return months;
    }
}
