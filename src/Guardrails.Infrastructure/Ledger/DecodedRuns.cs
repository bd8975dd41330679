using Guardrails.Core.Ledger;

namespace Guardrails.Infrastructure.Ledger;

/// <summary>
/// A run's decoded and part-summed rows, kept per store so one process (a CLI command, a function instance, the
/// dashboard) that reads the same month twice — a budget's month and its history, the dashboard's facts and then its
/// resource-days per view — decodes it once. Safe because readers only reach a run through its current-run pointer,
/// i.e. once all its parts are in, and a replayed part rewrites the same rows; a restated month is a new run id. A write
/// or delete of the run through this store forgets it. At most <see cref="Capacity"/> runs and families are kept.
/// </summary>
internal sealed class DecodedRuns
{
    public const int Capacity = 8;

    private readonly object _gate = new();
    private readonly Dictionary<(ExportRunRef Run, char Family), Task<object>> _runs = [];
    private readonly Queue<(ExportRunRef Run, char Family)> _order = new();

    public async Task<IReadOnlyList<T>> GetAsync<T>(ExportRunRef run, char family, Func<Task<IReadOnlyList<T>>> decode)
    {
        var key = (run, family);
        Task<object> task;
        lock (_gate)
        {
            if (!_runs.TryGetValue(key, out task!))
            {
                task = DecodeAsync(decode);
                _runs[key] = task;
                _order.Enqueue(key);
                while (_order.Count > Capacity) _runs.Remove(_order.Dequeue());
            }
        }
        try
        {
            return (IReadOnlyList<T>)await task;
        }
        catch
        {
            lock (_gate)
                if (_runs.TryGetValue(key, out var current) && current == task) _runs.Remove(key);
            throw;
        }
    }

    public void Forget(ExportRunRef run)
    {
        lock (_gate)
        {
            _runs.Remove((run, 'f'));
            _runs.Remove((run, 'r'));
            _runs.Remove((run, 'a'));
            _runs.Remove((run, 't'));
        }
    }

    private static async Task<object> DecodeAsync<T>(Func<Task<IReadOnlyList<T>>> decode) => await decode();
}
