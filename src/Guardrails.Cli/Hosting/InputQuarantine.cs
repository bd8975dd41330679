using System.Globalization;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// The rows of --input exports that cannot be read, for the commands that read exports in memory (report, dashboard,
/// budgets --input): set aside in a quarantine CSV (file, line, field, reason, raw value) and counted on stderr, so a view
/// over the accepted rows never hides that rows were left out. <c>ingest</c> writes to the same place by default.
/// </summary>
public sealed class InputQuarantine : IDisposable
{
    private readonly CsvQuarantineSink _sink;

    public InputQuarantine(string? path = null) => _sink = new CsvQuarantineSink(path ?? DefaultPath());

    /// <summary>A new file under the temp folder's <c>guardrails/</c>, named by the time and process.</summary>
    public static string DefaultPath() => Path.Combine(Path.GetTempPath(), "guardrails",
        string.Create(CultureInfo.InvariantCulture, $"quarantine-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.csv"));

    /// <summary>The sink the ingest writes rejected rows to.</summary>
    public IQuarantineSink Sink => _sink;

    /// <summary><paramref name="options"/> with rejected rows set aside here.</summary>
    public IngestOptions On(IngestOptions options) => options with { Quarantine = _sink };

    /// <summary>Names the rows left out, with where they are, on <paramref name="stderr"/>; nothing when every row was read.</summary>
    public void Warn(IngestResult result, TextWriter stderr)
    {
        if (result.RowsRejected == 0) return;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warning: {result.RowsRejected:N0} of {result.RowsRead:N0} row(s) could not be read and are not in this view; " +
            $"set aside with file, line, field and reason in {_sink.Location}"));
    }

    public void Dispose() => _sink.Dispose();
}
