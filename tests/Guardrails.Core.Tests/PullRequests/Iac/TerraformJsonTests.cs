using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Terraform's JSON syntax (<c>*.tf.json</c>, what CDK for Terraform synthesizes, with its <c>"//"</c> metadata keys).
/// Before, such a file was not read at all: a PR adding an ND96asr_v4 VM in <c>main.tf.json</c> passed the gate at $0.
/// </summary>
public sealed class TerraformJsonTests
{
    /// <summary>The shape CDK for Terraform writes: "//" metadata, resources keyed by type then name, templates in strings.</summary>
    private const string CdktfStack = """
        {
          "//": { "metadata": { "backend": "local", "stackName": "gpu", "version": "0.20.8" }, "outputs": {} },
          "variable": { "gpu_count": { "type": "number", "default": 2 }, "size": { "default": "Standard_NC24ads_A100_v4" } },
          "locals": { "pool_sizes": ["Standard_NC4as_T4_v3", "Standard_NC6s_v3"] },
          "resource": {
            "azurerm_linux_virtual_machine": {
              "trainer": {
                "//": { "metadata": { "path": "gpu/trainer", "uniqueId": "trainer" } },
                "count": "${var.gpu_count}",
                "name": "trainer-${count.index}",
                "location": "West Europe",
                "size": "${var.size}",
                "os_disk": [{ "caching": "ReadWrite", "storage_account_type": "Premium_LRS" }],
                "tags": { "team": "vision" }
              }
            },
            "azurerm_kubernetes_cluster": {
              "aks": {
                "location": "eastus",
                "default_node_pool": { "name": "gpu", "vm_size": "Standard_NC4as_T4_v3", "node_count": 3 }
              }
            },
            "azurerm_kubernetes_cluster_node_pool": {
              "pools": {
                "for_each": "${toset(local.pool_sizes)}",
                "vm_size": "${each.value}",
                "node_count": 1,
                "kubernetes_cluster_id": "${azurerm_kubernetes_cluster.aks.id}"
              }
            }
          }
        }
        """;

    [Fact]
    public void A_CDK_for_Terraform_stack_is_priced_like_the_HCL_it_stands_for()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["stacks/gpu/cdk.tf.json"] = CdktfStack });

        Assert.Empty(r.Errors);
        var trainer = Assert.Single(r.Resources, x => x.Name == "trainer");
        Assert.Equal(("Standard_NC24ads_A100_v4", 2m, "westeurope", 7), (trainer.Sku, trainer.Quantity, trainer.Region, trainer.Line));
        Assert.Equal("vision", trainer.Tags!["team"]);
        var pool = Assert.Single(r.Resources, x => x.Name == "aks.default_node_pool");
        Assert.Equal(("Standard_NC4as_T4_v3", 3m), (pool.Sku, pool.Quantity));
        Assert.Equal(["Standard_NC4as_T4_v3", "Standard_NC6s_v3"], r.Resources.Where(x => x.Name.StartsWith("pools", StringComparison.Ordinal)).Select(x => x.Sku).Order());
    }

    [Fact]
    public void Variables_in_a_tf_json_file_and_a_terraform_tfvars_json_file_resolve_a_size_in_an_HCL_file_beside_them()
    {
        var files = new Dictionary<string, string>
        {
            ["infra/main.tf"] = "resource \"azurerm_linux_virtual_machine\" \"vm\" {\n  size  = var.size\n  count = var.n\n}\n",
            ["infra/variables.tf.json"] = """{ "variable": { "size": { "default": "Standard_D2s_v3" }, "n": { "default": 1 } } }""",
            ["infra/terraform.tfvars.json"] = """{ "size": "Standard_ND96asr_v4", "n": 4 }""",
        };

        var r = IacReader.ReadAll(files);

        Assert.Empty(r.Errors);
        var vm = Assert.Single(r.Resources);
        Assert.Equal(("Standard_ND96asr_v4", 4m), (vm.Sku, vm.Quantity));
    }

    [Theory]
    [InlineData("{ \"resource\": { \"azurerm_linux_virtual_machine\": { \"vm\": { \"size\": \"Standard_NC6s_v3\", } } }", 1)]
    [InlineData("{\n  \"resource\": {\n    \"azurerm_linux_virtual_machine\": {\n      \"vm\": { \"size\": \"Standard_NC6s_v3\"\n", 5)]
    [InlineData("[\"not\", \"an\", \"object\"]", 1)]
    public void A_tf_json_file_that_is_not_valid_JSON_is_a_file_error_on_its_line(string text, int line)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf.json"] = text });

        var error = Assert.Single(r.Errors);
        Assert.Equal(("main.tf.json", (int?)line), (error.File, error.Line));
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Empty(r.Resources);
    }

    [Fact]
    public void A_tf_json_file_nested_deeper_than_the_limit_is_a_file_error_not_a_crash()
    {
        var text = "{ \"resource\": " + new string('[', 100_000) + " }";

        var error = Assert.Single(IacReader.ReadAll(new Dictionary<string, string> { ["main.tf.json"] = text }).Errors);

        Assert.Equal((int?)1, error.Line);
        Assert.Contains("depth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_that_is_known_only_after_apply_is_unknown_and_so_is_a_module_from_a_registry()
    {
        const string Text = """
            {
              "module": { "aks": { "source": "Azure/aks/azurerm", "version": "9.0.0" } },
              "resource": { "azurerm_linux_virtual_machine": { "vm": { "size": "${data.azurerm_resources.x.resources[0].size}" } } }
            }
            """;

        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf.json"] = Text });

        var vm = Assert.Single(r.Resources, x => x.Name == "vm");
        Assert.Null(vm.Sku);
        Assert.Contains("known only after apply", vm.UnresolvedReason, StringComparison.Ordinal);
        var aks = Assert.Single(r.Resources, x => x.Type == "module Azure/aks/azurerm");
        Assert.Null(aks.Sku);
        Assert.Equal("registry module `aks` (Azure/aks/azurerm) is not read: its resources are not priced", aks.UnresolvedReason);
    }
}
