using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>The functions with the production ingest chain (readers → allocation → aggregation) on the bundled samples.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BundledSampleFunctionsTests(AzuriteFixture azurite)
{
    private static CostLedgerIngestor Ingestor() =>
        new(GuardrailsConfigLoader.Load(Path.Combine(TestData.RepositoryRoot, "guardrails.yaml")).Allocation);

    [Theory]
    [InlineData("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv", 2024, 9, 4)]
    [InlineData("azure-cost-export", "ea-legacy", "focus-converters_sample-anonymous-ea-export-dataset.csv", 2023, 9, 2)]
    public async Task Bundled_export_through_the_functions_gives_the_files_own_totals(string folder, string sub, string file, int year, int month, int parts)
    {
        var path = TestData.Sample("billing", folder, sub, file);
        var h = new PipelineHarness(azurite, ingestor: Ingestor());
        var run = await h.UploadRunAsync("run-1", new DateTimeOffset(year, month, 20, 6, 0, 0, TimeSpan.Zero), new DateOnly(year, month, 1),
            await File.ReadAllBytesAsync(path), parts);

        await h.RunDiscoverAsync();
        Assert.Equal(parts, await h.DeliverAllAsync());

        var expected = await Ingestor().IngestAsync([IngestSource.FromFile(path)], new IngestOptions());
        var facts = await h.Ledger.GetFactsAsync(LedgerQuery.ForMonth(year, month));
        var exported = TableLedgerStore.SumTotals(facts.Where(f => f.Kind != Guardrails.Core.Allocation.AllocationKind.Fixed)
            .Select(f => new CurrencyTotal(f.Currency, f.BilledCost, f.EffectiveCost)));
        Assert.Equal(TableLedgerStore.SumTotals(expected.Totals), exported);
        // Declared fixed costs are counted once per run, as in the whole-file ingest.
        Assert.Equal(expected.Facts.Where(f => f.Kind == Guardrails.Core.Allocation.AllocationKind.Fixed).Sum(f => f.BilledCost),
            facts.Where(f => f.Kind == Guardrails.Core.Allocation.AllocationKind.Fixed).Sum(f => f.BilledCost));
        var header = (await h.Ledger.GetRunAsync(run))!;
        Assert.Equal(LedgerRunStatus.Completed, header.Status);
        Assert.Equal(expected.RowsRead, header.RowsRead);
    }
}
