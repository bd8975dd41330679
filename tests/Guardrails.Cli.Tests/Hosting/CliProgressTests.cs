using Guardrails.Cli.Hosting;
using Guardrails.Cli.Tests.Commands;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Testing;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Hosting;

/// <summary>
/// Issue 16 item 4, progress of reads and uploads (`report`, `budgets --input`, `pipeline run`): on an interactive terminal a
/// bar of bytes labelled with the rows the ingest reports; nothing at all when standard error is not a terminal.
/// </summary>
public sealed class CliProgressTests
{
    private static string Export => TestData.Sample("month", "export", "fabrikam-ml_focus-1.2_2026-11-16.csv");
    private static string Config => TestData.Sample("month", "guardrails.yaml");

    private static IAnsiConsole Console(StringWriter output, bool interactive = true)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 160;
        return console;
    }

    private sealed class Recorder : IProgress<long>
    {
        public List<long> Values { get; } = [];
        public void Report(long value)
        {
            lock (Values) Values.Add(value);
        }
    }

    private static CostLedgerIngestor Ingestor() => new(CliConfig.Load(Config).Allocation);

    [Fact]
    public async Task The_progress_seam_hands_the_ingest_a_rows_and_a_bytes_progress_and_the_ingest_reports_rows()
    {
        var (bytes, rows) = (new Recorder(), new Recorder());
        var result = await Ingestor().IngestAsync([IngestSource.FromFile(Export)], new IngestProgress(bytes, rows).On(new IngestOptions()));

        Assert.Equal(result.RowsRead, rows.Values[^1]);
        Assert.Equal(File.ReadLines(Export).Count() - 1, result.RowsRead); // every data row of the sample export (one header line, no quoted line breaks)
        Assert.Equal(new FileInfo(Export).Length, bytes.Values.Max());
    }

    [Fact]
    public async Task On_an_interactive_console_a_read_draws_a_bar_labelled_with_the_rows_read()
    {
        using var output = new StringWriter();
        IngestProgress? seen = null;
        var result = await CliProgress.ReadAsync(Console(output), "Reading 1 export file(s)", new FileInfo(Export).Length, p =>
        {
            seen = p;
            return Ingestor().IngestAsync([IngestSource.FromFile(Export)], p!.On(new IngestOptions()));
        });

        Assert.NotNull(seen);
        var text = output.ToString();
        Assert.Contains(CliProgress.RowsLabel("Reading 1 export file(s)", result.RowsRead), text, StringComparison.Ordinal);
        Assert.Equal("Reading 1 export file(s): 244 rows", CliProgress.RowsLabel("Reading 1 export file(s)", 244));
        Assert.Contains("100%", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_an_interactive_console_an_upload_counts_parts_and_rows()
    {
        using var output = new StringWriter();
        long[] partRows = [120, 124];

        var done = await CliProgress.UploadAsync(Console(output), partRows.Length, p =>
        {
            foreach (var rows in partRows) p!.Report(rows);
            return Task.FromResult(partRows.Length);
        });

        Assert.Equal(2, done);
        Assert.Contains("Upload: 2/2 parts, 244 rows", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_console_that_is_not_interactive_gets_no_bar_and_the_work_gets_no_progress()
    {
        using var output = new StringWriter();
        var read = await CliProgress.ReadAsync(Console(output, interactive: false), "Reading", 1, p => Task.FromResult(p));
        var upload = await CliProgress.UploadAsync<IProgress<long>?>(Console(output, interactive: false), 0, p => Task.FromResult(p));
        var none = await CliProgress.ReadAsync(null, "Reading", 1, p => Task.FromResult(p));

        Assert.Null(read);
        Assert.Null(upload);
        Assert.Null(none);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task Budgets_and_report_reading_exports_with_standard_error_redirected_print_no_progress()
    {
        var html = Path.Combine(Directory.CreateTempSubdirectory("guardrails-progress-").FullName, "report.html");
        var budgets = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Export);
        var report = await CliProcess.RunAsync(null, "report", "--html", html, "--input", Export, "--config", Config);

        Assert.True(budgets.Code == 0, budgets.Err);
        Assert.True(report.Code == 0, report.Err);
        Assert.True(File.Exists(html));
        foreach (var text in new[] { budgets.Out, budgets.Err, report.Out, report.Err })
        {
            Assert.DoesNotContain("Reading 1 export file(s)", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
            Assert.DoesNotContain("━", text, StringComparison.Ordinal);
        }
    }
}
