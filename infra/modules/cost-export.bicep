// The Cost Management export that feeds the pipeline: FOCUS cost and usage, daily, month to date, gzip CSV
// partitioned with a manifest, into the export container. Deployed at the subscription it exports.
// Schema: Microsoft.CostManagement/exports 2025-03-01 (REST API "Exports - Create Or Update", api-version
// 2025-03-01; the Bicep 0.49.2 type library knows it). The storage account has shared keys disabled, so the
// export writes with a system-assigned managed identity (identity + location, which the API asks for only then);
// export-writer.bicep grants that identity Storage Blob Data Contributor on the container.
// The subscription needs the Microsoft.CostManagementExports resource provider registered (docs/infra.md).
targetScope = 'subscription'

@description('Export name, unique in the subscription.')
@minLength(3)
@maxLength(64)
param name string

@description('Resource id of the storage account the export writes to.')
param storageAccountId string

@description('Blob container the export writes to.')
param containerName string

@description('Folder inside the container; blobs land under {rootFolderPath}/{name}/{yyyyMMdd-yyyyMMdd}/{runId}/.')
param rootFolderPath string

@description('FOCUS dataset version (dataSet.configuration.dataVersion), such as 1.0, 1.0r2 or 1.2-preview.')
param dataVersion string

@description('Start of the schedule (ISO 8601, UTC, in the future: Cost Management rejects a start in the past).')
param startTime string

resource export 'Microsoft.CostManagement/exports@2025-03-01' = {
  name: name
  // Where the export's managed identity lives; 'global' as the FinOps toolkit's New-FinOpsCostExport uses.
  location: 'global'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    exportDescription: 'Guardrails: FOCUS cost and usage, daily, month to date (read by the DiscoverExports / IngestExportPart functions).'
    definition: {
      type: 'FocusCost'
      timeframe: 'MonthToDate'
      dataSet: {
        granularity: 'Daily'
        configuration: {
          dataVersion: dataVersion
        }
      }
    }
    schedule: {
      status: 'Active'
      recurrence: 'Daily'
      recurrencePeriod: {
        from: startTime
        to: dateTimeAdd(startTime, 'P5Y')
      }
    }
    format: 'Csv'
    // Gzip is the compression for CSV (Snappy is for Parquet); the pipeline reads .csv.gz.
    compressionMode: 'gzip'
    // Partitioned output with manifest.json, as DiscoverExports expects.
    partitionData: true
    // Keep every run in its own folder: the pipeline switches to a newer run only once it is fully ingested,
    // so a run it is still reading is never overwritten underneath it.
    dataOverwriteBehavior: 'CreateNewReport'
    deliveryInfo: {
      destination: {
        type: 'AzureBlob'
        resourceId: storageAccountId
        container: containerName
        rootFolderPath: rootFolderPath
      }
    }
  }
}

output id string = export.id
output name string = export.name
output principalId string = export.identity.principalId
