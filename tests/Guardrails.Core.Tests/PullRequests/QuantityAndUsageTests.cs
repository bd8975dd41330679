using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Issue 14, defect 6: quantities. AKS pools at node_count, else min_count; an autoscaled Azure ML cluster and the jobs
/// that run on it are not both priced at full size (jobs, else guardrails-usage.yml, else the stated worst case).
/// </summary>
public class QuantityAndUsageTests
{
    private static Task<CostEstimate> HeadAsync(Dictionary<string, string> files, UsageFile? usage = null, PullRequestConfig? config = null) =>
        new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config ?? new PullRequestConfig(), usage)
            .EstimateAsync(new IacParseResult(), IacReader.ReadAll(files));

    private const decimal T4EastUs = 0.526m;
    private const decimal A100EastUs = 3.673m; // Standard_NC24ads_A100_v4

    [Fact]
    public async Task An_aks_pool_with_min_count_and_no_node_count_counts_min_count_nodes()
    {
        var e = await HeadAsync(new()
        {
            ["aks.tf"] = """
                resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
                  vm_size              = "Standard_NC4as_T4_v3"
                  auto_scaling_enabled = true
                  min_count            = 2
                  max_count            = 10
                }
                """,
        });
        var pool = Assert.Single(e.Resources);
        Assert.Equal(2m, pool.Head!.Nodes);
        Assert.Equal(decimal.Round(T4EastUs * 2 * 730, 2), e.HeadMonthlyCost); // not 10 nodes
        Assert.Contains(e.Assumptions, a => a.Contains("autoscales 2–10 nodes: priced at 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bicep_agent_pool_with_autoscale_and_no_count_counts_minCount()
    {
        var e = await HeadAsync(new()
        {
            ["pool.bicep"] = """
                resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {
                  name: 'aks/gpu'
                  properties: {
                    vmSize: 'Standard_NC4as_T4_v3'
                    enableAutoScaling: true
                    minCount: 1
                    maxCount: 4
                  }
                }
                """,
        });
        Assert.Equal(decimal.Round(T4EastUs * 1 * 730, 2), e.HeadMonthlyCost);
    }

    private const string Cluster = """
        $schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json
        name: gpu-cluster
        type: amlcompute
        size: Standard_NC24ads_A100_v4
        min_instances: 0
        max_instances: 3
        """;

    private const string Job = """
        # guardrails: expected-hours=10
        $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
        command: python train.py
        compute: azureml:gpu-cluster
        resources:
          instance_count: 3
        display_name: train
        """;

    [Fact]
    public async Task An_autoscaled_ml_cluster_and_its_jobs_are_not_both_priced_at_full_size()
    {
        var e = await HeadAsync(new() { ["ml/cluster.yml"] = Cluster, ["ml/job.yml"] = Job });
        // The job: 3 nodes × 10 h × 1 run. The cluster scales from 0 with it: no 3 × 730 h on top.
        Assert.Equal(decimal.Round(A100EastUs * 3 * 10, 2), e.HeadMonthlyCost);
        Assert.Equal(0m, e.Resources.Single(r => r.Name == "gpu-cluster").HeadMonthlyCost);
        Assert.Contains(e.Assumptions, a => a.Contains("gpu-cluster: scales with the jobs that target it (train)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_jobs_the_cluster_is_priced_at_the_worst_case_and_says_so()
    {
        var e = await HeadAsync(new() { ["ml/cluster.yml"] = Cluster });
        Assert.Equal(decimal.Round(A100EastUs * 3 * 730, 2), e.HeadMonthlyCost);
        Assert.Contains(e.Assumptions, a => a.Contains("gpu-cluster: worst case, 3 node(s) all month", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_usage_file_states_node_hours_runs_and_hours_per_run()
    {
        var usage = UsageFile.Parse("""
            version: 0.1
            resourceUsage:
              gpu-cluster:
                monthlyNodeHours: 400
              azurerm_kubernetes_cluster_node_pool.gpu:
                nodes: 3
                monthlyHours: 200
              train:
                runsPerMonth: 4
                hoursPerRun: 12
            """, "guardrails-usage.yml");
        var e = await HeadAsync(new()
        {
            ["ml/cluster.yml"] = Cluster,
            ["ml/train.yml"] = Job.Replace("compute: azureml:gpu-cluster", "compute: azureml:elsewhere", StringComparison.Ordinal),
            ["aks.tf"] = "resource \"azurerm_kubernetes_cluster_node_pool\" \"gpu\" {\n  vm_size = \"Standard_NC4as_T4_v3\"\n  node_count = 1\n}\n",
        }, usage, new PullRequestConfig { Computes = { ["elsewhere"] = "Standard_NC24ads_A100_v4" } });

        Assert.Equal(decimal.Round(A100EastUs * 400, 2), e.Resources.Single(r => r.Name == "gpu-cluster").HeadMonthlyCost);
        Assert.Equal(decimal.Round(T4EastUs * 3 * 200, 2), e.Resources.Single(r => r.Name == "gpu").HeadMonthlyCost);
        Assert.Equal(decimal.Round(A100EastUs * 3 * 12 * 4, 2), e.Resources.Single(r => r.Name == "train").HeadMonthlyCost);
    }

    [Fact]
    public void A_bad_usage_file_names_the_file_line_and_field()
    {
        var ex = Assert.Throws<ConfigException>(() => UsageFile.Parse("resourceUsage:\n  gpu:\n    monthlyNodeHours: lots\n    nodez: 2\n", "guardrails-usage.yml"));
        Assert.Contains(ex.Errors, e => e is { File: "guardrails-usage.yml", Line: 3, Field: "resourceUsage.gpu.monthlyNodeHours" });
        Assert.Contains(ex.Errors, e => e is { Line: 4, Field: "resourceUsage.gpu.nodez" });
    }
}
