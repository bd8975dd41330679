using Azure.Core;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.Reporting;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// Budgets (timer EvaluateBudgets): the Table alert store, webhook channels (URLs from the app settings the channels
/// name), the guardrail-events publisher (Service Bus when <c>GuardrailEvents__ServiceBus</c> is set, else off), the
/// actions queue for spending limits, the PR comment's budget line and the dashboard's burn-down. The ledger reader
/// comes from <see cref="LedgerRegistration.AddLedger"/> (or the host's own).
/// </summary>
public static class BudgetsRegistration
{
    public static IServiceCollection AddBudgets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGuardrailsFoundation(configuration);
        var options = ReadOptions(services, configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton<IFreshSpendEstimator>(CreateFreshSpendEstimator);
        services.TryAddSingleton<IAlertStateStore>(sp =>
        {
            var table = sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.AlertsTable);
            table.EnsureExists();
            return new TableAlertStateStore(table);
        });
        services.AddActionQueue();
        services.AddGuardrailEvents(configuration);
        services.TryAddSingleton<IAlertChannelResolver>(sp => new ConfiguredAlertChannelResolver(
            sp.GetRequiredService<GuardrailsConfig>().Channels, name => configuration[name], NotificationHttp.CreateClient(),
            (connection, topic) => ServiceBusEventPublisher.Create(connection, topic, sp.GetRequiredService<TokenCredential>())));
        AddBudgetReaders(services);
        services.TryAddSingleton(sp => CreateJob(sp, options));
        return services;
    }

    /// <summary>Section <c>Budgets</c>; outside local development the cards' dashboard link must be the app's own https URL.</summary>
    private static BudgetJobOptions ReadOptions(IServiceCollection services, IConfiguration configuration)
    {
        var options = new BudgetJobOptions();
        configuration.GetSection(BudgetJobOptions.SectionName).Bind(options);
        var environment = services.First(d => d.ServiceType == typeof(HostEnvironment)).ImplementationInstance as HostEnvironment ?? HostEnvironment.Local;
        if (!environment.IsLocalDevelopment && options.DashboardUrl is { Length: > 0 } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var dashboard) || dashboard.IsLoopback || dashboard.Host == "localhost"))
            throw new AppSettingException($"Setting 'Budgets__DashboardUrl' must be the app's own https URL outside local development, not '{url}'.");
        return options;
    }

    /// <summary>The other readers of the same budgets and ledger: the PR comment's budget line and the dashboard's burn-down.</summary>
    private static void AddBudgetReaders(IServiceCollection services)
    {
        // The PR comment's "team vision has $Y left; forecast breach on the 27th" from the same budgets and ledger
        // (replaces the pull-request checks' null default, whichever registration ran first).
        services.Replace(ServiceDescriptor.Singleton<IBudgetContextProvider>(sp => new LedgerBudgetContextProvider(
            sp.GetRequiredService<GuardrailsConfig>().Budgets,
            new BudgetEvaluator(sp.GetRequiredService<ICostLedgerReader>(), sp.GetService<IResourceCostReader>(), null, sp.GetRequiredService<TimeProvider>(),
                sp.GetService<VmSkuCatalog>() ?? VmSkuCatalog.Default),
            sp.GetRequiredService<TimeProvider>())));
        // The dashboard's burn-down (replaces its empty default when this registration runs first, as in Program.cs).
        services.TryAddSingleton<IBudgetStatusSource>(sp => new LedgerBudgetBurnDownSource(
            new BudgetEvaluator(sp.GetRequiredService<ICostLedgerReader>(), sp.GetService<IResourceCostReader>(), sp.GetRequiredService<IFreshSpendEstimator>(),
                sp.GetRequiredService<TimeProvider>(), VmSkuCatalog.Default),
            sp.GetRequiredService<ICostLedgerReader>(), sp.GetRequiredService<GuardrailsConfig>().Budgets));
    }

    /// <summary>The timer's job over the ledger, the alert state, the channels, events and the actions queue.</summary>
    private static BudgetEvaluationJob CreateJob(IServiceProvider sp, BudgetJobOptions options) => new(
        sp.GetRequiredService<GuardrailsConfig>(),
        sp.GetRequiredService<ICostLedgerReader>(),
        sp.GetService<IResourceCostReader>(),
        sp.GetRequiredService<IFreshSpendEstimator>(),
        sp.GetRequiredService<IAlertStateStore>(),
        sp.GetRequiredService<IAlertChannelResolver>(),
        sp.GetRequiredService<IGuardrailEventPublisher>(),
        sp.GetRequiredService<IActionRequestSink>(),
        sp.GetRequiredService<BudgetJobOptions>(),
        sp.GetRequiredService<TimeProvider>())
    {
        Definitions = options.BudgetsTable is { Length: > 0 } budgetsTable
            ? new TableBudgetStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(budgetsTable))
            : null,
    };

    /// <summary>The one actions queue: spending limits and idle decisions submit to it, ExecuteAction consumes it.</summary>
    internal static IServiceCollection AddActionQueue(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new QueueActionRequestSink(sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(ActionRequestMessage.QueueName)));
        services.TryAddSingleton<IActionRequestSink>(sp => sp.GetRequiredService<QueueActionRequestSink>());
        return services;
    }

    /// <summary>The guardrail-events topic: Service Bus (a namespace with the app's identity, or a connection string) when set, else off.</summary>
    internal static IServiceCollection AddGuardrailEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IGuardrailEventPublisher>(sp =>
            configuration[AppSettings.EventsServiceBus] is { Length: > 0 } serviceBus
                ? ServiceBusEventPublisher.Create(serviceBus, configuration[AppSettings.EventsTopic] is { Length: > 0 } t ? t : ServiceBusEventPublisher.DefaultTopic,
                    sp.GetRequiredService<TokenCredential>())
                : NullEventPublisher.Instance);
        return services;
    }

    /// <summary>
    /// Fresh spend from GPU telemetry when the idle feature's rollups and inventory are registered (same storage):
    /// machines in the idle scopes, running hours from the rollups table, the price catalog, else the effective rate
    /// seen in billing (the ledger's resource costs). Without them: no estimate.
    /// </summary>
    public static IFreshSpendEstimator CreateFreshSpendEstimator(IServiceProvider sp)
    {
        if (sp.GetService<IRollupStore>() is not { } rollups || sp.GetService<IComputeInventory>() is not { } inventory)
            return NullFreshSpendEstimator.Instance;
        var scopes = sp.GetService<IdleOptions>()?.Scopes ?? [];
        var time = sp.GetRequiredService<TimeProvider>();
        var skus = sp.GetService<VmSkuCatalog>() ?? VmSkuCatalog.Default;
        var observed = sp.GetService<IResourceCostReader>() is { } costs ? new LedgerObservedRateSource(costs, skus, time) : null;
        return new TelemetryFreshSpendEstimator(new InventoryMachineSource(inventory, scopes), new RollupRunningHours(rollups),
            sp.GetService<IPriceCatalog>(), observed, new MachineAllocator(sp.GetRequiredService<GuardrailsConfig>().Allocation));
    }
}
