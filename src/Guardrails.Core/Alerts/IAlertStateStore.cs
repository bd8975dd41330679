using System.Collections.Concurrent;

namespace Guardrails.Core.Alerts;

/// <summary>
/// Alert state with optimistic concurrency (Table Storage in Azure: PK budget, RK period|kind|threshold). Adds fail
/// when the record exists; updates fail when the ETag changed. That is what makes two concurrent evaluations safe.
/// </summary>
public interface IAlertStateStore
{
    /// <summary>All records of a budget in a period.</summary>
    Task<IReadOnlyList<AlertRecord>> ListAsync(string budgetName, string period, CancellationToken cancellationToken = default);

    /// <summary>Records still to deliver (Pending, or Sending whose lease may have expired), any budget or period.</summary>
    Task<IReadOnlyList<AlertRecord>> ListUndeliveredAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts; returns the stored record with its ETag, or null when a record with the key already exists.</summary>
    Task<AlertRecord?> TryAddAsync(AlertRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces if the record's ETag still matches; returns the stored record with its new ETag, or null on conflict.</summary>
    Task<AlertRecord?> TryUpdateAsync(AlertRecord record, CancellationToken cancellationToken = default);
}

/// <summary>An in-process store with the same semantics (CLI runs without --store, tests).</summary>
public sealed class InMemoryAlertStateStore : IAlertStateStore
{
    private readonly ConcurrentDictionary<(string Budget, string RowKey), AlertRecord> _records = new();
    private long _version;

    public IReadOnlyCollection<AlertRecord> All => _records.Values.ToList();

    public Task<IReadOnlyList<AlertRecord>> ListAsync(string budgetName, string period, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRecord>>(_records.Values
            .Where(r => r.Key.BudgetName == budgetName && r.Key.Period == period).OrderBy(r => r.Key.RowKey, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<AlertRecord>> ListUndeliveredAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRecord>>(_records.Values
            .Where(r => r.Status is AlertStatus.Pending or AlertStatus.Sending).OrderBy(r => r.CreatedAt).ThenBy(r => r.Key.RowKey, StringComparer.Ordinal).ToList());

    public Task<AlertRecord?> TryAddAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        var stored = record with { ETag = NextETag() };
        return Task.FromResult(_records.TryAdd(Id(record), stored) ? stored : null);
    }

    public Task<AlertRecord?> TryUpdateAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        var id = Id(record);
        if (!_records.TryGetValue(id, out var current) || current.ETag != record.ETag) return Task.FromResult<AlertRecord?>(null);
        var stored = record with { ETag = NextETag() };
        return Task.FromResult(_records.TryUpdate(id, stored, current) ? stored : null);
    }

    private static (string, string) Id(AlertRecord r) => (r.Key.BudgetName, r.Key.RowKey);
    private string NextETag() => $"W/\"{Interlocked.Increment(ref _version)}\"";
}
