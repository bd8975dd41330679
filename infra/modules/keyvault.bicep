// Key Vault (RBAC mode) for the secrets the app reads through Key Vault references: the GitHub webhook secret,
// the GitHub credential (a token or a GitHub App private key) and the Slack and Teams incoming-webhook URLs. A secret is written only when a value is given; otherwise an
// operator sets it later (`az keyvault secret set`) and the app's versionless reference resolves on restart.
@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the resources.')
param tags object

@description('Principal id of the app identity (gets Key Vault Secrets User on this vault).')
param principalId string

@description('Secret names in the vault, by role: githubWebhookSecret, githubToken, githubAppPrivateKey, slackWebhookUrl, teamsWebhookUrl.')
param secretNames object

@secure()
@description('GitHub webhook secret (HMAC key). Empty: leave the secret to be set later.')
param githubWebhookSecret string

@secure()
@description('GitHub token (e.g. a fine-grained personal access token) for githubAuth=token. Empty: leave the secret to be set later.')
param githubToken string

@secure()
@description('GitHub App private key (PEM) for githubAuth=app. Empty: leave the secret to be set later.')
param githubAppPrivateKey string

@secure()
@description('Slack incoming-webhook URL. Empty: leave the secret to be set later.')
param slackWebhookUrl string

@secure()
@description('Teams incoming-webhook (workflow) URL. Empty: leave the secret to be set later.')
param teamsWebhookUrl string

// Key Vault Secrets User, id 4633458b-17de-408a-b874-0445c86b69e6, from the Azure built-in roles table
// (MicrosoftDocs/azure-docs, articles/role-based-access-control/built-in-roles.md).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource githubSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(githubWebhookSecret)) {
  parent: vault
  name: secretNames.githubWebhookSecret
  properties: {
    value: githubWebhookSecret
    contentType: 'text/plain'
  }
}

resource githubTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(githubToken)) {
  parent: vault
  name: secretNames.githubToken
  properties: {
    value: githubToken
    contentType: 'text/plain'
  }
}

resource githubAppKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(githubAppPrivateKey)) {
  parent: vault
  name: secretNames.githubAppPrivateKey
  properties: {
    value: githubAppPrivateKey
    contentType: 'application/x-pem-file'
  }
}

resource slackSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(slackWebhookUrl)) {
  parent: vault
  name: secretNames.slackWebhookUrl
  properties: {
    value: slackWebhookUrl
    contentType: 'text/uri'
  }
}

resource teamsSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(teamsWebhookUrl)) {
  parent: vault
  name: secretNames.teamsWebhookUrl
  properties: {
    value: teamsWebhookUrl
    contentType: 'text/uri'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
// Base URI such as https://<name>.vault.azure.net/ ; references are built as '<vaultUri>secrets/<name>'.
output vaultUri string = vault.properties.vaultUri
