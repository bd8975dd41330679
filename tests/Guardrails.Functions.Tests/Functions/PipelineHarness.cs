using System.Text;
using Azure.Storage.Queues;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;
using Guardrails.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>
/// The pipeline wired as the Function App wires it, on Azurite with names unique to one test: the real stages,
/// the real queue, the real tables; the functions are called directly with a substituted FunctionContext.
/// </summary>
internal sealed class PipelineHarness
{
    public PipelineHarness(AzuriteFixture azurite, int maxDequeueCount = 5, Guardrails.Core.Ledger.ICostLedgerIngestor? ingestor = null)
    {
        Clients = new StorageClients(azurite.ConnectionString);
        Options = new ExportPipelineOptions
        {
            ExportContainers = AzuriteFixture.UniqueName("exports"),
            PartsQueue = AzuriteFixture.UniqueName("parts"),
            FactsTable = AzuriteFixture.UniqueName("facts"),
            RunsTable = AzuriteFixture.UniqueName("runs"),
            MaxDequeueCount = maxDequeueCount,
            ManifestlessSettleTime = TimeSpan.Zero,
        };
        Ledger = new TableLedgerStore(Clients.Tables, new LedgerTableNames(Options.FactsTable, Options.RunsTable));
        Queue = Clients.Queues.GetQueueClient(Options.PartsQueue);
        PoisonQueue = Clients.Queues.GetQueueClient(Options.PartsQueue + "-poison");
        Ingestor = new SimpleCsvLedgerIngestor();
        Discover = new DiscoverExportsStage(new BlobExportScanner(Clients.Blobs), new TableExportRunLedger(Ledger), new StorageExportPartQueue(Queue), Options);
        Ingest = new IngestExportPartStage(new BlobExportPartReader(Clients.Blobs, ingestor ?? Ingestor), new TableExportRunLedger(Ledger), Options);
        DiscoverFunction = new DiscoverExports(Discover, NullLogger<DiscoverExports>.Instance);
        IngestFunction = new IngestExportPart(Ingest, new GuardrailsMetrics(), NullLogger<IngestExportPart>.Instance);
    }

    public StorageClients Clients { get; }
    public ExportPipelineOptions Options { get; }
    public TableLedgerStore Ledger { get; }
    public QueueClient Queue { get; }
    public QueueClient PoisonQueue { get; }
    public SimpleCsvLedgerIngestor Ingestor { get; }
    public DiscoverExportsStage Discover { get; }
    public IngestExportPartStage Ingest { get; }
    public DiscoverExports DiscoverFunction { get; }
    public IngestExportPart IngestFunction { get; }

    public static readonly DateOnly Nov1 = new(2026, 11, 1);

    /// <summary>Uploads a month-to-date run as Cost Management lays it out (parts + manifest.json).</summary>
    public Task<ExportRunRef> UploadRunAsync(string runId, int submittedDay, string csv, int parts, string exportName = "focus-daily") =>
        UploadRunAsync(runId, new DateTimeOffset(2026, 11, submittedDay, 6, 0, 0, TimeSpan.Zero), Nov1, Encoding.UTF8.GetBytes(csv), parts, exportName);

    public async Task<ExportRunRef> UploadRunAsync(string runId, DateTimeOffset submitted, DateOnly month, byte[] csv, int parts, string exportName = "focus-daily")
    {
        var container = Clients.Blobs.GetBlobContainerClient(Options.Containers[0]);
        var content = ExportLayoutWriter.SplitCsv(csv, parts);
        await ExportLayoutWriter.UploadRunAsync(container, "costs", exportName, month, month.AddMonths(1).AddDays(-1), runId, submitted, content);
        return new ExportRunRef($"{container.Name}/costs/{exportName}", runId);
    }

    public static FunctionContext Context(long dequeueCount = 1)
    {
        var context = Substitute.For<FunctionContext>();
        var binding = Substitute.For<BindingContext>();
        binding.BindingData.Returns(new Dictionary<string, object?> { ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        context.BindingContext.Returns(binding);
        context.CancellationToken.Returns(CancellationToken.None);
        return context;
    }

    public static TimerInfo Timer() => new()
    {
        IsPastDue = false,
        ScheduleStatus = new ScheduleStatus
        {
            Last = new DateTime(2026, 11, 20, 6, 0, 0, DateTimeKind.Utc),
            Next = new DateTime(2026, 11, 20, 6, 15, 0, DateTimeKind.Utc),
            LastUpdated = new DateTime(2026, 11, 20, 6, 0, 0, DateTimeKind.Utc),
        },
    };

    public Task RunDiscoverAsync() => DiscoverFunction.Run(Timer(), Context());

    /// <summary>
    /// Delivers queued messages to IngestExportPart the way the host does: a failed message comes back with a higher
    /// DequeueCount; after maxDequeueCount it moves to the poison queue, whose function records it.
    /// </summary>
    public async Task<int> DeliverAllAsync()
    {
        await PoisonQueue.CreateIfNotExistsAsync();
        var delivered = 0;
        while (true)
        {
            var message = (await Queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value.FirstOrDefault();
            if (message is null) return delivered;
            delivered++;
            try
            {
                await IngestFunction.Run(message.Body.ToString(), Context(message.DequeueCount));
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
            catch (Exception) when (message.DequeueCount < Options.MaxDequeueCount)
            {
                await Queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            }
            catch (Exception)
            {
                await PoisonQueue.SendMessageAsync(message.Body);
                await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                var poisoned = (await PoisonQueue.ReceiveMessagesAsync(1)).Value.Single();
                await IngestFunction.RecordPoisoned(poisoned.Body.ToString(), Context());
            }
        }
    }

    public async Task<List<ExportPartMessage>> PeekAllAsync()
    {
        var list = new List<ExportPartMessage>();
        foreach (var m in (await Queue.PeekMessagesAsync(32)).Value)
            list.Add(ExportPartMessage.Parse(m.Body.ToString()));
        return list;
    }

    /// <summary>What the export itself says: the totals of the whole CSV, computed without storage.</summary>
    public static async Task<IReadOnlyList<Guardrails.Core.Billing.CurrencyTotal>> ExportTotalsAsync(string csv)
    {
        var result = await new SimpleCsvLedgerIngestor().IngestAsync(
            [new Guardrails.Core.Billing.IngestSource("x.csv", _ => Task.FromResult<Stream>(new MemoryStream(Encoding.UTF8.GetBytes(csv))))],
            new Guardrails.Core.Ledger.IngestOptions());
        return result.Totals;
    }

    public async Task<IReadOnlyList<Guardrails.Core.Billing.CurrencyTotal>> LedgerTotalsAsync() =>
        SimpleCsvLedgerIngestor.Totals(await Ledger.GetFactsAsync(Guardrails.Core.Ledger.LedgerQuery.ForMonth(2026, 11)));
}
