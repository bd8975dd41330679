// Custom role for the idle-GPU actions: read VMs and scale sets, deallocate them, and write tags (mark-for-op).
// Deliberately NOT included: Microsoft.Compute/virtualMachines/write. Tagging goes through the Tags API
// (Microsoft.Resources/tags at the resource's scope), and write access to the Microsoft.Resources/tags resource
// type "lets you tag any resource, even if you don't have access to the resource itself" (Azure docs, "Use tags
// to organize your Azure resources", section "Required access"). The Azure SDK's AddTag/SetTags on a VM use the
// Tags API when it is available, so VM write would only widen the role (it also allows resizing, re-imaging...).
targetScope = 'subscription'

@description('Display name of the custom role (unique in the tenant).')
param roleName string

@description('Resource ids of the subscriptions and resource groups where the role may be assigned.')
param assignableScopes string[]

var actions = [
  'Microsoft.Compute/virtualMachines/read'
  'Microsoft.Compute/virtualMachines/instanceView/read'
  'Microsoft.Compute/virtualMachines/deallocate/action'
  'Microsoft.Compute/virtualMachineScaleSets/read'
  'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read'
  'Microsoft.Compute/virtualMachineScaleSets/deallocate/action'
  'Microsoft.Resources/tags/read'
  'Microsoft.Resources/tags/write'
]

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, roleName)
  properties: {
    roleName: roleName
    description: 'Guardrails: read VMs and VM scale sets, deallocate idle GPU machines, write mark-for-op tags.'
    type: 'CustomRole'
    permissions: [
      {
        actions: actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

// The role's GUID; assignments in any subscription of the tenant refer to it by this name.
output roleDefinitionName string = role.name
