using Azure.Identity;
using Azure.ResourceManager;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Core.Policies;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Compute;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Storage;
using Guardrails.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Guardrails.Functions.Startup;

/// <summary>
/// Idle GPU detection and the action executor: ARM (managed identity), telemetry sources (Prometheus when
/// Idle:PrometheusUrl is set, pushed nvidia-smi always), the policy engine, audit, rollups, idle cost, queue "actions".
/// Expects the storage clients of AddLedgerPipeline.
/// </summary>
public static class IdleRegistration
{
    public static IServiceCollection AddIdleGuardrails(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new IdleOptions();
        configuration.GetSection(IdleOptions.SectionName).Bind(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(VmSkuCatalog.Default);
        services.TryAddSingleton<IPriceCatalog>(SnapshotPriceCatalog.Default);
        services.TryAddSingleton<IGuardrailEventPublisher>(NullEventPublisher.Instance);
        services.TryAddSingleton<IActionNotifier>(sp => CreateNotifier(sp, options, configuration));
        services.TryAddSingleton(_ => ArmConnection.CreateClient(new DefaultAzureCredential(), options.ArmEndpoint));
        services.TryAddSingleton(sp => new ArmCompute(sp.GetRequiredService<ArmClient>(), sp.GetRequiredService<VmSkuCatalog>()));
        services.TryAddSingleton<IComputeInventory>(sp => sp.GetRequiredService<ArmCompute>());
        services.TryAddSingleton<IComputeActions>(sp => sp.GetRequiredService<ArmCompute>());
        services.TryAddSingleton<IActionAuditLog>(sp => new TableActionAuditLog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.AuditTable)));
        services.TryAddSingleton<IRollupStore>(sp => new TableRollupStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.RollupsTable)));
        services.TryAddSingleton<IIdleCostStore>(sp => new TableIdleCostStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.IdleCostTable)));
        services.TryAddSingleton(sp => new QueueActionRequestSink(sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(IdleOptions.ActionsQueueName)));
        services.TryAddSingleton<IActionRequestSink>(sp => sp.GetRequiredService<QueueActionRequestSink>());
        services.TryAddSingleton(sp => new BlobPushedTelemetry(sp.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(options.PushContainer), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(nameof(PrometheusClient));
        services.TryAddSingleton<IReadOnlyList<ITelemetrySource>>(sp =>
        {
            var list = new List<ITelemetrySource> { sp.GetRequiredService<BlobPushedTelemetry>() };
            if (!string.IsNullOrWhiteSpace(options.PrometheusUrl))
                list.Add(new PrometheusClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PrometheusClient)),
                    new PrometheusOptions { BaseUrl = new Uri(options.PrometheusUrl) }));
            return list;
        });
        // Price: the catalog, else the effective rate seen in billing (the ledger's per-resource costs, when a ledger is registered).
        services.TryAddSingleton(sp => new IdlePolicyEngine(sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<IPriceCatalog>(), sp.GetRequiredService<TimeProvider>(),
            BillingRates(sp)));
        services.TryAddSingleton(sp => new ActionExecutor(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IComputeActions>(),
            sp.GetRequiredService<IActionAuditLog>(), sp.GetRequiredService<IGuardrailEventPublisher>(), sp.GetRequiredService<IActionNotifier>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EvaluateIdleStage(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IReadOnlyList<ITelemetrySource>>(),
            sp.GetRequiredService<IdlePolicyEngine>(), sp.GetRequiredService<IActionAuditLog>(), sp.GetRequiredService<QueueActionRequestSink>(),
            options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<EvaluateIdleStage>>())
        {
            HostMetrics = options.AzureMonitorMetrics ? CreateHostMetrics(sp, options) : null,
            Events = sp.GetRequiredService<IGuardrailEventPublisher>(),
        });
        services.TryAddSingleton(sp => new ExecuteActionStage(sp.GetRequiredService<ActionExecutor>(), sp.GetRequiredService<QueueActionRequestSink>()));
        services.TryAddSingleton(sp => new CollectTelemetryStage(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IReadOnlyList<ITelemetrySource>>(),
            sp.GetRequiredService<IRollupStore>(), sp.GetRequiredService<IIdleCostStore>(), sp.GetRequiredService<IPriceCatalog>(),
            sp.GetRequiredService<VmSkuCatalog>(), options, sp.GetRequiredService<TimeProvider>())
        {
            BillingRates = BillingRates(sp),
        });
        return services;
    }

    /// <summary>The effective hourly rate seen in billing, from the ledger's per-resource costs (when a ledger is registered).</summary>
    private static LedgerObservedRateSource? BillingRates(IServiceProvider sp) =>
        sp.GetService<IResourceCostReader>() is { } ledger ? new LedgerObservedRateSource(ledger, sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<TimeProvider>()) : null;

    /// <summary>Azure Monitor CPU/network per VM, with the Function App's managed identity (DefaultAzureCredential).</summary>
    private static AzureMonitorHostTelemetry CreateHostMetrics(IServiceProvider sp, IdleOptions options)
    {
        var logger = sp.GetService<ILogger<AzureMonitorHostTelemetry>>();
        return new AzureMonitorHostTelemetry(ArmConnection.CreateMonitorClient(new DefaultAzureCredential(), options.ArmEndpoint),
            (m, e) => logger?.LogWarning("Azure Monitor metrics for {Machine} unavailable ({Error}): CPU/network conditions treat it as not idle", m.Name, e.GetType().Name));
    }

    /// <summary>
    /// The owner notifier when any policy names channels (teams/slack webhooks from the settings the channels name);
    /// otherwise nobody is told (NullActionNotifier). Sent notices are remembered in Table Storage.
    /// </summary>
    public static IActionNotifier CreateNotifier(IServiceProvider sp, IdleOptions options, IConfiguration configuration)
    {
        GuardrailsConfig config;
        try { config = GuardrailsConfigLoader.Load(options.ConfigPath); }
        catch (Exception e) when (e is ConfigException or FileNotFoundException or DirectoryNotFoundException) { return NullActionNotifier.Instance; }
        if (!config.Policies.Any(p => p.NoticeChannels.Count > 0)) return NullActionNotifier.Instance;
        var ledger = new TableOwnerNoticeLedger(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.OwnerNoticeTable));
        return OwnerNotifierFactory.Create(config, name => configuration[name] ?? Environment.GetEnvironmentVariable(name), NotificationHttp.CreateClient(),
            ledger, sp.GetRequiredService<TimeProvider>());
    }
}
