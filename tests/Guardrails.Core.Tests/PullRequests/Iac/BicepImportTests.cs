using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Bicep's compile-time imports of another file's exported variables (Bicep 0.25+: <c>@export()</c> in a shared file,
/// <c>import {…} from</c> / <c>import * as</c> where it is used): before, every imported name was "not a parameter or
/// variable of this file", so a size kept in a shared file left the VM unknown and the gate failed.
/// </summary>
public sealed class BicepImportTests
{
    private const string Shared = """
        @export()
        var gpuSize = 'Standard_NC24ads_A100_v4'

        @export()
        var pools = {
          t4: { size: t4Size, count: 2 }
        }

        var t4Size = 'Standard_NC4as_T4_v3'

        @export()
        var fromConfig = loadJsonContent('config.json').size

        @export()
        type poolType = { size: string }
        """;

    private static IacParseResult Read(string main, string? shared = Shared) =>
        IacReader.ReadAll(new Dictionary<string, string>
        {
            ["infra/main.bicep"] = main,
            ["infra/shared/types.bicep"] = shared ?? "",
            ["infra/shared/config.json"] = """{ "size": "Standard_ND96asr_v4" }""",
        });

    private static string Vm(string name, string size) =>
        $"resource {name} 'Microsoft.Compute/virtualMachines@2024-03-01' = {{\n  name: '{name}'\n  location: 'eastus'\n  properties: {{ hardwareProfile: {{ vmSize: {size} }} }}\n}}\n";

    [Fact]
    public void Imported_names_and_namespaces_are_the_exported_values_evaluated_in_their_own_file()
    {
        var main = """
            import { gpuSize, pools as p } from 'shared/types.bicep'
            import {
              fromConfig
            } from './shared/types.bicep'
            import * as cfg from 'shared/types.bicep'

            """ + Vm("direct", "gpuSize") + Vm("aliased", "p.t4.size") + Vm("namespaced", "cfg.pools.t4.size") + Vm("config", "fromConfig");

        var r = Read(main);

        Assert.Empty(r.Errors);
        Assert.Equal(
            [("aliased", "Standard_NC4as_T4_v3"), ("config", "Standard_ND96asr_v4"), ("direct", "Standard_NC24ads_A100_v4"), ("namespaced", "Standard_NC4as_T4_v3")],
            r.Resources.Select(x => (x.Name, x.Sku!)).Order());
    }

    [Theory]
    [InlineData("import { gpuSize } from 'shared/missing.bicep'", "`gpuSize` is imported from shared/missing.bicep, which (infra/shared/missing.bicep) is not among the files read")]
    [InlineData("import { gpuSize } from 'br/public:avm/utl/types/avm-common-types:0.5.1'", "which is a registry or template spec and is not read")]
    [InlineData("import { gpuSize } from '../../../shared.bicep'", "which points above the root of the files read")]
    [InlineData("import { nothing as gpuSize } from 'shared/types.bicep'", "`nothing` is not a variable of shared/types.bicep")]
    public void An_import_that_cannot_be_read_leaves_the_size_unknown_with_the_reason(string import, string reason)
    {
        var vm = Assert.Single(Read(import + "\n" + Vm("vm", "gpuSize")).Resources);

        Assert.Null(vm.Sku);
        Assert.Contains(reason, vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_importing_each_other_stop_at_the_depth_limit_and_an_extension_import_is_not_a_name()
    {
        var cyclic = "import { gpuSize as g } from 'types.bicep'\n@export()\nvar gpuSize = g\n";
        var main = "import 'az@1.0.0'\nimport { gpuSize } from 'shared/types.bicep'\n" + Vm("vm", "gpuSize");

        var vm = Assert.Single(Read(main, cyclic).Resources, x => x.File == "infra/main.bicep");

        Assert.Null(vm.Sku);
        Assert.Contains("imports more than 5 levels deep", vm.UnresolvedReason, StringComparison.Ordinal);
    }
}
