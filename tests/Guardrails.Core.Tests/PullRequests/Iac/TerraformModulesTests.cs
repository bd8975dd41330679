using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// A local Terraform module whose folder is among the files read is read with the values its call passes, times the
/// call's count or for_each, and is not priced again on its own with its defaults. Before: the call was listed as "priced
/// in its own files (with its variables' defaults)": a call passing 4 × ND96 left the bill at the module's default size,
/// and a module folder outside the files read passed at $0 under a message saying it was priced.
/// </summary>
public sealed class TerraformModulesTests
{
    private const string Module = """
        variable "size" {
          default = "Standard_D2s_v5"
        }
        variable "nodes" {
          default = 1
        }
        variable "windows" {
          default = false
        }
        resource "azurerm_linux_virtual_machine" "vm" {
          count    = var.windows ? 0 : var.nodes
          name     = "vm-${count.index}"
          location = "westeurope"
          size     = var.size
        }
        resource "azurerm_windows_virtual_machine" "win" {
          count    = var.windows ? var.nodes : 0
          name     = "win-${count.index}"
          location = "westeurope"
          size     = var.size
        }
        """;

    private static IacParseResult Read(string caller) => IacReader.ReadAll(new Dictionary<string, string>
    {
        ["modules/gpu/main.tf"] = Module,
        ["envs/prod/main.tf"] = caller,
    });

    private static List<string> Priced(IacParseResult r) =>
        r.Resources.Select(x => $"{x.Name} {x.Sku} {x.Quantity} {x.Os} {x.File}:{x.Line}").Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void A_local_module_is_read_with_the_values_its_call_passes_and_not_again_with_its_defaults()
    {
        var r = Read("""
            module "training" {
              source = "../../modules/gpu"
              size   = "Standard_ND96asr_v4"
              nodes  = 4
            }
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(["envs/prod/module.training.vm Standard_ND96asr_v4 4 Linux modules/gpu/main.tf:10"], Priced(r));
        var folder = Assert.Single(r.Skipped, s => s.Type == "module folder");
        Assert.Equal("read through the module call in envs/prod/main.tf (with the values it passes), not on its own", folder.Reason);
    }

    [Fact]
    public void The_call_s_count_multiplies_and_for_each_reads_each_instance_with_its_values()
    {
        var r = Read("""
            variable "pools" {
              default = { a100 = "Standard_NC24ads_A100_v4", t4 = "Standard_NC4as_T4_v3" }
            }
            module "twice" {
              source  = "../../modules/gpu"
              count   = 2
              size    = "Standard_NC6s_v3"
              windows = true
              nodes   = 3
            }
            module "pool" {
              source   = "../../modules/gpu"
              for_each = var.pools
              size     = each.value
            }
            """);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [
                "envs/prod/module.pool[\"a100\"].vm Standard_NC24ads_A100_v4 1 Linux modules/gpu/main.tf:10",
                "envs/prod/module.pool[\"t4\"].vm Standard_NC4as_T4_v3 1 Linux modules/gpu/main.tf:10",
                "envs/prod/module.twice.win Standard_NC6s_v3 6 Windows modules/gpu/main.tf:16",
            ],
            Priced(r));
    }

    [Fact]
    public void A_value_the_call_knows_only_at_apply_leaves_the_module_s_resource_unpriced_with_the_reason()
    {
        var r = Read("""
            module "training" {
              source = "../../modules/gpu"
              size   = azurerm_resource_group.rg.tags["size"]
            }
            """);

        var vm = Assert.Single(r.Resources);
        Assert.Null(vm.Sku);
        Assert.Equal("size: value passed by module `training`: `azurerm_resource_group.rg.tags` is known only after apply", vm.UnresolvedReason);
    }

    [Fact]
    public void A_module_whose_folder_is_not_read_is_unknown_on_its_line_and_a_module_that_calls_itself_stops()
    {
        var outside = IacReader.ReadAll(new Dictionary<string, string> { ["main.tf"] = "module \"up\" {\n  source = \"../elsewhere\"\n}\n" });
        var loop = IacReader.ReadAll(new Dictionary<string, string>
        {
            ["a/main.tf"] = "module \"b\" {\n  source = \"../b\"\n}\n",
            ["b/main.tf"] = "module \"a\" {\n  source = \"../a\"\n}\n",
            ["root/main.tf"] = "module \"a\" {\n  source = \"../a\"\n}\n",
        });

        var up = Assert.Single(outside.Resources);
        Assert.Equal((null, 1), (up.Sku, up.Line));
        Assert.Equal("module `up` (../elsewhere) points above the root of the files read: its resources are not priced", up.UnresolvedReason);
        Assert.Contains(loop.Errors, e => e.Message.EndsWith("modules nested deeper than 10 levels", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pull_request_that_changes_what_a_call_passes_is_priced_at_the_difference()
    {
        static Dictionary<string, string> Side(int nodes) => new()
        {
            ["modules/gpu/main.tf"] = Module,
            ["envs/prod/main.tf"] = $"module \"training\" {{\n  source = \"../../modules/gpu\"\n  size   = \"Standard_NC24ads_A100_v4\"\n  nodes  = {nodes}\n}}\n",
        };

        var (e, _) = await UnpricedIsNeverFreeTests.GateAsync(Side(2), Side(4));

        Assert.Empty(e.Unpriced);
        var change = Assert.Single(e.Resources);
        Assert.Equal(("envs/prod/module.training.vm", 2m, 4m), (change.Name, change.Base?.Nodes, change.Head?.Nodes));
        Assert.Equal(2 * 4.775m * 730, e.DiffMonthlyCost); // two more A100 VMs in westeurope at $4.775/h (snapshot)
    }

    [Fact]
    public void Calls_with_for_each_nested_in_calls_with_for_each_stop_at_the_read_limit_with_an_error_on_the_call()
    {
        var files = new Dictionary<string, string>
        {
            ["main.tf"] = "module \"l1\" {\n  source   = \"./l1\"\n  for_each = toset(range(40))\n  n        = each.key\n}\n",
            ["l1/main.tf"] = "variable \"n\" {}\nmodule \"l2\" {\n  source   = \"../l2\"\n  for_each = toset(range(40))\n  n        = each.key\n}\n",
            ["l2/main.tf"] = "variable \"n\" {}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  name = var.n\n  size = \"Standard_NC6s_v3\"\n}\n",
        };

        var r = IacReader.ReadAll(files); // 40 × 40 = 1,600 module files if every instance were read

        Assert.Contains(r.Errors, e => e.File == "main.tf" && e.Line == 1
            && e.Message == "module `l1`: more than 500 module files to read (module calls × their instances): not estimated");
    }
}
