// Activity Log alert: fires on every tag write (Microsoft.Resources/tags/write) by the app's identity on the
// guarded scopes of this subscription. Tags/write cannot be narrowed to the guardrails:* keys by Azure RBAC or ABAC
// (docs/infra.md), so a write the app did not audit is something to look at. Activity Log alerts are free.
@description('Alert rule name.')
param name string

@description('Tags applied to the resource.')
param tags object

@description('Guarded scope ids in this subscription (subscription or resource group ids; prefixes of the events\' resource ids).')
param scopes string[]

@description('Principal (object) id of the app identity.')
param principalId string

@description('Client (application) id of the app identity.')
param clientId string

@description('Action group resource id to notify; empty: the alert only shows in Azure Monitor alerts.')
param actionGroupId string

resource alert 'Microsoft.Insights/activityLogAlerts@2020-10-01' = {
  name: name
  // Activity Log alerts are global resources.
  location: 'global'
  tags: tags
  properties: {
    description: 'Guardrails identity wrote tags (Microsoft.Resources/tags/write) on a guarded scope. Compare with the guardrailsaudit table.'
    enabled: true
    scopes: scopes
    condition: {
      allOf: [
        {
          field: 'category'
          equals: 'Administrative'
        }
        {
          field: 'operationName'
          equals: 'Microsoft.Resources/tags/write'
        }
        {
          // The Activity Log's caller for a managed identity is one of its ids; match either.
          anyOf: [
            {
              field: 'caller'
              equals: principalId
            }
            {
              field: 'caller'
              equals: clientId
            }
          ]
        }
      ]
    }
    actions: {
      actionGroups: empty(actionGroupId)
        ? []
        : [
            {
              actionGroupId: actionGroupId
            }
          ]
    }
  }
}
