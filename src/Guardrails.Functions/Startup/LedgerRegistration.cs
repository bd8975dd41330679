using Azure.Storage.Queues;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Guardrails.Functions.Startup;

/// <summary>The export → ledger pipeline: storage clients, the Table Storage ledger, and the two stages.</summary>
public static class LedgerRegistration
{
    public static IServiceCollection AddLedgerPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageConnectionOptions>()
            .Configure(o => BindStorage(configuration.GetSection(StorageConnectionOptions.SettingName), o))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ExportPipelineOptions>()
            .Bind(configuration.GetSection(ExportPipelineOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new StorageClients(sp.GetRequiredService<IOptions<StorageConnectionOptions>>().Value));
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
        services.TryAddSingleton(sp => new BlobExportScanner(sp.GetRequiredService<StorageClients>().Blobs, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new DiscoverExportsStage(
            sp.GetRequiredService<BlobExportScanner>(), sp.GetRequiredService<TableLedgerStore>(), PartsQueue(sp),
            sp.GetRequiredService<ExportPipelineOptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<DiscoverExportsStage>>()));
        // The ingest chain reads the allocation rules from guardrails.yaml (setting GuardrailsConfigPath, default: next to the app).
        services.TryAddSingleton<ICostLedgerIngestor>(_ => new CostLedgerIngestor(LoadConfig(configuration).Allocation));
        services.TryAddSingleton(sp => new IngestExportPartStage(
            sp.GetRequiredService<StorageClients>().Blobs, sp.GetRequiredService<TableLedgerStore>(),
            sp.GetRequiredService<ICostLedgerIngestor>(), sp.GetRequiredService<ExportPipelineOptions>(),
            sp.GetService<ILogger<IngestExportPartStage>>()));
        return services;
    }

    internal static GuardrailsConfig LoadConfig(IConfiguration configuration)
    {
        var path = configuration["GuardrailsConfigPath"];
        if (string.IsNullOrWhiteSpace(path)) path = Path.Combine(AppContext.BaseDirectory, "guardrails.yaml");
        return File.Exists(path) ? GuardrailsConfigLoader.Load(path)
            : throw new FileNotFoundException($"GuardrailsConfigPath: the configuration file '{path}' does not exist.", path);
    }

    private static QueueClient PartsQueue(IServiceProvider sp) =>
        sp.GetRequiredService<StorageClients>().Queues.GetQueueClient(sp.GetRequiredService<ExportPipelineOptions>().PartsQueue);

    /// <summary>"GuardrailsStorage" is a connection string, or a section with blobServiceUri/queueServiceUri/tableServiceUri.</summary>
    internal static void BindStorage(IConfigurationSection section, StorageConnectionOptions options)
    {
        options.ConnectionString = string.IsNullOrWhiteSpace(section.Value) ? null : section.Value;
        if (options.ConnectionString is not null) return;
        options.BlobServiceUri = Uri(section["blobServiceUri"]);
        options.QueueServiceUri = Uri(section["queueServiceUri"]);
        options.TableServiceUri = Uri(section["tableServiceUri"]);
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);
}
