// Role assignment on one guarded resource group: the Guardrails operator custom role, nothing else.
// (No Cost Management Reader: the app reads costs from the exports in storage and never calls Cost Management.
// No Monitoring Reader: Azure Monitor metrics reads are an action of the operator role when enabled.)
targetScope = 'resourceGroup'

@description('Principal id of the app identity.')
param principalId string

@description('GUID (name) of the Guardrails operator custom role definition.')
param operatorRoleDefinitionName string

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, operatorRoleDefinitionName)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRoleDefinitionName)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
