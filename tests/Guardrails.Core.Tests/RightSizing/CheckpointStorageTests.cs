using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Tests.RightSizing;

/// <summary>
/// Checkpoint storage from a recorded FOCUS export (testdata/rightsizing/checkpoint-storage.focus.csv, 1–20 Nov 2026):
/// trainckpt (name) holds 10,000 GB in Hot growing 500 GB a day; lake (tag " Purpose "=Checkpoints) is in Cool; oddckpt has a
/// tierless "LRS Data Stored" meter and a Hot row in a unit that is not GB-months; freshckpt exists for 6 days; datasets
/// matches neither the tag nor a name pattern.
/// </summary>
public sealed class CheckpointStorageTests
{
    private static async Task<IReadOnlyList<CheckpointStorageFinding>> Analyze(CheckpointStorageConfig? config = null)
    {
        config ??= new CheckpointStorageConfig();
        var analyzer = new CheckpointStorageAnalyzer(config, new StoragePriceTable(config));
        var path = Path.Combine(AppContext.BaseDirectory, "testdata", "rightsizing", "checkpoint-storage.focus.csv");
        var summary = await new CostExportReader().ReadAsync(IngestSource.FromFile(path), new CostReadOptions(), analyzer);
        Assert.Equal(0, summary.RowsRejected);
        return analyzer.Findings();
    }

    private static CheckpointStorageFinding Named(IReadOnlyList<CheckpointStorageFinding> all, string name) => Assert.Single(all, f => f.Name == name);

    [Fact]
    public async Task Hot_checkpoints_older_than_the_age_get_cool_with_the_saving_the_caveats_and_the_price_source()
    {
        var f = Named(await Analyze(), "trainckpt");

        Assert.Equal("recommend", f.Status);
        Assert.Equal(StorageTier.Cool, f.RecommendedTier);
        Assert.Equal("name trainckpt matches *ckpt*", f.MatchedBy);
        Assert.Equal(19_500m, f.HotGb); // 10,000 + 19 × 500 on the 20th
        Assert.Equal(12_500m, f.HotGbOlderThanAge); // held since the 6th (14 days before the 20th)
        Assert.Equal(0.0184m, f.HotPricePerGbMonth);
        Assert.Equal(230.00m, f.HotMonthlyCostOfOldData);
        Assert.Equal(105.00m, f.MonthlySavings); // 12,500 × (0.0184 − 0.01)
        Assert.Equal(StoragePriceTable.BuiltInSource, f.PriceSource);
        var archive = Assert.Single(f.Options, o => o.Tier == StorageTier.Archive);
        Assert.Equal(180, archive.MinimumDays);
        Assert.Equal(250.00m, archive.ReadBackCost); // 12,500 GB × 0.02 retrieval
        Assert.Equal(10.56m, f.OtherCost); // the read operations, 20 × 0.528: not capacity
        Assert.Contains("early deletion", f.Reasons[0], StringComparison.Ordinal);
        Assert.Contains("nothing is moved", f.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tier_the_meter_does_not_name_is_unknown_reported_and_never_counted_as_cheap()
    {
        var f = Named(await Analyze(), "oddckpt");

        Assert.Equal("unknown-tier", f.Status);
        Assert.Null(f.RecommendedTier);
        var unknown = Assert.Single(f.Tiers, t => t.Tier == StorageTier.Unknown);
        Assert.Equal(2_000m, unknown.LatestGb);
        Assert.DoesNotContain(f.Tiers, t => t.Tier is StorageTier.Cool or StorageTier.Cold or StorageTier.Archive);
        Assert.Contains(f.Reasons, r => r.Contains("LRS Data Stored", StringComparison.Ordinal) && r.Contains("never assumed cheap", StringComparison.Ordinal));
        Assert.Contains(f.Reasons, r => r.Contains("checkpoint-storage.focus.csv:", StringComparison.Ordinal) && r.Contains("unknown, not zero", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fewer_days_of_history_than_the_age_give_no_recommendation_with_the_reason()
    {
        var f = Named(await Analyze(), "freshckpt");

        Assert.Equal("too-little-history", f.Status);
        Assert.Null(f.MonthlySavings);
        Assert.Contains(f.Reasons, r => r.Contains("6 day(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_account_tagged_as_checkpoints_in_cool_is_not_flagged_and_unmatched_accounts_are_not_listed()
    {
        var all = await Analyze();

        var lake = Named(all, "lake");
        Assert.Equal("no-hot-data", lake.Status);
        Assert.Equal("tag purpose=Checkpoints", lake.MatchedBy);
        Assert.Equal(5_000m, Assert.Single(lake.Tiers).LatestGb);
        Assert.DoesNotContain(all, f => f.Name == "datasets");
        Assert.Equal("trainckpt", all[0].Name); // largest saving first
    }

    [Fact]
    public async Task Prices_from_the_config_replace_the_table_and_are_named_as_the_source()
    {
        var config = new CheckpointStorageConfig { Prices = new(StringComparer.OrdinalIgnoreCase) { ["cool"] = 0.015m }, MaxHotAge = "7d" };

        var f = Named(await Analyze(config), "trainckpt");

        Assert.Equal(16_000m, f.HotGbOlderThanAge); // held since the 13th
        Assert.Equal(54.40m, f.MonthlySavings); // 16,000 × (0.0184 − 0.015)
        Assert.Equal(StoragePriceTable.ConfigSource, f.PriceSource);
        Assert.Equal(StoragePriceTable.BuiltInSource, Assert.Single(f.Options, o => o.Tier == StorageTier.Cold).PriceSource);
    }

    [Fact]
    public async Task Prices_in_another_currency_than_the_bill_are_never_compared()
    {
        var config = new CheckpointStorageConfig { Prices = new(StringComparer.OrdinalIgnoreCase) { ["cool"] = 0.009m }, PriceCurrency = "EUR" };

        var f = Named(await Analyze(config), "trainckpt");

        Assert.Null(f.RecommendedTier);
        Assert.Empty(f.Options);
        Assert.Contains(f.Reasons, r => r.Contains("prices are in EUR", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Hot LRS Data Stored", StorageTier.Hot)]
    [InlineData("cool ra-grs data stored", StorageTier.Cool)]
    [InlineData("Cold LRS Data Stored", StorageTier.Cold)]
    [InlineData("Archive GRS Data Stored", StorageTier.Archive)]
    [InlineData("Premium LRS Data Stored", StorageTier.Premium)]
    [InlineData("LRS Data Stored", StorageTier.Unknown)]
    [InlineData("", StorageTier.Unknown)]
    [InlineData(null, StorageTier.Unknown)]
    public void The_tier_is_read_from_the_meter_name(string? meter, StorageTier tier) => Assert.Equal(tier, StoragePriceTable.TierOf(meter));

    [Fact]
    public void Bad_checkpoint_settings_are_errors_naming_the_field()
    {
        var yaml = "rightsizing:\n  checkpoints:\n    maxHotAge: 2h\n    targetTier: glacier\n    namePatterns: ['*']\n    prices: { hott: 0.01 }\n";

        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "g.yaml"));

        Assert.Contains(e.Errors, x => x is { Line: 3, Field: "rightsizing.checkpoints.maxHotAge" });
        Assert.Contains(e.Errors, x => x is { Line: 4, Field: "rightsizing.checkpoints.targetTier" });
        Assert.Contains(e.Errors, x => x.Field == "rightsizing.checkpoints.namePatterns[0]");
        Assert.Contains(e.Errors, x => x.Field == "rightsizing.checkpoints.prices.hott");
    }

    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "testdata", "rightsizing", "checkpoint-storage.focus.csv");

    private static string Json(IReadOnlyList<CheckpointStorageFinding> findings) =>
        System.Text.Json.JsonSerializer.Serialize(findings, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    [Fact]
    public async Task The_ledgers_storage_rows_give_the_same_findings_as_the_exports_records()
    {
        // The ledger sums each account's capacity meter per day (and its other costs per day); judged from those rows,
        // every account gets the same figures, statuses and reasons as from the records, the unknown tier and the
        // quantity that is not in GB-months included.
        var config = new CheckpointStorageConfig();
        var ingest = await CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync([IngestSource.FromFile(Fixture)], new IngestOptions());
        var fromLedger = new CheckpointStorageAnalyzer(config, new StoragePriceTable(config));
        foreach (var row in ingest.StorageCosts) fromLedger.Accept(row);

        var fromExport = await Analyze(config);

        Assert.Equal(Json(fromExport), Json(fromLedger.Findings()));
        Assert.Contains(fromExport, f => f.Status == "unknown-tier");
        Assert.Contains(fromExport, f => f.Status == "recommend");
    }

    [Fact]
    public async Task Storage_rows_whose_quantity_cannot_be_read_stay_unknown_and_name_their_source()
    {
        var config = new CheckpointStorageConfig();
        var ingest = await CostLedgerIngestor.For(new GuardrailsConfig()).IngestAsync([IngestSource.FromFile(Fixture)], new IngestOptions());
        var analyzer = new CheckpointStorageAnalyzer(config, new StoragePriceTable(config));
        foreach (var row in ingest.StorageCosts) analyzer.Accept(row);

        var odd = Named(analyzer.Findings(), "oddckpt");

        Assert.Equal("unknown-tier", odd.Status);
        Assert.Null(odd.RecommendedTier);
        Assert.Contains(odd.Reasons, r => r.Contains("capacity row(s) without a GB-month quantity (first: ", StringComparison.Ordinal)
            && r.Contains("checkpoint-storage.focus.csv:", StringComparison.Ordinal));
        Assert.Contains(odd.Reasons, r => r.Contains("whose access tier cannot be read", StringComparison.Ordinal));
    }
}
