# Demo input written for Guardrails (not from upstream): a new H100 VM, upper-case SKU, display-name region, no project tag.
resource "azurerm_linux_virtual_machine" "h100_inference" {
  name                = "vm-h100-inference"
  location            = "West Europe"
  resource_group_name = azurerm_resource_group.main.name
  size                = "STANDARD_NC40ADS_H100_V5"
  admin_username      = "azureuser"
  network_interface_ids = [
    azurerm_network_interface.main.id,
  ]
  /* tags are checked against pullRequests.policies.requiredTags */
  tags = {
    team = "vision"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
