using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;

namespace Guardrails.Cli.Commands.Budgets;

/// <summary>What a <c>guardrails budgets</c> run plugs into the Function App's budget registration.</summary>
/// <param name="Files">The ledger of --input files (in memory), or null: the store's ledger (--store).</param>
/// <param name="Store">--store: the ledger and the alert state in Table Storage, as the Function App keeps them.</param>
/// <param name="Sink">--sink: every channel's payload to a directory or URL instead of the real webhooks.</param>
/// <param name="State">--state: the local alert state directory (without --store).</param>
/// <param name="Inventory">--inventory: machines whose GPU rollups in the store estimate spend since the last billed hour.</param>
/// <param name="DashboardUrl">--dashboard-url (else the Budgets__DashboardUrl setting, read by the registration).</param>
internal sealed record BudgetPlugins(CliLedger? Files, string? Store, string? Sink, string? State, string? Inventory, string? DashboardUrl);

/// <summary>
/// <c>guardrails budgets</c> composed as the Function App composes EvaluateBudgets: <c>AddLedger</c> + <c>AddBudgets</c> and
/// their <see cref="BudgetEvaluationJob"/>. The CLI plugs in only sources and sinks: the --input ledger, a local alert
/// state directory when there is no --store, the --sink channels, spending-limit requests to files or memory (never the
/// store's actions queue), no guardrail-events, and the --inventory estimate. It evaluates the budgets of its --config
/// file and does not sync them into the store's budgets table (Budgets__BudgetsTable off).
/// </summary>
internal static class BudgetComposition
{
    public static ServiceProvider Build(GuardrailsConfig config, BudgetPlugins plugins, TimeProvider time, HttpClient http) =>
        Services(config, plugins, time, http).BuildServiceProvider();

    public static IServiceCollection Services(GuardrailsConfig config, BudgetPlugins plugins, TimeProvider time, HttpClient http)
    {
        var values = CliComposition.StoreSettings(plugins.Store);
        values[$"{BudgetJobOptions.SectionName}:{nameof(BudgetJobOptions.BudgetsTable)}"] = "";
        if (plugins.DashboardUrl is not null) values[$"{BudgetJobOptions.SectionName}:{nameof(BudgetJobOptions.DashboardUrl)}"] = plugins.DashboardUrl;
        return CliComposition.Services(config, CliComposition.Settings(values), time, services => PlugIn(services, config, plugins, http),
            LedgerRegistration.AddLedger, BudgetsRegistration.AddBudgets);
    }

    /// <summary>The CLI's sources and sinks, registered before the registrations (which add theirs only where none is).</summary>
    internal static void PlugIn(IServiceCollection services, GuardrailsConfig config, BudgetPlugins plugins, HttpClient http)
    {
        if (plugins.Files is { } files)
        {
            services.AddSingleton(files.Facts);
            services.AddSingleton(files.Resources);
        }
        if (string.IsNullOrWhiteSpace(plugins.Store))
            services.AddSingleton<IAlertStateStore>(_ => new FileAlertStateStore(BudgetRunner.LocalStateDirectory(plugins.Sink, plugins.State)));
        if (!string.IsNullOrWhiteSpace(plugins.Sink))
            services.AddSingleton(BudgetRunner.Channels(config, plugins.Sink, http));
        services.AddSingleton(BudgetRunner.Actions(plugins.Sink));
        services.AddSingleton<IGuardrailEventPublisher>(NullEventPublisher.Instance);
        if (!string.IsNullOrWhiteSpace(plugins.Inventory))
            services.AddSingleton(BudgetRunner.FreshSpend(config, plugins.Store, plugins.Inventory));
    }

    /// <summary>The store's ledger as the registration builds it (tables created: an empty store reads as "no data").</summary>
    public static async Task<CliLedger> OpenStoreLedgerAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var ledger = services.GetRequiredService<TableLedgerStore>();
        await ledger.EnsureCreatedAsync(cancellationToken);
        return new CliLedger(ledger, ledger, null, "Table Storage ledger");
    }
}
