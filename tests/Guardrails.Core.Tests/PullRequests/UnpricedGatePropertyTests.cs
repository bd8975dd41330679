using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Guardrails.Core.Configuration;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Issue 14's property: for any PR whose head adds a compute resource the catalog cannot price (any IaC language,
/// any compute type, an unknown SKU, a size decided at deploy time, or a file that does not parse), next to any priced
/// noise and any gate limits, the gate is not success — unless the policy says <c>onUnpriced: warn</c>.
/// </summary>
public class UnpricedGatePropertyTests
{
    public sealed record Case(string Kind, string Sku, int Nodes, bool NoiseInBase, bool NoiseInHead, decimal? MaxAmount, decimal? MaxPercent, bool Warn)
    {
        public override string ToString() => $"{Kind} {Sku} ×{Nodes} noise(base={NoiseInBase}, head={NoiseInHead}) max={MaxAmount}/{MaxPercent}% warn={Warn}";
    }

    private static readonly string[] s_kinds =
    [
        "tf-legacy-vm", "tf-legacy-vmss", "tf-linux-vm", "tf-windows-vm", "tf-node-pool", "tf-aml-cluster", "tf-unknown-size",
        "bicep-vm", "bicep-vmss", "bicep-aks-profile", "bicep-agent-pool", "bicep-aml-compute", "bicep-size-param",
        "aml-compute", "aml-deployment", "aml-job-undefined-compute", "broken-bicep", "broken-tf", "broken-aml",
    ];

    private static Gen<Case> Cases() =>
        from kind in Gen.Elements(s_kinds)
        from n in Gen.Choose(1, 999)
        from letters in Gen.Elements("ND", "NC", "NV", "HB", "M", "E")
        from nodes in Gen.Choose(1, 16)
        from noiseBase in Gen.Elements(true, false)
        from noiseHead in Gen.Elements(true, false)
        from amount in Gen.Elements<decimal?>(null, 0m, 100m, 1_000_000m)
        from percent in Gen.Elements<decimal?>(null, 5m, 10_000m)
        from warn in Gen.Elements(true, false)
        select new Case(kind, $"Standard_{letters}{n}x_Unknown_v{n % 9}", nodes, noiseBase, noiseHead, amount, percent, warn);

    private const string Noise = """
        resource "azurerm_kubernetes_cluster_node_pool" "noise" {
          name                  = "noise"
          kubernetes_cluster_id = "x"
          vm_size               = "Standard_NC4as_T4_v3"
          node_count            = 1
        }
        """;

    internal static (string Path, string Text) Unpriced(string kind, string sku, int nodes) => kind switch
    {
        "tf-legacy-vm" => ("new/vm.tf", $"resource \"azurerm_virtual_machine\" \"x\" {{\n  vm_size = \"{sku}\"\n  location = \"eastus\"\n}}\n"),
        "tf-legacy-vmss" => ("new/vmss.tf", $"resource \"azurerm_virtual_machine_scale_set\" \"x\" {{\n  sku {{\n    name = \"{sku}\"\n    capacity = {nodes}\n  }}\n}}\n"),
        "tf-linux-vm" => ("new/vm.tf", $"resource \"azurerm_linux_virtual_machine\" \"x\" {{\n  size = \"{sku}\"\n}}\n"),
        "tf-windows-vm" => ("new/vm.tf", $"resource \"azurerm_windows_virtual_machine\" \"x\" {{\n  size = \"{sku}\"\n  location = \"westeurope\"\n}}\n"),
        "tf-node-pool" => ("new/pool.tf", $"resource \"azurerm_kubernetes_cluster_node_pool\" \"x\" {{\n  vm_size = \"{sku}\"\n  node_count = {nodes}\n}}\n"),
        "tf-aml-cluster" => ("new/aml.tf", $"resource \"azurerm_machine_learning_compute_cluster\" \"x\" {{\n  vm_size = \"{sku}\"\n  vm_priority = \"Dedicated\"\n  scale_settings {{\n    min_node_count = 0\n    max_node_count = {nodes}\n  }}\n}}\n"),
        "tf-unknown-size" => ("new/vm.tf", "variable \"size\" {}\nresource \"azurerm_linux_virtual_machine\" \"x\" {\n  size = var.size\n}\n"),
        "bicep-vm" => ("new/vm.bicep", $"resource x 'Microsoft.Compute/virtualMachines@2024-03-01' = {{\n  name: 'x'\n  properties: {{\n    hardwareProfile: {{\n      vmSize: '{sku}'\n    }}\n  }}\n}}\n"),
        "bicep-vmss" => ("new/vmss.bicep", $"resource x 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {{\n  name: 'x'\n  sku: {{\n    name: '{sku}'\n    capacity: {nodes}\n  }}\n}}\n"),
        "bicep-aks-profile" => ("new/aks.bicep", $"resource x 'Microsoft.ContainerService/managedClusters@2024-05-01' = {{\n  name: 'x'\n  properties: {{\n    agentPoolProfiles: [\n      {{\n        name: 'gpu'\n        count: {nodes}\n        vmSize: '{sku}'\n      }}\n    ]\n  }}\n}}\n"),
        "bicep-agent-pool" => ("new/pool.bicep", $"resource x 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {{\n  name: 'aks/x'\n  properties: {{\n    vmSize: '{sku}'\n    count: {nodes}\n  }}\n}}\n"),
        "bicep-aml-compute" => ("new/aml.bicep", $"resource x 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {{\n  name: 'ws/x'\n  properties: {{\n    computeType: 'AmlCompute'\n    properties: {{\n      vmSize: '{sku}'\n      scaleSettings: {{\n        minNodeCount: 0\n        maxNodeCount: {nodes}\n      }}\n    }}\n  }}\n}}\n"),
        "bicep-size-param" => ("new/vm.bicep", "param size string\nresource x 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'x'\n  properties: {\n    hardwareProfile: {\n      vmSize: size\n    }\n  }\n}\n"),
        "aml-compute" => ("new/compute.yml", $"$schema: https://azuremlschemas.azureedge.net/latest/amlCompute.schema.json\nname: x\ntype: amlcompute\nsize: {sku}\nmin_instances: 0\nmax_instances: {nodes}\n"),
        "aml-deployment" => ("new/deploy.yml", $"$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json\nname: x\ninstance_type: {sku}\ninstance_count: {nodes}\n"),
        "aml-job-undefined-compute" => ("new/job.yml", $"$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ntype: command\ncommand: python train.py\ncompute: azureml:cluster-{nodes}\n# guardrails: expected-hours=5\n"),
        "broken-bicep" => ("new/vm.bicep", $"resource x 'Microsoft.Compute/virtualMachines@2024-03-01' = {{\n  name: 'x'\n  properties: {{\n    hardwareProfile: {{ vmSize: '{sku}'\n"),
        "broken-tf" => ("new/vm.tf", $"resource \"azurerm_linux_virtual_machine\" \"x\" {{\n  size = \"{sku}\n}}\n"),
        "broken-aml" => ("new/job.yml", $"type: command\ncompute: azureml:x\nresources: {{instance_count: {nodes}\n  - broken: [\n"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Property(MaxTest = 300)]
    public Property A_head_that_adds_an_unpriceable_compute_resource_never_passes_unless_onUnpriced_is_warn() =>
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var baseFiles = new Dictionary<string, string>();
            var headFiles = new Dictionary<string, string>();
            if (c.NoiseInBase) baseFiles["noise/pool.tf"] = Noise;
            if (c.NoiseInHead) headFiles["noise/pool.tf"] = Noise;
            var (path, text) = Unpriced(c.Kind, c.Sku, c.Nodes);
            headFiles[path] = text;
            var config = new PullRequestConfig
            {
                Gate = new GateConfig { MaxIncreaseAmount = c.MaxAmount, MaxIncreasePercent = c.MaxPercent, OnUnpriced = c.Warn ? "warn" : "fail" },
            };
            var (estimate, gate) = UnpricedIsNeverFreeTests.GateAsync(baseFiles, headFiles, config).GetAwaiter().GetResult();
            var unknown = estimate.Unpriced.Count + estimate.ParseErrors.Count;
            if (c.Warn)
                return (unknown > 0 && !gate.Reasons.Any(r => r.Contains(path, StringComparison.Ordinal))).Label($"warn: {unknown} unknown; {string.Join(" / ", gate.Reasons)}");
            return (unknown > 0 && gate.State != GateState.Success && gate.Reasons.Any(r => r.Contains(path, StringComparison.Ordinal)))
                .Label($"fail: {unknown} unknown; {gate.State}: {string.Join(" / ", gate.Reasons)}");
        });
}
