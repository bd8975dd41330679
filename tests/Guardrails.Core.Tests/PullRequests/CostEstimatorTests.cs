using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

public class CostEstimatorTests
{
    private static PullRequestConfig DemoConfig() => PullRequestConfigReader.Load(Repo.Sample("iac", "guardrails.yaml"));

    private static Task<CostEstimate> EstimateSamplesAsync(PullRequestConfig config) =>
        new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(IacReader.ReadDirectory(Repo.Sample("iac", "base")), IacReader.ReadDirectory(Repo.Sample("iac", "head")));

    [Fact]
    public async Task Demo_pull_request_matches_hand_computed_figures()
    {
        var e = await EstimateSamplesAsync(DemoConfig());
        // Snapshot prices (westeurope, Linux, on-demand): NC4as_T4_v3 0.658, NC24ads_A100_v4 4.775, ND96amsr_A100_v4 40.962,
        // NC40ads_H100_v5 9.08, ND96isr_H100_v5 127.816 per hour; 730 h/month. The autoscaled gpu-cluster (min 0) scales
        // with the train-detector job that targets it on both sides: its node-hours are priced on the job, not 730 h on top.
        var t4Base = 0.658m * 1 * 730;                 // 480.34
        var t4Head = 0.658m * 2 * 730;                 // 960.68
        var clusterBase = 0m;                          // was 4.775 × 2 × 730 = 6,971.50 on top of the job
        var clusterHead = 0m;                          // was 40.962 × 3 × 730 = 89,706.78 on top of the job
        var trainBase = 4.775m * 2 * 10 * 4;           // 2 nodes × 10 h × 4 runs/month = 382.00
        var trainHead = 40.962m * 3 * 10 * 4;          // 4,915.44
        var h100Vm = 9.08m * 730;                      // 6,628.40
        // pretrain: 6 × 7e9 × 2e10 FLOPs at 40% of 989.5 TFLOP/s on 2 × 8 GPUs
        var wallHours = 6m * 7e9m * 2e10m / (989.5e12m * 0.4m) / 3600m / 16m;
        var pretrain = decimal.Round(127.816m * 2 * wallHours, 2); // 9,418.81
        var dsvmCpu = 0.048m * 730;                    // Standard_B2s, westeurope: the wide Linux on-demand table (2026-06-18), 35.04

        Assert.Equal(decimal.Round(t4Base + clusterBase + trainBase, 2), e.BaseMonthlyCost);
        Assert.Equal(decimal.Round(t4Head + clusterHead + trainHead + h100Vm + pretrain + dsvmCpu, 2), e.HeadMonthlyCost);
        Assert.Equal(862.34m, e.BaseMonthlyCost);
        Assert.Equal(21958.37m, e.HeadMonthlyCost);
        Assert.Equal(21096.03m, e.DiffMonthlyCost);

        var vm = e.Resources.Single(r => r.Name == "h100_inference");
        Assert.Equal((ResourceChange.Added, "Standard_NC40ads_H100_v5", "westeurope"), (vm.Change, vm.Sku, vm.Head!.Region));
        Assert.Equal(decimal.Round(5.23008m * 730, 2), vm.Alternatives.Single(a => a.Label.StartsWith("spot", StringComparison.Ordinal)).MonthlyCost);
        Assert.Equal(decimal.Round(7.553652m * 730, 2), vm.Alternatives.Single(a => a.Label.StartsWith("1-year", StringComparison.Ordinal)).MonthlyCost);
        Assert.DoesNotContain(vm.Alternatives, a => a.Label.StartsWith("3-year", StringComparison.Ordinal)); // no 3-year price known
        var cheapest = vm.Alternatives.Single(a => a.Label == "cheapest region");
        Assert.Equal(("eastus", decimal.Round(6.98m * 730, 2)), (cheapest.Region, cheapest.MonthlyCost));

        // The DSVM's CPU size (once "not priced": not in the GPU-focused rows) is priced from the wide table, with its own date.
        Assert.Empty(e.Unpriced);
        var b2s = e.Resources.Single(r => r.Sku == "Standard_B2s").Head!.Quote;
        Assert.Equal((0.048m, new DateOnly(2026, 6, 18)), (b2s.HourlyPrice, b2s.AsOf));
    }

    [Fact]
    public async Task Region_override_prices_everything_in_that_region()
    {
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new PullRequestConfig())
            .EstimateAsync(new IacParseResult(), IacReader.ReadDirectory(Repo.Sample("iac", "base")), new EstimateOptions("eastus"));
        Assert.Equal(0m, e.BaseMonthlyCost);
        // T4 pool 0.526 × 730 + job (annotation expected-hours=10; 1 run/month without config) 3.673 × 2 × 10; the cluster
        // (min 0) scales with the job, so it adds nothing on top
        Assert.Equal(decimal.Round(0.526m * 730 + 3.673m * 2 * 10, 2), e.HeadMonthlyCost);
        Assert.All(e.Resources, r => Assert.Equal("eastus", r.Head!.Region));
    }

    [Fact]
    public async Task Fixture_node_pool_defaults_to_730_hours_on_demand_in_the_default_region()
    {
        var files = new Dictionary<string, string>
        {
            ["aks.tf"] = Repo.Fixture("terraform", "terraform-provider-azurerm_acctest-export_TestAccKubernetesClusterNodePool_gpuInstance_step_0.tf"),
        };
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new PullRequestConfig())
            .EstimateAsync(new IacParseResult(), IacReader.ReadAll(files));
        var pool = e.Resources.Single(r => r.Type == "azurerm_kubernetes_cluster_node_pool");
        Assert.Equal(decimal.Round(3.673m * 730, 2), pool.HeadMonthlyCost); // eastus default
        // Standard_D2s_v3 (the cluster's default pool) is not in the detailed rows: the wide Linux on-demand table prices it.
        var cluster = e.Resources.Single(r => r.Sku == "Standard_D2s_v3");
        Assert.Equal(decimal.Round(0.096m * 730, 2), cluster.HeadMonthlyCost);
        Assert.Empty(e.Unpriced);
        Assert.Equal(pool.HeadMonthlyCost + cluster.HeadMonthlyCost, e.HeadMonthlyCost);
    }

    [Fact]
    public async Task Job_compute_name_must_resolve_to_a_definition()
    {
        var files = new Dictionary<string, string>
        {
            ["job.yml"] = Repo.Fixture("azureml-yaml", "azureml-examples_cli_jobs_single-step_pytorch_cifar-distributed_job.yml"),
        };
        var config = new PullRequestConfig();
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config).EstimateAsync(new IacParseResult(), IacReader.ReadAll(files));
        Assert.Contains("does not tell the SKU", Assert.Single(e.Unpriced).Reason, StringComparison.Ordinal);

        config.Computes["gpu-cluster"] = "STANDARD_NC4AS_T4_V3"; // what azureml-examples' bootstrap.sh creates
        config.Jobs["pytorch-cifar-distributed-example"] = new JobUsage { ExpectedHours = 3, RunsPerMonth = 10 };
        e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config).EstimateAsync(new IacParseResult(), IacReader.ReadAll(files));
        var job = Assert.Single(e.Resources);
        Assert.Equal(decimal.Round(0.526m * 2 * 3, 2), job.Head!.PerRunCost);
        Assert.Equal(decimal.Round(0.526m * 2 * 3 * 10, 2), job.HeadMonthlyCost);
    }

    [Fact]
    public async Task Resource_unpriced_on_one_side_is_left_out_of_both_totals()
    {
        var baseSide = IacReader.ReadAll(new Dictionary<string, string> { ["vm.tf"] = "resource \"azurerm_linux_virtual_machine\" \"a\" {\n size = \"Standard_D2s_v5\"\n}\n" });
        var headSide = IacReader.ReadAll(new Dictionary<string, string> { ["vm.tf"] = "resource \"azurerm_linux_virtual_machine\" \"a\" {\n size = var.size\n}\n" });
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new PullRequestConfig()).EstimateAsync(baseSide, headSide);
        Assert.Equal((0m, 0m), (e.BaseMonthlyCost, e.HeadMonthlyCost));
        Assert.Contains("variable `size` is not declared", Assert.Single(e.Unpriced).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autoscale_min_and_usage_overrides()
    {
        var head = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["a.tf"] = "resource \"azurerm_kubernetes_cluster_node_pool\" \"p\" {\n vm_size = \"Standard_D4s_v5\"\n auto_scaling_enabled = true\n min_count = 1\n max_count = 10\n}\nresource \"azurerm_linux_virtual_machine\" \"v\" {\n size = \"Standard_D4s_v5\"\n}\n",
        });
        var config = new PullRequestConfig { AutoscaleNodes = "min" };
        config.Usage["v"] = new ResourceUsage { HoursPerMonth = 100 };
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config).EstimateAsync(new IacParseResult(), head);
        var d4 = (await SnapshotPriceCatalog.Default.GetHourlyPriceAsync("Standard_D4s_v5", "eastus"))!.HourlyPrice;
        Assert.Equal(decimal.Round(d4 * 1 * 730, 2), e.Resources.Single(r => r.Name == "p").HeadMonthlyCost);
        Assert.Equal(decimal.Round(d4 * 100, 2), e.Resources.Single(r => r.Name == "v").HeadMonthlyCost);
    }

    [Fact]
    public async Task Every_resource_is_priced_before_any_alternative_is_looked_up()
    {
        // The deployed catalog asks a live API within a bound per check: the gate's prices must not wait behind
        // "cheapest region" look-ups of the first resource.
        const string Tf = """
            resource "azurerm_linux_virtual_machine" "a" {
              location = "Australia East"
              size     = "Standard_D4s_v5"
            }
            resource "azurerm_linux_virtual_machine" "b" {
              location = "australiaeast"
              size     = "Standard_E8s_v5"
            }
            """;
        var recording = new RecordingCatalog(SnapshotPriceCatalog.Default);
        var e = await new CostEstimator(recording, VmSkuCatalog.Default, new PullRequestConfig())
            .EstimateAsync(new IacParseResult(), IacReader.ReadAll(new Dictionary<string, string> { ["vm.tf"] = Tf }));

        Assert.Equal(2, e.Resources.Count);
        Assert.Equal([("Standard_D4s_v5", "australiaeast"), ("Standard_E8s_v5", "australiaeast")], recording.Calls.Take(2));
        Assert.Contains(recording.Calls.Skip(2), c => c.Region != "australiaeast"); // the alternatives come after
    }

    private sealed class RecordingCatalog(IPriceCatalog inner) : IPriceCatalog
    {
        public List<(string Sku, string Region)> Calls { get; } = [];

        public Task<PriceQuote?> GetHourlyPriceAsync(string armSkuName, string region, PriceOption option = PriceOption.OnDemand,
            VmOs os = VmOs.Linux, CancellationToken cancellationToken = default)
        {
            Calls.Add((armSkuName, region));
            return inner.GetHourlyPriceAsync(armSkuName, region, option, os, cancellationToken);
        }
    }
}

public class TrainingPlannerTests
{
    [Fact]
    public async Task Seven_b_on_two_trillion_tokens_on_h100()
    {
        var plan = await TrainingPlanner.PlanAsync(7e9m, 2e12m, "standard_nd96isr_h100_v5", 0.4m, 1, "westeurope", VmOs.Linux,
            SnapshotPriceCatalog.Default, VmSkuCatalog.Default);
        // 6 × 7e9 × 2e12 = 8.4e22 FLOPs; 989.5e12 × 0.4 FLOP/s per GPU → 58,952.3 GPU-hours; 8 GPUs per VM
        Assert.Equal(8.4e22m, plan.TotalFlops);
        Assert.Equal(58952.3m, decimal.Round(plan.GpuHours, 1));
        Assert.Equal(decimal.Round(plan.GpuHours / 8, 6), decimal.Round(plan.WallHours, 6));
        Assert.Equal(decimal.Round(127.816m * plan.VmHours, 2), plan.Costs.Single(c => c.Option == PriceOption.OnDemand).Total);
        Assert.Equal(decimal.Round(23.620397m * plan.VmHours, 2), plan.Costs.Single(c => c.Option == PriceOption.Spot).Total);
        Assert.Null(plan.Costs.Single(c => c.Option == PriceOption.Reserved1Year).Total); // unknown, not invented
    }

    [Fact]
    public void Refuses_skus_without_sourced_gpu_facts()
    {
        Assert.Throws<TrainingPlanException>(() => TrainingPlanner.Hours(7e9m, 2e12m, 0.4m, "Standard_D2s_v5", 1, VmSkuCatalog.Default));
        Assert.Throws<TrainingPlanException>(() => TrainingPlanner.Hours(7e9m, 2e12m, 0.4m, "Standard_ND6s", 1, VmSkuCatalog.Default)); // P40: no peak
        Assert.Throws<TrainingPlanException>(() => TrainingPlanner.Hours(7e9m, 2e12m, 1.5m, "Standard_ND96isr_H100_v5", 1, VmSkuCatalog.Default));
    }

    [Theory]
    [InlineData("1e20", "1e20")] // 6 × N × D beyond the decimal range
    [InlineData("79228162514264337593543950335", "1")]
    public async Task A_run_too_large_to_compute_is_a_plan_error_not_an_overflow(string parameters, string tokens)
    {
        var e = await Assert.ThrowsAsync<TrainingPlanException>(() => TrainingPlanner.PlanAsync(
            decimal.Parse(parameters, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(tokens, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture),
            "Standard_ND96isr_H100_v5", null, 1, "eastus", VmOs.Linux, SnapshotPriceCatalog.Default, VmSkuCatalog.Default));
        Assert.Contains("too large to compute", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Less_than_one_parameter_or_token_is_not_a_model()
    {
        Assert.Contains("at least 1", Assert.Throws<TrainingPlanException>(() => TrainingPlanner.Hours(1e-20m, 2e12m, 0.4m, "Standard_ND96isr_H100_v5", 1, VmSkuCatalog.Default)).Message, StringComparison.Ordinal);
        Assert.Contains("at least 1", Assert.Throws<TrainingPlanException>(() => TrainingPlanner.Hours(7e9m, 0.5m, 0.4m, "Standard_ND96isr_H100_v5", 1, VmSkuCatalog.Default)).Message, StringComparison.Ordinal);
    }
}
