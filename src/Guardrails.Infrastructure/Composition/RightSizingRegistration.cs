using Guardrails.Core.Actions;
using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.RightSizing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Idle;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.RightSizing;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// Right-sizing (issue 19): the right-sizing table (<see cref="TableRightSizingStore"/>) and <see cref="RightSizeStage"/>
/// over what the idle feature already has: the ARM inventory of the idle scopes, the hourly rollups table the telemetry
/// collector writes, the SKU and price catalogs; billed hours and checkpoint storage (its storage-tier rows, findings kept in
/// the right-sizing table's <c>checkpoints</c> partition) from the ledger when <c>AddLedger</c> registered one.
/// The <c>rightsizing:</c> settings come from guardrails.yaml, read at each run.
/// </summary>
public static class RightSizingRegistration
{
    public static IServiceCollection AddRightSizing(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(IComputeInventory))) services.AddIdle(configuration);
        services.TryAddSingleton<IRightSizingStore>(sp =>
            new TableRightSizingStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TableRightSizingStore.DefaultTableName)));
        services.TryAddSingleton<ICheckpointStorageStore>(sp =>
            new TableCheckpointStorageStore(sp.GetRequiredService<StorageClients>().Tables.GetTableClient(TableRightSizingStore.DefaultTableName)));
        services.TryAddSingleton(sp => new RightSizingDigestSender(DigestState(sp),
            new WebhookOwnerNoticeTarget(sp.GetRequiredService<GuardrailsConfig>().Channels, name => configuration[name], NotificationHttp.CreateClient()),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var config = sp.GetRequiredService<GuardrailsConfigSource>();
            return new RightSizeStage(sp.GetRequiredService<IComputeInventory>(), sp.GetRequiredService<IRollupStore>(), sp.GetRequiredService<IRightSizingStore>(),
                sp.GetRequiredService<VmSkuCatalog>(), sp.GetRequiredService<IPriceCatalog>(), sp.GetRequiredService<IdleOptions>(), () => config.Current,
                sp.GetRequiredService<TimeProvider>())
            {
                Ledger = sp.GetService<IResourceCostReader>(),
                Digest = sp.GetRequiredService<RightSizingDigestSender>(),
                Checkpoints = sp.GetService<IStorageTierCostReader>() is { } storage && sp.GetService<ILedgerMonthIndex>() is { } months
                    ? new CheckpointStorageReview(storage, months)
                    : null,
                CheckpointStore = sp.GetRequiredService<ICheckpointStorageStore>(),
            };
        });
        return services;
    }

    /// <summary>The budget alerts' once-only store over its own table (created as AddBudgets creates its alerts table).</summary>
    private static TableAlertStateStore DigestState(IServiceProvider sp)
    {
        var table = sp.GetRequiredService<StorageClients>().Tables.GetTableClient(RightSizingDigestSender.DefaultTableName);
        table.EnsureExists();
        return new TableAlertStateStore(table);
    }
}
