using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Core.Billing;
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
        Assert.Equal(IngestStore.ExportNameFor([sample]), second.Run.ExportName);
        Assert.StartsWith("local/ea-legacy-", second.Run.ExportName, StringComparison.Ordinal); // the export is its folder
        Assert.NotEqual(first.Run.RunId, second.Run.RunId);
        var report = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(month.Year, month.Month, 1), ["team"], names);
        var expected = result.Facts.Where(f => f.Day.Month == month.Month && f.Day.Year == month.Year)
            .GroupBy(f => f.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(f => f.BilledCost), g.Sum(f => f.EffectiveCost))).ToList();
        Assert.Equal(expected, report.Totals);
    }

    [Fact]
    public async Task Same_file_name_in_two_folders_is_two_exports_and_a_subset_of_a_folder_restates_it()
    {
        var root = Directory.CreateTempSubdirectory("guardrails-exports-").FullName;
        try
        {
            var sample = TestData.Sample("billing", "azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv");
            var (a, b) = (Path.Combine(root, "dirA", "part_0.csv"), Path.Combine(root, "dirB", "part_0.csv"));
            var a1 = Path.Combine(root, "dirA", "part_1.csv");
            foreach (var path in new[] { a, b, a1 })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(sample, path);
            }
            var ingestor = new CostLedgerIngestor(new AllocationConfig());
            var one = await ingestor.IngestAsync([IngestSource.FromFile(sample)], new IngestOptions());
            var two = await ingestor.IngestAsync([IngestSource.FromFile(a), IngestSource.FromFile(a1)], new IngestOptions());
            var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
            var month = one.Facts.Min(f => f.Day);
            var first = new DateOnly(month.Year, month.Month, 1);
            decimal Billed(IngestResult r) => r.Facts.Where(f => f.Day.Month == month.Month && f.Day.Year == month.Year).Sum(f => f.BilledCost);
            async Task<decimal> Ledger() => (await CostsCommand.ReadAsync(azurite.ConnectionString, first, ["team"], names)).Totals.Sum(t => t.BilledCost);

            // dirA (two parts) then dirB/part_0.csv: two exports, both kept.
            await IngestStore.WriteAsync(azurite.ConnectionString, [a, a1], two, TextWriter.Null, time, names);
            time.Advance(TimeSpan.FromMinutes(1));
            await IngestStore.WriteAsync(azurite.ConnectionString, [b], one, TextWriter.Null, time, names);
            Assert.Equal(Billed(two) + Billed(one), await Ledger());

            // dirA/part_0.csv alone: a newer run of the dirA export, replacing it (not counted twice).
            time.Advance(TimeSpan.FromMinutes(1));
            await IngestStore.WriteAsync(azurite.ConnectionString, [a], one, TextWriter.Null, time, names);
            Assert.Equal(Billed(one) + Billed(one), await Ledger());

            // An explicit --export-name is its own export.
            time.Advance(TimeSpan.FromMinutes(1));
            var named = await IngestStore.WriteAsync(azurite.ConnectionString, [a], one, TextWriter.Null, time, names, exportName: "september");
            Assert.Equal("local/september", named.Run.ExportName);
            Assert.Equal(3 * Billed(one), await Ledger());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_export_identity_is_the_folder_by_full_path()
    {
        Assert.NotEqual(IngestStore.ExportNameFor(["/x/dirA/part_0.csv"]), IngestStore.ExportNameFor(["/x/dirB/part_0.csv"]));
        Assert.Equal(IngestStore.ExportNameFor(["/x/dirA/part_0.csv", "/x/dirA/part_1.csv"]), IngestStore.ExportNameFor(["/x/dirA/part_1.csv"]));
        Assert.NotEqual(IngestStore.ExportNameFor(["/x/dirA/part_0.csv"]), IngestStore.ExportNameFor(["/y/dirA/part_0.csv"]));
        Assert.Equal("local/my-export", IngestStore.ExportNameFor(["/x/dirA/part_0.csv"], "my-export"));
        Assert.NotNull(IngestStore.CheckExportName("a/b"));
        Assert.Null(IngestStore.CheckExportName("sept-2026"));
    }
}
