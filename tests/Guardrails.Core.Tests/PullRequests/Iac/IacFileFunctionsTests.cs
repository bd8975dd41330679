using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Sizes and counts kept in a configuration file of the repository, read with Bicep's <c>loadJsonContent</c> /
/// <c>loadTextContent</c> and Terraform's <c>jsondecode(file(…))</c>, and Terraform's member chains on locals and variables
/// (<c>local.settings.gpu.pools[0].size</c>). Before, every one was unknown ("function … is evaluated at deployment time",
/// "`local.cfg.size` is known only after apply"), so the gate failed on files it could have priced.
/// </summary>
public sealed class IacFileFunctionsTests
{
    private const string Config = """
        {
          // sizes per environment
          "size": "Standard_NC24ads_A100_v4",
          "pools": [ { "name": "t4", "size": "Standard_NC4as_T4_v3", "count": 3 } ],
          "team": { "size name": "Standard_NC4as_T4_v3" },
        }
        """;

    private static IacParseResult Read(string path, string text, string config = Config) =>
        IacReader.ReadAll(new Dictionary<string, string> { [path] = text, ["infra/config/vms.json"] = config, ["infra/config/size.txt"] = "Standard_ND96asr_v4" });

    [Fact]
    public void Bicep_reads_sizes_and_counts_from_a_json_or_text_file_of_the_repository()
    {
        const string Bicep = """
            var cfg = loadJsonContent('config/vms.json')
            var pool = loadJsonContent('./config/vms.json', '$.pools[0]')
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'vm'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: cfg.size } }
            }
            resource ss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
              name: 'ss'
              location: 'eastus'
              sku: { name: pool.size, capacity: pool.count }
            }
            resource quoted 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'quoted'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: loadJsonContent('config/vms.json', '$.team[\'size name\']') } }
            }
            resource text 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'text'
              location: 'eastus'
              properties: { hardwareProfile: { vmSize: trim(loadTextContent('config/size.txt')) } }
            }
            """;

        var r = Read("infra/main.bicep", Bicep);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [("quoted", "Standard_NC4as_T4_v3", 1m), ("ss", "Standard_NC4as_T4_v3", 3m), ("text", "Standard_ND96asr_v4", 1m), ("vm", "Standard_NC24ads_A100_v4", 1m)],
            r.Resources.Select(x => (x.Name, x.Sku!, x.Quantity)).Order());
    }

    [Fact]
    public void Terraform_reads_jsondecode_of_a_file_and_member_chains_on_locals_and_variables()
    {
        const string Tf = """
            variable "override" {
              default = { gpu = { size = "Standard_NC24ads_A100_v4" } }
            }
            locals {
              cfg      = jsondecode(file("${path.module}/config/vms.json"))
              settings = { gpu = { pools = [{ size = "Standard_NC4as_T4_v3", n = 2 }] } }
            }
            resource "azurerm_linux_virtual_machine" "from_file" {
              size = local.cfg.pools[0].size
            }
            resource "azurerm_kubernetes_cluster_node_pool" "from_local" {
              vm_size    = local.settings.gpu.pools[0].size
              node_count = local.settings.gpu.pools[0].n
            }
            resource "azurerm_linux_virtual_machine" "from_variable" {
              size = var.override.gpu.size
            }
            """;

        var r = Read("infra/main.tf", Tf);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [("from_file", "Standard_NC4as_T4_v3", 1m), ("from_local", "Standard_NC4as_T4_v3", 2m), ("from_variable", "Standard_NC24ads_A100_v4", 1m)],
            r.Resources.Select(x => (x.Name, x.Sku!, x.Quantity)).Order());
    }

    [Theory]
    [InlineData("loadJsonContent('missing.json').size", "`missing.json` (infra/missing.json) is not among the files read")]
    [InlineData("loadJsonContent('../../../x.json').size", "`../../../x.json` points above the root of the files read")]
    [InlineData("loadJsonContent('config/vms.json', '$.pools[*].size')", "(wildcards, filters, slices) is not followed")]
    [InlineData("loadJsonContent('config/vms.json', '$.nothing')", "JSONPath `$.nothing`: `nothing` is not in the loaded value")]
    [InlineData("loadJsonContent('config/size.txt')", "config/size.txt is not valid JSON")]
    public void A_file_that_cannot_be_read_leaves_the_size_unknown_with_the_reason(string expression, string reason)
    {
        var bicep = "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'vm'\n  properties: { hardwareProfile: { vmSize: " + expression + " } }\n}\n";

        var vm = Assert.Single(Read("infra/main.bicep", bicep).Resources);

        Assert.Null(vm.Sku);
        Assert.Contains(reason, vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resource_attribute_or_data_source_chain_stays_known_only_after_apply()
    {
        const string Tf = """
            data "azurerm_resources" "x" {}
            resource "azurerm_linux_virtual_machine" "vm" {
              size = data.azurerm_resources.x.resources[0].size
            }
            """;

        var vm = Assert.Single(Read("infra/main.tf", Tf).Resources);

        Assert.Null(vm.Sku);
        Assert.Contains("known only after apply", vm.UnresolvedReason, StringComparison.Ordinal);
    }
}
