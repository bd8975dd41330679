using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>
/// Blob with manifest → DiscoverExports → export-parts queue → IngestExportPart → facts in Table Storage, on
/// Azurite, with the functions called directly. Totals are compared with what the export itself sums to.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineFunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task DiscoverExports_enqueues_one_message_per_blob_and_only_once()
    {
        var h = new PipelineHarness(azurite);
        var run = await h.UploadRunAsync("run-1", 20, SimpleCsvLedgerIngestor.MakeCsv(40, 2026, 11), parts: 3);

        await h.RunDiscoverAsync();
        var messages = await h.PeekAllAsync();

        Assert.Equal([0, 1, 2], messages.Select(m => m.PartIndex).Order().ToArray());
        Assert.All(messages, m =>
        {
            Assert.Equal(run.ExportName, m.Export);
            Assert.Equal("run-1", m.RunId);
            Assert.Equal(3, m.PartCount);
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), m.PeriodStart);
            Assert.EndsWith($"/run-1/part_0_000{m.PartIndex + 1}.csv", m.Blob);
        });
        var header = await h.Ledger.GetRunAsync(run);
        Assert.Equal(LedgerRunStatus.Pending, header!.Status);
        Assert.Equal(3, header.PartCount);

        await h.RunDiscoverAsync();
        Assert.Equal(3, (await h.PeekAllAsync()).Count);
    }

    [Fact]
    public async Task Export_in_blob_ends_as_facts_whose_totals_equal_the_exports()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(300, 2026, 11, seed: 7);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 3);

        await h.RunDiscoverAsync();
        Assert.Equal(3, await h.DeliverAllAsync());

        var expected = await PipelineHarness.ExportTotalsAsync(csv);
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, await h.LedgerTotalsAsync());
        var header = (await h.Ledger.GetRunAsync(run))!;
        Assert.Equal(LedgerRunStatus.Completed, header.Status);
        Assert.Equal(300, header.RowsRead);
        Assert.Equal(expected, header.Totals);
        Assert.All(await h.Ledger.GetPartsAsync(run), p => Assert.Equal(LedgerPartStatus.Completed, p.Status));
    }

    [Fact]
    public async Task The_same_run_delivered_twice_is_not_counted_twice()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(120, 2026, 11, seed: 3);
        await h.UploadRunAsync("run-1", 20, csv, parts: 2);
        await h.RunDiscoverAsync();
        var messages = await h.PeekAllAsync();
        await h.DeliverAllAsync();
        var calls = h.Ingestor.Calls;

        // At-least-once delivery: the same messages again, and the export discovered again.
        foreach (var m in messages) await h.Queue.SendMessageAsync(m.ToJson());
        await h.DeliverAllAsync();
        await h.RunDiscoverAsync();
        Assert.Empty(await h.PeekAllAsync());

        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
        Assert.Equal(calls, h.Ingestor.Calls); // completed parts are not read again
    }

    [Fact]
    public async Task A_newer_month_to_date_run_replaces_the_older_one()
    {
        var h = new PipelineHarness(azurite);
        var day5 = SimpleCsvLedgerIngestor.MakeCsv(50, 2026, 11, seed: 5, days: 5);
        var day10 = SimpleCsvLedgerIngestor.MakeCsv(100, 2026, 11, seed: 10, days: 10);
        var older = await h.UploadRunAsync("run-day5", 5, day5, parts: 2);
        await h.RunDiscoverAsync();
        await h.DeliverAllAsync();
        Assert.Equal(await PipelineHarness.ExportTotalsAsync(day5), await h.LedgerTotalsAsync());

        var newer = await h.UploadRunAsync("run-day10", 10, day10, parts: 2);
        await h.RunDiscoverAsync();
        await h.DeliverAllAsync();

        Assert.Equal(await PipelineHarness.ExportTotalsAsync(day10), await h.LedgerTotalsAsync());
        Assert.Equal(LedgerRunStatus.Superseded, (await h.Ledger.GetRunAsync(older))!.Status);
        Assert.Equal(newer, Assert.Single(await h.Ledger.GetCurrentRunsAsync("2026-11")).Run);

        // An even older run that shows up late is recorded as superseded and never ingested.
        var late = await h.UploadRunAsync("run-day3", 3, SimpleCsvLedgerIngestor.MakeCsv(10, 2026, 11, seed: 3, days: 3), parts: 1);
        await h.RunDiscoverAsync();
        Assert.Empty(await h.PeekAllAsync());
        Assert.Equal(LedgerRunStatus.Superseded, (await h.Ledger.GetRunAsync(late))!.Status);
        Assert.Equal(await PipelineHarness.ExportTotalsAsync(day10), await h.LedgerTotalsAsync());
    }

    [Fact]
    public async Task A_part_that_fails_midway_is_retried_to_the_same_final_state()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(200, 2026, 11, seed: 11);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 1);
        h.Ingestor.BeforeIngest = async (source, call, ct) =>
        {
            if (call != 1) return;
            // The first attempt dies after writing half of its facts, with wrong amounts (a torn write).
            var facts = (await new SimpleCsvLedgerIngestor().IngestAsync([source], new IngestOptions(), ct)).Facts;
            var torn = facts.Take(facts.Count / 2).Select(f => f with { BilledCost = f.BilledCost * 2 + 1 }).ToList();
            await h.Ledger.WriteFactsAsync(run, 0, torn, ct);
            throw new IOException("connection reset while writing facts");
        };

        await h.RunDiscoverAsync();
        Assert.Equal(2, await h.DeliverAllAsync());

        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
        var part = Assert.Single(await h.Ledger.GetPartsAsync(run));
        Assert.Equal(LedgerPartStatus.Completed, part.Status);
        Assert.Equal(2, part.Attempts);
        Assert.Contains("attempt 1: IOException: connection reset", part.LastError);
    }

    [Fact]
    public async Task A_part_that_takes_longer_than_the_lease_is_renewed_and_never_delivered_twice()
    {
        var h = new PipelineHarness(azurite);
        // A 6 s lease renewed every 2 s: 4 s of margin for a renewal on a machine busy with the other test projects (with a
        // 3 s lease the 2 s margin was missed once under a parallel CI run, and the part went to the second consumer).
        h.Options.PartVisibilityTimeout = TimeSpan.FromSeconds(6);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(60, 2026, 11, seed: 5);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 1);
        h.Ingestor.BeforeIngest = (_, _, ct) => Task.Delay(TimeSpan.FromSeconds(15), ct); // two and a half leases

        await h.RunDiscoverAsync();
        var result = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(consumers: 2);

        Assert.Equal((1, 0), (result.Succeeded, result.FailedAttempts));
        Assert.Equal(1, h.Ingestor.Calls); // the idle second consumer never received it
        Assert.Equal(1, Assert.Single(await h.Ledger.GetPartsAsync(run)).Attempts);
    }

    [Fact]
    public async Task After_a_consumer_is_killed_its_part_is_visible_again_within_the_lease_not_minutes()
    {
        var h = new PipelineHarness(azurite);
        h.Options.PartVisibilityTimeout = TimeSpan.FromSeconds(3);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(60, 2026, 11, seed: 6);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 1);
        await h.RunDiscoverAsync();

        // The first consumer dies in the middle of the part (its process is gone: no renewal, no delete, no record).
        using var kill = new CancellationTokenSource();
        h.Ingestor.BeforeIngest = async (_, call, ct) =>
        {
            if (call != 1) return;
            await kill.CancelAsync();
            ct.ThrowIfCancellationRequested();
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(1, kill.Token));

        // pipeline run --resume: the part is taken over as soon as the lease runs out (well before the old 5 minutes).
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(1, limit.Token);

        Assert.Equal(1, result.Succeeded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Equal(LedgerRunStatus.Completed, (await h.Ledger.GetRunAsync(run))!.Status);
        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
    }

    [Fact]
    public async Task A_consumer_whose_message_was_taken_from_it_keeps_its_work_and_does_not_crash()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(60, 2026, 11, seed: 7);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 1);
        await h.RunDiscoverAsync();
        // While the part is ingested, its message is settled by someone else (as when a starved consumer's renewal came
        // too late and another consumer received it): this consumer's pop receipt no longer deletes anything.
        h.Ingestor.BeforeIngest = async (_, _, ct) => await h.Queue.ClearMessagesAsync(ct);

        var result = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(1);

        Assert.Equal((0, 0, 1), (result.Succeeded, result.FailedAttempts, result.LeasesLost));
        Assert.Equal(60, Assert.Single(result.Parts).RowsRead);
        Assert.Equal(LedgerRunStatus.Completed, (await h.Ledger.GetRunAsync(run))!.Status);
        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
    }

    [Fact]
    public async Task A_failed_attempt_whose_message_was_taken_from_it_is_left_to_the_new_holder()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(60, 2026, 11, seed: 8);
        await h.UploadRunAsync("run-1", 20, csv, parts: 1);
        await h.RunDiscoverAsync();
        h.Ingestor.BeforeIngest = async (_, _, ct) =>
        {
            await h.Queue.ClearMessagesAsync(ct);
            throw new IOException("connection reset while reading the blob");
        };

        var result = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(1);

        Assert.Equal((0, 1, 0, 1), (result.Succeeded, result.FailedAttempts, result.Poisoned, result.LeasesLost));
        Assert.Empty(result.Parts);
    }

    [Fact]
    public async Task Two_consumers_work_different_parts_at_the_same_time()
    {
        var h = new PipelineHarness(azurite);
        var csv = SimpleCsvLedgerIngestor.MakeCsv(400, 2026, 11, seed: 21);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 4);
        var started = 0;
        var overlapped = 0;
        var blobs = new System.Collections.Concurrent.ConcurrentBag<string>();
        h.Ingestor.BeforeIngest = async (source, call, ct) =>
        {
            blobs.Add(source.Name);
            var me = Interlocked.Increment(ref started);
            // The first of each pair waits until the second has started: only possible with two consumers.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (me % 2 == 1 && Volatile.Read(ref started) <= me && DateTime.UtcNow < deadline) await Task.Delay(20, ct);
            if (me % 2 == 1 && Volatile.Read(ref started) > me) Interlocked.Increment(ref overlapped);
        };
        await h.RunDiscoverAsync();

        var result = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync(consumers: 2);

        Assert.Equal(4, result.Succeeded);
        Assert.Equal(2, overlapped);
        Assert.Equal(4, blobs.Distinct().Count());
        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
        Assert.Equal(LedgerRunStatus.Completed, (await h.Ledger.GetRunAsync(run))!.Status);
        Assert.Contains(result.Parts, p => p.Completion == RunCompletion.BecameCurrent);
        Assert.Equal(run, Assert.Single(await h.Ledger.GetCurrentRunsAsync("2026-11")).Run);
    }

    [Fact]
    public async Task A_poisoned_message_keeps_its_reason_in_the_runs_table_and_nothing_is_visible()
    {
        var h = new PipelineHarness(azurite, maxDequeueCount: 3);
        var run = await h.UploadRunAsync("run-1", 20, SimpleCsvLedgerIngestor.MakeCsv(20, 2026, 11), parts: 1);
        h.Ingestor.BeforeIngest = (source, call, ct) =>
            throw new FormatException($"{source.Name}: line 3: field 'BilledCost': 'abc' is not a number");

        await h.RunDiscoverAsync();
        Assert.Equal(3, await h.DeliverAllAsync());

        var part = Assert.Single(await h.Ledger.GetPartsAsync(run));
        Assert.Equal(LedgerPartStatus.Poisoned, part.Status);
        Assert.Equal(3, part.Attempts);
        Assert.Contains("attempt 3: FormatException:", part.LastError);
        Assert.Contains("line 3: field 'BilledCost'", part.LastError);
        var header = (await h.Ledger.GetRunAsync(run))!;
        Assert.Equal(LedgerRunStatus.Failed, header.Status);
        Assert.Contains("poisoned after 3 attempts", header.Reason);
        Assert.Empty(await h.Ledger.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));
        // The run is failed: discovery does not loop on it.
        await h.RunDiscoverAsync();
        Assert.Empty(await h.PeekAllAsync());
    }

    [Theory]
    // A reservation-recommendations CSV (no cost columns at all), a price sheet (MeterId makes it look legacy, but
    // the cost and date columns are missing), and an empty blob: the same on every attempt.
    [InlineData("Term,Scope,RecommendedQuantity,NetSavings,CostWithNoReservedInstances,LookBackPeriod\n3Years,Shared,2,120.5,800,Last30Days\n")]
    [InlineData("BasePrice,MeterId,MeterName,UnitOfMeasure,UnitPrice,PriceType\n1.2,0001,D2 v3,1 Hour,1.1,Consumption\n")]
    [InlineData("")]
    public async Task A_part_that_is_not_a_cost_export_is_poisoned_at_once_with_its_reason_not_retried(string content)
    {
        var h = new PipelineHarness(azurite, maxDequeueCount: 5, ingestor: new CostLedgerIngestor(new AllocationConfig()));
        var container = h.Clients.Blobs.GetBlobContainerClient(h.Options.Containers[0]);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("costs/resrec/20261101-20261130/202611200600/run-x/part_0_0001.csv").UploadAsync(BinaryData.FromString(content));
        var run = new ExportRunRef($"{container.Name}/costs/resrec", "run-x");

        await h.RunDiscoverAsync();
        Assert.Equal(1, await h.DeliverAllAsync()); // one delivery, no retries

        var part = Assert.Single(await h.Ledger.GetPartsAsync(run));
        Assert.Equal(LedgerPartStatus.Poisoned, part.Status);
        Assert.Equal(1, part.Attempts);
        Assert.Contains("not retried", part.LastError);
        Assert.Contains("part_0_0001.csv", part.LastError);
        var header = (await h.Ledger.GetRunAsync(run))!;
        Assert.Equal(LedgerRunStatus.Failed, header.Status);
        Assert.Empty(await h.PeekAllAsync());

        // The same through the CLI's consumer: counted as poisoned, not as a success or a failed attempt.
        await h.Queue.SendMessageAsync(new ExportPartMessage
        {
            Export = run.ExportName,
            RunId = "run-y",
            Container = container.Name,
            Blob = "costs/resrec/20261101-20261130/202611200600/run-x/part_0_0001.csv",
            PartIndex = 0,
            PartCount = 1,
            PeriodStart = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
            SubmittedTime = new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero),
        }.ToJson());
        var drained = await new ExportPartConsumer(h.Queue, h.PoisonQueue, h.Ingest, h.Options).DrainAsync();
        Assert.Equal((0, 0, 1), (drained.Succeeded, drained.FailedAttempts, drained.Poisoned));
        Assert.Contains("not retried", Assert.Single(drained.Parts).PoisonedBecause);
    }

    [Fact]
    public async Task A_run_with_one_part_that_is_not_a_cost_export_stays_failed_while_its_other_parts_are_ingested()
    {
        var h = new PipelineHarness(azurite, ingestor: new CostLedgerIngestor(new AllocationConfig()));
        var container = h.Clients.Blobs.GetBlobContainerClient(h.Options.Containers[0]);
        await container.CreateIfNotExistsAsync();
        const string Folder = "costs/mixed/20240901-20240930/202409200600/run-m";
        await container.GetBlobClient($"{Folder}/part_0_0001.csv").UploadAsync(BinaryData.FromString("Term,Scope,NetSavings\n3Years,Shared,1\n"));
        await container.GetBlobClient($"{Folder}/part_0_0002.csv").UploadAsync(
            BinaryData.FromString(File.ReadAllText(TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv"))));
        var run = new ExportRunRef($"{container.Name}/costs/mixed", "run-m");

        await h.RunDiscoverAsync();
        Assert.Equal(2, await h.DeliverAllAsync());

        var parts = (await h.Ledger.GetPartsAsync(run)).OrderBy(p => p.PartIndex).ToList();
        Assert.Equal([LedgerPartStatus.Poisoned, LedgerPartStatus.Completed], parts.Select(p => p.Status).ToArray());
        var header = (await h.Ledger.GetRunAsync(run))!;
        Assert.Equal(LedgerRunStatus.Failed, header.Status);
        Assert.Contains("not a cost export", header.Reason);
        Assert.Empty(await h.Ledger.GetCurrentRunsAsync("2024-09")); // a failed run never becomes current
    }

    [Fact]
    public async Task A_reservation_recommendations_export_in_the_shared_container_is_skipped_by_discovery()
    {
        var h = new PipelineHarness(azurite);
        var cost = await h.UploadRunAsync("run-1", 20, SimpleCsvLedgerIngestor.MakeCsv(20, 2026, 11), parts: 1);
        var container = h.Clients.Blobs.GetBlobContainerClient(h.Options.Containers[0]);
        var manifest = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "manifests", "manifest_2024-04-01_docs-example.json"));
        await container.GetBlobClient("folder/sample/00000000-0000-0000-0000-000000000000/part0.csv").UploadAsync(BinaryData.FromString("Term,Scope\n"));
        await container.GetBlobClient("folder/sample/00000000-0000-0000-0000-000000000000/manifest.json").UploadAsync(BinaryData.FromString(manifest));

        var result = await h.Discover.DiscoverAsync();

        Assert.Equal(1, result.RunsRecorded);
        Assert.Contains("ReservationRecommendations", Assert.Single(result.SkippedNotCost));
        Assert.Empty(result.Problems);
        Assert.All(await h.PeekAllAsync(), m => Assert.Equal(cost.RunId, m.RunId));
        Assert.Null(await h.Ledger.GetRunAsync(new ExportRunRef($"{container.Name}/folder/sample", "bbac73f1-9a05-4de6-84ab-c72b568a03b4")));
        Assert.Equal(1, await h.DeliverAllAsync());
        Assert.Equal(LedgerRunStatus.Completed, (await h.Ledger.GetRunAsync(cost))!.Status);
    }

    [Fact]
    public async Task The_poison_queue_function_records_a_part_whose_worker_died_before_recording()
    {
        var h = new PipelineHarness(azurite, maxDequeueCount: 5);
        var run = await h.UploadRunAsync("run-1", 20, SimpleCsvLedgerIngestor.MakeCsv(20, 2026, 11), parts: 1);
        await h.RunDiscoverAsync();
        var message = Assert.Single(await h.PeekAllAsync());

        await h.IngestFunction.RecordPoisoned(message.ToJson(), PipelineHarness.Context());

        var part = Assert.Single(await h.Ledger.GetPartsAsync(run));
        Assert.Equal(LedgerPartStatus.Poisoned, part.Status);
        Assert.Contains("moved to export-parts-poison after 5 attempts", part.LastError);
    }

    [Fact]
    public async Task A_half_ingested_run_is_resumed_by_the_next_discovery()
    {
        var h = new PipelineHarness(azurite);
        h.Options.ResumeStalledAfter = TimeSpan.Zero;
        var csv = SimpleCsvLedgerIngestor.MakeCsv(90, 2026, 11, seed: 4);
        var run = await h.UploadRunAsync("run-1", 20, csv, parts: 3);
        await h.RunDiscoverAsync();
        // Part 0 is ingested; the messages of parts 1 and 2 are lost (e.g. the queue was cleared).
        var first = (await h.Queue.ReceiveMessagesAsync(3)).Value.OrderBy(m => ExportPartMessage.Parse(m.Body.ToString()).PartIndex).ToList();
        await h.IngestFunction.Run(first[0].Body.ToString(), PipelineHarness.Context());
        foreach (var m in first) await h.Queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        Assert.Equal(LedgerRunStatus.Ingesting, (await h.Ledger.GetRunAsync(run))!.Status);
        Assert.Empty(await h.Ledger.GetFactsAsync(LedgerQuery.ForMonth(2026, 11)));

        await h.RunDiscoverAsync();
        var resumed = (await h.PeekAllAsync()).Select(m => m.PartIndex).Order().ToArray();
        Assert.Equal(new[] { 1, 2 }, resumed);
        await h.DeliverAllAsync();

        Assert.Equal(await PipelineHarness.ExportTotalsAsync(csv), await h.LedgerTotalsAsync());
        Assert.Equal(LedgerRunStatus.Completed, (await h.Ledger.GetRunAsync(run))!.Status);
    }

    [Fact]
    public void DequeueCount_comes_from_the_trigger_metadata()
    {
        Assert.Equal(4, IngestExportPart.DequeueCount(PipelineHarness.Context(4)));
    }
}
