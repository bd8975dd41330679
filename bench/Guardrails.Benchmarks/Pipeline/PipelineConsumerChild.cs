using System.Diagnostics;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;

namespace Guardrails.Benchmarks.Pipeline;

/// <summary>What one consumer process did, printed as JSON on its standard output for the benchmark.</summary>
internal sealed record ConsumerReport(int Succeeded, int FailedAttempts, int Poisoned, long RowsRead, long FactEntities,
    long ResourceEntities, OperationCounts Table, OperationCounts Blob, OperationCounts Queue, double DrainSeconds, int LeasesLost = 0);

/// <summary>
/// `pipeline-consumer`: one consumer process of the `pipeline` benchmark, as one Function instance (or one
/// `guardrails pipeline run` consumer) works: <see cref="ExportPartConsumer"/> drains the export-parts queue with the
/// IngestExportPart stage (<see cref="IngestExportPartStage"/>, <see cref="CostLedgerIngestor"/>,
/// <see cref="TableLedgerStore"/>) until it is empty, counting every storage request it sends.
/// The connection string comes from the environment (GUARDRAILS_BENCH_STORAGE), not the command line.
/// </summary>
internal static class PipelineConsumerChild
{
    public const string StorageVariable = "GUARDRAILS_BENCH_STORAGE";

    public static async Task<int> RunAsync(Args args)
    {
        var connection = Environment.GetEnvironmentVariable(StorageVariable)
            ?? throw new InvalidOperationException($"{StorageVariable} is not set.");
        var options = new ExportPipelineOptions
        {
            ExportContainers = Required(args, "container"),
            PartsQueue = Required(args, "queue"),
            FactsTable = Required(args, "facts"),
            RunsTable = Required(args, "runs"),
        };
        var config = GuardrailsConfigLoader.Load(Required(args, "config"));
        var (table, blob, queue) = (new RequestCounter(), new RequestCounter(), new RequestCounter());
        var tables = new TableServiceClient(connection, With(new TableClientOptions(), table));
        var blobs = new BlobServiceClient(connection, With(new BlobClientOptions(), blob));
        var queues = new QueueServiceClient(connection, With(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, queue));

        var ledger = new TableLedgerStore(tables, new LedgerTableNames(options.FactsTable, options.RunsTable), TimeProvider.System, options.WriteParallelism);
        var stage = new IngestExportPartStage(new BlobExportPartReader(blobs, new CostLedgerIngestor(config.Allocation)), new TableExportRunLedger(ledger), options);
        var clock = Stopwatch.StartNew();
        var drained = await new ExportPartConsumer(queues.GetQueueClient(options.PartsQueue), queues.GetQueueClient(options.PartsQueue + "-poison"),
            stage, options).DrainAsync(1);
        clock.Stop();
        var report = new ConsumerReport(drained.Succeeded, drained.FailedAttempts, drained.Poisoned, drained.Parts.Sum(p => p.RowsRead),
            drained.Parts.Sum(p => p.FactsWritten), drained.Parts.Sum(p => p.ResourcesWritten), table.Counts, blob.Counts, queue.Counts,
            clock.Elapsed.TotalSeconds, drained.LeasesLost);
        Console.WriteLine(JsonSerializer.Serialize(report));
        return drained.Poisoned == 0 ? 0 : 1;
    }

    /// <summary>Adds the counter to a client's pipeline, once per attempt (retries are operations too).</summary>
    internal static T With<T>(T options, RequestCounter counter) where T : ClientOptions
    {
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return options;
    }

    private static string Required(Args args, string name) =>
        args.Get(name) ?? throw new ArgumentException($"--{name} is required");
}
