using Guardrails.Cli.Commands;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Cli.Tests.Commands;

[Collection(AzuriteCollection.Name)]
public sealed class IngestStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ingest_with_store_writes_a_run_readable_by_costs_and_a_second_ingest_restates_it()
    {
        var sample = TestData.Sample("billing", "azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv");
        var ingestor = new CostLedgerIngestor(GuardrailsConfigLoader.Load(Path.Combine(TestData.RepositoryRoot, "guardrails.yaml")).Allocation);
        var result = await ingestor.IngestAsync([IngestSource.FromFile(sample)], new IngestOptions());
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        var month = result.Facts.Min(f => f.Day);

        var first = await IngestStore.WriteAsync(azurite.ConnectionString, [sample], result, TextWriter.Null, time, names);
        time.Advance(TimeSpan.FromHours(1));
        var second = await IngestStore.WriteAsync(azurite.ConnectionString, [sample], result, TextWriter.Null, time, names);

        Assert.Equal(RunCompletion.BecameCurrent, second.Completion);
        Assert.Equal("local/finops-toolkit_EA_AmortizedCost_Small.csv", second.Run.ExportName);
        Assert.NotEqual(first.Run.RunId, second.Run.RunId);
        var report = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(month.Year, month.Month, 1), ["team"], names);
        var expected = result.Facts.Where(f => f.Day.Month == month.Month && f.Day.Year == month.Year)
            .GroupBy(f => f.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost))).ToList();
        Assert.Equal(expected, report.Totals);
    }
}
