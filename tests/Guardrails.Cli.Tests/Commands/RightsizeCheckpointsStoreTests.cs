using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Cli.Commands.Rightsize;
using Guardrails.Cli.Hosting;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails rightsize --store CONNECTION --checkpoints</c>: the sample month ingested into Azurite as
/// <c>guardrails ingest --store</c> does, then judged from the ledger's storage-tier rows, gives the export's checkpoint
/// findings — the same golden files, to the cent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RightsizeCheckpointsStoreTests(AzuriteFixture azurite)
{
    private static readonly string Export = TestData.Sample("month", "export");

    private async Task<LedgerTableNames> IngestSampleMonthAsync()
    {
        var files = Directory.GetFiles(Export, "*.csv").Order(StringComparer.Ordinal).ToList();
        var config = CliConfig.LoadOrDefault(null);
        var result = await CostLedgerIngestor.For(config).IngestAsync([.. files.Select(IngestSource.FromFile)], new IngestOptions());
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        var stored = await IngestStore.WriteAsync(azurite.ConnectionString, files, result, TextWriter.Null, names: names, config: config);
        Assert.Equal(RunCompletion.BecameCurrent, stored.Completion);
        return names;
    }

    private async Task<(int Code, string Out, string Console, string Errors)> FromStoreAsync(OutputFormat format, LedgerTableNames names, string? at = null)
    {
        using var output = new StringWriter();
        using var text = new StringWriter();
        using var errors = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 4096;
        var code = await RightsizeCheckpoints.RunFromStoreAsync(azurite.ConnectionString, CliConfig.LoadOrDefault(null), at, format, console, output, errors,
            CancellationToken.None, names);
        return (code, output.ToString(), text.ToString(), errors.ToString());
    }

    [Fact]
    public async Task The_ledger_gives_the_exports_checkpoint_table_json_and_csv_to_the_cent()
    {
        var names = await IngestSampleMonthAsync();

        var table = await FromStoreAsync(OutputFormat.Table, names);
        var json = await FromStoreAsync(OutputFormat.Json, names);
        var csv = await FromStoreAsync(OutputFormat.Csv, names);

        Assert.Equal((0, ""), (table.Code, table.Errors));
        GoldenFile.Verify(table.Console, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.txt"));
        GoldenFile.Verify(json.Out, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.json"));
        GoldenFile.Verify(csv.Out, Path.Combine("testdata", "rightsizing", "checkpoints-sample-month.csv"));
        Assert.Contains("saving 504.00 USD/month", table.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_end_day_with_less_history_than_the_age_gives_no_recommendation_from_the_ledger_either()
    {
        var names = await IngestSampleMonthAsync();

        var (code, json, _, _) = await FromStoreAsync(OutputFormat.Json, names, at: "2026-11-10");

        Assert.Equal(0, code);
        var finding = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray().Single();
        Assert.Equal("too-little-history", finding.GetProperty("status").GetString());
        Assert.Equal("2026-11-10", finding.GetProperty("lastDay").GetString());
    }

    [Fact]
    public async Task Checkpoints_without_an_export_or_a_store_is_a_usage_error()
    {
        using var errors = new StringWriter();
        var code = await RightsizeCommand.RunAsync(new RightsizeCommand.Settings { Checkpoints = new FlagValue<string> { IsSet = true } }, AnsiConsole.Create(
            new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TextWriter.Null, stderr: errors);

        Assert.Equal(2, code);
        Assert.Contains("error: give exactly one of", errors.ToString(), StringComparison.Ordinal);
    }
}
