using Azure.Storage.Queues;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Guardrails.Infrastructure.Composition;

/// <summary>
/// The export → ledger pipeline: the Table Storage ledger, export discovery (timer DiscoverExports) and part ingestion
/// (queue export-parts → IngestExportPart). Settings: <c>Pipeline__*</c>; exports are read through <c>GuardrailsExports</c>
/// (else <c>GuardrailsStorage</c>); allocation rules from guardrails.yaml.
/// </summary>
public static class LedgerRegistration
{
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGuardrailsFoundation(configuration);
        services.AddOptions<ExportPipelineOptions>()
            .Bind(configuration.GetSection(ExportPipelineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ExportPipelineOptions>>().Value);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<ExportPipelineOptions>();
            return new TableLedgerStore(sp.GetRequiredService<StorageClients>().Tables, new LedgerTableNames(o.FactsTable, o.RunsTable),
                sp.GetRequiredService<TimeProvider>(), o.WriteParallelism);
        });
        services.TryAddSingleton<ICostLedgerReader>(sp => sp.GetRequiredService<TableLedgerStore>());
        // Per-resource costs (top drivers, anomalies, spending limits, dashboard top resources) come from the same
        // ledger; it replaces the dashboard's "no data" default whichever registration ran first, never a real reader.
        var resourceReader = services.FirstOrDefault(d => d.ServiceType == typeof(IResourceCostReader));
        if (resourceReader is null || resourceReader.ImplementationInstance is EmptyReportingSources)
            services.Replace(ServiceDescriptor.Singleton<IResourceCostReader>(sp => sp.GetRequiredService<TableLedgerStore>()));
        services.TryAddSingleton<IStorageTierCostReader>(sp => sp.GetRequiredService<TableLedgerStore>());
        services.TryAddSingleton<ILedgerMonthIndex>(sp => sp.GetRequiredService<TableLedgerStore>());
        services.TryAddSingleton<IExportRunLedger>(sp => new TableExportRunLedger(sp.GetRequiredService<TableLedgerStore>()));
        services.TryAddSingleton<IExportRunScanner>(sp => new BlobExportScanner(sp.GetRequiredService<ExportStorage>().Blobs, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IExportPartQueue>(sp => new StorageExportPartQueue(PartsQueue(sp)));
        services.TryAddSingleton(sp => new DiscoverExportsStage(
            sp.GetRequiredService<IExportRunScanner>(), sp.GetRequiredService<IExportRunLedger>(), sp.GetRequiredService<IExportPartQueue>(),
            sp.GetRequiredService<ExportPipelineOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<DiscoverExportsStage>>()));
        services.TryAddSingleton<ICostLedgerIngestor>(sp => CostLedgerIngestor.For(sp.GetRequiredService<GuardrailsConfig>()));
        // A part's rows: its export blob; a host may plug in its own reader (the CLI: the local files it read).
        services.TryAddSingleton<IExportPartReader>(sp => new BlobExportPartReader(sp.GetRequiredService<ExportStorage>().Blobs, sp.GetRequiredService<ICostLedgerIngestor>()));
        services.TryAddSingleton(sp => new IngestExportPartStage(
            sp.GetRequiredService<IExportPartReader>(), sp.GetRequiredService<IExportRunLedger>(), sp.GetRequiredService<ExportPipelineOptions>(),
            sp.GetService<ILogger<IngestExportPartStage>>()));
        return services;
    }

    private static QueueClient PartsQueue(IServiceProvider sp) =>
        sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(sp.GetRequiredService<ExportPipelineOptions>().PartsQueue);
}
