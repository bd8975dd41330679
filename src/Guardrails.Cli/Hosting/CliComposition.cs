using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Microsoft.Extensions.Configuration;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// The CLI's one composition: the Function App's registrations (<c>AddLedger</c>, <c>AddBudgets</c>, <c>AddDashboard</c>,
/// …) over app-style settings, after the CLI's own sources and sinks. Registrations add with TryAdd, so what the CLI
/// plugs in first (a ledger of local files, a local alert state, a sink) replaces only that seam; every stage is built
/// by its registration, never here. Settings are the environment variables (as in the Function App: channel webhook
/// URLs, <c>Budgets__DashboardUrl</c>, table names), then the command's own values (--store as <c>GuardrailsStorage</c>).
/// The CLI always runs as local development: a storage emulator connection is allowed.
/// </summary>
public static class CliComposition
{
    /// <summary>The environment variables, overridden by <paramref name="values"/> (configuration keys: <c>Pipeline:FactsTable</c>).</summary>
    public static IConfiguration Settings(IEnumerable<KeyValuePair<string, string?>> values) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(values).Build();

    /// <summary>The settings that point the registrations at a store: its connection and, when given, the ledger's table names.</summary>
    public static Dictionary<string, string?> StoreSettings(string? connection, LedgerTableNames? tables = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(connection)) values[AppSettings.Storage] = connection;
        if (tables is not null)
        {
            values[$"{ExportPipelineOptions.SectionName}:{nameof(ExportPipelineOptions.FactsTable)}"] = tables.Facts;
            values[$"{ExportPipelineOptions.SectionName}:{nameof(ExportPipelineOptions.RunsTable)}"] = tables.Runs;
        }
        return values;
    }

    /// <summary>
    /// A provider with the CLI's plug-ins (<paramref name="plugIn"/>, registered first) and then each feature's registration,
    /// over the command's configuration object and clock.
    /// </summary>
    public static ServiceProvider Build(GuardrailsConfig config, IConfiguration settings, TimeProvider? time, Action<IServiceCollection> plugIn,
        params Func<IServiceCollection, IConfiguration, IServiceCollection>[] features) =>
        Services(config, settings, time, plugIn, features).BuildServiceProvider();

    /// <summary>The service collection <see cref="Build"/> builds (tests inspect where each service comes from).</summary>
    public static IServiceCollection Services(GuardrailsConfig config, IConfiguration settings, TimeProvider? time, Action<IServiceCollection> plugIn,
        params Func<IServiceCollection, IConfiguration, IServiceCollection>[] features)
    {
        var services = new ServiceCollection();
        services.AddSingleton(HostEnvironment.Local);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(config);
        plugIn(services);
        foreach (var register in features) register(services, settings);
        return services;
    }
}
