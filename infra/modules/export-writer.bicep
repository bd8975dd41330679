// Write access for the Cost Management export's system-assigned identity on the export container (and nothing
// else): the storage account has shared keys disabled, so the export cannot use a key or a SAS. Deployed at the
// export account's resource group, like export-reader.bicep.
@description('Name of the storage account that receives the exports.')
param storageAccountName string

@description('Name of the export container.')
param containerName string

@description('Principal id of the export\'s system-assigned identity.')
param principalId string

// Storage Blob Data Contributor, id ba92f5b4-2d11-453d-a403-e96b0029c9fe, from the Azure built-in roles table
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md).
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource writer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account::blobService::container.id, principalId, storageBlobDataContributorRoleId)
  scope: account::blobService::container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
