using System.Text.Json.Nodes;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Estimate;

namespace Guardrails.Cli.Tests.Commands;

[Collection(ConsoleCaptureCollection.Name)]
public class PlanCarbonTests
{
    private static Task<CliRun> Plan(params string[] args) =>
        ConsoleCapture.RunAsync(c => c.AddCommand<PlanCommand>("plan"), ["plan", "--params", "7e9", "--tokens", "2e12", "--sku", "Standard_ND96isr_H100_v5", .. args]);

    [Fact]
    public async Task Plan_json_shows_energy_and_kgco2e_of_the_run_with_sources()
    {
        var run = await Plan("--json");
        Assert.Equal(0, run.ExitCode);
        var json = JsonNode.Parse(run.Out)!;
        // 58,952.3328 GPU-h × 700 W ÷ 1000 × PUE 1.185 = 48,900.960 kWh; × 328.4 gCO2e/kWh (westeurope) ÷ 1000 = 16,059.075 kg
        Assert.Equal("estimated", (string)json["carbonStatus"]!);
        Assert.Equal(48900.960m, (decimal)json["energyKWh"]!);
        Assert.Equal(16059.075m, (decimal)json["kgCO2e"]!);
        Assert.Equal(["board power", "PUE", "grid intensity"], json["carbonFactors"]!.AsArray().Select(f => (string)f!["kind"]!));
        Assert.All(json["carbonFactors"]!.AsArray(), f => Assert.False(string.IsNullOrWhiteSpace((string?)f!["source"])));
    }

    [Fact]
    public async Task Plan_in_a_region_without_a_grid_factor_says_unknown_not_zero()
    {
        var json = JsonNode.Parse((await Plan("--region", "brazilsouth", "--json")).Out)!;
        Assert.Equal("unknown", (string)json["carbonStatus"]!);
        Assert.Null(json["kgCO2e"]);
        Assert.Equal("no sourced grid intensity for region 'brazilsouth'", (string)json["carbonReason"]!);
        Assert.Equal(48900.960m, (decimal)json["energyKWh"]!);
    }
}
