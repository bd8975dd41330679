// Service Bus namespace with the outbound event topic (alerts and actions as CloudEvents JSON for other
// systems). Local (SAS) auth is disabled; the app may only SEND, and only to this topic.
@description('Service Bus namespace name.')
param namespaceName string

@description('Topic the app publishes guardrail events to.')
param topicName string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object

@description('Principal id of the app identity.')
param principalId string

// Azure Service Bus Data Sender, id 69a216fc-b8fb-44d8-bc22-1f3c2cd27a39, from the Azure built-in roles table
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md).
var serviceBusDataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    // Topics need Standard or Premium.
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, serviceBusDataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSenderRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// serviceBusEndpoint looks like https://<name>.servicebus.windows.net:443/ ; the SDK wants the bare host name.
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
output topicName string = topic.name
