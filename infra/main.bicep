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

@description('Subscriptions and resource groups Guardrails guards (read VMs and scale sets, deallocate, tag).')
param guardedScopes guardedScope[] = []

@description('Let the app read Azure Monitor metrics on the guarded scopes (Microsoft.Insights/metrics/read in the operator role) and use them (Idle__AzureMonitorMetrics).')
param grantMonitoringReader bool = false

@description('DCGM exporter\'s Prometheus base URL reachable from the app (e.g. http://prometheus.internal:9090). Empty: no Prometheus telemetry.')
param prometheusUrl string = ''

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

@description('NCRONTAB (six fields, UTC) for refreshing the cached Azure Retail Prices catalog.')
param priceRefreshSchedule string = '0 15 3 * * *'

@description('NCRONTAB (six fields, UTC) for right-sizing GPU VMs from their stored hourly rollups (recommendations only).')
param rightSizeSchedule string = '0 45 6 * * *'

@description('Let the app really deallocate and tag VMs. False keeps every action a dry run.')
param enableActions bool = false

@secure()
@description('GitHub webhook secret. Empty: set the Key Vault secret later.')
param githubWebhookSecret string = ''

@description('How the app authenticates to GitHub: token (GitHub__Token) or app (GitHub__AppId + GitHub__AppPrivateKey).')
@allowed([
  'token'
  'app'
])
param githubAuth string = 'token'

@secure()
@description('GitHub token for githubAuth=token (Key Vault secret github-token). Empty: set the Key Vault secret later.')
param githubToken string = ''

@description('GitHub App id for githubAuth=app.')
param githubAppId string = ''

@secure()
@description('GitHub App private key (PEM) for githubAuth=app (Key Vault secret github-app-private-key). Empty: set the Key Vault secret later.')
param githubAppPrivateKey string = ''

@description('GitHub REST API base URL (GitHub Enterprise Server: https://<host>/api/v3/).')
param githubApiBaseUrl string = 'https://api.github.com/'

@description('Regions whose retail prices PR checks load (comma-separated ARM region names).')
param pullRequestPriceRegions string = 'eastus,eastus2,westus2,westus3,northeurope,westeurope,southcentralus,swedencentral,uksouth'

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

@description('Declare the Cost Management export (FOCUS, daily, month to date) of this deployment\'s subscription into the export container. False: create it yourself (docs/infra.md) or keep an existing one.')
param createCostExport bool = true

@description('Name of the Cost Management export.')
@minLength(3)
@maxLength(64)
param costExportName string = 'guardrailsfocus'

@description('Folder inside the export container that the export writes under.')
param costExportRootFolder string = 'costs'

@description('FOCUS dataset version of the export (1.0, 1.0r2 or 1.2-preview; the pipeline reads FOCUS 1.0 to 1.2).')
param costExportDataVersion string = '1.0r2'

@description('Start of the export schedule (ISO 8601 UTC, must be in the future; default: one day after the deployment, as the FinOps toolkit does); the schedule runs five years from it.')
param costExportStartTime string = dateTimeAdd(utcNow('yyyy-MM-ddTHH:mm:ssZ'), 'P1D')

@description('Action group resource id notified when the app writes tags on a guarded scope; empty: alert without notification.')
param tagWriteAlertActionGroupId string = ''

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
  pushContainer: 'gpu-telemetry'
  topic: 'guardrail-events'
  tagWriteAlert: 'alert-${namePrefix}-tag-writes-${suffix}'
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
  githubToken: 'github-token'
  githubAppPrivateKey: 'github-app-private-key'
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
    pushContainerName: names.pushContainer
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
    grantRead: !exportInOwnAccount
  }
}

// The export of this deployment's subscription into the export container (docs/infra.md: the same with the CLI).
module costExport 'modules/cost-export.bicep' = if (createCostExport) {
  name: 'cost-export'
  scope: subscription()
  params: {
    name: costExportName
    storageAccountId: exportReader.outputs.accountId
    containerName: exportContainerName
    rootFolderPath: costExportRootFolder
    dataVersion: costExportDataVersion
    startTime: costExportStartTime
  }
}

module costExportWriter 'modules/export-writer.bicep' = if (createCostExport) {
  name: 'export-writer'
  scope: resourceGroup(exportSubscriptionId, exportResourceGroupName)
  params: {
    storageAccountName: exportInOwnAccount ? storage.outputs.name : last(exportIdParts)
    containerName: exportContainerName
    principalId: costExport.?outputs.principalId ?? ''
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
    githubToken: githubToken
    githubAppPrivateKey: githubAppPrivateKey
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
    readMetrics: grantMonitoringReader
  }
}

module guardedSubscriptionRoles 'modules/guarded-subscription.bicep' = [
  for scope in guardedSubscriptions: {
    name: 'guarded-${uniqueString(scope.subscriptionId)}'
    scope: subscription(scope.subscriptionId)
    params: {
      principalId: identity.outputs.principalId
      operatorRoleDefinitionName: operatorRole.?outputs.roleDefinitionName ?? ''
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
    }
  }
]

// Tag writes by the app on guarded scopes of this subscription raise an Activity Log alert (docs/infra.md explains
// why Microsoft.Resources/tags/write cannot be narrowed to the guardrails:* keys). Activity Log alerts watch one
// subscription; guarded scopes in other subscriptions need their own alert (docs/infra.md).
var localGuardedScopeIds = filter(
  guardedScopeIds,
  id => toLower(id) == toLower(subscription().id) || startsWith(toLower(id), '${toLower(subscription().id)}/')
)

module tagWriteAlert 'modules/tag-write-alert.bicep' = if (!empty(localGuardedScopeIds)) {
  name: 'tag-write-alert'
  params: {
    name: names.tagWriteAlert
    tags: tags
    scopes: localGuardedScopeIds
    principalId: identity.outputs.principalId
    clientId: identity.outputs.clientId
    actionGroupId: tagWriteAlertActionGroupId
  }
}

var keyVaultReference = 'SecretUri=${keyVault.outputs.vaultUri}secrets'

// The settings the Functions read (docs/infra.md, "App settings", lists each with its reader). The host settings
// (AzureWebJobsStorage__*, AZURE_CLIENT_ID, APPLICATIONINSIGHTS_*) and Budgets__DashboardUrl (from the site's host
// name) are added in modules/functionapp.bicep. Secrets are Key Vault references only, never values.
var appSettings = {
  // The app's own storage (tables, queues export-parts / actions / pr-checks, push container) through the identity:
  // the same "GuardrailsStorage" connection serves the app's clients and the queue triggers.
  GuardrailsStorage__blobServiceUri: storage.outputs.blobEndpoint
  GuardrailsStorage__queueServiceUri: storage.outputs.queueEndpoint
  GuardrailsStorage__tableServiceUri: storage.outputs.tableEndpoint
  GuardrailsStorage__credential: 'managedidentity'
  GuardrailsStorage__clientId: identity.outputs.clientId
  // Where Cost Management exports land (read-only for the app; may be another account).
  GuardrailsExports__blobServiceUri: exportReader.outputs.blobEndpoint
  GuardrailsExports__credential: 'managedidentity'
  GuardrailsExports__clientId: identity.outputs.clientId
  Pipeline__ExportContainers: exportContainerName
  Pipeline__PartsQueue: 'export-parts'
  Pipeline__FactsTable: 'ledgerfacts'
  Pipeline__RunsTable: 'ledgerruns'
  // Must equal host.json extensions.queues.maxDequeueCount.
  Pipeline__MaxDequeueCount: '5'
  // Timer schedules (%Name% in the TimerTrigger attributes).
  IngestSchedule: ingestSchedule
  TelemetrySchedule: telemetrySchedule
  IdleSchedule: idleSchedule
  BudgetSchedule: budgetSchedule
  PriceRefreshSchedule: priceRefreshSchedule
  RightSizeSchedule: rightSizeSchedule
  // guardrails.yaml is published next to the app.
  GuardrailsConfigPath: 'guardrails.yaml'
  Actions__DryRun: string(!enableActions)
  Idle__Scopes: join(guardedScopeIds, ',')
  Idle__ArmEndpoint: environment().resourceManager
  Idle__AzureMonitorMetrics: string(grantMonitoringReader)
  Idle__PrometheusUrl: prometheusUrl
  GuardrailEvents__ServiceBus: serviceBus.outputs.fullyQualifiedNamespace
  GuardrailEvents__Topic: serviceBus.outputs.topicName
  // Channels in the shipped guardrails.yaml name these settings (webhookUrlSetting).
  TEAMS_ONCALL_WEBHOOK_URL: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.teamsWebhookUrl})'
  SLACK_FINOPS_WEBHOOK_URL: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.slackWebhookUrl})'
  GitHub__WebhookSecret: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.githubWebhookSecret})'
  GitHub__ApiBaseUrl: githubApiBaseUrl
  PullRequests__ChecksTable: 'prchecks'
  PullRequests__PriceRegions: pullRequestPriceRegions
  Dashboard__Basis: 'effective'
}

// Only the chosen GitHub credential is emitted.
var githubAuthSettings = githubAuth == 'app'
  ? {
      GitHub__AppId: githubAppId
      GitHub__AppPrivateKey: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.githubAppPrivateKey})'
    }
  : {
      GitHub__Token: '@Microsoft.KeyVault(${keyVaultReference}/${secretNames.githubToken})'
    }

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
    appSettings: union(appSettings, githubAuthSettings)
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output keyVaultName string = keyVault.outputs.name
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
