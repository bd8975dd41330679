using Guardrails.Core.Budgets;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// The PR comment's budget line for <c>guardrails serve</c> and <c>guardrails estimate --store</c>: the budgets of
/// guardrails.yaml evaluated over the Table Storage ledger (what the Function App registers), when the config has
/// budgets and the store holds a ledger. Otherwise nothing, and the comment has no budget line.
/// </summary>
public static class LocalBudgets
{
    /// <summary>The config to read budgets from: the path given, else the setting GuardrailsConfigPath (named on stderr); never the current directory's.</summary>
    public static string? ResolveConfigPath(string? path, IReadOnlyDictionary<string, string?> settings)
    {
        if (!string.IsNullOrWhiteSpace(path)) return path;
        if (settings.GetValueOrDefault(CliConfig.EnvironmentVariable) is { Length: > 0 } configured && !string.IsNullOrWhiteSpace(configured))
        {
            Console.Error.WriteLine($"config: {configured} (from {CliConfig.EnvironmentVariable})");
            return configured;
        }
        return null;
    }

    /// <summary>
    /// Opens the ledger and the budgets; null (with the reason in <paramref name="why"/>) when there is no config, no
    /// budget or no ledger run in the store. A bad config throws <see cref="ConfigException"/> naming file, line and field.
    /// </summary>
    public static async Task<(Func<TimeProvider, IBudgetContextProvider>? Create, string Why)> OpenAsync(string storage, string? configPath,
        LedgerTableNames? tables = null, CancellationToken cancellationToken = default)
    {
        if (configPath is null) return (null, $"no configuration (use --config or set {CliConfig.EnvironmentVariable})");
        var config = CliConfig.Load(configPath);
        if (config.Budgets.Count == 0) return (null, $"no budgets in {configPath}");
        // The Function App's registrations (AddLedger + AddBudgets) over the local store: the same budget line as in Azure.
        var settings = CliComposition.Settings(CliComposition.StoreSettings(storage, tables));
        ServiceProvider Compose(TimeProvider time) => CliComposition.Build(config, settings, time, _ => { }, LedgerRegistration.AddLedger, BudgetsRegistration.AddBudgets);
        await using (var probe = Compose(TimeProvider.System))
            if (!await HasRunsAsync(probe.GetRequiredService<TableLedgerStore>(), cancellationToken))
                return (null, "the store holds no ledger yet (run guardrails ingest --store)");
        return (time => Compose(time).GetRequiredService<IBudgetContextProvider>(),
            $"{config.Budgets.Count} budget(s) from {configPath} over the Table Storage ledger");
    }

    private static async Task<bool> HasRunsAsync(TableLedgerStore ledger, CancellationToken cancellationToken)
    {
        try { return (await ledger.ListRunsAsync(cancellationToken: cancellationToken)).Count > 0; }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return false; } // no runs table: nothing was ever ingested
    }

    /// <summary>Registers the ledger budget context (it wins over the pull-request checks' null default).</summary>
    public static Action<IServiceCollection> Register(Func<TimeProvider, IBudgetContextProvider> create) =>
        services => services.AddSingleton<IBudgetContextProvider>(sp => create(sp.GetService<TimeProvider>() ?? TimeProvider.System));
}
