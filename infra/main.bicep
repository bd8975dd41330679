// Guardrails on Azure: a Function App on the Flex Consumption plan that ingests Cost Management exports into
// Table Storage, watches GPU VMs for idleness, evaluates budgets and checks pull requests.
// Deploy into a resource group:  az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
// Every parameter is described in docs/infra.md.
targetScope = 'resourceGroup'

@description('A subscription, or a resource group in it, whose GPU VMs Guardrails may deallocate and tag.')
type guardedScope = {
  @description('Subscription id (GUID).')
  subscriptionId: string

  @description('Resource group name; omit to guard the whole subscription.')
  resourceGroupName: string?
}

@description('Azure region for every resource. Flex Consumption is available in a subset of regions.')
param location string = resourceGroup().location

@description('Short prefix for resource names (lowercase letters and digits).')
@minLength(2)
@maxLength(11)
param namePrefix string = 'guardrails'

@description('Tags applied to every resource.')
param tags object = {
  application: 'guardrails'
}

@description('Subscriptions and resource groups Guardrails guards (VM read/deallocate/tag, Cost Management Reader).')
param guardedScopes guardedScope[] = []

@description('Grant Monitoring Reader on the guarded scopes (only when GPU telemetry comes from Azure Monitor).')
param grantMonitoringReader bool = false

@description('Resource id of the storage account that receives Cost Management exports. Empty: the app storage account.')
param exportStorageAccountId string = ''

@description('Blob container that Cost Management exports into.')
@minLength(3)
@maxLength(63)
param exportContainerName string = 'cost-exports'

@description('NCRONTAB (six fields, UTC) for export discovery and ingestion.')
param ingestSchedule string = '0 30 */6 * * *'

@description('NCRONTAB (six fields, UTC) for GPU telemetry collection.')
param telemetrySchedule string = '0 */5 * * * *'

@description('NCRONTAB (six fields, UTC) for idle-GPU evaluation.')
param idleSchedule string = '0 */15 * * * *'

@description('NCRONTAB (six fields, UTC) for budget evaluation.')
param budgetSchedule string = '0 0 7 * * *'

@description('Let the app really deallocate and tag VMs. False keeps every action a dry run.')
param enableActions bool = false

@secure()
@description('GitHub webhook secret. Empty: set the Key Vault secret later.')
param githubWebhookSecret string = ''

@secure()
@description('Slack incoming-webhook URL. Empty: set the Key Vault secret later.')
param slackWebhookUrl string = ''

@secure()
@description('Teams incoming-webhook (workflow) URL. Empty: set the Key Vault secret later.')
param teamsWebhookUrl string = ''

@description('.NET isolated worker version on Flex Consumption.')
param runtimeVersion string = '10.0'

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  identity: 'id-${namePrefix}-${suffix}'
  storage: take('st${namePrefix}${suffix}', 24)
  serviceBus: 'sb-${namePrefix}-${suffix}'
  keyVault: take('kv-${namePrefix}-${suffix}', 24)
  logAnalytics: 'log-${namePrefix}-${suffix}'
  appInsights: 'appi-${namePrefix}-${suffix}'
  plan: 'plan-${namePrefix}-${suffix}'
  functionApp: 'func-${namePrefix}-${suffix}'
  deploymentContainer: 'app-package'
  topic: 'guardrail-events'
  operatorRole: 'Guardrails VM operator (${namePrefix}-${suffix})'
}

// Tables and queues the Functions use (docs/infra.md lists which feature owns which).
var tableNames = [
  'ledgerfacts' // daily cost facts and per-resource daily costs (the ledger; Pipeline__FactsTable)
  'ledgerruns' // export runs, parts and current-run pointers (Pipeline__RunsTable)
  'budgetalerts' // alert state machine: one row per (budget, kind, threshold, period)
  'budgets' // budgets from guardrails.yaml and operator-added ones (Budgets__BudgetsTable)
  'guardrailsaudit' // every idle / spending-limit decision (Idle__AuditTable; the dashboard's action log)
  'guardrailsgpurollups' // hourly GPU rollups per VM and GPU (Idle__RollupsTable)
  'guardrailsidlecost' // idle GPU cost per allocation key and day (Idle__IdleCostTable)
  'guardrailsownernotices' // owner notices sent, once per machine, policy and deadline (Idle__OwnerNoticeTable)
  'retailprices' // the cached Azure Retail Prices catalog
  'prchecks' // finished PR cost checks, one row per PR (PullRequests__ChecksTable; the dashboard's PR panel)
  'webhookdeliveries' // X-GitHub-Delivery ids already accepted (deduplication)
]
var queueNames = [
  'export-parts'
  'export-parts-poison'
  'actions'
  'pr-checks'
]
var secretNames = {
  githubWebhookSecret: 'github-webhook-secret'
  slackWebhookUrl: 'slack-webhook-url'
  teamsWebhookUrl: 'teams-webhook-url'
}

var exportInOwnAccount = empty(exportStorageAccountId)
var exportIdParts = split(exportStorageAccountId, '/')
var exportSubscriptionId = exportInOwnAccount ? subscription().subscriptionId : exportIdParts[2]
var exportResourceGroupName = exportInOwnAccount ? resourceGroup().name : exportIdParts[4]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    exportContainerName: exportContainerName
    tableNames: tableNames
    queueNames: queueNames
    principalId: identity.outputs.principalId
  }
}

module exportReader 'modules/export-reader.bicep' = {
  name: 'export-reader'
  scope: resourceGroup(exportSubscriptionId, exportResourceGroupName)
  params: {
    storageAccountName: exportInOwnAccount ? storage.outputs.name : last(exportIdParts)
    containerName: exportContainerName
    principalId: identity.outputs.principalId
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    namespaceName: names.serviceBus
    topicName: names.topic
    location: location
    tags: tags
    principalId: identity.outputs.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    secretNames: secretNames
    githubWebhookSecret: githubWebhookSecret
    slackWebhookUrl: slackWebhookUrl
    teamsWebhookUrl: teamsWebhookUrl
  }
}

// The custom role lives in this deployment's subscription and may be assigned on every guarded scope.
var guardedScopeIds = [
  for scope in guardedScopes: empty(scope.?resourceGroupName ?? '')
    ? '/subscriptions/${scope.subscriptionId}'
    : '/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.?resourceGroupName}'
]
var guardedSubscriptions = filter(guardedScopes, scope => empty(scope.?resourceGroupName ?? ''))
var guardedResourceGroups = filter(guardedScopes, scope => !empty(scope.?resourceGroupName ?? ''))

module operatorRole 'modules/guardrails-operator-role.bicep' = if (!empty(guardedScopes)) {
  name: 'guardrails-operator-role'
  scope: subscription()
  params: {
    roleName: names.operatorRole
    assignableScopes: guardedScopeIds
  }
}

module guardedSubscriptionRoles 'modules/guarded-subscription.bicep' = [
  for scope in guardedSubscriptions: {
    name: 'guarded-${uniqueString(scope.subscriptionId)}'
    scope: subscription(scope.subscriptionId)
    params: {
      principalId: identity.outputs.principalId
      operatorRoleDefinitionName: operatorRole.?outputs.roleDefinitionName ?? ''
      grantMonitoringReader: grantMonitoringReader
    }
  }
]

module guardedResourceGroupRoles 'modules/guarded-resource-group.bicep' = [
  for scope in guardedResourceGroups: {
    name: 'guarded-${uniqueString(scope.subscriptionId, scope.?resourceGroupName ?? '')}'
    scope: resourceGroup(scope.subscriptionId, scope.?resourceGroupName ?? '')
    params: {
      principalId: identity.outputs.principalId
      operatorRoleDefinitionName: operatorRole.?outputs.roleDefinitionName ?? ''
      grantMonitoringReader: grantMonitoringReader
    }
  }
]

var keyVaultReference = 'SecretUri=${keyVault.outputs.vaultUri}secrets'

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: monitoring.outputs.appInsightsName
    runtimeVersion: runtimeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: {
      // The pipeline's storage (tables, export-parts queue, export containers) through the identity: the same
      // "GuardrailsStorage" connection serves the app's clients (StorageConnectionOptions) and the queue trigger.
      GuardrailsStorage__blobServiceUri: storage.outputs.blobEndpoint
      GuardrailsStorage__queueServiceUri: storage.outputs.queueEndpoint
      GuardrailsStorage__tableServiceUri: storage.outputs.tableEndpoint
      GuardrailsStorage__credential: 'managedidentity'
      GuardrailsStorage__clientId: identity.outputs.clientId
      IngestSchedule: ingestSchedule
      Pipeline__ExportContainers: exportContainerName
      Pipeline__PartsQueue: 'export-parts'
      Pipeline__FactsTable: 'ledgerfacts'
      Pipeline__RunsTable: 'ledgerruns'
      // Must equal host.json extensions.queues.maxDequeueCount.
      Pipeline__MaxDequeueCount: '5'
      PullRequests__ChecksTable: 'prchecks'
      // Where exports land when they are not in the app account (read-only for the app; see docs/infra.md).
      Exports__BlobServiceUri: exportReader.outputs.blobEndpoint
      Exports__ContainerName: exportContainerName
      TelemetrySchedule: telemetrySchedule
      IdleSchedule: idleSchedule
      BudgetSchedule: budgetSchedule
      Actions__DryRun: string(!enableActions)
      // Channels in guardrails.yaml name these settings (webhookUrlSetting / connectionSetting).
      GUARDRAILS_SERVICEBUS: serviceBus.outputs.fullyQualifiedNamespace
      GUARDRAILS_EVENTS_TOPIC: serviceBus.outputs.topicName
      GITHUB_WEBHOOK_SECRET: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.githubWebhookSecret})'
      SLACK_FINOPS_WEBHOOK_URL: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.slackWebhookUrl})'
      TEAMS_ONCALL_WEBHOOK_URL: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.teamsWebhookUrl})'
    }
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
