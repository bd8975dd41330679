// Demo input written for Guardrails (not from upstream). Shape follows the AmlCompute resource in
// fixtures/bicep/azure-quickstart-templates_machine-learning-end-to-end-secure_modules_machinelearningcompute.bicep.
@description('Azure region of the cluster')
param location string = 'westeurope'

@description('GPU size of the training cluster')
param clusterVmSize string = 'Standard_NC24ads_A100_v4'

var maxNodes = 2

resource trainingCluster 'Microsoft.MachineLearningServices/workspaces/computes@2024-04-01' = {
  name: 'mlw-vision/gpu-cluster'
  location: location
  tags: {
    team: 'vision'
    project: 'detector'
  }
  properties: {
    computeType: 'AmlCompute'
    properties: {
      vmSize: clusterVmSize
      vmPriority: 'Dedicated'
      scaleSettings: {
        minNodeCount: 0
        maxNodeCount: maxNodes // autoscale ceiling
      }
    }
  }
}
