using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Issue 14, defect 2: a compute resource that cannot be read or priced fails the gate (unless <c>onUnpriced: warn</c>),
/// and the resource types that used to fall through (legacy Terraform VMs and scale sets, Bicep AKS pools) are priced.
/// The IaC below is written for these tests in the shape of the azurerm provider and ARM reference documentation.
/// </summary>
public class UnpricedIsNeverFreeTests
{
    internal static async Task<(CostEstimate Estimate, GateResult Gate)> GateAsync(IReadOnlyDictionary<string, string> baseFiles,
        IReadOnlyDictionary<string, string> headFiles, PullRequestConfig? config = null)
    {
        config ??= new PullRequestConfig();
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(IacReader.ReadAll(baseFiles), IacReader.ReadAll(headFiles));
        var policies = new CostPolicyEvaluator(config.Policies, VmSkuCatalog.Default, config.DefaultTeam).Evaluate(e);
        return (e, CostGate.Evaluate(e, policies, [], config.Gate, null));
    }

    private static readonly Dictionary<string, string> Empty = [];

    private static Dictionary<string, string> One(string path, string text) => new() { [path] = text };

    internal const string LegacyVm = """
        resource "azurerm_virtual_machine" "trainer" {
          name                  = "trainer-vm"
          location              = "eastus"
          resource_group_name   = "rg"
          network_interface_ids = [azurerm_network_interface.main.id]
          vm_size               = "Standard_ND96isr_H100_v5"

          storage_image_reference {
            publisher = "Canonical"
            offer     = "0001-com-ubuntu-server-jammy"
            sku       = "22_04-lts-gen2"
            version   = "latest"
          }
          os_profile_linux_config {
            disable_password_authentication = true
          }
        }
        """;

    [Fact]
    public async Task Legacy_azurerm_virtual_machine_is_priced()
    {
        var (e, gate) = await GateAsync(Empty, One("vm/legacy.tf", LegacyVm));
        var vm = Assert.Single(e.Resources);
        Assert.Equal(("trainer", "Standard_ND96isr_H100_v5", ResourceChange.Added), (vm.Name, vm.Sku, vm.Change));
        var hourly = SnapshotPriceCatalog.Default.Find("Standard_ND96isr_H100_v5", "eastus")!.HourlyPrice;
        Assert.Equal(decimal.Round(hourly * 730, 2), e.DiffMonthlyCost);
        Assert.True(e.DiffMonthlyCost > 0);
        Assert.Empty(e.Unpriced);
        Assert.Equal(GateState.Success, gate.State); // no limits configured: priced, so nothing unknown
    }

    [Fact]
    public async Task Legacy_azurerm_virtual_machine_scale_set_is_priced_by_sku_block_capacity()
    {
        const string tf = """
            resource "azurerm_virtual_machine_scale_set" "workers" {
              name                = "workers"
              location            = "eastus"
              resource_group_name = "rg"
              upgrade_policy_mode = "Manual"

              sku {
                name     = "Standard_NC4as_T4_v3"
                tier     = "Standard"
                capacity = 3
              }
              os_profile {
                computer_name_prefix = "w"
                admin_username       = "azureuser"
              }
            }
            """;
        var (e, _) = await GateAsync(Empty, One("vmss/legacy.tf", tf));
        var vmss = Assert.Single(e.Resources);
        Assert.Equal(("Standard_NC4as_T4_v3", 3m), (vmss.Sku, vmss.Quantity));
        Assert.Equal(decimal.Round(0.526m * 3 * 730, 2), e.DiffMonthlyCost);
    }

    internal const string AksBicep = """
        param location string = 'westeurope'

        resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
          name: 'gpu-aks'
          location: location
          properties: {
            dnsPrefix: 'gpu'
            agentPoolProfiles: [
              {
                name: 'system'
                count: 2
                vmSize: 'Standard_D2s_v5'
                mode: 'System'
              }
              {
                name: 'gpu'
                count: 3
                vmSize: 'Standard_ND96asr_v4'
                mode: 'User'
              }
            ]
          }
        }
        """;

    [Fact]
    public async Task Bicep_aks_agentPoolProfiles_are_priced_per_pool()
    {
        var (e, gate) = await GateAsync(Empty, One("aks/main.bicep", AksBicep));
        var gpu = Assert.Single(e.Resources, r => r.Sku == "Standard_ND96asr_v4");
        Assert.Equal(3m, gpu.Quantity);
        Assert.Equal(decimal.Round(35.357m * 3 * 730, 2), gpu.DiffMonthlyCost); // ≈ $77k/month, not ±$0
        Assert.Equal(2, e.Resources.Count);
        Assert.Equal(GateState.Success, gate.State);
    }

    [Fact]
    public async Task Bicep_managedClusters_agentPools_child_resource_is_priced()
    {
        const string bicep = """
            resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' existing = {
              name: 'gpu-aks'
            }

            resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {
              parent: aks
              name: 'a100'
              properties: {
                vmSize: 'Standard_NC24ads_A100_v4'
                count: 2
                mode: 'User'
              }
            }
            """;
        var (e, _) = await GateAsync(Empty, One("aks/pool.bicep", bicep));
        var pool = Assert.Single(e.Resources);
        Assert.Equal(("Standard_NC24ads_A100_v4", 2m), (pool.Sku, pool.Quantity));
        Assert.Equal(decimal.Round(3.673m * 2 * 730, 2), e.DiffMonthlyCost); // no literal location: eastus
    }

    [Fact]
    public async Task An_unparseable_iac_file_fails_the_gate_with_file_and_line()
    {
        const string broken = """
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'gpu-vm'
              properties: {
                hardwareProfile: { vmSize: 'Standard_ND96isr_H100_v5' }
            """;
        var (e, gate) = await GateAsync(Empty, One("vm/broken.bicep", broken));
        Assert.Equal(GateState.Failure, gate.State);
        var reason = Assert.Single(gate.Reasons);
        Assert.Contains("vm/broken.bicep", reason, StringComparison.Ordinal);
        Assert.Matches(@"line \d+", reason);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, [], [], gate, "abc", DateTimeOffset.UnixEpoch));
        Assert.Contains("vm/broken.bicep", md, StringComparison.Ordinal);
        Assert.Contains("could not be read", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_added_compute_resource_without_a_price_fails_the_gate_and_is_listed_with_its_reason()
    {
        var tf = LegacyVm.Replace("Standard_ND96isr_H100_v5", "Standard_ND999_Imaginary_v9", StringComparison.Ordinal);
        var (e, gate) = await GateAsync(Empty, One("vm/legacy.tf", tf));
        Assert.Equal(0m, e.DiffMonthlyCost);
        Assert.Equal(GateState.Failure, gate.State);
        Assert.Contains(gate.Reasons, r => r.Contains("trainer", StringComparison.Ordinal) && r.Contains("not priced", StringComparison.Ordinal));
        var md = CostCommentRenderer.Render(new CostCommentModel(e, [], [], gate, "abc", DateTimeOffset.UnixEpoch));
        Assert.Contains("❌ **Gate failed**", md, StringComparison.Ordinal);
        Assert.Contains("Standard_ND999_Imaginary_v9", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnUnpriced_warn_lets_it_pass_but_still_lists_it()
    {
        var config = PullRequestConfigReader.Parse("pullRequests:\n  gate:\n    onUnpriced: warn\n", "guardrails.yaml");
        var tf = LegacyVm.Replace("Standard_ND96isr_H100_v5", "Standard_ND999_Imaginary_v9", StringComparison.Ordinal);
        var (e, gate) = await GateAsync(Empty, One("vm/legacy.tf", tf), config);
        Assert.Equal(GateState.Success, gate.State);
        Assert.Single(e.Unpriced);
        var md = CostCommentRenderer.Render(new CostCommentModel(e, [], [], gate, "abc", DateTimeOffset.UnixEpoch));
        Assert.Contains("Standard_ND999_Imaginary_v9", md, StringComparison.Ordinal);
    }

    [Fact]
    public void OnUnpriced_accepts_only_fail_or_warn()
    {
        var ex = Assert.Throws<ConfigException>(() => PullRequestConfigReader.Parse("pullRequests:\n  gate:\n    onUnpriced: ignore\n", "guardrails.yaml"));
        Assert.Contains("onUnpriced", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_unpriceable_resource_does_not_fail_the_gate()
    {
        var tf = LegacyVm.Replace("Standard_ND96isr_H100_v5", "Standard_ND999_Imaginary_v9", StringComparison.Ordinal);
        var (_, gate) = await GateAsync(One("vm/legacy.tf", tf), One("vm/legacy.tf", "# the VM is gone\n"));
        Assert.Equal(GateState.Success, gate.State);
    }

    [Fact]
    public async Task An_unknown_compute_resource_type_is_unpriced_not_skipped()
    {
        const string tf = """
            resource "azurerm_batch_pool" "gpu" {
              name                = "gpu"
              resource_group_name = "rg"
              account_name        = "batch"
              vm_size             = "Standard_NC24ads_A100_v4"
              node_agent_sku_id   = "batch.node.ubuntu 22.04"
            }
            """;
        var (e, gate) = await GateAsync(Empty, One("batch/pool.tf", tf));
        Assert.Equal("gpu", Assert.Single(e.Unpriced).Name);
        Assert.Equal(GateState.Failure, gate.State);
    }

    /// <summary>Before, a resource whose body is not an object literal was skipped whatever its type, so GPU VMs declared
    /// that way passed the gate at $0.</summary>
    [Fact]
    public async Task A_compute_resource_whose_body_is_not_an_object_is_unpriced_not_skipped()
    {
        const string bicep = """
            var body = { name: 'x', location: 'eastus', properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } } }
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = body
            resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, 2): body]
            resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = body
            """;
        var (e, gate) = await GateAsync(Empty, One("main.bicep", bicep));
        Assert.Equal([("vm", 2), ("vms", 3)], e.Unpriced.Select(u => (u.Name, u.Line)));
        Assert.All(e.Unpriced, u => Assert.Contains("body is not an object", u.Reason, StringComparison.Ordinal));
        Assert.Equal(GateState.Failure, gate.State);
    }
}
