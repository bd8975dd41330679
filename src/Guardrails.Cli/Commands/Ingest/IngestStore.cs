using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Cli.Commands.Ingest;

/// <summary>
/// `guardrails ingest … --store [connection string]`: writes an ingest's facts to the Table Storage ledger as one
/// run of a local export, through the same run → parts → pointer switch as the Function App. The export's identity is
/// <c>--export-name</c> when given, else the folder(s) the input comes from (a folder given, or the folder of each file
/// given), by full path: <c>dirA/part_0.csv</c> and <c>dirB/part_0.csv</c> are two exports; ingesting a folder again,
/// or some of its files, is a newer run of the same export that replaces the previous one (restated, never doubled),
/// as Azure's month-to-date runs do. Files of different exports that share a folder need <c>--export-name</c>.
/// </summary>
public static class IngestStore
{
    public sealed record Stored(ExportRunRef Run, RunCompletion Completion, long EntitiesWritten, bool StartedAzurite, long ResourceEntitiesWritten = 0);

    /// <summary>The export's identity: "local/" + the explicit name, else the input folders' names and a hash of their full paths.</summary>
    public static string ExportNameFor(IReadOnlyList<string> paths, string? exportName = null)
    {
        if (!string.IsNullOrWhiteSpace(exportName)) return "local/" + exportName.Trim();
        var folders = paths
            .Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
            .Select(p => Directory.Exists(p) ? p : Path.GetDirectoryName(p) ?? p)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', folders))))[..10];
        var names = string.Join('+', folders.Select(f => Path.GetFileName(f) is { Length: > 0 } n ? n : "root"));
        return $"local/{names}-{hash}";
    }

    /// <summary>Characters Table Storage keys do not allow in an explicit --export-name.</summary>
    public static string? CheckExportName(string? name) =>
        name is null ? null
        : string.IsNullOrWhiteSpace(name) || name.Length > 200 || name.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            ? $"--export-name '{name}': 1–200 characters, none of / \\ # ? or control characters"
            : null;

    /// <summary>
    /// Writes the ingest as one part of a new run of the export through the Function App's <see cref="IngestExportPartStage"/>
    /// (from <c>AddLedger</c>): the run and its part are recorded, the facts written, the part completed and the months'
    /// current-run pointers switched, as for a part from the export-parts queue. The CLI plugs in only the part's reader:
    /// the files it already read (<paramref name="result"/>) instead of a blob.
    /// </summary>
    public static async Task<Stored> WriteAsync(string? store, IReadOnlyList<string> paths, IngestResult result, TextWriter log,
        TimeProvider? timeProvider = null, LedgerTableNames? names = null, CancellationToken cancellationToken = default, string? exportName = null,
        GuardrailsConfig? config = null)
    {
        await using var connection = await LedgerStore.OpenAsync(store, log, cancellationToken);
        var time = timeProvider ?? TimeProvider.System;
        var part = PartOf(paths, result, time.GetUtcNow(), exportName);
        await using var services = Services(connection.ConnectionString, part, result, time, names, config).BuildServiceProvider();
        var stored = await services.GetRequiredService<IngestExportPartStage>().IngestAsync(part, dequeueCount: 1, cancellationToken);
        await log.WriteLineAsync($"Stored {stored.FactsWritten} fact entities and {stored.ResourcesWritten} resource-cost entities as run {part.Run} ({stored.Completion}).");
        return new Stored(part.Run, stored.Completion, stored.FactsWritten, connection.StartedAzurite, stored.ResourcesWritten);
    }

    /// <summary>The ledger registration (<c>AddLedger</c>) with one plug-in: the part's reader is the files already read.</summary>
    internal static IServiceCollection Services(string connection, ExportPartMessage part, IngestResult result, TimeProvider time,
        LedgerTableNames? names = null, GuardrailsConfig? config = null) =>
        CliComposition.Services(config ?? CliConfig.Defaults(), CliComposition.Settings(CliComposition.StoreSettings(connection, names)), time,
            s => s.AddSingleton<IExportPartReader>(new IngestedFilesPartReader(part, result)), LedgerRegistration.AddLedger);

    /// <summary>The one part of a new run of the local export: a run id from the clock, the months the facts cover.</summary>
    public static ExportPartMessage PartOf(IReadOnlyList<string> paths, IngestResult result, DateTimeOffset now, string? exportName = null)
    {
        var days = result.Facts.Select(f => f.Day).DefaultIfEmpty(DateOnly.FromDateTime(now.UtcDateTime)).ToList();
        var first = days.Min();
        return new ExportPartMessage
        {
            Export = ExportNameFor(paths, exportName),
            RunId = now.UtcDateTime.ToString("yyyyMMddTHHmmssfffffffZ", System.Globalization.CultureInfo.InvariantCulture),
            Container = LocalContainer,
            Blob = string.Join(';', paths),
            PartIndex = 0,
            PartCount = 1,
            PeriodStart = new DateTimeOffset(first.Year, first.Month, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(days.Max().ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1),
            SubmittedTime = now,
        };
    }

    /// <summary>The container name recorded for a local export's runs (its part is the files, not a blob).</summary>
    public const string LocalContainer = "local";
}

/// <summary>The CLI's part reader: the local export files it already read through the Core ingest chain (one part).</summary>
internal sealed class IngestedFilesPartReader(ExportPartMessage part, IngestResult result) : IExportPartReader
{
    public Task<IngestResult> ReadAsync(ExportPartMessage message, CancellationToken cancellationToken = default) =>
        message == part ? Task.FromResult(result)
            : throw new InvalidOperationException($"only part {part.PartIndex} of run {part.Run} was read locally, not part {message.PartIndex} of run {message.Run}");
}
