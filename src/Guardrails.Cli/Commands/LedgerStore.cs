using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Cli.Commands;

/// <summary>
/// The `--store [connection string]` option shared by ingest, costs and pipeline run: no value means Azurite's
/// <c>UseDevelopmentStorage=true</c>; when that is asked for and nothing listens on 10000-10002, Azurite is
/// started (in memory, on the default ports) for as long as the command runs.
/// </summary>
public sealed class LedgerStore : IAsyncDisposable
{
    private readonly AzuriteLauncher? _launcher;

    private LedgerStore(string connectionString, AzuriteLauncher? launcher)
    {
        ConnectionString = connectionString;
        _launcher = launcher;
    }

    public string ConnectionString { get; }

    /// <summary>True when this command started Azurite (its data goes when the command ends).</summary>
    public bool StartedAzurite => _launcher?.Owned == true;

    public static string Resolve(string? value) =>
        string.IsNullOrWhiteSpace(value) ? StorageConnectionOptions.DevelopmentStorage : value.Trim();

    public static async Task<LedgerStore> OpenAsync(string? value, TextWriter log, CancellationToken cancellationToken = default)
    {
        var connectionString = Resolve(value);
        if (!string.Equals(connectionString, StorageConnectionOptions.DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
            return new LedgerStore(connectionString, null);
        if (AzuriteLauncher.DefaultPortsInUse())
            return new LedgerStore(AzuriteLauncher.BuildConnectionString(10000, 10001, 10002), null);
        await log.WriteLineAsync("Nothing listens on 127.0.0.1:10000-10002: starting Azurite (in memory) for this command…");
        var launcher = await AzuriteLauncher.StartAsync(defaultPorts: true, log: log, cancellationToken: cancellationToken);
        return new LedgerStore(launcher.ConnectionString, launcher);
    }

    public ValueTask DisposeAsync() => _launcher?.DisposeAsync() ?? ValueTask.CompletedTask;
}
