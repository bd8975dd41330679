using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>The export stages' run ledger over the Table Storage ledger (runs table, facts table, current-run pointer).</summary>
public sealed class TableExportRunLedger(TableLedgerStore store) : IExportRunLedger
{
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => store.EnsureCreatedAsync(cancellationToken);

    public Task<bool> RecordRunAsync(LedgerRun run, IReadOnlyList<string> blobNames, CancellationToken cancellationToken = default) =>
        store.RecordRunAsync(run, blobNames, cancellationToken);

    public Task<LedgerRun?> GetRunAsync(ExportRunRef run, CancellationToken cancellationToken = default) => store.GetRunAsync(run, cancellationToken);

    public Task<IReadOnlyList<LedgerRunPart>> GetPartsAsync(ExportRunRef run, CancellationToken cancellationToken = default) =>
        store.GetPartsAsync(run, cancellationToken);

    public Task<bool> IsSupersededAsync(string exportName, IReadOnlyList<string> months, DateTimeOffset submittedTime, string runId,
        CancellationToken cancellationToken = default) => store.IsSupersededAsync(exportName, months, submittedTime, runId, cancellationToken);

    public Task MarkPartEnqueuedAsync(ExportRunRef run, int partIndex, string blobName, CancellationToken cancellationToken = default) =>
        store.MarkPartEnqueuedAsync(run, partIndex, blobName, cancellationToken);

    public Task MarkPartStartedAsync(ExportRunRef run, int partIndex, int attempt, CancellationToken cancellationToken = default) =>
        store.MarkPartStartedAsync(run, partIndex, attempt, cancellationToken);

    public Task MarkPartCompletedAsync(ExportRunRef run, int partIndex, IngestResult result, long factsWritten, CancellationToken cancellationToken = default) =>
        store.MarkPartCompletedAsync(run, partIndex, result, factsWritten, cancellationToken);

    public Task MarkPartFailedAsync(ExportRunRef run, int partIndex, int attempt, string reason, bool poisoned, CancellationToken cancellationToken = default) =>
        store.MarkPartFailedAsync(run, partIndex, attempt, reason, poisoned, cancellationToken);

    public Task<RunCompletion> TryCompleteRunAsync(ExportRunRef run, CancellationToken cancellationToken = default) =>
        store.TryCompleteRunAsync(run, cancellationToken);

    public Task<long> WriteFactsAsync(ExportRunRef run, int partIndex, IReadOnlyList<DailyCostFact> facts, CancellationToken cancellationToken = default) =>
        store.WriteFactsAsync(run, partIndex, facts, cancellationToken);

    public Task<long> WriteResourceCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<ResourceDailyCost> resourceCosts,
        CancellationToken cancellationToken = default) => store.WriteResourceCostsAsync(run, partIndex, resourceCosts, cancellationToken);

    public Task<long> WriteStorageTierCostsAsync(ExportRunRef run, int partIndex, IReadOnlyList<StorageTierDailyCost> storageCosts,
        CancellationToken cancellationToken = default) => store.WriteStorageTierCostsAsync(run, partIndex, storageCosts, cancellationToken);

    public Task<IReadOnlyList<ExportRunRef>> DeleteSupersededRunsAsync(TimeSpan olderThan, CancellationToken cancellationToken = default) =>
        store.DeleteSupersededRunsAsync(olderThan, cancellationToken);
}
