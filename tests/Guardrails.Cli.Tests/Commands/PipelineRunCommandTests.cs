using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>`guardrails pipeline run` and `guardrails costs` on Azurite with the real ingest chain and bundled samples.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineRunCommandTests(AzuriteFixture azurite)
{
    private static PipelineRunCommand.Settings Settings(int parts = 2, int consumers = 2) => new()
    {
        Container = AzuriteFixture.UniqueName("exports"),
        FactsTable = AzuriteFixture.UniqueName("facts"),
        RunsTable = AzuriteFixture.UniqueName("runs"),
        Queue = AzuriteFixture.UniqueName("parts"),
        ExportName = "focus-daily",
        Parts = parts,
        Consumers = consumers,
    };

    private static CostLedgerIngestor Ingestor() => new(PipelineRunCommand.LoadConfig(Path.Combine(TestData.RepositoryRoot, "guardrails.yaml")).Allocation);

    private static readonly string Sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");

    [Fact]
    public async Task Bundled_sample_goes_through_blob_queue_and_tables_with_the_exports_totals()
    {
        var settings = Settings(parts: 3);

        var outcome = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [Sample], Ingestor(), settings, TextWriter.Null);

        Assert.True(outcome.TotalsMatch);
        var expected = await Ingestor().IngestAsync([IngestSource.FromFile(Sample)], new IngestOptions());
        Assert.Equal(TableLedgerStore.SumTotals(expected.Totals), outcome.LedgerTotals);
        Assert.Equal(1, outcome.Discovery.RunsRecorded);
        Assert.Equal(3, outcome.Discovery.PartsEnqueued);
        Assert.Equal(3, outcome.Drain.Succeeded);
        Assert.Equal(LedgerRunStatus.Completed, outcome.Run!.Status);
        Assert.Equal(expected.RowsRead, outcome.Run.RowsRead);
        var report = Assert.Single(outcome.Reports);
        Assert.Equal("2024-09", report.Month);
        Assert.All(report.Rows, r => Assert.Equal("team", Assert.Single(r.Allocation).Key));

        // `guardrails costs` reads the same ledger back: the allocated month including declared fixed costs.
        var costs = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(2024, 9, 1), ["team"], new LedgerTableNames(settings.FactsTable, settings.RunsTable));
        Assert.Equal(report.ToJson(), costs.ToJson());
        var allFacts = expected.Facts.GroupBy(f => f.Currency).Select(g => new CurrencyTotal(g.Key, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost))).ToList();
        Assert.Equal(allFacts, costs.Totals);
    }

    [Fact]
    public async Task A_gzipped_input_is_uploaded_from_its_file_as_one_part_and_ingested_whole()
    {
        var settings = Settings(parts: 3);
        var gz = Path.Combine(Directory.CreateTempSubdirectory("guardrails-gz-").FullName, "export.csv.gz");
        await using (var output = new System.IO.Compression.GZipStream(File.Create(gz), System.IO.Compression.CompressionLevel.Fastest))
        await using (var input = File.OpenRead(Sample))
            await input.CopyToAsync(output);

        var outcome = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [gz], Ingestor(), settings, TextWriter.Null);

        var expected = await Ingestor().IngestAsync([IngestSource.FromFile(Sample)], new IngestOptions());
        Assert.True(outcome.TotalsMatch);
        Assert.Equal(1, outcome.Discovery.PartsEnqueued); // a compressed file is not split
        Assert.Equal(expected.RowsRead, outcome.Run!.RowsRead);
        Assert.Equal(TableLedgerStore.SumTotals(expected.Totals), outcome.LedgerTotals);
        Directory.Delete(Path.GetDirectoryName(gz)!, recursive: true);
    }

    [Fact]
    public async Task Running_the_same_export_again_restates_the_month_instead_of_adding_to_it()
    {
        var settings = Settings(parts: 2, consumers: 1);
        var first = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [Sample], Ingestor(), settings, TextWriter.Null);

        var second = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [Sample], Ingestor(), settings, TextWriter.Null);

        Assert.True(second.TotalsMatch);
        Assert.Equal(first.Reports[0].ToJson(), second.Reports[0].ToJson());
        Assert.Equal(1, second.Discovery.RunsRecorded); // the first run is already recorded; only the new one is enqueued
        Assert.Equal(2, second.Discovery.RunsFound);
    }

    [Fact]
    public async Task Legacy_ea_export_is_ingested_through_the_same_path()
    {
        var ea = TestData.Sample("billing", "azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv");

        var outcome = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [ea], Ingestor(), Settings(parts: 2), TextWriter.Null);

        Assert.True(outcome.TotalsMatch);
        Assert.NotEmpty(outcome.LedgerTotals);
        Assert.Equal(0, outcome.Drain.Poisoned);
    }
}
