using Guardrails.Core.Billing;

namespace Guardrails.Core.Ledger;

/// <summary>One export run found in a container, with its data blobs in order.</summary>
public sealed record DiscoveredRun
{
    /// <summary>"{container}/{directory}/{exportName}": unique per export, the key month-to-date restatement uses.</summary>
    public required string Export { get; init; }
    public required string RunId { get; init; }
    public required string Container { get; init; }
    public required DateTimeOffset PeriodStart { get; init; }
    public required DateTimeOffset PeriodEnd { get; init; }
    public required DateTimeOffset SubmittedTime { get; init; }
    public required IReadOnlyList<string> Blobs { get; init; }
    /// <summary>The manifest it came from, or null when found by path pattern.</summary>
    public string? ManifestBlob { get; init; }
}

/// <summary>What a scan found: the runs, and manifests it could not use (with blob name and field).</summary>
public sealed record ExportScan(IReadOnlyList<DiscoveredRun> Runs, IReadOnlyList<string> Problems)
{
    /// <summary>Runs of other datasets sharing the container (reservation recommendations, price sheets...): one line each, not ingested.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

/// <summary>Finds the export runs in one container (the export blobs in the Function App).</summary>
public interface IExportRunScanner
{
    /// <summary>Runs without a manifest are taken only once their newest blob is older than <paramref name="settleTime"/>.</summary>
    Task<ExportScan> ScanAsync(string container, TimeSpan settleTime, CancellationToken cancellationToken = default);
}

/// <summary>The export-parts queue: one <see cref="ExportPartMessage"/> per blob of a run.</summary>
public interface IExportPartQueue
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken = default);
    Task SendAsync(ExportPartMessage message, CancellationToken cancellationToken = default);
}

/// <summary>
/// The runs and parts of export runs, and the facts written under them (Table Storage in the Function App): what the
/// discovery and ingest stages record, and the current-run pointer a completed run switches.
/// </summary>
public interface IExportRunLedger
{
    Task EnsureCreatedAsync(CancellationToken cancellationToken = default);
    /// <summary>Records a new run with all parts Pending; false when it was already recorded.</summary>
    Task<bool> RecordRunAsync(LedgerRun run, IReadOnlyList<string> blobNames, CancellationToken cancellationToken = default);
    Task<LedgerRun?> GetRunAsync(ExportRunRef run, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<LedgerRunPart>> GetPartsAsync(ExportRunRef run, CancellationToken cancellationToken = default);
    /// <summary>Whether a newer run of the export already owns any of <paramref name="months"/>.</summary>
    Task<bool> IsSupersededAsync(string exportName, IReadOnlyList<string> months, DateTimeOffset submittedTime, string runId, CancellationToken cancellationToken = default);
    Task MarkPartEnqueuedAsync(ExportRunRef run, int partIndex, string blobName, CancellationToken cancellationToken = default);
    Task MarkPartStartedAsync(ExportRunRef run, int partIndex, int attempt, CancellationToken cancellationToken = default);
    Task MarkPartCompletedAsync(ExportRunRef run, int partIndex, IngestResult result, long factsWritten, CancellationToken cancellationToken = default);
    Task MarkPartFailedAsync(ExportRunRef run, int partIndex, int attempt, string reason, bool poisoned, CancellationToken cancellationToken = default);
    /// <summary>When every part is in, switches the run's months to it (unless a newer run is current).</summary>
    Task<RunCompletion> TryCompleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default);
    /// <summary>Writes a part's daily facts under its run; returns the entities written.</summary>
    Task<long> WriteFactsAsync(ExportRunRef run, int partIndex, IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default);
    /// <summary>Writes a part's per-resource daily costs under its run; returns the entities written.</summary>
    Task<long> WriteResourceCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<ResourceDailyCost> resourceCosts, CancellationToken cancellationToken = default);
    /// <summary>
    /// Writes a part's storage-tier rows under its run (also when there are none, so a reader can tell "no storage" from a
    /// run written before the ledger kept them); returns the entities written.
    /// </summary>
    Task<long> WriteStorageTierCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<StorageTierDailyCost> storageCosts, CancellationToken cancellationToken = default);
    /// <summary>Deletes the runs superseded longer than <paramref name="olderThan"/> ago; returns them.</summary>
    Task<IReadOnlyList<ExportRunRef>> DeleteSupersededRunsAsync(TimeSpan olderThan, CancellationToken cancellationToken = default);
}
