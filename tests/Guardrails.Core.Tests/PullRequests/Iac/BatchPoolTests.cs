using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Azure Batch pools are priced, in Terraform (<c>azurerm_batch_pool</c>) and Bicep/ARM
/// (<c>Microsoft.Batch/batchAccounts/pools</c>): a fixed-scale pool's dedicated nodes at the size's price, its low-priority
/// nodes apart at the low-priority price; an autoscale pool is unknown (its formula decides the nodes at run time). Before,
/// every Batch pool was "compute resource type without a cost model" and failed the gate, whatever its size.
/// </summary>
public sealed class BatchPoolTests
{
    private static string Tf(string scale, string agent = "batch.node.ubuntu 22.04") => $$"""
        resource "azurerm_batch_pool" "train" {
          name                = "train"
          resource_group_name = "rg"
          account_name        = "batch"
          vm_size             = "Standard_NC24ads_A100_v4"
          node_agent_sku_id   = "{{agent}}"
          {{scale}}
          storage_image_reference {
            publisher = "microsoft-dsvm"
            offer     = "ubuntu-hpc"
            sku       = "2204"
            version   = "latest"
          }
        }
        """;

    private static List<string> Read(IacParseResult r) =>
        r.Resources.Select(x => $"{x.Name} {x.Sku ?? x.UnresolvedReason} {x.Quantity} {x.Priority} {x.Os}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_fixed_scale_terraform_pool_is_priced_node_by_node_dedicated_and_low_priority_apart()
    {
        var r = TerraformReader.Read("batch.tf", Tf("fixed_scale {\n target_dedicated_nodes = 2\n target_low_priority_nodes = 3\n }"));

        Assert.Empty(r.Errors);
        Assert.Equal(
            ["train (low priority) Standard_NC24ads_A100_v4 3 LowPriority Linux", "train Standard_NC24ads_A100_v4 2 Dedicated Linux"],
            Read(r));
    }

    [Theory]
    [InlineData("fixed_scale {\n resize_timeout = \"PT15M\"\n }", "train Standard_NC24ads_A100_v4 1 Dedicated Linux")] // the provider's default: 1
    [InlineData("fixed_scale {\n target_dedicated_nodes = 0\n }", "train Standard_NC24ads_A100_v4 0 Dedicated Linux")]
    public void A_fixed_scale_pool_s_target_defaults_as_the_provider_s(string scale, string expected) =>
        Assert.Equal([expected], Read(TerraformReader.Read("batch.tf", Tf(scale))));

    [Theory]
    [InlineData("auto_scale {\n evaluation_interval = \"PT15M\"\n formula = \"$TargetDedicatedNodes = 4;\"\n }", "auto_scale: the node count is decided by its autoscale formula")]
    [InlineData("", "fixed_scale: not set (nor auto_scale)")]
    [InlineData("fixed_scale {\n target_dedicated_nodes = var.nodes\n }", "fixed_scale.target_dedicated_nodes: ")]
    [InlineData("fixed_scale {\n target_dedicated_nodes = 1.5\n }", "fixed_scale.target_dedicated_nodes: not a whole number")]
    public void A_pool_whose_size_cannot_be_read_is_unknown_never_free(string scale, string reason)
    {
        var pool = Assert.Single(TerraformReader.Read("batch.tf", Tf(scale)).Resources);

        Assert.Null(pool.Sku);
        Assert.StartsWith(reason, pool.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_windows_node_agent_prices_the_pool_as_windows() =>
        Assert.Equal(VmOs.Windows, Assert.Single(TerraformReader.Read("batch.tf",
            Tf("fixed_scale {\n target_dedicated_nodes = 1\n }", "batch.node.windows amd64")).Resources).Os);

    private static string Bicep(string scale) => $$"""
        param dedicated int = 4
        resource pool 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {
          name: 'batch/train'
          properties: {
            vmSize: 'Standard_NC24ads_A100_v4'
            deploymentConfiguration: {
              virtualMachineConfiguration: {
                imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest' }
                nodeAgentSkuId: 'batch.node.ubuntu 22.04'
              }
            }
            {{scale}}
          }
        }
        """;

    [Theory]
    [InlineData("scaleSettings: { fixedScale: { targetDedicatedNodes: dedicated, targetLowPriorityNodes: 2 } }",
        "batch/train (low priority) Standard_NC24ads_A100_v4 2 LowPriority Linux|batch/train Standard_NC24ads_A100_v4 4 Dedicated Linux")]
    [InlineData("scaleSettings: { fixedScale: { targetLowPriorityNodes: 2 } }", "batch/train (low priority) Standard_NC24ads_A100_v4 2 LowPriority Linux")]
    [InlineData("", "batch/train Standard_NC24ads_A100_v4 0 Dedicated Linux")] // ARM's default: a fixed scale of 0 nodes
    [InlineData("scaleSettings: { autoScale: { formula: '$TargetDedicatedNodes = 4;' } }",
        "batch/train scaleSettings.autoScale: the node count is decided by its autoscale formula at run time (compute: unknown, not free) 1 Dedicated Linux")]
    [InlineData("scaleSettings: { fixedScale: { targetDedicatedNodes: nodes } }",
        "batch/train fixedScale.targetDedicatedNodes: `nodes` is not a parameter or variable of this file 1 Dedicated Linux")]
    public void A_bicep_pool_is_priced_from_its_scale_settings(string scale, string expected) =>
        Assert.Equal(expected.Split('|'), Read(BicepReader.Read("batch.bicep", Bicep(scale))));

    [Fact]
    public void The_providers_public_batch_example_prices_its_fixed_pool_and_leaves_the_autoscale_pool_unknown()
    {
        var text = File.ReadAllText(Repo.TestData("pull-requests", "public-iac-corpus", "tf-provider-examples", "batch-basic", "main.tf"));

        var r = TerraformReader.Read("main.tf", text);

        Assert.Equal(["autopool auto_scale: the node count is decided by its autoscale formula at run time (compute: unknown, not free) 1 Dedicated Linux",
            "fixed Standard_A1 2 Dedicated Linux"], Read(r));
    }
}
