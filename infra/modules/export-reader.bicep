// Read access to the container that Cost Management exports into. The container may live in another storage
// account (often a central FinOps account), so this module is deployed at that account's resource group.
@description('Name of the storage account that receives the exports.')
param storageAccountName string

@description('Name of the export container.')
param containerName string

@description('Principal id of the app identity.')
param principalId string

@description('Grant the app Storage Blob Data Reader on the container; false when the exports land in the app account (Blob Data Contributor on that account already covers the reads).')
param grantRead bool

// Storage Blob Data Reader, id 2a2b9908-6ea1-4ae2-8e65-a410df84e7d1, from the Azure built-in roles table
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md).
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (grantRead) {
  name: guid(account::blobService::container.id, principalId, storageBlobDataReaderRoleId)
  scope: account::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The export account's blob endpoint (GuardrailsExports__blobServiceUri) and id (the export's destination).
output blobEndpoint string = account.properties.primaryEndpoints.blob
output accountId string = account.id
