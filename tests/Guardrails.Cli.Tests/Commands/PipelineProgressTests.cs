using System.Globalization;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Cli.Hosting;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// Issue 16 item 4, progress: `pipeline run` draws its parts and rows on an interactive terminal and prints no progress
/// at all when its output is redirected (CI, `&gt; file`, this harness).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineProgressTests(AzuriteFixture azurite)
{
    private static readonly string Sample = TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");

    private static PipelineRunCommand.Settings Settings() => new()
    {
        Container = AzuriteFixture.UniqueName("exports"),
        FactsTable = AzuriteFixture.UniqueName("facts"),
        RunsTable = AzuriteFixture.UniqueName("runs"),
        Queue = AzuriteFixture.UniqueName("parts"),
        ExportName = "focus-daily",
        Parts = 3,
        Consumers = 2,
    };

    private static IAnsiConsole Interactive(StringWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;
        return console;
    }

    [Fact]
    public async Task On_an_interactive_console_the_parts_and_rows_ingested_are_rendered()
    {
        using var output = new StringWriter();
        var ingestor = new CostLedgerIngestor(PipelineRunCommand.LoadConfig(null).Allocation);

        var outcome = await PipelineRunCommand.RunAsync(azurite.ConnectionString, [Sample], ingestor, Settings(), TextWriter.Null, progress: Interactive(output));

        Assert.True(outcome.TotalsMatch);
        var rows = outcome.Drain.Parts.Sum(p => p.RowsRead);
        Assert.True(rows > 0);
        Assert.Equal(outcome.Run!.RowsRead, rows);
        var text = output.ToString();
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"IngestExportPart: 3/3 parts, {rows:N0} rows"), text, StringComparison.Ordinal);
        // Before the drain: the read of the export (rows) and the upload of its parts (parts and rows), each its own bar.
        Assert.Contains(CliProgress.RowsLabel("Reading 1 export file(s)", rows), text, StringComparison.Ordinal);
        Assert.Contains(CliProgress.UploadLabel(3, 3, rows), text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_console_that_is_not_interactive_gets_no_progress_and_the_drain_still_runs()
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No });
        IProgress<IngestExportPartResult>? seen = new Progress<IngestExportPartResult>();

        var result = await CliProgress.PartsAsync(console, 2, p =>
        {
            seen = p;
            return Task.FromResult(new DrainResult(2, 0, 0, []));
        });

        Assert.Null(seen);
        Assert.Equal(2, result.Succeeded);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Pipeline_run_with_its_output_redirected_prints_no_progress()
    {
        var s = Settings();
        var (code, stdout, stderr) = await CliProcess.RunAsync(null, "pipeline", "run", "--input", Sample, "--store", azurite.ConnectionString,
            "--container", s.Container, "--facts-table", s.FactsTable, "--runs-table", s.RunsTable, "--queue", s.Queue, "--parts", "3");

        Assert.True(code == 0, stderr);
        Assert.Contains("IngestExportPart: 3 part(s) ingested", stdout, StringComparison.Ordinal); // the log line, not a bar
        foreach (var text in new[] { stdout, stderr })
        {
            Assert.DoesNotContain("/3 parts", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Reading 1 export file(s)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
            Assert.DoesNotContain("━", text, StringComparison.Ordinal);
        }
    }
}
