using Azure.Data.Tables;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.Ledger;

/// <summary>
/// Storage-tier rows in the Table ledger (the sample month's storage accounts, ingested): packed per part under their
/// run, summed into the run's summary, read only through the current-run pointer, replaced by a restated month, and a
/// run ingested before these rows existed is named as unknown rather than read as "no storage".
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableLedgerStorageTiersTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LedgerQuery November = LedgerQuery.ForMonth(2026, 11);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));

    private static async Task<IReadOnlyList<StorageTierDailyCost>> SampleMonthStorageAsync()
    {
        var export = Directory.GetFiles(TestData.Sample("month", "export"), "*.csv").Single();
        var result = await CostLedgerIngestor.For(GuardrailsConfigLoader.Load(TestData.Sample("month", "guardrails.yaml"))).IngestAsync([IngestSource.FromFile(export)], new IngestOptions());
        Assert.Contains(result.StorageCosts, s => s.Meter is not null && s.Quantity is not null);
        return result.StorageCosts;
    }

    /// <summary>Two parts: every other row, and the first capacity row split in halves over both parts (summed when read).</summary>
    private static List<List<StorageTierDailyCost>> TwoParts(IReadOnlyList<StorageTierDailyCost> rows)
    {
        var parts = new List<List<StorageTierDailyCost>> { rows.Where((_, i) => i % 2 == 0).ToList(), rows.Where((_, i) => i % 2 == 1).ToList() };
        var split = parts[0].First(r => r.Quantity is not null);
        var half = split with { Quantity = split.Quantity / 2, BilledCost = split.BilledCost / 2, EffectiveCost = split.EffectiveCost / 2, RowCount = 0 };
        parts[0][parts[0].IndexOf(split)] = split with
        {
            Quantity = split.Quantity - half.Quantity,
            BilledCost = split.BilledCost - half.BilledCost,
            EffectiveCost = split.EffectiveCost - half.EffectiveCost,
        };
        parts[1].Add(half);
        return parts;
    }

    private TableLedgerStore NewStore() => NewStores().Store;

    /// <summary>A store, and a factory of other stores over the same tables (their own decoded-run caches).</summary>
    private (TableLedgerStore Store, Func<TableLedgerStore> Another) NewStores()
    {
        var names = new LedgerTableNames(AzuriteFixture.UniqueName("facts"), AzuriteFixture.UniqueName("runs"));
        var service = new TableServiceClient(azurite.ConnectionString);
        return (new TableLedgerStore(service, names, _time), () => new TableLedgerStore(service, names, _time));
    }

    private static async Task WritePartsAsync(TableLedgerStore store, ExportRunRef run, IReadOnlyList<List<StorageTierDailyCost>?> parts, DateTimeOffset submitted)
    {
        await store.EnsureCreatedAsync();
        await store.RecordRunAsync(new LedgerRun { Ref = run, PeriodStart = Nov1, PeriodEnd = Nov1.AddMonths(1), SubmittedTime = submitted, PartCount = parts.Count },
            [.. parts.Select((_, i) => $"part{i}.csv")]);
        for (var i = 0; i < parts.Count; i++)
        {
            var written = await store.WriteFactsAsync(run, i, []);
            if (parts[i] is { } rows) written += await store.WriteStorageTierCostsAsync(run, i, rows); // null: a part written before storage rows existed
            await store.MarkPartCompletedAsync(run, i, new IngestResult(), written);
        }
    }

    [Fact]
    public async Task A_completed_run_answers_the_ingests_storage_rows_to_the_cent_and_a_replayed_part_changes_nothing()
    {
        var rows = await SampleMonthStorageAsync();
        var (store, another) = NewStores();
        var run = new ExportRunRef("c/exp", "run-1");
        var parts = TwoParts(rows);

        await WritePartsAsync(store, run, parts, Nov1.AddDays(16));
        Assert.Empty((await store.GetStorageTierCostsAsync(November)).Rows); // all parts in, no pointer yet: nothing visible
        await store.WriteStorageTierCostsAsync(run, 0, parts[0]); // a redelivered part rewrites the same entities
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run));

        var read = await store.GetStorageTierCostsAsync(November);
        Assert.Empty(read.RunsWithoutStorageRows);
        Assert.Equal(rows, read.Rows);
        Assert.Equal(rows, (await another().GetStorageTierCostsAsync(November)).Rows); // from the tables, not this store's cache
        Assert.All(rows, r => Assert.Equal("Platform", r.Allocation["team"])); // the sample's storage accounts are all Platform's
        LedgerQuery Team(string team) => November with { Allocation = new Dictionary<string, string> { ["team"] = team } };
        Assert.Equal(rows, (await another().GetStorageTierCostsAsync(Team("platform"))).Rows);
        Assert.Empty((await another().GetStorageTierCostsAsync(Team("vision"))).Rows);
    }

    [Fact]
    public async Task A_restated_month_replaces_the_storage_rows_only_once_all_its_parts_are_in()
    {
        var rows = await SampleMonthStorageAsync();
        var store = NewStore();
        var first = new ExportRunRef("c/exp", "run-1");
        await WritePartsAsync(store, first, [[.. rows]], Nov1.AddDays(16));
        await store.TryCompleteRunAsync(first);

        var restated = rows.Select(r => r with { EffectiveCost = r.EffectiveCost + 1m }).ToList();
        var second = new ExportRunRef("c/exp", "run-2");
        await WritePartsAsync(store, second, [restated[..^1], null], Nov1.AddDays(17));
        await store.WriteStorageTierCostsAsync(second, 1, [restated[^1]]);
        Assert.Equal(rows.Sum(r => r.EffectiveCost), (await store.GetStorageTierCostsAsync(November)).Rows.Sum(r => r.EffectiveCost)); // not switched yet

        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(second));
        var read = await store.GetStorageTierCostsAsync(November);
        Assert.Equal(rows.Sum(r => r.EffectiveCost) + rows.Count, read.Rows.Sum(r => r.EffectiveCost));
        Assert.Equal(restated, read.Rows);
    }

    [Fact]
    public async Task A_run_ingested_before_storage_rows_existed_is_named_as_unknown_not_read_as_no_storage()
    {
        var rows = await SampleMonthStorageAsync();
        var store = NewStore();
        var run = new ExportRunRef("c/exp", "old-run");
        await WritePartsAsync(store, run, [[.. rows], null], Nov1.AddDays(16));
        Assert.Equal(RunCompletion.BecameCurrent, await store.TryCompleteRunAsync(run));

        var read = await store.GetStorageTierCostsAsync(November);

        Assert.Empty(read.Rows);
        Assert.Equal("c/exp/old-run (2026-11)", Assert.Single(read.RunsWithoutStorageRows));
    }
}
