using System.Text.Json.Nodes;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

public class GreenerChoicesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static IacParseResult T4Vm(string region) => IacReader.ReadAll(new Dictionary<string, string>
    {
        ["vm.tf"] = $"resource \"azurerm_linux_virtual_machine\" \"t4\" {{\n size = \"Standard_NC4as_T4_v3\"\n location = \"{region}\"\n}}\n",
    });

    private static Task<CostEstimate> EstimateAsync(string region, IPriceCatalog? prices = null) =>
        new CostEstimator(prices ?? SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new PullRequestConfig())
            .EstimateAsync(new IacParseResult(), T4Vm(region));

    private static string Comment(CostEstimate e) => CostCommentRenderer.Render(new CostCommentModel(e, [], [], null, "0123abcd", s_now));

    [Fact]
    public async Task T4_in_westeurope_names_swedencentral_with_its_cost_and_carbon_difference()
    {
        var e = await EstimateAsync("westeurope");
        var vm = Assert.Single(e.Resources);
        // 1 T4 × 730 h × 70 W × PUE 1.185 = 60.5535 kWh; westeurope 328.4 g → 19.8857694 kg; swedencentral 5.67 g → 0.343338 kg;
        // eastus 379.069 g → 22.95389... kg. Prices: westeurope 0.658 × 730 = 480.34, swedencentral 0.558 × 730 = 407.34,
        // eastus 0.526 × 730 = 383.98.
        Assert.Equal(19.886m, vm.HeadEmissions!.KgCO2e);
        var green = vm.Alternatives.Single(a => a.Label == CostAlternative.LowestCarbonRegion);
        Assert.Equal(("swedencentral", 407.34m, 0.343m), (green.Region, green.MonthlyCost, green.Emissions!.KgCO2e));
        var cheapest = vm.Alternatives.Single(a => a.Label == CostAlternative.CheapestRegion);
        Assert.Equal(("eastus", 383.98m, 22.954m), (cheapest.Region, cheapest.MonthlyCost, cheapest.Emissions!.KgCO2e));

        var md = Comment(e);
        Assert.Contains("`t4` (1 × NVIDIA Tesla T4 16GB at 70 W, 730 GPU-h in westeurope at 328.4 gCO2e/kWh): **19.9 kgCO2e/month**", md, StringComparison.Ordinal);
        Assert.Contains("cheapest region eastus: $383.98 (-$96.36), 23.0 kgCO2e (+3.1 kgCO2e)", md, StringComparison.Ordinal);
        Assert.Contains("lowest-carbon region swedencentral: $407.34 (-$73.00), 0.3 kgCO2e (-19.5 kgCO2e)", md, StringComparison.Ordinal);
        Assert.Contains("carbon: grid intensity swedencentral = 5.67 gCO2e/kWh: cloud-carbon-footprint", md, StringComparison.Ordinal);

        var json = JsonNode.Parse(EstimateJson.Write(e))!["resources"]![0]!;
        var carbon = json["carbon"]!;
        Assert.Equal("estimated", (string)carbon["status"]!);
        Assert.Equal(60.554m, (decimal)carbon["energyKWhPerMonth"]!);
        Assert.Equal(19.886m, (decimal)carbon["kgCO2ePerMonth"]!);
        Assert.Equal(3, carbon["factors"]!.AsArray().Count);
        var alt = json["alternatives"]!.AsArray().Single(a => (string)a!["label"]! == "lowest-carbon region")!;
        Assert.Equal(-73.00m, (decimal)alt["costDifference"]!);
        Assert.Equal(0.343m - 19.886m, (decimal)alt["kgCO2eDifference"]!);
    }

    [Fact]
    public async Task Resource_already_in_the_lowest_carbon_region_says_so()
    {
        var e = await EstimateAsync("swedencentral");
        var green = Assert.Single(e.Resources).Alternatives.Single(a => a.Label == CostAlternative.LowestCarbonRegion);
        Assert.Equal("swedencentral", green.Region);
        Assert.Contains("lowest-carbon region: swedencentral (this one)", Comment(e), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_region_gives_unknown_never_zero_kg()
    {
        var prices = new SnapshotPriceCatalog([new PriceQuote("Standard_NC4as_T4_v3", "brazilsouth", VmOs.Linux, PriceOption.OnDemand, 0.9m, "USD",
            new DateOnly(2026, 8, 1), "test price")]);
        var e = await EstimateAsync("brazilsouth", prices);
        var vm = Assert.Single(e.Resources);
        Assert.Null(vm.HeadEmissions!.KgCO2e);
        // No region that prices the size has a sourced grid intensity: no lowest-carbon region is named.
        Assert.DoesNotContain(vm.Alternatives, a => a.Label == CostAlternative.LowestCarbonRegion);

        var md = Comment(e);
        Assert.Contains("**unknown kgCO2e/month** (no sourced grid intensity for region 'brazilsouth')", md, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0 kgCO2e", md, StringComparison.Ordinal);
        var carbon = JsonNode.Parse(EstimateJson.Write(e))!["resources"]![0]!["carbon"]!;
        Assert.Equal("unknown", (string)carbon["status"]!);
        Assert.Null(carbon["kgCO2ePerMonth"]);
        Assert.Equal(60.554m, (decimal)carbon["energyKWhPerMonth"]!);
    }

    [Fact]
    public async Task Demo_estimate_json_matches_golden_file()
    {
        var config = PullRequestConfigReader.Load(Repo.Sample("iac", "guardrails.yaml"));
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(IacReader.ReadDirectory(Repo.Sample("iac", "base")), IacReader.ReadDirectory(Repo.Sample("iac", "head")));
        Repo.AssertGolden(EstimateJson.Write(e), "pull-requests", "demo-estimate.json");
    }
}

public class TrainingPlanCarbonTests
{
    [Fact]
    public async Task Seven_b_run_on_h100_in_westeurope_has_hand_computed_energy_and_carbon()
    {
        var plan = await TrainingPlanner.PlanAsync(7e9m, 2e12m, "Standard_ND96isr_H100_v5", 0.4m, 1, "westeurope", VmOs.Linux,
            SnapshotPriceCatalog.Default, VmSkuCatalog.Default);
        // 58,952.3328 GPU-h × 700 W ÷ 1000 × 1.185 = 48,900.96008 kWh; × 328.4 g ÷ 1000 = 16,059.07529 kg
        Assert.Equal(48900.960m, plan.Emissions!.EnergyKWh);
        Assert.Equal(16059.075m, plan.Emissions.KgCO2e);
    }

    [Fact]
    public async Task Run_in_a_region_without_a_grid_factor_has_energy_but_unknown_carbon()
    {
        var plan = await TrainingPlanner.PlanAsync(7e9m, 2e12m, "Standard_ND96isr_H100_v5", 0.4m, 1, "brazilsouth", VmOs.Linux,
            SnapshotPriceCatalog.Default, VmSkuCatalog.Default);
        Assert.Equal(48900.960m, plan.Emissions!.EnergyKWh);
        Assert.Null(plan.Emissions.KgCO2e);
        Assert.Equal("no sourced grid intensity for region 'brazilsouth'", plan.Emissions.Unknown);
    }
}
