using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrails.Functions.Tests.Startup;

public sealed class LedgerRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddLedger(config).BuildServiceProvider();
    }

    [Fact]
    public void In_Azure_a_missing_storage_setting_stops_start_up_naming_the_setting()
    {
        var ex = Assert.Throws<AppSettingException>(() => Build(new() { ["WEBSITE_INSTANCE_ID"] = "abc123", ["IngestSchedule"] = "0 */15 * * * *" }));

        Assert.Contains("'GuardrailsStorage' is missing", ex.Message);
        Assert.Contains("GuardrailsStorage__accountName", ex.Message);
    }

    [Fact]
    public void Bad_pipeline_settings_fail_validation()
    {
        using var sp = Build(new() { ["GuardrailsStorage"] = "UseDevelopmentStorage=true", ["Pipeline:ExportContainers"] = "Bad_Name", ["Pipeline:MaxDequeueCount"] = "0" });

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<ExportPipelineOptions>>().Value);

        Assert.Contains("ExportContainers", ex.Message);
        Assert.Contains("MaxDequeueCount", ex.Message);
    }

    [Fact]
    public void Identity_based_settings_and_defaults_bind()
    {
        using var sp = Build(new()
        {
            ["GuardrailsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["GuardrailsStorage:queueServiceUri"] = "https://acct.queue.core.windows.net",
            ["GuardrailsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["Pipeline:ExportContainers"] = "cost-exports, finops-exports",
        });

        var storage = sp.GetRequiredService<StorageConnectionOptions>();
        var pipeline = sp.GetRequiredService<IOptions<ExportPipelineOptions>>().Value;

        Assert.False(storage.UsesConnectionString);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), storage.TableServiceUri);
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), sp.GetRequiredService<StorageClients>().Tables.Uri);
        Assert.Equal(["cost-exports", "finops-exports"], pipeline.Containers);
        Assert.Equal("export-parts", pipeline.PartsQueue);
        Assert.IsType<Guardrails.Infrastructure.Ledger.TableLedgerStore>(sp.GetRequiredService<ICostLedgerReader>());
    }

    [Fact]
    public void Host_json_and_sample_settings_ship_with_the_build_and_agree_with_the_options()
    {
        var host = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));
        var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "local.settings.sample.json")));
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        var values = settings.RootElement.GetProperty("Values");

        Assert.Equal(new ExportPipelineOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(values.GetProperty("Pipeline__MaxDequeueCount").GetString(), queues.GetProperty("maxDequeueCount").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("GuardrailsStorage").GetString());
        Assert.False(string.IsNullOrEmpty(values.GetProperty("IngestSchedule").GetString()));
    }

    [Fact]
    public void The_ingest_chain_uses_the_guardrails_yaml_shipped_with_the_app()
    {
        using var sp = Build(new() { ["GuardrailsStorage"] = "UseDevelopmentStorage=true" });

        Assert.IsType<CostLedgerIngestor>(sp.GetRequiredService<ICostLedgerIngestor>());
        Assert.NotNull(sp.GetRequiredService<IngestExportPartStage>());
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "guardrails.yaml"), sp.GetRequiredService<GuardrailsConfigSource>().Path);
        Assert.Contains(sp.GetRequiredService<GuardrailsConfig>().Allocation.Keys, k => k.Name == "team");
    }

    [Fact]
    public void A_missing_config_file_is_named_with_its_setting()
    {
        using var sp = Build(new() { ["GuardrailsStorage"] = "UseDevelopmentStorage=true", ["GuardrailsConfigPath"] = "/nope/guardrails.yaml" });

        var ex = Assert.Throws<ConfigException>(() => sp.GetRequiredService<GuardrailsConfig>());

        Assert.Contains("/nope/guardrails.yaml", ex.Message);
        Assert.Contains("GuardrailsConfigPath", ex.Message);
    }
}
