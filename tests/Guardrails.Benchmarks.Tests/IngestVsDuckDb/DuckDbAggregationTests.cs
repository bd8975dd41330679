using Guardrails.Benchmarks.Generator;
using Guardrails.Benchmarks.IngestVsDuckDb;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Benchmarks.Tests.IngestVsDuckDb;

public sealed class DuckDbAggregationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("guardrails-duck-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task DuckDb_and_the_ledger_agree_to_the_cent_per_day_team_and_currency()
    {
        var export = new FocusExportGenerator(new GeneratorOptions
        {
            Rows = 6000,
            Seed = 42,
            OutputPath = Path.Combine(_dir, "x.csv"),
            Resources = 500,
        }, SkuPriceTable.Load(Repository.Root)).Write();

        var duck = DuckDbAggregation.Run(export.Path, threads: 2);

        // The ledger's own stages with the benchmark's configuration (bench/guardrails.bench.yaml).
        var config = GuardrailsConfigLoader.Load(Path.Combine(Repository.Root, "bench", "guardrails.bench.yaml"));
        var allocator = new CostAllocator(config.Allocation);
        var aggregator = new DailyCostAggregator(allocator, config.Allocation);
        await new CostExportReader().ReadAsync(IngestSource.FromFile(export.Path),
            new CostReadOptions { TagKeys = allocator.TagKeys }, new Sink(allocator, aggregator));
        var facts = aggregator.Complete().Facts;
        var ledger = facts.GroupBy(f => (Day: f.Day.ToString("yyyy-MM-dd"), Team: f.Allocation["team"] ?? "unallocated", f.Currency))
            .ToDictionary(g => g.Key, g => (Billed: g.Sum(f => f.BilledCost), Effective: g.Sum(f => f.EffectiveCost)));
        var duckGroups = duck.Groups.GroupBy(g => (g.Day, g.Team, g.Currency))
            .ToDictionary(g => g.Key, g => (Billed: g.Sum(x => x.BilledCost), Effective: g.Sum(x => x.EffectiveCost)));

        Assert.Equal(6000, duck.Groups.Sum(g => g.Rows));
        Assert.Equal(ledger.Keys.Order(), duckGroups.Keys.Order());
        foreach (var (key, sums) in ledger)
        {
            Assert.Equal(decimal.Round(sums.Billed, 2), decimal.Round(duckGroups[key].Billed, 2));
            Assert.Equal(decimal.Round(sums.Effective, 2), decimal.Round(duckGroups[key].Effective, 2));
        }
        // The escaped team names came through decoded on both sides, and untagged rows are unallocated.
        Assert.Contains(ledger.Keys, k => k.Team == "data \"lake\"");
        Assert.Contains(ledger.Keys, k => k.Team == "søk");
        Assert.Contains(ledger.Keys, k => k.Team == "unallocated");
        foreach (var (currency, (billed, effective)) in export.TotalsByCurrency)
        {
            Assert.Equal(billed, duck.Groups.Where(g => g.Currency == currency).Sum(g => g.BilledCost));
            Assert.Equal(effective, duck.Groups.Where(g => g.Currency == currency).Sum(g => g.EffectiveCost));
        }
    }

    [Fact]
    public void The_plain_query_fails_on_a_bare_NULL_tag_as_written_and_counts_every_row_with_nullstr()
    {
        var export = new FocusExportGenerator(new GeneratorOptions
        {
            Rows = 3000,
            Seed = 7,
            OutputPath = Path.Combine(_dir, "plain.csv"),
            Resources = 300,
        }, SkuPriceTable.Load(Repository.Root)).Write();

        var asWritten = DuckDbAggregation.RunPlain(export.Path, nullStrings: false);
        var withNulls = DuckDbAggregation.RunPlain(export.Path);

        Assert.Contains("Malformed JSON", asWritten.Error, StringComparison.Ordinal);
        Assert.Null(withNulls.Error);
        Assert.Equal(3000, withNulls.Rows);
        // Grouped by day, one team spelling and service: fewer groups than rows, more than the days.
        Assert.InRange(withNulls.Groups, 31, 2999);
    }

    [Fact]
    public void Ingest_json_is_read_as_documented_with_allocation_and_numbers()
    {
        const string json = """
            {"rowsRead": 3, "rowsAccepted": 3, "rowsRejected": 0,
             "totals": [{"currency": "USD", "billedCost": 10.5, "effectiveCost": 9.25}],
             "groups": [
               {"day": "2026-10-01", "allocation": {"team": "vision", "env": "prod"}, "category": "GpuCompute", "currency": "USD", "billedCost": 10.0, "effectiveCost": 9.0},
               {"day": "2026-10-01", "allocation": {"Team": ""}, "category": "Storage", "currency": "USD", "billedCost": 0.5, "effectiveCost": 0.25}],
             "quarantine": null}
            """;

        var output = GuardrailsIngestOutput.Parse(json, "team");

        Assert.Equal(3, output.RowsRead);
        Assert.Equal(new Totals("USD", 10.5m, 9.25m), Assert.Single(output.Totals));
        Assert.Equal(["vision", "unallocated"], output.Groups.Select(g => g.Team));
        Assert.Equal(10.0m, output.ByDayTeamCurrency()[("2026-10-01", "vision", "USD")].Billed);
        Assert.Equal("gpucompute", EngineOutput.NormalizeCategory("gpu-compute"));
    }

    private sealed class Sink(CostAllocator allocator, DailyCostAggregator aggregator) : ICostRecordSink
    {
        public void Accept(CostRecord record) => aggregator.Add(allocator.Allocate(record));
    }
}
