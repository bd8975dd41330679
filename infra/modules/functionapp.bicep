// Function App on the Flex Consumption plan (FC1), .NET isolated worker. It runs as the user-assigned identity:
// the host's storage, the deployment package, Key Vault references and Application Insights all use it.
// Flex Consumption sets the runtime in functionAppConfig.runtime; it rejects FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION app settings, so they are not set here.
@description('Function App name (also the host name prefix).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the user-assigned identity.')
param identityClientId string

@description('Name of the app storage account (AzureWebJobsStorage and the deployment container).')
param storageAccountName string

@description('Blob endpoint of the app storage account, such as https://<account>.blob.core.windows.net/.')
param storageBlobEndpoint string

@description('Container holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('.NET isolated worker version.')
param runtimeVersion string

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Application settings the Functions read (name to value), merged after the host settings.')
param appSettings object

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var hostSettings = {
  // Host storage through the identity: https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // DefaultAzureCredential in the app's own clients (Tables, Blobs, Service Bus, ARM) picks the identity up.
  AZURE_CLIENT_ID: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }
}

// Settings derived from the site itself. The settings resource is a child of the site, so reading the site's
// default host name here adds no cycle (main.bicep cannot pass it in: it only exists once the site does).
var siteSettings = {
  // Links in budget alerts (Teams/Slack cards) point at the deployed dashboard, never at localhost.
  Budgets__DashboardUrl: 'https://${app.properties.defaultHostName}/api/dashboard'
}

// All app settings in one resource: the host settings, then the ones the Functions read, then the site-derived ones.
resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: union(hostSettings, appSettings, siteSettings)
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
