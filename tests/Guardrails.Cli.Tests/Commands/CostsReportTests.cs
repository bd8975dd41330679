using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Core.Allocation;
using Guardrails.Core.Billing;
using Guardrails.Core.Ledger;
using Guardrails.Testing;
using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests.Commands;

public sealed class CostsReportTests
{
    private static DailyCostFact Fact(int day, string team, string project, string currency, decimal billed, decimal effective) => new()
    {
        Day = new DateOnly(2026, 11, day),
        Allocation = new AllocationKey([new("team", team), new("project", project)]),
        Category = CostCategory.GpuCompute,
        Currency = currency,
        BilledCost = billed,
        EffectiveCost = effective,
    };

    private static readonly DailyCostFact[] Facts =
    [
        Fact(1, "vision", "detector", "USD", 100.10m, 90.05m),
        Fact(2, "vision", "segmenter", "USD", 50m, 45m),
        Fact(2, "llm", "chat", "USD", 1000.000001m, 800m),
        Fact(3, "llm", "chat", "EUR", 10m, 10m),
        Fact(3, "unallocated", "unallocated", "USD", 0.5m, 0.5m),
    ];

    [Fact]
    public void Json_by_team_matches_the_golden_file()
    {
        var json = CostsReport.Build("2026-11", Facts, ["team"]).ToJson();

        GoldenFile.Verify(json, Path.Combine("testdata", "costs-2026-11-by-team.json"));
    }

    [Fact]
    public void Grouping_by_two_keys_keeps_them_apart_and_totals_are_per_currency()
    {
        var report = CostsReport.Build("2026-11", Facts, ["team", "project"]);

        Assert.Equal(5, report.Rows.Count);
        Assert.Equal(new CurrencyTotal("EUR", 10m, 10m), report.Totals[0]);
        Assert.Equal(new CurrencyTotal("USD", 1150.600001m, 935.55m), report.Totals[1]);
        Assert.Equal(["team", "project"], report.Rows[0].Allocation.Select(p => p.Key).ToArray());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("November")]
    public async Task A_bad_month_is_refused_before_touching_storage(string month)
    {
        var app = new CommandApp();
        app.Configure(c => c.AddCommand<CostsCommand>("costs"));

        Assert.Equal(2, await app.RunAsync(["costs", "--month", month, "--store", "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;TableEndpoint=http://127.0.0.1:1/x;"]));
    }
}
