// Role assignments on one guarded subscription: the Guardrails operator custom role and Cost Management Reader.
targetScope = 'subscription'

@description('Principal id of the app identity.')
param principalId string

@description('GUID (name) of the Guardrails operator custom role definition.')
param operatorRoleDefinitionName string

@description('Also grant Monitoring Reader (only needed when GPU telemetry comes from Azure Monitor metrics).')
param grantMonitoringReader bool

// Built-in role ids from the Azure built-in roles table
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md):
// Cost Management Reader 72fafb9e-0641-4937-9268-a91bfd8191a3, Monitoring Reader 43d0d8ad-25c7-4714-9337-8ba259a9fe05.
var costManagementReaderRoleId = '72fafb9e-0641-4937-9268-a91bfd8191a3'
var monitoringReaderRoleId = '43d0d8ad-25c7-4714-9337-8ba259a9fe05'

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, operatorRoleDefinitionName)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRoleDefinitionName)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource costReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, costManagementReaderRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', costManagementReaderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource monitoringReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantMonitoringReader) {
  name: guid(subscription().id, principalId, monitoringReaderRoleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringReaderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
