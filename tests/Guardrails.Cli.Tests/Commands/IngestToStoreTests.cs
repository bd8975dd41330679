using System.Text.Json;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>`guardrails ingest … --store &lt;connection&gt;` writes the ledger that `guardrails costs` reads back.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class IngestToStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string Config => Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");
    private static string Multicloud => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");

    [Fact]
    public async Task Stored_month_reads_back_with_the_same_totals_and_json_stays_pure()
    {
        var run = await ConsoleCapture.RunAsync(c => c.AddCommand<IngestCommand>("ingest"),
            ["ingest", Multicloud, "--config", Config, "--json", "--store", azurite.ConnectionString]);

        Assert.True(run.ExitCode == 0, run.Error);
        using var doc = JsonDocument.Parse(run.Out); // the store's log goes to stderr, stdout stays one JSON document
        Assert.Contains("Stored", run.Error);
        var september = doc.RootElement.GetProperty("groups").EnumerateArray()
            .Where(g => g.GetProperty("day").GetString()!.StartsWith("2024-09", StringComparison.Ordinal)).ToList();
        var expectedBilled = september.Sum(g => g.GetProperty("billedCost").GetDecimal());
        var expectedEffective = september.Sum(g => g.GetProperty("effectiveCost").GetDecimal());

        var report = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(2024, 9, 1), ["team"]);

        var total = Assert.Single(report.Totals);
        Assert.Equal("USD", total.Currency);
        Assert.Equal(expectedBilled, total.BilledCost);
        Assert.Equal(expectedEffective, total.EffectiveCost);
        Assert.Contains(report.Rows, r => r.Allocation.Any(p => p.Key == "team" && p.Value == "PeoriaData"));
    }

    [Fact]
    public async Task Ingesting_the_same_file_again_restates_the_month_instead_of_doubling_it()
    {
        string[] args = ["ingest", Multicloud, "--config", Config, "--json", "--store", azurite.ConnectionString];
        var once = await ConsoleCapture.RunAsync(c => c.AddCommand<IngestCommand>("ingest"), args);
        Assert.Equal(0, once.ExitCode);
        var afterOnce = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(2024, 9, 1), ["team"]);

        var twice = await ConsoleCapture.RunAsync(c => c.AddCommand<IngestCommand>("ingest"), args);
        Assert.Equal(0, twice.ExitCode);
        var afterTwice = await CostsCommand.ReadAsync(azurite.ConnectionString, new DateOnly(2024, 9, 1), ["team"]);

        Assert.Equal(afterOnce.Totals, afterTwice.Totals);
    }
}
