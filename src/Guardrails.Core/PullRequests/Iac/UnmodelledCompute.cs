namespace Guardrails.Core.PullRequests.Iac;

/// <summary>
/// Resource types that run (or reserve) virtual machines but have no cost model here, in both languages: each is
/// unknown — listed as not priced, failing the gate — never free and never a silent "not estimated". Also the ARM names of
/// the compute types that are priced, so that every reader (and an AzAPI resource's <c>type</c>) tells compute by one list.
/// </summary>
internal static class UnmodelledCompute
{
    public const string Reason = "compute resource type without a cost model in Guardrails";

    private static readonly HashSet<string> s_armTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
        "Microsoft.Compute/hostGroups/hosts",
        "Microsoft.ContainerService/managedClusters/agentPools/machines",
        "Microsoft.ContainerInstance/containerGroups",
        "Microsoft.HDInsight/clusters",
        "Microsoft.Synapse/workspaces/bigDataPools",
        "Microsoft.ServiceFabric/managedClusters/nodeTypes",
        "Microsoft.DesktopVirtualization/hostPools",
        "Microsoft.AppPlatform/Spring",
        "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
        "Microsoft.MachineLearningServices/registries/models",
    };

    private static readonly HashSet<string> s_terraformTypes = new(StringComparer.Ordinal)
    {
        "azurerm_dedicated_host",
        "azurerm_kubernetes_cluster_extension",
        "azurerm_container_group",
        "azurerm_hdinsight_hadoop_cluster",
        "azurerm_hdinsight_hbase_cluster",
        "azurerm_hdinsight_interactive_query_cluster",
        "azurerm_hdinsight_kafka_cluster",
        "azurerm_hdinsight_spark_cluster",
        "azurerm_synapse_spark_pool",
        "azurerm_machine_learning_synapse_spark",
        "azurerm_service_fabric_managed_cluster",
        "azurerm_virtual_desktop_host_pool",
        "azurerm_spring_cloud_service",
    };

    public const string VirtualMachines = "Microsoft.Compute/virtualMachines";
    public const string ScaleSets = "Microsoft.Compute/virtualMachineScaleSets";
    public const string MachineLearningComputes = "Microsoft.MachineLearningServices/workspaces/computes";
    public const string ManagedClusters = "Microsoft.ContainerService/managedClusters";
    public const string AgentPools = "Microsoft.ContainerService/managedClusters/agentPools";
    public const string OnlineDeployments = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";
    public const string BatchPools = "Microsoft.Batch/batchAccounts/pools";
    /// <summary>A nested deployment: it deploys a whole template, compute or not.</summary>
    public const string NestedDeployments = "Microsoft.Resources/deployments";

    /// <summary>The ARM types the Bicep and ARM readers price (<see cref="BicepResourceReader"/> dispatches on the same names).</summary>
    private static readonly HashSet<string> s_pricedArmTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        VirtualMachines, ScaleSets, MachineLearningComputes, ManagedClusters, AgentPools, OnlineDeployments, BatchPools,
    };

    public static bool IsArmType(string type) => s_armTypes.Contains(type);

    /// <summary>An ARM type that runs or reserves machines: priced by the ARM readers, or compute without a cost model.</summary>
    public static bool IsArmCompute(string type) => s_pricedArmTypes.Contains(type) || s_armTypes.Contains(type);

    public static bool IsTerraformType(string type) => s_terraformTypes.Contains(type);
}
