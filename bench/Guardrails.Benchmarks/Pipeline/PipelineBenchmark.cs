using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Guardrails.Benchmarks.Generator;
using Guardrails.Benchmarks.IngestVsDuckDb;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;

namespace Guardrails.Benchmarks.Pipeline;

/// <summary>
/// `pipeline` (issue 17): a generated month split into parts (streaming, never the file in memory), uploaded to Azurite
/// as Cost Management lays out an export (parts + manifest.json), then for each consumer count, into fresh tables and
/// a fresh queue: <see cref="DiscoverExportsStage"/> in this process, and N consumer processes
/// (`pipeline-consumer`, the path of `guardrails pipeline run --store` and of the IngestExportPart function) draining
/// the export-parts queue. Measured: wall (discovery to the last consumer's exit), rows/s, entities written per input
/// row, storage operations (every HTTP request, counted in each process), peak memory of each consumer process, and
/// the reads on the stored month (<see cref="StoredMonthReads"/>).
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Args args)
    {
        var rows = args.GetLong("rows", 1_000_000);
        var seed = args.GetInt("seed", 42);
        var partCount = args.GetInt("parts", 8);
        var consumerCounts = args.GetLongList("consumers", 0) is [0] ? [1L, 2L] : args.GetLongList("consumers", 0);
        var configPath = Path.GetFullPath(args.Get("config", Path.Combine(Repository.Root, "bench", "guardrails.bench.yaml")));
        var file = args.Get("file") ?? Path.Combine(Repository.Root, "bench", "data", $"focus-{IngestVsDuckDbBenchmark.FormatCount(rows)}-s{seed}.csv");
        if (!File.Exists(file) || GenerateCommand.ReadTruth(file) is null) GenerateCommand.Run(rows, seed, file, args.GetInt("resources", 4000));
        var truth = GenerateCommand.ReadTruth(file)!;

        var work = Directory.CreateTempSubdirectory("guardrails-pipeline-").FullName;
        try
        {
            // --container: a run uploaded before (same file, same parts) into the running Azurite given by --connection.
            if (args.Get("container") is { } uploaded && args.Get("connection") is { } existing)
                return await DrainAndReadAsync(existing, uploaded, configPath, consumerCounts, rows, partCount, truth, TimeSpan.Zero);
            var clock = Stopwatch.StartNew();
            var parts = CsvPartSplitter.Split(file, partCount, work);
            var split = clock.Elapsed;
            Console.WriteLine(string.Create(Inv,
                $"split {file} ({new FileInfo(file).Length / 1e6:F0} MB) into {parts.Count} parts of {string.Join(", ", parts.Select(p => p.DataRowCount.ToString("N0", Inv)))} rows in {clock.Elapsed.TotalSeconds:F1} s (streaming)"));
            rows = parts.Sum(p => p.DataRowCount);

            // --connection: an Azurite (or account) already running; else one started for this run.
            await using var azurite = args.Get("connection") is null ? await StartAzuriteAsync() : null;
            var connection = args.Get("connection") ?? azurite!.ConnectionString;
            var container = "costexports" + Guid.NewGuid().ToString("N")[..8];
            clock.Restart();
            await ExportLayoutWriter.UploadRunFilesAsync(new BlobServiceClient(connection).GetBlobContainerClient(container), "exports",
                "focus-daily", new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, parts);
            Console.WriteLine(string.Create(Inv, $"uploaded {rows:N0} rows as {parts.Count} parts + manifest.json to {container} in {clock.Elapsed.TotalSeconds:F1} s"));
            var prepared = split + clock.Elapsed;
            foreach (var p in parts) File.Delete(p.Path);

            return await DrainAndReadAsync(connection, container, configPath, consumerCounts, rows, parts.Count, truth, prepared);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> DrainAndReadAsync(string connection, string container, string configPath, IReadOnlyList<long> consumerCounts,
        long rows, int partCount, IReadOnlyList<Totals> truth, TimeSpan prepared)
    {
        var results = new List<RunResult>();
        foreach (var consumers in consumerCounts)
            results.Add(await RunOnceAsync(connection, container, configPath, (int)consumers, rows, partCount, truth));
        Print(results, prepared);
        return results.All(r => r.Ok) ? 0 : 1;
    }

    private static async Task<AzuriteLauncher> StartAzuriteAsync()
    {
        Console.WriteLine("starting Azurite (in-memory, free loopback ports) …");
        return await AzuriteLauncher.StartAsync(log: Console.Out);
    }

    internal sealed record RunResult(int Consumers, long Rows, TimeSpan Wall, TimeSpan Discovery, IReadOnlyList<ConsumerReport> Reports,
        IReadOnlyList<ChildResult> Children, OperationCounts DiscoveryTable, IReadOnlyList<ReadTiming> Reads, bool Ok, string Load)
    {
        public long LedgerEntities => Reports.Sum(r => r.FactEntities + r.ResourceEntities);
        public OperationCounts Table => Reports.Select(r => r.Table).Aggregate(DiscoveryTable, (a, b) => a + b);
    }

    private static async Task<RunResult> RunOnceAsync(string connection, string container, string configPath, int consumers, long rows, int partCount,
        IReadOnlyList<Totals> truth)
    {
        var load = IngestVsDuckDbBenchmark.LoadAverage();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var options = new ExportPipelineOptions { ExportContainers = container, PartsQueue = "parts" + suffix, FactsTable = "facts" + suffix, RunsTable = "runs" + suffix };
        var counter = new RequestCounter();
        var tables = new TableServiceClient(connection, PipelineConsumerChild.With(new TableClientOptions(), counter));
        var queues = new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var ledger = new TableLedgerStore(tables, new LedgerTableNames(options.FactsTable, options.RunsTable), TimeProvider.System, options.WriteParallelism);

        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {consumers} consumer(s): discovery …");
        var discovered = await new DiscoverExportsStage(new BlobExportScanner(new BlobServiceClient(connection)), new TableExportRunLedger(ledger),
            new StorageExportPartQueue(queues.GetQueueClient(options.PartsQueue)), options).DiscoverAsync();
        var discovery = clock.Elapsed;
        var discoveryOps = counter.Counts;
        var (self, selfArgs) = IngestVsDuckDbBenchmark.SelfInvocation();
        // The consumer runs with the Function App worker's GC setting (Guardrails.Functions.csproj: System.GC.ConserveMemory 7),
        // so its peak memory is the deployed one.
        var environment = new Dictionary<string, string> { [PipelineConsumerChild.StorageVariable] = connection, ["DOTNET_GCConserveMemory"] = "7" };
        Console.WriteLine(string.Create(Inv, $"{DateTime.UtcNow:HH:mm:ss} discovery: {discovered.PartsEnqueued} part message(s) in {discovery.TotalSeconds:F1} s; starting {consumers} consumer process(es) …"));
        var children = await Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => ChildProcess.RunAsync(self,
            [.. selfArgs, "pipeline-consumer", "--container", container, "--queue", options.PartsQueue, "--facts", options.FactsTable,
             "--runs", options.RunsTable, "--config", configPath], environment)));
        clock.Stop();

        var reports = new List<ConsumerReport>();
        var ok = discovered.PartsEnqueued == partCount;
        foreach (var child in children)
        {
            if (child.ExitCode != 0) Console.WriteLine($"consumer exited {child.ExitCode}: {child.StdErr.Trim()}");
            ok &= child.ExitCode == 0;
            var report = child.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim())
                .Where(l => l.StartsWith('{')).Select(l => JsonSerializer.Deserialize<ConsumerReport>(l)).LastOrDefault();
            if (report is not null) reports.Add(report);
        }
        ok &= reports.Count == consumers && reports.Sum(r => r.Succeeded) == partCount && reports.Sum(r => r.RowsRead) == rows;

        Console.WriteLine(string.Create(Inv,
            $"{DateTime.UtcNow:HH:mm:ss} consumers done in {clock.Elapsed.TotalSeconds:F1} s: {reports.Sum(r => r.Succeeded)} part(s), {reports.Sum(r => r.RowsRead):N0} rows, {reports.Sum(r => r.FactEntities + r.ResourceEntities)} ledger entities, table ops {reports.Select(r => r.Table).Aggregate(discoveryOps, (a, b) => a + b)}, peak MiB {string.Join(" / ", children.Select(c => (c.PeakRssBytes / 1048576.0).ToString("F0", Inv)))}, CPU s {string.Join(" / ", children.Select(c => c.CpuSeconds?.ToString("F1", Inv) ?? "-"))}, leases lost {reports.Sum(r => r.LeasesLost)}; reading the stored month …"));
        var reads = await StoredMonthReads.MeasureAsync(connection, options, new DateOnly(2026, 10, 1));
        var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(2026, 10));
        foreach (var t in truth)
        {
            var billed = facts.Where(f => f.Currency == t.Currency).Sum(f => f.BilledCost);
            var effective = facts.Where(f => f.Currency == t.Currency).Sum(f => f.EffectiveCost);
            var equal = decimal.Round(billed, 2) == decimal.Round(t.BilledCost, 2) && decimal.Round(effective, 2) == decimal.Round(t.EffectiveCost, 2);
            Console.WriteLine(string.Create(Inv, $"{(equal ? "OK  " : "FAIL")} {consumers} consumer(s), {t.Currency}: ledger BilledCost {billed:F2} / EffectiveCost {effective:F2}, export {t.BilledCost:F2} / {t.EffectiveCost:F2}"));
            ok &= equal;
        }
        return new RunResult(consumers, rows, clock.Elapsed, discovery, reports, children, discoveryOps, reads, ok, load);
    }

    private static void Print(IReadOnlyList<RunResult> results, TimeSpan prepared)
    {
        Console.WriteLine();
        // End to end, as `pipeline run` does it: split + upload (once, shared by the consumer counts) + discovery + drain.
        foreach (var r in results)
            Console.WriteLine(string.Create(Inv,
                $"end to end, {r.Consumers} consumer(s): split + upload {prepared.TotalSeconds:F1} s + discovery and drain {r.Wall.TotalSeconds:F1} s = {(prepared + r.Wall).TotalSeconds:F1} s"));
        Console.WriteLine("| consumers | rows | wall s | rows/s | ledger entities | entities / row | table ops (read/write/batch) | table ops / row | blob + queue ops | peak MiB per consumer | check | load before |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var r in results)
        {
            var t = r.Table;
            var other = r.Reports.Sum(x => x.Blob.Total + x.Queue.Total);
            var peaks = string.Join(" / ", r.Children.Select(c => (c.PeakRssBytes / 1048576.0).ToString("F0", Inv)));
            Console.WriteLine(string.Create(Inv,
                $"| {r.Consumers} | {r.Rows:N0} | {r.Wall.TotalSeconds:F1} | {r.Rows / r.Wall.TotalSeconds:N0} | {r.LedgerEntities:N0} | {r.LedgerEntities / (double)r.Rows:F6} | {t.Total:N0} ({t.Reads}/{t.Writes}/{t.Batches}) | {t.Total / (double)r.Rows:F6} | {other:N0} | {peaks} | {(r.Ok ? "OK" : "FAIL")} | {r.Load} |"));
        }
        Console.WriteLine();
        Console.WriteLine("| consumers | read | first s | again s | bench CPU s (first) | result rows | table ops |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
            foreach (var read in r.Reads)
                Console.WriteLine(string.Create(Inv, $"| {r.Consumers} | {read.Name} | {read.First.TotalSeconds:F3} | {read.Again.TotalSeconds:F3} | {read.FirstCpu.TotalSeconds:F3} | {read.Facts:N0} | {read.Operations.Total} |"));
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(Inv,
                $"{r.Consumers} consumer(s): discovery {r.Discovery.TotalSeconds:F2} s; per consumer drain s {string.Join(" / ", r.Reports.Select(x => x.DrainSeconds.ToString("F1", Inv)))}, CPU s {string.Join(" / ", r.Children.Select(c => c.CpuSeconds?.ToString("F1", Inv) ?? "-"))}; peak memory by {r.Children.FirstOrDefault()?.PeakRssMethod}"));
        }
    }
}
