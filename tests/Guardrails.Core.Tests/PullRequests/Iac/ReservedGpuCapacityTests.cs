using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// GPU capacity bought outside virtual machines — a Container Apps environment's GPU workload profiles, an Azure OpenAI
/// deployment with provisioned throughput (PTUs) — has no prices here, so it is unknown and fails the gate; before, both
/// were skipped as "no compute cost model for this type" and a PR reserving A100s or hundreds of PTUs passed at $0. The same
/// resources without GPU profiles, or pay-per-token deployments, stay skipped.
/// </summary>
public sealed class ReservedGpuCapacityTests
{
    private static string? Reason(IacParseResult r) => Assert.Single(r.Resources).UnresolvedReason;

    [Fact]
    public void A_terraform_container_apps_environment_with_a_gpu_workload_profile_is_unknown()
    {
        var r = TerraformReader.Read("aca.tf", """
            resource "azurerm_container_app_environment" "env" {
              name     = "env"
              location = "swedencentral"
              workload_profile {
                name                  = "Consumption"
                workload_profile_type = "Consumption"
              }
              workload_profile {
                name                  = "gpu"
                workload_profile_type = "NC24-A100"
                minimum_count         = 1
                maximum_count         = 2
              }
            }
            """);

        Assert.Equal("GPU workload profile `NC24-A100`: Container Apps GPU capacity has no cost model in Guardrails (compute: unknown, not free)", Reason(r));
    }

    [Theory]
    [InlineData("for_each = var.profiles", "workload profile type: dynamic \"workload_profile\" for_each: ")]
    [InlineData("for_each = [\"D4\", \"Consumption-GPU-NC8as-T4\"]", "GPU workload profile `Consumption-GPU-NC8as-T4`")]
    public void A_dynamic_workload_profile_is_read_element_by_element_and_unknown_when_its_elements_are(string forEach, string reason)
    {
        var r = TerraformReader.Read("aca.tf", $$"""
            variable "profiles" {}
            resource "azurerm_container_app_environment" "env" {
              name = "env"
              dynamic "workload_profile" {
                {{forEach}}
                content {
                  name                  = workload_profile.value
                  workload_profile_type = workload_profile.value
                }
              }
            }
            """);

        Assert.StartsWith(reason, Reason(r), StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_without_gpu_profiles_is_skipped()
    {
        var r = TerraformReader.Read("aca.tf", """
            resource "azurerm_container_app_environment" "env" {
              name = "env"
              workload_profile {
                name                  = "d4"
                workload_profile_type = "D4"
              }
            }
            """);

        Assert.Empty(r.Resources);
        Assert.Single(r.Skipped);
    }

    [Theory]
    [InlineData("sku {\n name = \"ProvisionedManaged\"\n capacity = 100\n }", "ProvisionedManaged deployment of 100 PTUs: provisioned throughput")]
    [InlineData("sku {\n name = \"GlobalProvisionedManaged\"\n capacity = var.ptus\n }", "GlobalProvisionedManaged deployment: provisioned throughput")]
    [InlineData("sku {\n name = var.sku\n }", "sku name: ")]
    [InlineData("scale {\n type = \"ProvisionedManaged\"\n capacity = 50\n }", "ProvisionedManaged deployment of 50 PTUs")] // provider 3.x
    public void A_terraform_openai_deployment_with_provisioned_throughput_is_unknown(string sku, string reason)
    {
        var r = TerraformReader.Read("aoai.tf", $$"""
            variable "ptus" {}
            variable "sku" {}
            resource "azurerm_cognitive_deployment" "gpt" {
              name                 = "gpt-4o"
              cognitive_account_id = "x"
              model {
                format  = "OpenAI"
                name    = "gpt-4o"
                version = "2024-08-06"
              }
              {{sku}}
            }
            """);

        Assert.StartsWith(reason, Reason(r), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pay_per_token_deployment_is_skipped()
    {
        var r = TerraformReader.Read("aoai.tf", """
            resource "azurerm_cognitive_deployment" "gpt" {
              name = "gpt-4o"
              sku {
                name     = "GlobalStandard"
                capacity = 10
              }
            }
            """);

        Assert.Empty(r.Resources);
    }

    [Theory]
    [InlineData("sku: { name: 'DataZoneProvisionedManaged', capacity: 15 }", "DataZoneProvisionedManaged deployment of 15 PTUs")]
    [InlineData("sku: { name: skuName, capacity: 15 }", "sku name: parameter `skuName` has no default")]
    public void A_bicep_openai_deployment_with_provisioned_throughput_is_unknown(string sku, string reason)
    {
        var r = BicepReader.Read("aoai.bicep", $$"""
            param skuName string
            resource gpt 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
              name: 'aoai/gpt-4o'
              {{sku}}
              properties: { model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' } }
            }
            """);

        Assert.StartsWith(reason, Reason(r), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[ { name: 'gpu', workloadProfileType: 'NC48-A100', minimumCount: 0, maximumCount: 1 } ]", "GPU workload profile `NC48-A100`")]
    [InlineData("profiles", "workload profile type: parameter `profiles` has no default")]
    public void A_bicep_container_apps_environment_with_a_gpu_profile_is_unknown(string profiles, string reason)
    {
        var r = BicepReader.Read("aca.bicep", $$"""
            param profiles array
            resource env 'Microsoft.App/managedEnvironments@2024-03-01' = {
              name: 'env'
              location: 'swedencentral'
              properties: { workloadProfiles: {{profiles}} }
            }
            """);

        Assert.StartsWith(reason, Reason(r), StringComparison.Ordinal);
    }
}
