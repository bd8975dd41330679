using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// Progress of long commands (issue 16 item 4): a Spectre progress bar on standard error when it is a terminal, nothing
/// at all when it is not (redirected, CI, tests): the command's output and its log lines stay the same either way.
/// </summary>
public static class CliProgress
{
    /// <summary>
    /// The console progress is drawn on: standard error when it is a terminal that takes ANSI redraws, else null (quiet).
    /// Only standard error decides: `budgets --json &gt; out.json` on a terminal still shows its bar (Spectre's own
    /// detection would call the console not interactive as soon as standard output is redirected).
    /// </summary>
    public static IAnsiConsole? Terminal()
    {
        if (Console.IsErrorRedirected || !GuardrailsApp.IsProcessStandardError(Console.Error)) return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.Yes });
        return console.Profile.Capabilities.Ansi ? console : null;
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

    /// <summary>
    /// Runs <paramref name="read"/> (an ingest of export files of <paramref name="totalBytes"/> bytes) with a bar of the
    /// bytes read whose label counts the rows read so far: "Reading 1 export file(s): 412,000 rows". Without an
    /// interactive <paramref name="console"/>, <paramref name="read"/> gets null and nothing is drawn.
    /// </summary>
    public static async Task<T> ReadAsync<T>(IAnsiConsole? console, string what, long totalBytes, Func<IngestProgress?, Task<T>> read)
    {
        if (console is null || !console.Profile.Capabilities.Interactive) return await read(null).ConfigureAwait(false);
        return await Bar(console).StartAsync(async context =>
        {
            var task = context.AddTask(RowsLabel(what, 0), maxValue: Math.Max(1, totalBytes));
            var result = await read(new ReadBar(task, what).Progress).ConfigureAwait(false);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="upload"/> (export parts to Blob Storage) with a bar of the parts whose label counts the parts
    /// and rows uploaded: "Upload: 2/8 parts, 250,000 rows". Quiet (null progress) without an interactive console.
    /// </summary>
    /// <param name="parts">How many parts will be uploaded; <paramref name="upload"/> reports each uploaded part's data rows.</param>
    public static async Task<T> UploadAsync<T>(IAnsiConsole? console, int parts, Func<IProgress<long>?, Task<T>> upload)
    {
        if (console is null || !console.Profile.Capabilities.Interactive) return await upload(null).ConfigureAwait(false);
        return await Bar(console).StartAsync(async context =>
        {
            var task = context.AddTask(UploadLabel(0, parts, 0), maxValue: Math.Max(1, parts));
            var result = await upload(new UploadBar(task, parts)).ConfigureAwait(false);
            task.Value = task.MaxValue;
            return result;
        }).ConfigureAwait(false);
    }

    /// <summary>A read's label: "Reading 1 export file(s): 412,000 rows".</summary>
    public static string RowsLabel(string what, long rows) => string.Create(CultureInfo.InvariantCulture, $"{what}: {rows:N0} rows");

    /// <summary>The upload's label: "Upload: 2/8 parts, 250,000 rows".</summary>
    public static string UploadLabel(int done, int parts, long rows) =>
        string.Create(CultureInfo.InvariantCulture, $"Upload: {done}/{parts} parts, {rows:N0} rows");

    private static Progress Bar(IAnsiConsole console) => console.Progress().AutoClear(false).HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

    /// <summary>Moves a read's bar by bytes and relabels it by rows (reports come from the ingest's worker threads).</summary>
    private sealed class ReadBar(ProgressTask task, string what)
    {
        private readonly Lock _gate = new();
        private long _rows;

        public IngestProgress Progress => new(new Reporter(v => { lock (_gate) task.Value = Math.Min(v, task.MaxValue); }),
            new Reporter(v =>
            {
                lock (_gate)
                {
                    if (v <= _rows) return; // a worker's report may arrive after a later one
                    _rows = v;
                    task.Description = RowsLabel(what, v);
                }
            }));
    }

    /// <summary>Each report is one uploaded part's data rows.</summary>
    private sealed class UploadBar(ProgressTask task, int parts) : IProgress<long>
    {
        private int _done;
        private long _rows;

        public void Report(long value)
        {
            _done++;
            _rows += value;
            task.Description = UploadLabel(_done, parts, _rows);
            task.Value = Math.Min(_done, task.MaxValue);
        }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
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

/// <summary>What an ingest reports to a read's progress bar: bytes read (the bar) and rows read (its label).</summary>
public sealed record IngestProgress(IProgress<long> BytesRead, IProgress<long> RowsRead)
{
    /// <summary><paramref name="options"/> reporting here.</summary>
    public IngestOptions On(IngestOptions options) => options with { BytesRead = BytesRead, RowsRead = RowsRead };

    /// <summary>This progress for one of several ingests read one after another: its bytes and rows counted on top of
    /// <paramref name="bytesBefore"/> and <paramref name="rowsBefore"/> of the earlier ones.</summary>
    public IngestProgress After(long bytesBefore, long rowsBefore) => new(new Offset(BytesRead, bytesBefore), new Offset(RowsRead, rowsBefore));

    private sealed class Offset(IProgress<long> inner, long offset) : IProgress<long>
    {
        public void Report(long value) => inner.Report(offset + value);
    }
}
