# Demo input written for Guardrails (not from upstream). Shape follows
# fixtures/terraform/terraform-provider-azurerm_acctest-export_TestAccKubernetesClusterNodePool_gpuInstance_step_0.tf.
variable "gpu_nodes" {
  type    = number
  default = 1
}

resource "azurerm_kubernetes_cluster_node_pool" "inference" {
  name                  = "t4pool"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = "standard_nc4as_t4_v3" # SKU casing varies in the wild
  node_count            = var.gpu_nodes
  tags = {
    team    = "vision"
    project = "detector"
  }
}
