using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// Issue 14, defect 3: Windows is priced as Windows. The snapshot has Windows prices only in the EU regions
/// (NC4as_T4_v3 westeurope: Linux 0.658, Windows 0.842); elsewhere a Windows resource is unpriced, never Linux-priced.
/// </summary>
public class WindowsPricingTests
{
    private static readonly Dictionary<string, string> Empty = [];

    private static async Task<(CostEstimate Estimate, GateResult Gate)> HeadAsync(string path, string text) =>
        await UnpricedIsNeverFreeTests.GateAsync(Empty, new Dictionary<string, string> { [path] = text });

    public static TheoryData<string, string> WindowsInWestEurope => new()
    {
        { "pool.tf", """
            resource "azurerm_kubernetes_cluster_node_pool" "win" {
              name                  = "win"
              kubernetes_cluster_id = "x"
              vm_size               = "Standard_NC4as_T4_v3"
              node_count            = 2
              os_type               = "Windows"
            }
            """ },
        { "aks.bicep", """
            resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
              name: 'aks'
              location: 'westeurope'
              properties: {
                agentPoolProfiles: [
                  {
                    name: 'win'
                    count: 2
                    vmSize: 'Standard_NC4as_T4_v3'
                    osType: 'Windows'
                  }
                ]
              }
            }
            """ },
        { "pool.bicep", """
            resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-05-01' = {
              name: 'aks/win'
              properties: {
                vmSize: 'Standard_NC4as_T4_v3'
                count: 2
                osType: 'Windows'
              }
            }
            """ },
        { "legacy.tf", """
            resource "azurerm_virtual_machine" "win" {
              name    = "win"
              vm_size = "Standard_NC4as_T4_v3"
              count   = 2
              os_profile_windows_config {
                provision_vm_agent = true
              }
            }
            """ },
        { "image.tf", """
            resource "azurerm_virtual_machine" "win" {
              vm_size = "Standard_NC4as_T4_v3"
              count   = 2
              storage_image_reference {
                publisher = "MicrosoftWindowsServer"
                offer     = "WindowsServer"
                sku       = "2022-datacenter"
                version   = "latest"
              }
            }
            """ },
        { "vmss.tf", """
            resource "azurerm_orchestrated_virtual_machine_scale_set" "win" {
              sku_name  = "Standard_NC4as_T4_v3"
              instances = 2
              os_profile {
                windows_configuration {
                  admin_username = "a"
                }
              }
            }
            """ },
        { "vm.bicep", """
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, 2): {
              name: 'win${i}'
              properties: {
                hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }
                osProfile: {
                  windowsConfiguration: { provisionVMAgent: true }
                }
              }
            }]
            """ },
    };

    [Theory]
    [MemberData(nameof(WindowsInWestEurope))]
    public async Task Windows_resources_use_windows_prices(string path, string text)
    {
        var config = new Core.Configuration.PullRequestConfig { DefaultRegion = "westeurope" };
        var e = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
            .EstimateAsync(new(), Core.PullRequests.Iac.IacReader.ReadAll(new Dictionary<string, string> { [path] = text }));
        var r = Assert.Single(e.Resources);
        Assert.Equal(VmOs.Windows, r.Head!.Os);
        Assert.Equal(decimal.Round(0.842m * 2 * 730, 2), e.HeadMonthlyCost); // not 0.658 (Linux)
    }

    [Fact]
    public async Task A_windows_pool_where_the_catalog_has_no_windows_price_is_unpriced_and_fails_the_gate()
    {
        // eastus has only Linux prices in the snapshot.
        var (e, gate) = await HeadAsync("pool.tf", """
            resource "azurerm_kubernetes_cluster_node_pool" "win" {
              vm_size    = "Standard_NC4as_T4_v3"
              node_count = 2
              os_type    = "Windows"
            }
            """);
        Assert.Empty(e.Resources);
        Assert.Contains("Windows price", Assert.Single(e.Unpriced).Reason, StringComparison.Ordinal);
        Assert.Equal(0m, e.HeadMonthlyCost);
        Assert.Equal(GateState.Failure, gate.State);
    }

    [Fact]
    public async Task Hybrid_benefit_is_a_windows_vm_billed_at_the_base_compute_rate_and_says_so()
    {
        var (e, _) = await HeadAsync("vm.bicep", """
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'ahb'
              location: 'westeurope'
              properties: {
                licenseType: 'Windows_Server'
                hardwareProfile: { vmSize: 'Standard_NC4as_T4_v3' }
              }
            }
            """);
        Assert.Equal(decimal.Round(0.658m * 730, 2), e.HeadMonthlyCost);
        Assert.Contains(e.Assumptions, a => a.Contains("Azure Hybrid Benefit", StringComparison.Ordinal));
    }
}
