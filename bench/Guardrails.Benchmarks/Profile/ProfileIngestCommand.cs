using System.Diagnostics;
using System.Globalization;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using nietras.SeparatedValues;

namespace Guardrails.Benchmarks.Profile;

/// <summary>
/// `profile-ingest`: where the ingest time goes, in one process, with a Stopwatch per pass over the same (warm)
/// file: raw read → read+parse+normalize (CostExportReader, records dropped) → + allocate (CostAllocator) →
/// + aggregate (DailyCostAggregator, the whole ledger stage chain). Each pass is the previous one plus one stage,
/// so the differences are the cost of each stage. Also reports allocated bytes and GC counts per pass.
/// </summary>
internal static class ProfileIngestCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Args args)
    {
        var file = args.Get("file") ?? throw new ArgumentException("--file is required");
        var configPath = args.Get("config", Path.Combine(Repository.Root, "bench", "guardrails.bench.yaml"));
        var config = GuardrailsConfigLoader.Load(configPath);
        var bytes = new FileInfo(file).Length;

        var results = new List<(string Stage, TimeSpan Time, TimeSpan Cpu, long Allocated, int Gc0, int Gc1, int Gc2, long Rows)>();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        async Task Pass(string stage, Func<Task<long>> run)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var rows = await run();
            clock.Stop();
            self.Refresh();
            results.Add((stage, clock.Elapsed, self.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated,
                GC.CollectionCount(0) - g0, GC.CollectionCount(1) - g1, GC.CollectionCount(2) - g2, rows));
            Console.WriteLine(string.Create(Inv, $"  {stage,-34} {clock.Elapsed.TotalSeconds,7:F2} s"));
        }

        Console.WriteLine(string.Create(Inv, $"profiling {file} ({bytes / 1e6:F1} MB), config {configPath}"));
        // Warm-up (not measured): the whole chain once over the first 20,000 lines, so the JIT has tiered up.
        var warm = Path.Combine(Path.GetTempPath(), $"guardrails-warmup-{Environment.ProcessId}.csv");
        await File.WriteAllLinesAsync(warm, File.ReadLines(file).Take(20_001));
        await ReadAsync(warm, config, allocate: true, aggregate: true);
        File.Delete(warm);
        await Pass("raw read (1 MiB buffer)", () => Task.FromResult(RawRead(file)));
        await Pass("Sep tokenize only (reader's options)", () => Task.FromResult(SepOnly(file)));
        await Pass("read + parse + normalize", () => ReadAsync(file, config, allocate: false, aggregate: false));
        await Pass("  + allocate", () => ReadAsync(file, config, allocate: true, aggregate: false));
        await Pass("  + aggregate (full ledger chain)", () => ReadAsync(file, config, allocate: true, aggregate: true));

        Console.WriteLine();
        Console.WriteLine("| pass | wall s | CPU s | stage cost (CPU s) | rows/s | MB/s | allocated MB | GC gen0/1/2 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var previous = TimeSpan.Zero;
        foreach (var (stage, time, cpu, allocated, gc0, gc1, gc2, rows) in results)
        {
            var raw = stage.StartsWith("raw", StringComparison.Ordinal);
            var stageCost = raw ? cpu : cpu - previous;
            Console.WriteLine(string.Create(Inv,
                $"| {stage.Trim()} | {time.TotalSeconds:F2} | {cpu.TotalSeconds:F2} | {stageCost.TotalSeconds:F2} | {(rows > 0 ? (rows / time.TotalSeconds).ToString("N0", Inv) : "-")} | {bytes / 1e6 / time.TotalSeconds:F0} | {allocated / 1e6:F0} | {gc0}/{gc1}/{gc2} |"));
            previous = raw ? TimeSpan.Zero : cpu;
        }
        return 0;
    }

    private static long RawRead(string file)
    {
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long total = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) total += n;
        return 0;
    }

    /// <summary>The CSV tokenizer alone, with the options CostExportReader uses (unescape on): every row enumerated,
    /// every column's span touched, nothing parsed. The gap to the next pass is the row mapper (decimals, dates, tags,
    /// strings).</summary>
    private static long SepOnly(string file)
    {
        using var reader = Sep.New(',').Reader(o => o with
        {
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
            InitialBufferLength = 1 << 16,
        }).FromFile(file);
        long rows = -1, chars = 0;
        foreach (var row in reader)
        {
            rows++;
            for (var i = 0; i < row.ColCount; i++) chars += row[i].Span.Length;
        }
        return chars > 0 ? rows : 0;
    }

    private static async Task<long> ReadAsync(string file, GuardrailsConfig config, bool allocate, bool aggregate)
    {
        var allocator = new CostAllocator(config.Allocation);
        var aggregator = aggregate ? new DailyCostAggregator(allocator, config.Allocation) : null;
        var sink = new Sink(allocate ? allocator : null, aggregator);
        var summary = await new CostExportReader().ReadAsync(IngestSource.FromFile(file),
            new CostReadOptions { TagKeys = allocator.TagKeys }, sink);
        if (aggregator is not null)
        {
            var result = aggregator.Complete();
            Console.WriteLine(string.Create(Inv, $"    {result.Facts.Count:N0} facts, {result.ResourceCosts.Count:N0} resource-days"));
        }
        return summary.RowsRead;
    }

    private sealed class Sink(CostAllocator? allocator, DailyCostAggregator? aggregator) : ICostRecordSink
    {
        public long Count;

        public bool KeepsRecords => false; // like the ingestor's sink: the reader refills one record per row

        public void Accept(CostRecord record)
        {
            Count++;
            if (allocator is null) return;
            var allocated = allocator.Allocate(record);
            aggregator?.Add(allocated);
        }
    }
}
