using Azure.Storage.Blobs;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace Guardrails.Cli.Commands.Ingest;

/// <summary>
/// <c>guardrails pipeline run [--store …] [--input files] [--export-name …]</c>: the Function App's path, locally.
/// Uploads the export as Cost Management lays it out (parts + manifest.json) into a blob container, runs the
/// DiscoverExports stage, drains the export-parts queue with N in-process consumers calling the IngestExportPart
/// stage, and prints runs, parts, rows and totals (ledger vs export) and the month by allocation.
/// </summary>
public sealed class PipelineRunCommand : AsyncCommand<PipelineRunCommand.Settings>
{
    public sealed class Settings : ConfigFileSettings
    {
        [CommandOption("--store [CONNECTION]")]
        [Description(LedgerStore.LedgerOptionHelp)]
        public FlagValue<string>? Store { get; init; }

        [CommandOption("-i|--input <FILE>")]
        [Description("Export files (CSV, CSV.gz, Parquet). Default: the bundled FOCUS sample's Azure rows.")]
        public string[] Input { get; init; } = [];

        [CommandOption("--export-name <NAME>")]
        public string ExportName { get; init; } = "guardrails-demo";

        [CommandOption("--container <NAME>")]
        public string Container { get; init; } = "cost-exports";

        [CommandOption("--directory <PATH>")]
        [Description("Export root folder inside the container.")]
        public string Directory { get; init; } = "exports";

        [CommandOption("--parts <N>")]
        [Description("Split each CSV input into N part files (as large exports are), default 2.")]
        [TypeConverter(typeof(CountConverter))]
        public int Parts { get; init; } = 2;

        [CommandOption("--consumers <N>")]
        [Description("Concurrent in-process queue consumers, default 2.")]
        [TypeConverter(typeof(CountConverter))]
        public int Consumers { get; init; } = 2;

        [CommandOption("--by <KEYS>")]
        [Description("Allocation keys for the closing costs table (default team).")]
        public string By { get; init; } = "team";

        [CommandOption("--facts-table <NAME>")]
        public string FactsTable { get; init; } = new ExportPipelineOptions().FactsTable;

        [CommandOption("--runs-table <NAME>")]
        public string RunsTable { get; init; } = new ExportPipelineOptions().RunsTable;

        [CommandOption("--queue <NAME>")]
        [Description("The export-parts queue (its poison queue is <NAME>-poison).")]
        public string Queue { get; init; } = ExportPipelineOptions.PartsQueueName;

        [CommandOption("--resume")]
        [Description("Also re-enqueue unfinished parts of earlier runs right away.")]
        public bool Resume { get; init; }

        [CommandOption("--json")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var inputs = settings.Input.Length > 0 ? settings.Input : [DefaultSample()];
        foreach (var file in inputs.Where(f => !File.Exists(f)))
        {
            await Console.Error.WriteLineAsync($"error: --input: file not found: {file}");
            return 2;
        }
        GuardrailsConfig config;
        try
        {
            config = LoadConfig(settings.Config);
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }

        var log = settings.Json ? Console.Error : Console.Out;
        await using var store = await LedgerStore.OpenAsync(settings.Store?.Value, Console.Error, cancellationToken);
        var outcome = await RunAsync(store.ConnectionString, inputs, CostLedgerIngestor.For(config), settings, log, cancellationToken, Hosting.CliProgress.Terminal());
        if (settings.Json)
        {
            Console.Out.Write(string.Join('\n', outcome.Reports.Select(r => r.ToJson())) + "\n");
        }
        else
        {
            foreach (var report in outcome.Reports) report.Write(AnsiConsole.Console);
            if (store.StartedAzurite)
                await log.WriteLineAsync("Azurite was started in memory for this run and stops now; keep one running (npx azurite) to query later with `guardrails costs`.");
        }
        return outcome.TotalsMatch ? 0 : 1;
    }

    public sealed record Outcome(DiscoverExportsResult Discovery, DrainResult Drain, LedgerRun? Run, IReadOnlyList<CurrencyTotal> ExportTotals,
        IReadOnlyList<CurrencyTotal> LedgerTotals, IReadOnlyList<CostsReport> Reports)
    {
        public bool TotalsMatch => ExportTotals.SequenceEqual(LedgerTotals);
    }

    /// <summary>The whole local path; the `demo` command can call this with its own Azurite. <paramref name="progress"/>: where the
    /// bars of the read (bytes, rows), the upload (parts, rows) and the drain (parts, rows) are drawn (null: none).</summary>
    public static async Task<Outcome> RunAsync(string connectionString, IReadOnlyList<string> inputs, ICostLedgerIngestor ingestor, Settings settings,
        TextWriter log, CancellationToken cancellationToken = default, IAnsiConsole? progress = null)
    {
        // 1. What the export says, computed without storage, one input at a time (streamed): its period, totals and rows.
        var locals = await Hosting.CliProgress.ReadAsync(progress, $"Reading {inputs.Count} export file(s)", inputs.Sum(f => new FileInfo(f).Length),
            p => ReadLocallyAsync(inputs, ingestor, p, cancellationToken));
        if (locals.All(l => l.First > l.Last)) throw new InvalidOperationException("The input has no cost rows to ingest.");
        var firstDay = locals.Min(l => l.First);
        var lastDay = locals.Max(l => l.Last);
        var periodStart = new DateOnly(firstDay.Year, firstDay.Month, 1);

        await using var app = LedgerServices(connectionString, ingestor, settings);
        var clients = app.GetRequiredService<StorageClients>();

        // 2. Upload as Cost Management does: {directory}/{export}/{yyyyMMdd-yyyyMMdd}/{runId}/part_*.csv + manifest.json.
        var runId = Guid.NewGuid().ToString();
        var manifest = await UploadAsync(clients.Blobs.GetBlobContainerClient(settings.Container), inputs, [.. locals.Select(l => l.Rows)], settings, periodStart, lastDay, runId, log,
            progress, cancellationToken);

        // 3. DiscoverExports, then drain export-parts with the IngestExportPart stage, as the Function App does.
        var (discovery, drain) = await DiscoverAndDrainAsync(app, settings, log, progress, cancellationToken);

        // 4. Read back what readers see.
        var ledger = app.GetRequiredService<TableLedgerStore>();
        var exportKey = $"{settings.Container}/{settings.Directory.Trim('/')}/{settings.ExportName}".Replace("//", "/", StringComparison.Ordinal);
        var run = await ledger.GetRunAsync(new ExportRunRef(exportKey, runId), cancellationToken);
        await log.WriteLineAsync($"Run {exportKey}/{runId}: {run?.Status.ToString() ?? "not recorded"}, {run?.RowsRead ?? 0} rows read, {run?.RowsAccepted ?? 0} accepted, {run?.RowsRejected ?? 0} rejected");
        var (reports, ledgerFacts) = await ReadMonthsAsync(ledger, periodStart, lastDay, settings.By, cancellationToken);
        // Fixed costs are declared, not exported: compare the exported costs only.
        var ledgerTotals = TableLedgerStore.SumTotals(ledgerFacts.Where(f => f.Kind != AllocationKind.Fixed)
            .Select(f => new CurrencyTotal(f.Currency, f.BilledCost, f.EffectiveCost)));
        var exportTotals = TableLedgerStore.SumTotals(locals.SelectMany(l => l.Totals));
        foreach (var t in exportTotals)
        {
            var l = ledgerTotals.FirstOrDefault(x => x.Currency == t.Currency);
            // Every digit the export carries (not rounded to cents): equal means equal to the last one.
            static string Exact(decimal? value) => value?.ToString("#,0.##########", CultureInfo.InvariantCulture) ?? "none";
            await log.WriteLineAsync(l == t
                ? $"Totals {t.Currency}: export = ledger to the last digit: BilledCost {Exact(t.BilledCost)}, EffectiveCost {Exact(t.EffectiveCost)}"
                : $"Totals {t.Currency}: export BilledCost {Exact(t.BilledCost)} EffectiveCost {Exact(t.EffectiveCost)}; ledger BilledCost {Exact(l?.BilledCost)} " +
                  $"EffectiveCost {Exact(l?.EffectiveCost)} (DIFFERENT)");
        }
        return new Outcome(discovery, drain, run, exportTotals, ledgerTotals, reports);
    }

    /// <summary>The Function App's ledger registration (AddLedger) over the local store; the command plugs in its ingestor.</summary>
    private static ServiceProvider LedgerServices(string connectionString, ICostLedgerIngestor ingestor, Settings settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton(HostEnvironment.Local);
        services.AddSingleton(ingestor);
        services.AddLedger(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettings.Storage] = connectionString,
            ["Pipeline:ExportContainers"] = settings.Container,
            ["Pipeline:FactsTable"] = settings.FactsTable,
            ["Pipeline:RunsTable"] = settings.RunsTable,
            ["Pipeline:PartsQueue"] = settings.Queue,
            ["Pipeline:ResumeStalledAfter"] = settings.Resume ? "00:00:00" : null,
        }).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>DiscoverExports, then the export-parts queue drained by <see cref="Settings.Consumers"/> consumers of the IngestExportPart stage; both logged.</summary>
    private static async Task<(DiscoverExportsResult Discovery, DrainResult Drain)> DiscoverAndDrainAsync(ServiceProvider app, Settings settings, TextWriter log,
        IAnsiConsole? progress, CancellationToken cancellationToken)
    {
        var clients = app.GetRequiredService<StorageClients>();
        var options = app.GetRequiredService<ExportPipelineOptions>();
        var queue = clients.Queues.GetQueueClient(options.PartsQueue);
        var discovery = await app.GetRequiredService<DiscoverExportsStage>().DiscoverAsync(cancellationToken);
        await log.WriteLineAsync($"DiscoverExports: {discovery.RunsFound} run(s) found, {discovery.RunsRecorded} new, {discovery.PartsEnqueued} part message(s) enqueued, {discovery.PartsResumed} resumed");
        foreach (var problem in discovery.Problems) await log.WriteLineAsync("  problem: " + problem);
        foreach (var skipped in discovery.SkippedNotCost) await log.WriteLineAsync("  skipped: " + skipped);
        var stage = app.GetRequiredService<IngestExportPartStage>();
        var consumer = new ExportPartConsumer(queue, clients.Queues.GetQueueClient(options.PartsQueue + "-poison"), stage, options);
        var drain = await Hosting.CliProgress.PartsAsync(progress, discovery.PartsEnqueued + discovery.PartsResumed,
            p => consumer.DrainAsync(settings.Consumers, cancellationToken, p));
        await log.WriteLineAsync($"IngestExportPart: {drain.Succeeded} part(s) ingested by {settings.Consumers} consumer(s), {drain.FailedAttempts} failed attempt(s), {drain.Poisoned} poisoned");
        foreach (var p in drain.Parts)
            await log.WriteLineAsync($"  part {p.PartIndex}: {p.RowsRead} rows, {p.FactsWritten} fact entities, {p.ResourcesWritten} resource-cost entities{(p.SkippedBecause is null ? "" : $" (skipped: {p.SkippedBecause})")}");
        return (discovery, drain);
    }

    /// <summary>The ledger's facts of every month from <paramref name="periodStart"/> through <paramref name="lastDay"/>, and each month's costs report.</summary>
    private static async Task<(List<CostsReport> Reports, List<DailyCostFact> Facts)> ReadMonthsAsync(TableLedgerStore ledger, DateOnly periodStart,
        DateOnly lastDay, string by, CancellationToken cancellationToken)
    {
        var reports = new List<CostsReport>();
        var ledgerFacts = new List<DailyCostFact>();
        for (var month = periodStart; month <= lastDay; month = month.AddMonths(1))
        {
            var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(month.Year, month.Month), cancellationToken);
            ledgerFacts.AddRange(facts);
            reports.Add(CostsReport.Build(LedgerMonths.Of(month), facts, CostsCommand.By(by)));
        }
        return (reports, ledgerFacts);
    }

    /// <summary>Each input ingested on its own (never all in memory at once): its rows, totals and first and last day (an
    /// input without cost rows has First &gt; Last).</summary>
    private static async Task<List<(long Rows, IReadOnlyList<CurrencyTotal> Totals, DateOnly First, DateOnly Last)>> ReadLocallyAsync(
        IReadOnlyList<string> inputs, ICostLedgerIngestor ingestor, Hosting.IngestProgress? progress, CancellationToken cancellationToken)
    {
        var locals = new List<(long Rows, IReadOnlyList<CurrencyTotal> Totals, DateOnly First, DateOnly Last)>();
        long bytesBefore = 0, rowsBefore = 0;
        foreach (var input in inputs)
        {
            var options = progress?.After(bytesBefore, rowsBefore).On(new IngestOptions()) ?? new IngestOptions();
            var result = await ingestor.IngestAsync([IngestSource.FromFile(input)], options, cancellationToken);
            if (result.Facts.Count > 0) locals.Add((result.RowsRead, result.Totals, result.Facts.Min(f => f.Day), result.Facts.Max(f => f.Day)));
            else locals.Add((result.RowsRead, result.Totals, DateOnly.MaxValue, DateOnly.MinValue));
            bytesBefore += new FileInfo(input).Length;
            rowsBefore += result.RowsRead;
        }
        return locals;
    }

    /// <summary>
    /// Streams the inputs up as one run: a CSV split into part files in a temporary folder (one pass, never the file in
    /// memory, <see cref="CsvPartSplitter"/>), any other file (.csv.gz, Parquet) uploaded as one part from its file with the
    /// rows its local ingest read. Returns the manifest's blob name.
    /// </summary>
    private static async Task<string> UploadAsync(BlobContainerClient container, IReadOnlyList<string> inputs, IReadOnlyList<long> rowsRead,
        Settings settings, DateOnly periodStart, DateOnly lastDay, string runId, TextWriter log, IAnsiConsole? progress, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("guardrails-parts-");
        try
        {
            var parts = new List<ExportPartFile>();
            for (var n = 0; n < inputs.Count; n++)
            {
                var name = Path.GetFileName(inputs[n]);
                if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                    parts.AddRange(CsvPartSplitter.Split(inputs[n], settings.Parts, Path.Combine(work.FullName, n.ToString(CultureInfo.InvariantCulture)))
                        .Select(p => p with { FileName = $"part_{n}_{p.FileName[7..]}" }));
                else
                    parts.Add(new ExportPartFile($"part_{n}_0001{Extension(name)}", inputs[n], rowsRead[n]));
            }
            var manifest = await Hosting.CliProgress.UploadAsync(progress, parts.Count, p => ExportLayoutWriter.UploadRunFilesAsync(container,
                settings.Directory, settings.ExportName, periodStart, lastDay, runId, DateTimeOffset.UtcNow, parts, cancellationToken, p));
            await log.WriteLineAsync($"Uploaded {parts.Count} part(s) and {settings.Container}/{manifest}");
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Extension(string name) =>
        name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase) ? ".csv.gz" : Path.GetExtension(name).ToLowerInvariant();

    public static string DefaultSample() =>
        Path.Combine(AzuriteLauncher.FindRepositoryRoot() ?? ".", "samples", "billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");

    /// <summary>--config, else $GuardrailsConfigPath, else the defaults (<see cref="Hosting.CliConfig"/>); never a file found by location.</summary>
    public static GuardrailsConfig LoadConfig(string? path) => Hosting.CliConfig.LoadOrDefault(path);
}
