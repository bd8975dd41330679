using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

public class BicepReaderTests
{
    [Fact]
    public void Dsvm_fixture_resolves_vm_size_through_a_variable_map_and_param_default()
    {
        var r = BicepReader.Read("dsvm.bicep", Repo.Fixture("bicep", "azure-quickstart-templates_vm-ubuntu-DSVM-GPU-or-CPU_main.bicep"));
        var vm = Assert.Single(r.Resources);
        Assert.Equal("Microsoft.Compute/virtualMachines", vm.Type);
        Assert.Equal("Standard_B2s", vm.Sku); // vmSize[cpu_gpu] with cpu_gpu = 'CPU-4GB'
        Assert.Equal("vmName-CPU-4GB", vm.Name); // '${virtualMachineName}-${cpu_gpu}' resolved
        Assert.Null(vm.Region); // resourceGroup().location is a deployment-time value
        Assert.Contains(r.Skipped, s => s.Type == "Microsoft.Network/networkInterfaces");
    }

    [Fact]
    public void Aml_compute_fixture_reads_nodes_and_priority_and_reports_unresolved_size()
    {
        var r = BicepReader.Read("mlc.bicep", Repo.Fixture("bicep", "azure-quickstart-templates_machine-learning-end-to-end-secure_modules_machinelearningcompute.bicep"));
        Assert.Equal(3, r.Resources.Count);
        var cluster = r.Resources[0];
        Assert.Null(cluster.Sku);
        Assert.Contains("parameter `vmSizeParam` has no default", cluster.UnresolvedReason, StringComparison.Ordinal);
        Assert.Equal(0m, cluster.MinNodes);
        Assert.Equal(5m, cluster.MaxNodes);
        Assert.Equal(CapacityPriority.Dedicated, cluster.Priority);
        Assert.Contains("vmSizeParam", r.Resources[1].UnresolvedReason, StringComparison.Ordinal);
        // Its module call's file is not among the files read: unknown on the call's line, not free.
        var module = r.Resources[2];
        Assert.StartsWith("module ", module.Type, StringComparison.Ordinal);
        Assert.Null(module.Sku);
        Assert.EndsWith("is not among the files read: its resources are not priced", module.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Avm_module_calls_whose_files_are_not_read_are_unknown_on_their_lines()
    {
        var r = BicepReader.Read("avm.bicep", Repo.Fixture("bicep", "avm_compute-virtual-machine_tests_e2e_windows.nvidia_main.test.bicep"));
        var module = Assert.Single(r.Resources, x => x.Name == "testDeployment");
        Assert.Null(module.Sku);
        Assert.Equal(52, module.Line);
        Assert.Equal("module `testDeployment` (../../../main.bicep) points above the root of the files read: its resources are not priced", module.UnresolvedReason);
        Assert.Equal("module `nestedDependencies` (dependencies.bicep) is not among the files read: its resources are not priced",
            Assert.Single(r.Resources, x => x.Name == "nestedDependencies").UnresolvedReason);
        var ml = BicepReader.Read("ml.bicep", Repo.Fixture("bicep", "avm_machine-learning-services-workspace_tests_e2e_max_main.test.bicep"));
        Assert.Null(Assert.Single(ml.Resources, x => x.Name == "testDeployment").Sku);
    }

    [Fact]
    public void Scale_set_loops_comments_and_low_priority()
    {
        const string text = """
            /* block comment with a { brace */
            param count int = 3
            var sizes = {
              big: 'Standard_ND96isr_H100_v5' // trailing comment with 'quote'
            }
            resource vmss 'Microsoft.Compute/virtualMachineScaleSets@2024-03-01' = {
              name: 'ss-${'literal'}'
              location: 'westeurope'
              sku: {
                name: sizes.big
                capacity: count
              }
              properties: {
                virtualMachineProfile: {
                  priority: 'Spot'
                }
              }
            }
            resource vms 'Microsoft.Compute/virtualMachines@2024-03-01' = [for i in range(0, 4): {
              name: 'vm${i}'
              properties: { hardwareProfile: { vmSize: 'standard_nc6s_v3' } }
            }]
            resource lp 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = if (true) {
              name: 'ws/lp'
              properties: {
                computeType: 'AmlCompute'
                properties: { vmSize: 'Standard_NC4as_T4_v3', vmPriority: 'LowPriority', scaleSettings: { maxNodeCount: 4 } }
              }
            }
            """;
        var r = BicepReader.Read("x.bicep", text);
        Assert.Equal(3, r.Resources.Count);
        var ss = r.Resources[0];
        Assert.Equal(("Standard_ND96isr_H100_v5", 3m, CapacityPriority.Spot, "ss-literal"), (ss.Sku, ss.Quantity, ss.Priority, ss.Name));
        Assert.Equal(4m, r.Resources[1].Quantity);
        Assert.Equal("vms", r.Resources[1].Name); // 'vm${i}' cannot be resolved: the symbol name is used
        Assert.Equal(CapacityPriority.LowPriority, r.Resources[2].Priority);
        Assert.Equal(4m, r.Resources[2].MaxNodes);
        Assert.Single(r.Computes, c => c.Name == "lp");
    }

    [Fact]
    public void Unresolvable_interpolation_leaves_the_resource_unpriced_with_reason()
    {
        const string text = """
            param family string
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'vm'
              properties: { hardwareProfile: { vmSize: 'Standard_${family}_v5' } }
            }
            """;
        var vm = Assert.Single(BicepReader.Read("x.bicep", text).Resources);
        Assert.Null(vm.Sku);
        Assert.Contains("family", vm.UnresolvedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_is_detected_from_the_image()
    {
        const string text = """
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'vm'
              properties: {
                hardwareProfile: { vmSize: 'Standard_NV6ads_A10_v5' }
                storageProfile: { imageReference: { publisher: 'MicrosoftWindowsServer' } }
              }
            }
            """;
        Assert.Equal(VmOs.Windows, Assert.Single(BicepReader.Read("x.bicep", text).Resources).Os);
    }

    [Fact]
    public void Syntax_error_is_reported_with_file_and_line()
    {
        var r = BicepReader.Read("bad.bicep", "resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'x'\n  properties: { ");
        var error = Assert.Single(r.Errors);
        Assert.Equal("bad.bicep", error.File);
        Assert.Equal(3, error.Line);
        Assert.Empty(r.Skipped); // not a silent "not estimated"
    }
}

public class TerraformReaderTests
{
    [Fact]
    public void Aml_quickstart_cluster_and_instance_upper_case_sku()
    {
        var r = TerraformReader.Read("compute.tf", Repo.Fixture("terraform", "azure-terraform_quickstart_101-machine-learning_compute.tf"));
        Assert.Equal(2, r.Resources.Count);
        var instance = r.Resources.Single(x => x.Type == "azurerm_machine_learning_compute_instance");
        Assert.Equal("STANDARD_DS2_V2", instance.Sku);
        var cluster = r.Resources.Single(x => x.Type == "azurerm_machine_learning_compute_cluster");
        Assert.Equal(("STANDARD_DS2_V2", 0m, 3m, CapacityPriority.Dedicated), (cluster.Sku, cluster.MinNodes, cluster.MaxNodes, cluster.Priority));
        Assert.Single(r.Computes, c => c.Name == "cpu-cluster");
        Assert.Contains(r.Skipped, s => s.Type == "random_string");
    }

    [Fact]
    public void Aks_gpu_node_pool_without_node_count_and_default_pool()
    {
        var r = TerraformReader.Read("aks.tf", Repo.Fixture("terraform", "terraform-provider-azurerm_acctest-export_TestAccKubernetesClusterNodePool_gpuInstance_step_0.tf"));
        var pool = r.Resources.Single(x => x.Type == "azurerm_kubernetes_cluster_node_pool");
        Assert.Equal(("Standard_NC24ads_A100_v4", 1m), (pool.Sku, pool.Quantity));
        Assert.Contains("node_count not set: assumed 1 node", pool.Notes);
        var def = r.Resources.Single(x => x.Type == "azurerm_kubernetes_cluster.default_node_pool");
        Assert.Equal(("Standard_D2s_v3", 1m, (string?)null), (def.Sku, def.Quantity, def.Region)); // location is azurerm_resource_group.test.location
    }

    [Fact]
    public void Variables_locals_count_autoscale_heredoc_and_comments()
    {
        const string text = """
            variable "size" {
              type    = string
              default = "Standard_NC24ads_A100_v4" # comment
            }
            variable "nodes" { default = 2 }
            locals {
              region = "swedencentral"
            }
            resource "azurerm_linux_virtual_machine" "vm" {
              count    = var.nodes
              name     = "vm-${count.index}"
              size     = var.size
              location = local.region
              custom_data = <<-EOT
                #!/bin/bash
                echo "} not a brace"
              EOT
              tags = { team = "vision", "project" = "x" }
              // line comment
              os_disk {
                caching = "ReadWrite"
              }
            }
            resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
              vm_size              = "Standard_NC4as_T4_v3"
              auto_scaling_enabled = true
              min_count            = 1
              max_count            = 5
              priority             = "Spot"
            }
            resource "azurerm_windows_virtual_machine_scale_set" "ss" {
              sku       = "Standard_${var.family}"
              instances = 3
            }
            """;
        var r = TerraformReader.Read("main.tf", text);
        var vm = r.Resources[0];
        Assert.Equal(("Standard_NC24ads_A100_v4", 2m, "swedencentral"), (vm.Sku, vm.Quantity, vm.Region));
        Assert.Equal("vision", vm.Tags!["team"]);
        Assert.Equal("x", vm.Tags!["project"]);
        var pool = r.Resources[1];
        Assert.Equal((1m, 5m, CapacityPriority.Spot), (pool.MinNodes, pool.MaxNodes, pool.Priority));
        var ss = r.Resources[2];
        Assert.Null(ss.Sku);
        Assert.Contains("variable `family` is not declared", ss.UnresolvedReason, StringComparison.Ordinal);
        Assert.Equal(VmOs.Windows, ss.Os);
    }
}

public class AzureMlYamlReaderTests
{
    [Fact]
    public void Command_jobs_read_compute_and_instance_count()
    {
        var cifar = Assert.Single(AzureMlYamlReader.Read("job.yml", Repo.Fixture("azureml-yaml", "azureml-examples_cli_jobs_single-step_pytorch_cifar-distributed_job.yml")).Resources);
        Assert.Equal(("gpu-cluster", 2m, UsageKind.PerRun), (cifar.ComputeName, cifar.Quantity, cifar.Usage));
        var ds = Assert.Single(AzureMlYamlReader.Read("ds.yml", Repo.Fixture("azureml-yaml", "azureml-examples_cli_jobs_deepspeed_deepspeed-training_job.yml")).Resources);
        Assert.Equal(("gpu-v100-cluster", 2m), (ds.ComputeName, ds.Quantity));
    }

    [Theory]
    [InlineData("Standard", CapacityPriority.Dedicated)]
    [InlineData("Spot", CapacityPriority.LowPriority)]
    public void A_serverless_job_is_priced_at_the_instance_type_it_names(string tier, CapacityPriority priority)
    {
        var job = Assert.Single(AzureMlYamlReader.Read("job.yml", $"""
            $schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json
            command: python train.py
            environment: azureml:pytorch@latest
            resources:
              instance_type: Standard_NC24ads_A100_v4
              instance_count: 2
            queue_settings:
              job_tier: {tier}
            """).Resources);
        Assert.Equal(("Standard_NC24ads_A100_v4", (string?)null, 2m, priority, (string?)null), (job.Sku, job.ComputeName, job.Quantity, job.Priority, job.UnresolvedReason));
        var nowhere = Assert.Single(AzureMlYamlReader.Read("job.yml", "$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: python train.py\n").Resources);
        Assert.Equal("compute: not set, and no resources.instance_type for serverless compute (the VM size is unknown)", nowhere.UnresolvedReason);
    }

    [Fact]
    public void Low_priority_compute_definition()
    {
        var r = AzureMlYamlReader.Read("c.yml", Repo.Fixture("azureml-yaml", "azureml-examples_cli_resources_compute_cluster-low-priority.yml"));
        var c = Assert.Single(r.Resources);
        Assert.Equal(("STANDARD_DS3_v2", CapacityPriority.LowPriority, 0m, 2m), (c.Sku, c.Priority, c.MinNodes, c.MaxNodes));
        Assert.Single(r.Computes, d => d.Name == "low-pri-example");
    }

    [Fact]
    public void Online_deployment_and_annotations()
    {
        var d = Assert.Single(AzureMlYamlReader.Read("d.yml", Repo.Fixture("azureml-yaml", "azureml-examples_cli_foundation-models_meta-llama-3-8b_deploy.yml")).Resources);
        Assert.Equal(("Standard_NC24ads_A100_v4", 1m, UsageKind.Monthly), (d.Sku, d.Quantity, d.Usage));
        var job = Assert.Single(AzureMlYamlReader.Read("j.yml", "# guardrails: params=7e9 tokens=2e12 mfu=0.35\ntype: sweep\ntrial:\n  command: python x.py\ncompute: azureml:c\nlimits:\n  max_total_trials: 8\n").Resources);
        Assert.Equal((7e9m, 2e12m, 0.35m, 8m, "azureml/sweepjob"), (job.ModelParameters!.Value, job.TrainingTokens!.Value, job.Mfu!.Value, job.Trials, job.Type));
    }

    [Fact]
    public void Other_yaml_is_left_alone()
    {
        Assert.False(AzureMlYamlReader.LooksLikeAzureMl("name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n"));
        Assert.True(AzureMlYamlReader.LooksLikeAzureMl(Repo.Fixture("azureml-yaml", "azureml-examples_cli_resources_compute_cluster-low-priority.yml")));
    }
}
