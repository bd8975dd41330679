using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.Tests.Billing;

namespace Guardrails.Core.Tests.Ledger;

public sealed class CostLedgerIngestorTests
{
    private static AllocationConfig SampleConfig() =>
        GuardrailsConfigLoader.Load(Path.Combine(BillingTestSupport.RepositoryRoot, "guardrails.yaml")).Allocation;

    private static string Multicloud => BillingTestSupport.Sample("focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv");

    [Fact]
    public async Task Ingests_the_focus_sample_with_allocation_from_the_sample_config()
    {
        var result = await new CostLedgerIngestor(SampleConfig()).IngestAsync([IngestSource.FromFile(Multicloud)], new IngestOptions());

        Assert.Equal((1000L, 1000L, 0L), (result.RowsRead, result.RowsAccepted, result.RowsRejected));
        Assert.Equal(ExportFormat.Focus, result.Format);
        // Independently computed (Python, decimal) from the CSV: Σ BilledCost; team=PeoriaData via tag business_unit;
        // the AnalyticsEngine resource group (shared rule) — see docs/allocation.md.
        var usd = Assert.Single(result.Totals);
        Assert.Equal(("USD", 20.52022672899m), (usd.Currency, usd.BilledCost));
        var input = result.Facts.Where(f => f.Kind != AllocationKind.Fixed).ToList();
        Assert.Equal(20.52022672899m, input.Sum(f => f.BilledCost));
        Assert.Equal(usd.EffectiveCost, input.Sum(f => f.EffectiveCost));
        Assert.Equal(15.95809931820m, input.Where(f => f.Kind == AllocationKind.Direct && f.Allocation["team"] == "PeoriaData").Sum(f => f.BilledCost));
        Assert.Equal(1.58088m, input.Where(f => f.Kind == AllocationKind.Shared).Sum(f => f.BilledCost));
        Assert.Equal(1000L, input.Sum(f => f.RowCount));
        Assert.Contains(input, f => f.Allocation["team"] == "dev-experience"); // untagged rows of devtestlab inherit its default
        Assert.Contains(input, f => f.Allocation["env"] == "dev" && f.Allocation["project"] == "BrightPathMatrix");
        Assert.Contains(result.Facts, f => f.Kind == AllocationKind.Fixed && f.ServiceName == "ml-engineers");
        Assert.NotEmpty(result.ResourceCosts);
        Assert.Contains(input, f => f.Category == CostCategory.Storage);
        Assert.Contains(input, f => f.Category == CostCategory.Network);
    }

    [Theory]
    [InlineData(2, 5_000, "focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv")]
    [InlineData(3, 20_000, "focus", "finops-foundation-sample", "focus_1.0_sample_1000rows_multicloud.csv")]
    [InlineData(2, 3_000, "azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv")]
    public async Task Reading_a_file_in_parallel_parts_gives_exactly_the_sequential_ledger(int workers, long partSize, params string[] sample)
    {
        // Shared splits and fixed costs happen after the workers' aggregates are merged, so every fact, resource-day
        // and total is the sequential one, to the last decimal (records compare every field).
        var source = IngestSource.FromFile(BillingTestSupport.Sample(sample));
        var sequential = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions { Split = false });
        var progress = new LastProgress();
        var parallel = new IngestOptions { Split = true, Workers = workers, PartSize = partSize };
        var split = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source, source], parallel with { BytesRead = progress });
        var twice = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source, source], new IngestOptions { Split = false });

        var once = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], parallel);
        Assert.Equal(sequential.Facts, once.Facts);
        Assert.Equal(sequential.ResourceCosts, once.ResourceCosts);
        // Storage-tier rows too, but for the source's line: a parallel read does not number lines reliably (the file is named
        // alone), so the line is left out of the comparison.
        Assert.NotEmpty(sequential.StorageCosts);
        Assert.Equal(sequential.StorageCosts.Select(WithoutLine), once.StorageCosts.Select(WithoutLine));
        Assert.Equal(sequential.Totals, once.Totals);
        Assert.Equal((sequential.RowsRead, sequential.RowsAccepted, sequential.RowsRejected), (once.RowsRead, once.RowsAccepted, once.RowsRejected));
        Assert.Contains(once.Facts, f => f.Kind is AllocationKind.Shared or AllocationKind.Fixed);

        Assert.Equal(twice.Facts, split.Facts);
        Assert.Equal(twice.ResourceCosts, split.ResourceCosts);
        Assert.Equal(twice.StorageCosts.Select(WithoutLine), split.StorageCosts.Select(WithoutLine));
        Assert.Equal(twice.Totals, split.Totals);
        Assert.Equal(2 * new FileInfo(source.Name).Length, progress.Last);
    }

    private static StorageTierDailyCost WithoutLine(StorageTierDailyCost s) =>
        s.Source is { } source && source.LastIndexOf(':') is var colon and > 0 && source[(colon + 1)..].All(char.IsAsciiDigit) ? s with { Source = source[..colon] } : s;

    [Fact]
    public async Task Storage_accounts_keep_their_capacity_per_meter_and_day_and_their_other_costs_apart()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "rightsizing", "checkpoint-storage.focus.csv");
        var records = new List<CostRecord>();
        await new CostExportReader().ReadAsync(IngestSource.FromFile(path), new CostReadOptions(), new CollectingSink(records));

        var result = await CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync([IngestSource.FromFile(path)], new IngestOptions());

        var storage = records.Where(r => r.ResourceId!.Contains("/Microsoft.Storage/storageAccounts/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(storage.Sum(r => r.EffectiveCost), result.StorageCosts.Sum(s => s.EffectiveCost));
        Assert.Equal(storage.Sum(r => r.BilledCost), result.StorageCosts.Sum(s => s.BilledCost));
        Assert.Equal(storage.Count, result.StorageCosts.Sum(s => s.RowCount));
        var hot = Assert.Single(result.StorageCosts, s => s.ResourceName == "trainckpt" && s.Day == new DateOnly(2026, 11, 20) && s.Meter == "Hot LRS Data Stored");
        var row = Assert.Single(storage, r => r.ResourceName == "trainckpt" && r.ChargePeriodStart.Day == 20 && r.SkuName == "Hot LRS Data Stored");
        Assert.Equal((row.ConsumedQuantity, row.ConsumedUnit, row.EffectiveCost), (hot.Quantity, hot.Unit, hot.EffectiveCost));
        Assert.Contains(":", hot.Source, StringComparison.Ordinal);
        Assert.Equal(storage.Where(r => !StorageTierDailyCost.IsDataStored(r.SkuName)).Sum(r => r.EffectiveCost),
            result.StorageCosts.Where(s => s.Meter is null).Sum(s => s.EffectiveCost));
        Assert.DoesNotContain(result.StorageCosts, s => s.Meter is not null && s.Quantity is null && s.RowCount == 0);
    }

    private sealed class CollectingSink(List<CostRecord> records) : ICostRecordSink
    {
        public bool KeepsRecords => true;
        public void Accept(CostRecord record) => records.Add(record);
    }

    [Fact]
    public async Task A_resource_day_is_described_by_its_first_row_in_the_file_whichever_worker_read_it()
    {
        // vm1 appears only in the back part of the file, tagged "early" before "late"; other resources fill the rest.
        // The worker that reads parts from the back meets vm1's "late" rows first and its "early" rows afterwards, so it
        // must let the earlier part take over the resource-day's description (measured: this test fails without that
        // rule). With three or more workers the merge also compares parts; DailyCostAggregatorTests covers that rule.
        var rows = new List<string>();
        string Other(int i) => BillingTestSupport.Row(cost: "2.00", tags: "\"{\"\"team\"\":\"\"other\"\"}\"").Replace("/vm1,", $"/vm{i % 5 + 2},");
        for (var i = 0; i < 3000; i++) rows.Add(Other(i));
        for (var i = 0; i < 2000; i++)
        {
            var team = i < 1000 ? "early" : "late";
            rows.Add(BillingTestSupport.Row(cost: "1.00", tags: $"\"{{\"\"team\"\":\"\"{team}\"\"}}\""));
            rows.Add(Other(i));
        }

        var source = BillingTestSupport.FromText("t.csv", BillingTestSupport.Focus([.. rows]));
        var sequential = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions { Split = false });
        Assert.Equal("early", Assert.Single(sequential.ResourceCosts, r => r.ResourceId.EndsWith("/vm1", StringComparison.Ordinal)).Allocation["team"]);
        for (var run = 0; run < 20; run++)
        {
            var parallel = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source],
                new IngestOptions { Split = true, Workers = 2, PartSize = 4000 + run * 370 });
            Assert.Equal(sequential.ResourceCosts, parallel.ResourceCosts);
            Assert.Equal(sequential.Facts, parallel.Facts);
        }
    }

    [Fact]
    public async Task A_name_first_seen_in_a_second_range_stays_one_key_for_the_next_file()
    {
        // File a's second half brings EUR, which its first half never had; file b (same day) is EUR too. Merged names
        // must be the ones the first range's allocator hands out next, or b's EUR rows would make a second fact with an
        // equal key (and a stored ledger would keep only one of the two).
        var a = BillingTestSupport.Focus([.. Enumerable.Repeat(BillingTestSupport.Row(cost: "1.25", currency: "USD"), 60),
            .. Enumerable.Repeat(BillingTestSupport.Row(cost: "2.50", currency: "EUR"), 60)]);
        var b = BillingTestSupport.Focus([.. Enumerable.Repeat(BillingTestSupport.Row(cost: "4.00", currency: "EUR"), 40)]);
        IReadOnlyList<IngestSource> sources = [BillingTestSupport.FromText("a.csv", a), BillingTestSupport.FromText("b.csv", b)];

        var sequential = await new CostLedgerIngestor(SampleConfig()).IngestAsync(sources, new IngestOptions { Split = false });
        for (var partSize = 1500; partSize < 6000; partSize += 500)
        {
            var split = await new CostLedgerIngestor(SampleConfig()).IngestAsync(sources,
                new IngestOptions { Split = true, Workers = 2, PartSize = partSize });

            Assert.Equal(sequential.Facts, split.Facts);
            var euro = Assert.Single(split.Facts, f => f.Currency == "EUR");
            Assert.Equal(60 * 2.50m + 40 * 4.00m, euro.BilledCost);
        }
    }

    [Fact]
    public async Task Without_resource_costs_the_facts_are_the_same_and_no_resource_days_are_built()
    {
        var source = IngestSource.FromFile(Multicloud);
        var full = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions());
        var factsOnly = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions { IncludeResourceCosts = false, Split = true });

        Assert.NotEmpty(full.ResourceCosts);
        Assert.Empty(factsOnly.ResourceCosts);
        Assert.Equal(full.Facts, factsOnly.Facts);
        Assert.Equal(full.Totals, factsOnly.Totals);
    }

    [Fact]
    public async Task Several_sources_add_up_and_progress_runs_over_all_bytes()
    {
        var ea = BillingTestSupport.Sample("azure-cost-export", "ea-legacy", "finops-toolkit_EA_AmortizedCost_Small.csv");
        var progress = new LastProgress();
        var sources = new[] { IngestSource.FromFile(Multicloud), IngestSource.FromFile(ea) };
        var result = await CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync(sources, new IngestOptions { BytesRead = progress });

        Assert.Equal(1028L, result.RowsRead);
        Assert.Equal(ExportFormat.Auto, result.Format); // mixed formats
        Assert.Equal(new FileInfo(Multicloud).Length + new FileInfo(ea).Length, progress.Last);
        Assert.All(result.Facts, f => Assert.Equal(AllocationKind.Unallocated, f.Kind));
    }

    [Fact]
    public async Task Rejected_rows_are_counted_and_quarantined_not_fatal()
    {
        var text = BillingTestSupport.Focus(BillingTestSupport.Row("2.5"), BillingTestSupport.Row("abc"), BillingTestSupport.Row("-1"));
        var quarantine = new ListQuarantine();
        var config = new AllocationConfig { Keys = [new AllocationKeyConfig { Name = "team" }] };
        var result = await new CostLedgerIngestor(config).IngestAsync([BillingTestSupport.FromText("x.csv", text)], new IngestOptions { Quarantine = quarantine });

        Assert.Equal((3L, 2L, 1L), (result.RowsRead, result.RowsAccepted, result.RowsRejected));
        Assert.Single(quarantine.Rows);
        var fact = Assert.Single(result.Facts);
        Assert.Equal(("team=a", 1.5m), (fact.Allocation.ToString(), fact.BilledCost)); // refund kept: 2.5 + -1
    }

    [Fact]
    public async Task Not_a_cost_export_throws_naming_missing_columns()
    {
        var ex = await Assert.ThrowsAsync<CostExportException>(() =>
            CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync([BillingTestSupport.FromText("people.csv", "name,age\nann,3\n")], new IngestOptions()));
        Assert.Contains("people.csv", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rows_read_are_reported_as_they_go_and_per_file_over_all_sources(bool split)
    {
        // 20,000 rows, one of them bad, then a second file of 300: reports every 8,192 accepted rows, each file's rows read at
        // its end, counted on top of the files before; read sequentially or by two workers in parts.
        var a = BillingTestSupport.Focus([.. Enumerable.Repeat(BillingTestSupport.Row(cost: "1.00"), 19_999), BillingTestSupport.Row(cost: "bad")]);
        var b = BillingTestSupport.Focus([.. Enumerable.Repeat(BillingTestSupport.Row(cost: "2.00"), 300)]);
        var reports = new List<long>();
        var progress = new SyncProgress(v => { lock (reports) reports.Add(v); });

        var result = await new CostLedgerIngestor(SampleConfig()).IngestAsync([BillingTestSupport.FromText("a.csv", a), BillingTestSupport.FromText("b.csv", b)],
            new IngestOptions { RowsRead = progress, Split = split, Workers = 2, PartSize = 200_000 });

        Assert.Equal(20_300L, result.RowsRead);
        Assert.Equal([8_192L, 16_384L, 20_000L, 20_300L], reports.Order()); // the 20,000th row was rejected: not counted until the file's end
        Assert.Equal(20_300L, reports[^1]);
    }

    [Fact]
    public async Task Without_a_rows_progress_the_sink_is_the_allocators_own_and_the_ledger_is_the_same()
    {
        var source = IngestSource.FromFile(Multicloud);
        var plain = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions());
        var counted = await new CostLedgerIngestor(SampleConfig()).IngestAsync([source], new IngestOptions { RowsRead = new SyncProgress(_ => { }) });
        Assert.Equal(plain.Facts, counted.Facts);
        Assert.Equal(plain.ResourceCosts, counted.ResourceCosts);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class LastProgress : IProgress<long>
    {
        public long Last { get; private set; }
        public void Report(long value) => Last = Math.Max(Last, value);
    }
}
