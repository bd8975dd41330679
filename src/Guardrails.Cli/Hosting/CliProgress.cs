using System.Globalization;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Spectre.Console;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// Progress of long commands (issue 16 item 4): a Spectre progress bar on standard error when it is a terminal, nothing
/// at all when it is not (redirected, CI, tests): the command's output and its log lines stay the same either way.
/// </summary>
public static class CliProgress
{
    /// <summary>The console progress is drawn on: standard error when it is an interactive terminal, else null (quiet).</summary>
    public static IAnsiConsole? Terminal()
    {
        if (Console.IsErrorRedirected || !GuardrailsApp.IsProcessStandardError(Console.Error)) return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Profile.Capabilities.Interactive ? console : null;
    }

    /// <summary>
    /// Runs <paramref name="drain"/> (the IngestExportPart consumers) with a bar of <paramref name="parts"/> parts whose
    /// label counts the parts and rows ingested so far; without <paramref name="console"/> (or when it is not interactive)
    /// it runs with no progress at all.
    /// </summary>
    public static Task<DrainResult> PartsAsync(IAnsiConsole? console, int parts, Func<IProgress<IngestExportPartResult>?, Task<DrainResult>> drain)
    {
        if (console is null || !console.Profile.Capabilities.Interactive) return drain(null);
        return console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(PartsLabel(0, parts, 0), maxValue: Math.Max(1, parts));
                var result = await drain(new PartsProgress(task, parts)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>The bar's label: "IngestExportPart: 3/8 parts, 375,000 rows".</summary>
    public static string PartsLabel(int done, int parts, long rows) =>
        string.Create(CultureInfo.InvariantCulture, $"IngestExportPart: {done}/{parts} parts, {rows:N0} rows");

    /// <summary>Counts parts and rows as consumers report them (from any thread) and moves the bar.</summary>
    private sealed class PartsProgress(ProgressTask task, int parts) : IProgress<IngestExportPartResult>
    {
        private readonly Lock _gate = new();
        private int _done;
        private long _rows;

        public void Report(IngestExportPartResult value)
        {
            lock (_gate)
            {
                _done++;
                _rows += value.RowsRead;
                task.Description = PartsLabel(_done, parts, _rows);
                task.Value = Math.Min(_done, task.MaxValue);
            }
        }
    }
}
