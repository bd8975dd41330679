using System.Diagnostics;
using System.Globalization;
using Guardrails.Benchmarks.Generator;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Benchmarks.Consumers;

/// <summary>
/// `consumers` (issue 3): one generated export split into N parts (default 4), uploaded to Azurite the way Cost
/// Management writes it (parts + manifest.json), discovered by <see cref="DiscoverExportsStage"/> and drained from
/// the export-parts queue by <see cref="ExportPartConsumer"/> (the code `guardrails pipeline run` and the
/// IngestExportPart function run) with 1 and then 2 concurrent consumers, each into fresh tables and a fresh queue.
/// The drain time is measured; the facts in Table Storage are checked against the generator's totals.
/// </summary>
internal static class ConsumersBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Args args)
    {
        var rows = args.GetLong("rows", 200_000);
        var seed = args.GetInt("seed", 42);
        var partCount = args.GetInt("parts", 4);
        var consumerCounts = args.GetLongList("consumers", 0) is [0] ? [1L, 2L] : args.GetLongList("consumers", 0);
        var config = GuardrailsConfigLoader.Load(args.Get("config", Path.Combine(Repository.Root, "bench", "guardrails.bench.yaml")));

        var file = Path.Combine(Repository.Root, "bench", "data", $"focus-{IngestVsDuckDb.IngestVsDuckDbBenchmark.FormatCount(rows)}-s{seed}.csv");
        if (!File.Exists(file) || GenerateCommand.ReadTruth(file) is null) GenerateCommand.Run(rows, seed, file, args.GetInt("resources", 4000));
        var truth = GenerateCommand.ReadTruth(file)!;
        // Split in one streaming pass into part files (a 1.2 GB month is never one string in memory).
        var work = Directory.CreateTempSubdirectory("guardrails-consumers-").FullName;
        var parts = CsvPartSplitter.Split(file, partCount, work);

        Console.WriteLine("starting Azurite (in-memory, free loopback ports) …");
        await using var azurite = await AzuriteLauncher.StartAsync(log: Console.Out);
        var clients = new StorageClients(azurite.ConnectionString);
        var containerName = "costexports" + Guid.NewGuid().ToString("N")[..8];
        await ExportLayoutWriter.UploadRunFilesAsync(clients.Blobs.GetBlobContainerClient(containerName), "exports", "focus-daily",
            new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, parts);
        Directory.Delete(work, recursive: true);
        Console.WriteLine(string.Create(Inv,
            $"uploaded {rows:N0} rows ({new FileInfo(file).Length / 1e6:F0} MB) as {parts.Count} parts + manifest.json to {containerName}"));

        var table = new List<string>();
        var times = new Dictionary<long, TimeSpan>();
        var failures = 0;
        foreach (var consumers in consumerCounts)
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var options = new ExportPipelineOptions
            {
                ExportContainers = containerName,
                PartsQueue = "parts" + suffix,
                FactsTable = "facts" + suffix,
                RunsTable = "runs" + suffix,
            };
            var ledger = new TableLedgerStore(clients.Tables, new LedgerTableNames(options.FactsTable, options.RunsTable),
                TimeProvider.System, options.WriteParallelism);
            var partsQueue = clients.Queues.GetQueueClient(options.PartsQueue);
            var poisonQueue = clients.Queues.GetQueueClient(options.PartsQueue + "-poison");
            var discovered = await new DiscoverExportsStage(new BlobExportScanner(clients.Blobs), new TableExportRunLedger(ledger), new StorageExportPartQueue(partsQueue), options).DiscoverAsync();
            var stage = new IngestExportPartStage(new BlobExportPartReader(clients.Blobs, new CostLedgerIngestor(config.Allocation)), new TableExportRunLedger(ledger), options);

            var clock = Stopwatch.StartNew();
            var drained = await new ExportPartConsumer(partsQueue, poisonQueue, stage, options).DrainAsync((int)consumers);
            clock.Stop();
            times[consumers] = clock.Elapsed;

            var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(2026, 10));
            var ok = drained.Succeeded == parts.Count && drained.Poisoned == 0 && discovered.PartsEnqueued == parts.Count;
            foreach (var t in truth)
            {
                var billed = facts.Where(f => f.Currency == t.Currency).Sum(f => f.BilledCost);
                var effective = facts.Where(f => f.Currency == t.Currency).Sum(f => f.EffectiveCost);
                ok &= decimal.Round(billed, 2) == decimal.Round(t.BilledCost, 2) && decimal.Round(effective, 2) == decimal.Round(t.EffectiveCost, 2);
            }
            if (!ok) failures++;
            var rowsRead = drained.Parts.Sum(p => p.RowsRead);
            table.Add(string.Create(Inv,
                $"| {consumers} | {drained.Succeeded}/{parts.Count} | {rowsRead:N0} | {drained.Parts.Sum(p => p.FactsWritten):N0} | {clock.Elapsed.TotalSeconds:F2} | {rowsRead / clock.Elapsed.TotalSeconds:N0} | {(ok ? "OK: table totals = export totals" : "FAIL")} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| consumers | parts done | rows | facts written | drain s | rows/s | check |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var line in table) Console.WriteLine(line);
        if (times.TryGetValue(1, out var one) && times.TryGetValue(2, out var two))
            Console.WriteLine(string.Create(Inv, $"\n2 consumers: {one.TotalSeconds / two.TotalSeconds:F2}× the throughput of 1 (machine: {Environment.ProcessorCount} cores, Azurite on the same cores)"));
        return failures == 0 ? 0 : 1;
    }
}
