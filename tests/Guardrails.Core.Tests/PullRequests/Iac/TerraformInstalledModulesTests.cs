using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// After <c>terraform init</c>, registry and git modules are on disk under <c>.terraform/modules</c>, listed by
/// <c>modules.json</c>. <c>guardrails estimate</c> in a CI job that ran init reads a registry module call from there, with
/// the values it passes, as Infracost does. Before, the call was "registry module … is not read" (the gate failed) and the
/// installed copy's files were priced again as configurations of their own, with their defaults.
/// </summary>
public sealed class TerraformInstalledModulesTests
{
    private const string Root = """
        module "gpu" {
          source   = "Azure/avm-res-compute-virtualmachine/azurerm"
          version  = "0.19.0"
          count    = 2
          sku_size = "Standard_NC24ads_A100_v4"
        }
        """;

    private const string VmModule = """
        variable "sku_size" {
          default = "Standard_D2s_v5"
        }
        resource "azurerm_linux_virtual_machine" "this" {
          name     = "vm"
          location = "eastus"
          size     = var.sku_size
        }
        module "spot" {
          source = "git::https://github.com/example/spot.git//vm?ref=v1"
          size   = var.sku_size
        }
        """;

    private const string SpotModule = """
        variable "size" {}
        resource "azurerm_linux_virtual_machine" "spot" {
          name     = "spot"
          location = "eastus"
          size     = var.size
          priority = "Spot"
        }
        """;

    private static string Manifest(string prefix = "") => $$"""
        {"Modules":[
          {"Key":"","Source":"","Dir":"."},
          {"Key":"gpu","Source":"registry.terraform.io/Azure/avm-res-compute-virtualmachine/azurerm","Version":"0.19.0","Dir":"{{prefix}}.terraform/modules/gpu"},
          {"Key":"gpu.spot","Source":"git::https://github.com/example/spot.git//vm?ref=v1","Dir":"{{prefix}}.terraform/modules/gpu.spot/vm"}
        ]}
        """;

    private static List<string> Resources(IacParseResult r) =>
        r.Resources.Select(x => $"{x.Name} {x.Sku ?? x.UnresolvedReason} {x.Quantity}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_registry_module_installed_by_terraform_init_is_read_through_its_call_with_the_values_passed()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["main.tf"] = Root,
            [".terraform/modules/modules.json"] = Manifest(),
            [".terraform/modules/gpu/main.tf"] = VmModule,
            [".terraform/modules/gpu.spot/vm/main.tf"] = SpotModule,
            [".terraform/modules/gpu/examples/default/main.tf"] = "resource \"azurerm_linux_virtual_machine\" \"example\" {\n size = \"Standard_NC96ads_A100_v4\"\n}\n",
        });

        Assert.Empty(r.Errors);
        Assert.Equal(["module.gpu.module.spot.spot Standard_NC24ads_A100_v4 2", "module.gpu.this Standard_NC24ads_A100_v4 2"], Resources(r));
    }

    [Fact]
    public void Without_the_manifest_a_registry_module_stays_unknown()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = Root });

        var call = Assert.Single(r.Resources);
        Assert.StartsWith("registry module `gpu`", call.UnresolvedReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Modules\": 3}")]
    [InlineData("{\"Modules\":[{\"Key\":\"gpu\",\"Dir\":\"../../outside\"}]}")]
    public void A_manifest_that_cannot_be_read_or_leaves_the_root_leaves_the_call_unknown(string manifest)
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["main.tf"] = Root,
            [".terraform/modules/modules.json"] = manifest,
            [".terraform/modules/gpu/main.tf"] = VmModule,
        });

        Assert.StartsWith("registry module `gpu`", Assert.Single(r.Resources).UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_in_a_subfolder_reads_its_own_manifest()
    {
        var r = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["envs/prod/main.tf"] = Root,
            ["envs/prod/.terraform/modules/modules.json"] = Manifest(),
            ["envs/prod/.terraform/modules/gpu/main.tf"] = VmModule,
            ["envs/prod/.terraform/modules/gpu.spot/vm/main.tf"] = SpotModule,
        });

        Assert.Equal(["envs/prod/module.gpu.module.spot.spot Standard_NC24ads_A100_v4 2", "envs/prod/module.gpu.this Standard_NC24ads_A100_v4 2"], Resources(r));
    }

    [Fact]
    public void Reading_a_directory_keeps_the_installed_modules_and_leaves_out_git_and_node_modules()
    {
        var dir = Directory.CreateTempSubdirectory("guardrails-init-").FullName;
        try
        {
            void Write(string rel, string text)
            {
                var path = Path.Combine(dir, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }
            Write("main.tf", Root);
            Write(".terraform/modules/modules.json", Manifest());
            Write(".terraform/modules/gpu/main.tf", VmModule);
            Write(".terraform/modules/gpu.spot/vm/main.tf", SpotModule);
            Write(".terraform/modules/gpu/.pre-commit-config.yaml", "repos: []\n");
            Write(".git/hooks/x.json", "{\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\", \"resources\": [{\"type\": \"Microsoft.Compute/virtualMachines\", \"name\": \"x\", \"properties\": {}}]}");
            Write("node_modules/pkg/main.tf", "resource \"azurerm_linux_virtual_machine\" \"x\" {\n size = \"Standard_NC6s_v3\"\n}\n");

            var r = IacReader.ReadDirectory(dir);

            Assert.Empty(r.Errors);
            Assert.Equal(["module.gpu.module.spot.spot Standard_NC24ads_A100_v4 2", "module.gpu.this Standard_NC24ads_A100_v4 2"], Resources(r));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
