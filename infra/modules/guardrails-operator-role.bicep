// Custom role for the idle-GPU and spending-limit actions: exactly the ARM operations ArmCompute
// (src/Guardrails.Infrastructure/Compute/ArmCompute.cs) and AzureMonitorMetricsClient make, nothing else.
// Deliberately NOT included: Microsoft.Compute/virtualMachines/write. Tagging goes through the Tags API
// (Microsoft.Resources/tags at the resource's scope), and write access to the Microsoft.Resources/tags resource
// type "lets you tag any resource, even if you don't have access to the resource itself" (Azure docs, "Use tags
// to organize your Azure resources", section "Required access"). VM write would also allow resizing, re-imaging...
// Also NOT included: Microsoft.Compute/virtualMachineScaleSets/deallocate/action. The app deallocates single
// scale-set instances (virtualMachineScaleSets/virtualMachines/deallocate/action), never a whole scale set.
// Operation names: Azure resource provider operations, Microsoft.Compute and Microsoft.Resources
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/resource-provider-operations.md).
targetScope = 'subscription'

@description('Display name of the custom role (unique in the tenant).')
param roleName string

@description('Resource ids of the subscriptions and resource groups where the role may be assigned.')
param assignableScopes string[]

@description('Also allow reading Azure Monitor metrics (VM CPU/network), only when telemetry comes from Azure Monitor.')
param readMetrics bool

var computeActions = [
  // ListGpuMachines: VMs of a subscription or resource group, with $expand=instanceView (power state).
  'Microsoft.Compute/virtualMachines/read'
  // The instance view as its own endpoint (.../instanceView); read-only, kept so that a change from
  // $expand=instanceView to the instanceView call does not break power-state reads.
  'Microsoft.Compute/virtualMachines/instanceView/read'
  'Microsoft.Compute/virtualMachines/deallocate/action'
  // Scale sets (SKU, tags, priority) and their instances, with the instances' instance views.
  'Microsoft.Compute/virtualMachineScaleSets/read'
  'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/read'
  'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/instanceView/read'
  'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/deallocate/action'
  // Mark-for-op tags through the Tags API: GET and PATCH {resourceId}/providers/Microsoft.Resources/tags/default.
  'Microsoft.Resources/tags/read'
  'Microsoft.Resources/tags/write'
]
// Azure Monitor "Metrics - List" on each VM ({vmId}/providers/Microsoft.Insights/metrics), instead of the built-in
// Monitoring Reader role, which grants */read on the whole scope.
var metricsActions = readMetrics ? ['Microsoft.Insights/metrics/read'] : []

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, roleName)
  properties: {
    roleName: roleName
    description: 'Guardrails: read VMs, scale sets and their instances, deallocate idle GPU VMs and scale-set instances, read and write mark-for-op tags.'
    type: 'CustomRole'
    permissions: [
      {
        actions: concat(computeActions, metricsActions)
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
