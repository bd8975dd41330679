using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Cli.Commands;

/// <summary>
/// The ledger a CLI run reads: export files ingested in memory (--input) or the Table Storage ledger (--store). Both readers
/// are always given, so that a run over files never falls back to the store's per-resource costs.
/// </summary>
internal sealed record CliLedger(ICostLedgerReader Facts, IResourceCostReader Resources, DateOnly? LatestDay, string Description);

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

    /// <summary>The environment variable holding the storage connection string (the Function App's setting name), so keys stay out of shell history.</summary>
    public const string EnvironmentVariable = "GuardrailsStorage";

    /// <summary>What --store without a value means (<see cref="Resolve"/>), in the help of every command that has the option.</summary>
    public const string NoValueHelp = "no value = $" + EnvironmentVariable + ", else Azurite (UseDevelopmentStorage=true)";

    /// <summary>The help of --store where the command always works on the ledger (costs, pipeline run): absent is the same as no value.</summary>
    public const string LedgerOptionHelp = "Table Storage connection string of the ledger; " + NoValueHelp + ", the default.";

    /// <summary>The connection string: the option's value, else $GuardrailsStorage, else Azurite's development storage.</summary>
    public static string Resolve(string? value) =>
        !string.IsNullOrWhiteSpace(value) ? value.Trim()
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { } env && !string.IsNullOrWhiteSpace(env) ? env.Trim()
        : StorageConnectionOptions.DevelopmentStorage;

    /// <summary>
    /// One line for a storage failure (bad connection string, unreachable or refusing account), without the connection
    /// string or its key; null when <paramref name="e"/> is not a storage failure.
    /// </summary>
    public static string? Describe(Exception e) => e switch
    {
        Azure.RequestFailedException r when r.Status == 0 => $"storage unreachable: {FirstLine(r.InnerException?.Message ?? r.Message)}",
        Azure.RequestFailedException r => $"storage refused the request: {r.Status} {r.ErrorCode}: {FirstLine(r.Message)}",
        AggregateException a when a.InnerExceptions.Count > 0 => Describe(a.InnerExceptions[^1]) ?? $"storage unreachable: {FirstLine(a.InnerExceptions[^1].Message)}",
        HttpRequestException h => $"storage unreachable: {FirstLine(h.Message)}",
        FormatException or ArgumentException => $"the storage connection string is not valid ({FirstLine(e.Message)}); give --store <connection string> or set {EnvironmentVariable}",
        _ => null,
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

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
