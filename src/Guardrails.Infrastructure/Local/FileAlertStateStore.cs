using System.Globalization;
using System.Text;
using System.Text.Json;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Common;

namespace Guardrails.Infrastructure.Local;

/// <summary>
/// Alert state in a local directory (the CLI without <c>--store</c>): one JSON file per alert record, with the same
/// semantics as the Table store, across threads and across processes on one machine:
/// <list type="bullet">
/// <item>every add and update runs under an exclusive lock on <c>{directory}/.lock</c> (an OS file lock: <c>FileShare.None</c>,
/// <c>flock</c> on Linux and macOS), re-reads the record from disk, and checks that it does not exist (add) or that its
/// ETag is unchanged (update) — so of five concurrent runs exactly one creates an alert and exactly one claims its delivery;</item>
/// <item>a record is written to a unique temporary file and renamed over its name, so readers (which take no lock) see
/// the old record or the new one, never half of one.</item>
/// </list>
/// A run that dies while sending leaves the record <c>Sending</c> with its lease; the next run takes it over once the
/// lease (<see cref="AlertDispatcher.Lease"/>) has expired, as with the Table store.
/// </summary>
public sealed class FileAlertStateStore : IAlertStateStore
{
    private const string Extension = ".alert.json";
    private readonly string _directory;
    private readonly string _lockPath;
    private readonly TimeSpan _lockTimeout;

    public FileAlertStateStore(string directory, TimeSpan? lockTimeout = null)
    {
        _directory = Path.GetFullPath(directory);
        _lockPath = Path.Combine(_directory, ".lock");
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(60);
    }

    public string Directory => _directory;

    public Task<IReadOnlyList<AlertRecord>> ListAsync(string budgetName, string period, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRecord>>(ReadAll(cancellationToken)
            .Where(r => r.Key.BudgetName == budgetName && r.Key.Period == period).OrderBy(r => r.Key.RowKey, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<AlertRecord>> ListUndeliveredAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AlertRecord>>(ReadAll(cancellationToken)
            .Where(r => r.Status is AlertStatus.Pending or AlertStatus.Sending).OrderBy(r => r.CreatedAt).ThenBy(r => r.Key.RowKey, StringComparer.Ordinal).ToList());

    public async Task<AlertRecord?> TryAddAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var _ = await LockAsync(cancellationToken).ConfigureAwait(false);
        var path = PathOf(record.Key);
        if (File.Exists(path)) return null;
        return Write(path, record);
    }

    public async Task<AlertRecord?> TryUpdateAsync(AlertRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var _ = await LockAsync(cancellationToken).ConfigureAwait(false);
        var path = PathOf(record.Key);
        var current = Read(path);
        if (current is null || current.ETag != record.ETag) return null;
        return Write(path, record);
    }

    /// <summary>The file of a record: budget and row key percent-encoded (lossless, no two keys share a file).</summary>
    public string PathOf(AlertKey key) => Path.Combine(_directory, $"{Encode(key.BudgetName)}~{Encode(key.RowKey)}{Extension}");

    private AlertRecord Write(string path, AlertRecord record)
    {
        var stored = record with { ETag = $"\"{Guid.NewGuid():N}\"" };
        var tmp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(stored, AlertNotification.JsonOptions.Of<AlertRecord>()));
        File.Move(tmp, path, overwrite: true); // rename: readers see the whole old record or the whole new one
        return stored;
    }

    private List<AlertRecord> ReadAll(CancellationToken cancellationToken)
    {
        var list = new List<AlertRecord>();
        if (!System.IO.Directory.Exists(_directory)) return list;
        foreach (var file in System.IO.Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Read(file) is { } r) list.Add(r);
        }
        return list;
    }

    private static AlertRecord? Read(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize(json, AlertNotification.JsonOptions.Of<AlertRecord>());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"alert state file {path} is not a readable alert record: {e.Message}", e);
        }
    }

    /// <summary>Takes the directory's exclusive lock, retrying while another thread or process holds it.</summary>
    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(_directory);
        var deadline = DateTime.UtcNow + _lockTimeout;
        var delay = 2;
        while (true)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(Random.Shared.Next(delay, delay * 2), cancellationToken).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 50);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"alert state {_directory}: the lock {_lockPath} stayed held for {_lockTimeout.TotalSeconds:0} s by another run", e);
            }
        }
    }

    private static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
