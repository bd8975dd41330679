using System.Reflection;
using NetArchTest.Rules;

namespace Guardrails.Core.Tests;

/// <summary>
/// Core reads as the pipeline: its namespaces form a graph without cycles, in this order (each may use only the ones
/// before it), and Core references no Azure SDK. A new back-edge, a new namespace not placed here, or an Azure
/// reference fails the build's tests. docs/architecture.md draws the same order.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>Leaf first: shared value types, chat cards and prices, then ingest → allocate → ledger → the features → reports.</summary>
    public static readonly string[] Layers =
    [
        "Common",
        "Notifications",
        "Pricing",
        "Carbon",
        "Configuration",
        "Billing",
        "Allocation",
        "Ledger",
        "Telemetry",
        "Events",
        "Actions",
        "Alerts",
        "Idle",
        "RightSizing",
        "Budgets",
        "PullRequests",
        "Reporting",
    ];

    private static readonly Assembly s_core = typeof(Guardrails.Core.Ledger.DailyCostFact).Assembly;

    private static string Ns(string layer) => "Guardrails.Core." + layer;

    [Fact]
    public void Every_core_namespace_has_its_place_in_the_layer_order()
    {
        var unplaced = s_core.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith("Guardrails.Core", StringComparison.Ordinal))
            .Select(ns => ns.Split('.').ElementAtOrDefault(2) ?? "(root)")
            .Distinct()
            .Where(layer => !Layers.Contains(layer))
            .Order()
            .ToList();
        Assert.True(unplaced.Count == 0, $"Core namespaces not in ArchitectureTests.Layers: {string.Join(", ", unplaced)}. Place each where it reads in the pipeline.");
    }

    public static TheoryData<string> LayerNames() => [.. Layers];

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void A_layer_uses_only_the_layers_before_it(string layer)
    {
        var later = Layers.SkipWhile(l => l != layer).Skip(1).Select(Ns).ToArray();
        if (later.Length == 0) return; // the last layer may use every other one
        var result = Types.InAssembly(s_core).That().ResideInNamespace(Ns(layer)).ShouldNot().HaveDependencyOnAny(later).GetResult();
        Assert.True(result.IsSuccessful,
            $"{layer} uses a later layer ({string.Join(", ", later)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_check_sees_a_back_edge()
    {
        // Budgets uses Actions (spending limits ask for actions), so Actions → Budgets would be a cycle: the rule must see the edge.
        var result = Types.InAssembly(s_core).That().ResideInNamespace(Ns("Budgets")).ShouldNot().HaveDependencyOn(Ns("Actions")).GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Core_references_no_azure_sdk()
    {
        var result = Types.InAssembly(s_core).ShouldNot().HaveDependencyOnAny("Azure", "Microsoft.Azure", "Microsoft.WindowsAzure").GetResult();
        Assert.True(result.IsSuccessful, $"Core types referencing Azure: {string.Join(", ", result.FailingTypeNames ?? [])}");
        Assert.DoesNotContain(s_core.GetReferencedAssemblies(), a => a.Name!.StartsWith("Azure", StringComparison.Ordinal));
    }
}
