using System.Diagnostics;
using Azure.Data.Tables;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Benchmarks.Pipeline;

/// <summary>
/// `pipeline-summaries`: what the consumer that completes a run does beyond its parts, alone — the run's summaries
/// written again (<see cref="RunSummaries"/>: the same entities, as a retried completion rewrites them) from a run the
/// `pipeline` benchmark left in an Azurite started by hand (`pipeline --connection …`; its facts and runs tables are
/// named facts{suffix} / runs{suffix}). Run it under `/usr/bin/time -f %M` with `DOTNET_GCConserveMemory=7` (as the
/// consumers run) to see the completion's peak apart from the parts'. Prints rows written, table operations, GC figures.
/// The connection string comes from the environment (GUARDRAILS_BENCH_STORAGE).
/// </summary>
internal static class PipelineSummariesChild
{
    public static async Task<int> RunAsync(Args args)
    {
        var connection = Environment.GetEnvironmentVariable(PipelineConsumerChild.StorageVariable)
            ?? throw new InvalidOperationException($"{PipelineConsumerChild.StorageVariable} is not set.");
        var counter = new RequestCounter();
        var tables = new TableServiceClient(connection, PipelineConsumerChild.With(new TableClientOptions(), counter));
        // --suffix: the tables of one `pipeline` run (facts{suffix}, runs{suffix}); without it, the only facts table there is.
        var suffix = args.Get("suffix");
        if (suffix is null)
        {
            var facts = new List<string>();
            await foreach (var t in tables.QueryAsync(t => t.Name.CompareTo("facts") >= 0 && t.Name.CompareTo("factt") < 0)) facts.Add(t.Name);
            suffix = facts is [var only] ? only["facts".Length..] : throw new ArgumentException($"--suffix is required: facts tables {string.Join(", ", facts)}");
        }
        var names = new LedgerTableNames("facts" + suffix, "runs" + suffix);
        Console.WriteLine($"tables {names.Facts} / {names.Runs}");
        var runs = await new TableLedgerStore(tables, names).ListRunsAsync();
        var clock = Stopwatch.StartNew();
        foreach (var run in runs)
        {
            var before = counter.Counts;
            var summaries = new RunSummaries(new PackedLedgerTable(tables.GetTableClient(names.Facts), 8));
            var entities = await summaries.WriteAsync(run.Ref, run.PartCount, CancellationToken.None);
            var gc = GC.GetGCMemoryInfo(GCKind.Any);
            Console.WriteLine(
                $"run {run.Ref.RunId} ({run.PartCount} parts): {entities} summary entities in {clock.Elapsed.TotalSeconds:F1} s, " +
                $"table ops {counter.Counts + new OperationCounts(-before.Reads, -before.Writes, -before.Batches)}; " +
                $"GC: allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB, heap now {gc.HeapSizeBytes / 1048576.0:F0} MiB, " +
                $"committed {gc.TotalCommittedBytes / 1048576.0:F0} MiB, working set now {Environment.WorkingSet / 1048576.0:F0} MiB, " +
                $"gen2 collections {GC.CollectionCount(2)}");
        }
        return runs.Count > 0 ? 0 : 1;
    }
}
