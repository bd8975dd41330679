using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Guardrails.Core.Actions;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Compute;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Storage;
using Guardrails.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;

namespace Guardrails.Infrastructure.Composition;

/// <summary>How the app reaches ARM beyond its endpoint: a test transport (a loopback fake's certificate) and retries.</summary>
public sealed record ArmTransportOptions(HttpPipelineTransport? Transport = null, int? MaxRetries = null);

/// <summary>
/// Idle GPU detection and the action executor: ARM inventory and actions (the app's one credential), telemetry sources
/// (Prometheus when <c>Idle__PrometheusUrl</c> is set, pushed nvidia-smi always), the policy engine, audit, rollups, idle
/// cost, the actions queue. <c>Idle__Scopes</c> is a list (<c>Idle__Scopes__0</c>, …) or one comma-separated value.
/// <c>Actions__DryRun</c> (default true) keeps every action a dry run whatever the policies say.
/// </summary>
public static class IdleRegistration
{
    public const string ActionsDisabledReason =
        "dry-run: actions are disabled for this app (Actions__DryRun is not false; the deployment's enableActions switch)";

    public static IServiceCollection AddIdle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGuardrailsFoundation(configuration);
        // Scopes and idle-cost allocation keys are completed from guardrails.yaml as the CLI completes them.
        var allocationKeysGiven = configuration.GetSection("Idle:AllocationKeys").GetChildren().Any();
        services.TryAddSingleton(sp => IdleSettings.Complete(ReadOptions(configuration), sp.GetRequiredService<GuardrailsConfig>(), allocationKeysGiven));
        services.TryAddSingleton(VmSkuCatalog.Default);
        services.TryAddSingleton<IPriceCatalog>(SnapshotPriceCatalog.Default);
        services.AddGuardrailEvents(configuration);
        services.AddActionQueue();
        services.TryAddSingleton(new ArmTransportOptions());
        services.TryAddSingleton(new ActionExecutorOptions { ForceDryRunReason = ActionsEnabled(configuration) ? null : ActionsDisabledReason });
        services.TryAddSingleton<IActionNotifier>(sp => CreateNotifier(sp, sp.GetRequiredService<IdleOptions>(), configuration));
        AddArmCompute(services);
        AddIdleTables(services);
        AddTelemetrySources(services);
        AddIdleStages(services);
        return services;
    }

    /// <summary>ARM with the app's one credential: the inventory of GPU machines and the actions on them.</summary>
    private static void AddArmCompute(IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var arm = sp.GetRequiredService<ArmTransportOptions>();
            return ArmConnection.CreateClient(sp.GetRequiredService<TokenCredential>(), sp.GetRequiredService<IdleOptions>().ArmEndpoint, arm.Transport, arm.MaxRetries);
        });
        services.TryAddSingleton(sp => new ArmCompute(sp.GetRequiredService<ArmClient>(), sp.GetRequiredService<VmSkuCatalog>()));
        services.TryAddSingleton<IComputeInventory>(sp => sp.GetRequiredService<ArmCompute>());
        services.TryAddSingleton<IComputeActions>(sp => sp.GetRequiredService<ArmCompute>());
    }

    /// <summary>The idle feature's tables (audit, hourly rollups, idle cost) and the pushed-telemetry container.</summary>
    private static void AddIdleTables(IServiceCollection services)
    {
        services.TryAddSingleton<IActionAuditLog>(sp => new TableActionAuditLog(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(sp.GetRequiredService<IdleOptions>().AuditTable)));
        services.TryAddSingleton<IRollupStore>(sp => new TableRollupStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(sp.GetRequiredService<IdleOptions>().RollupsTable)));
        services.TryAddSingleton<IIdleCostStore>(sp => new TableIdleCostStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(sp.GetRequiredService<IdleOptions>().IdleCostTable)));
        services.TryAddSingleton(sp => new BlobPushedTelemetry(sp.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(sp.GetRequiredService<IdleOptions>().PushContainer), sp.GetRequiredService<TimeProvider>()));
    }

    /// <summary>Where readings come from: pushed nvidia-smi files always, Prometheus (dcgm-exporter) when its URL is set.</summary>
    private static void AddTelemetrySources(IServiceCollection services)
    {
        services.AddHttpClient(nameof(PrometheusClient));
        services.TryAddSingleton<IReadOnlyList<ITelemetrySource>>(sp =>
        {
            var options = sp.GetRequiredService<IdleOptions>();
            var list = new List<ITelemetrySource> { sp.GetRequiredService<BlobPushedTelemetry>() };
            if (!string.IsNullOrWhiteSpace(options.PrometheusUrl))
                list.Add(new PrometheusClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PrometheusClient)),
                    new PrometheusOptions { BaseUrl = new Uri(options.PrometheusUrl) }));
            return list;
        });
    }

    /// <summary>The policy engine, the action executor and the stages over them: collect, evaluate, execute (and both in process).</summary>
    private static void AddIdleStages(IServiceCollection services)
    {
        // Price: the catalog, else the effective rate seen in billing (the ledger's per-resource costs, when a ledger is registered).
        // Decisions say dry-run when the host does not allow real actions (Actions__DryRun, or the CLI without --execute).
        services.TryAddSingleton(sp => new IdlePolicyEngine(sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<IPriceCatalog>(), sp.GetRequiredService<TimeProvider>(),
            BillingRates(sp))
        {
            ForceDryRunReason = sp.GetRequiredService<ActionExecutorOptions>().ForceDryRunReason,
        });
        services.TryAddSingleton(sp => new ActionExecutor(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IComputeActions>(),
            sp.GetRequiredService<IActionAuditLog>(), sp.GetRequiredService<IGuardrailEventPublisher>(), sp.GetRequiredService<IActionNotifier>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ActionExecutorOptions>()));
        services.TryAddSingleton(sp =>
        {
            var config = sp.GetRequiredService<GuardrailsConfigSource>();
            var options = sp.GetRequiredService<IdleOptions>();
            return new EvaluateIdleStage(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IReadOnlyList<ITelemetrySource>>(),
                sp.GetRequiredService<IdlePolicyEngine>(), sp.GetRequiredService<IActionAuditLog>(), sp.GetRequiredService<IActionRequestSink>(),
                options, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<EvaluateIdleStage>>())
            {
                HostMetrics = options.AzureMonitorMetrics ? CreateHostMetrics(sp, options) : null,
                Events = sp.GetRequiredService<IGuardrailEventPublisher>(),
                Config = () => config.Current,
            };
        });
        // In process (the CLI): the evaluation's requests kept in memory, then through the executor.
        services.TryAddSingleton(sp => new EvaluateAndActStage(sp.GetRequiredService<EvaluateIdleStage>(), sp.GetRequiredService<InMemoryActionRequestSink>(),
            sp.GetRequiredService<ActionExecutor>()));
        services.TryAddSingleton(sp => new ExecuteActionStage(sp.GetRequiredService<ActionExecutor>(), sp.GetRequiredService<QueueActionRequestSink>()));
        services.TryAddSingleton(sp => new CollectTelemetryStage(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IReadOnlyList<ITelemetrySource>>(),
            sp.GetRequiredService<IRollupStore>(), sp.GetRequiredService<IIdleCostStore>(), sp.GetRequiredService<IPriceCatalog>(),
            sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<IdleOptions>(), sp.GetRequiredService<TimeProvider>())
        {
            BillingRates = BillingRates(sp),
        });
    }

    /// <summary>Section <c>Idle</c>; <c>Idle__Scopes</c> may also be one comma- or semicolon-separated value (what the template sets).</summary>
    public static IdleOptions ReadOptions(IConfiguration configuration)
    {
        var options = new IdleOptions();
        configuration.GetSection(IdleOptions.SectionName).Bind(options);
        if (configuration[AppSettings.IdleScopes] is { Length: > 0 } joined)
            foreach (var scope in joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!options.Scopes.Contains(scope, StringComparer.OrdinalIgnoreCase)) options.Scopes.Add(scope);
        if (configuration[AppSettings.ConfigPath] is { Length: > 0 }) options.ConfigPath = GuardrailsConfigSource.ResolvePath(configuration);
        return options;
    }

    /// <summary>Real actions only when <c>Actions__DryRun</c> is exactly false; missing or unreadable means dry run.</summary>
    public static bool ActionsEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[AppSettings.ActionsDryRun], out var dryRun) && !dryRun;

    /// <summary>The effective hourly rate seen in billing, from the ledger's per-resource costs (when a ledger is registered).</summary>
    private static LedgerObservedRateSource? BillingRates(IServiceProvider sp) =>
        sp.GetService<IResourceCostReader>() is { } ledger ? new LedgerObservedRateSource(ledger, sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<TimeProvider>()) : null;

    /// <summary>Azure Monitor CPU/network per VM, with the app's credential.</summary>
    private static AzureMonitorHostTelemetry CreateHostMetrics(IServiceProvider sp, IdleOptions options)
    {
        var logger = sp.GetService<ILogger<AzureMonitorHostTelemetry>>();
        var arm = sp.GetRequiredService<ArmTransportOptions>();
        return new AzureMonitorHostTelemetry(ArmConnection.CreateMonitorClient(sp.GetRequiredService<TokenCredential>(), options.ArmEndpoint, arm.Transport, arm.MaxRetries),
            (m, e) => logger?.LogWarning("Azure Monitor metrics for {Machine} unavailable ({Error}): its CPU/network conditions count as not idle", m.Name,
                e is Azure.RequestFailedException r ? $"{r.Status} {r.ErrorCode}" : e.GetType().Name));
    }

    /// <summary>
    /// The owner notifier when any policy names channels (teams/slack webhooks from the settings the channels name);
    /// otherwise nobody is told (NullActionNotifier). Sent notices are remembered in Table Storage.
    /// </summary>
    public static IActionNotifier CreateNotifier(IServiceProvider sp, IdleOptions options, IConfiguration configuration)
    {
        var config = sp.GetRequiredService<GuardrailsConfig>();
        if (!config.Policies.Any(p => p.NoticeChannels.Count > 0)) return NullActionNotifier.Instance;
        var ledger = new TableOwnerNoticeLedger(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(options.OwnerNoticeTable));
        return OwnerNotifierFactory.Create(config, name => configuration[name], NotificationHttp.CreateClient(),
            ledger, sp.GetRequiredService<TimeProvider>());
    }
}
