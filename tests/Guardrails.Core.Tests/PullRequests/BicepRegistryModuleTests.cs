using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>
/// A Bicep registry module (<c>br/public:avm/res/compute/virtual-machine:0.11.0</c>, the Azure Verified Modules) is
/// published as its compiled ARM template: the deployed check fetches it (<see cref="IBicepModuleRegistry"/>) and reads it
/// with the values the call passes, so a GPU VM deployed through a Verified Module is priced on the call's line. Before,
/// every registry module call was "registry module … is not read" and failed the gate whatever it deployed. The template
/// here is the Verified Module's real compiled ARM (public corpus, avm-arm-json/compute-virtual-machine.json).
/// </summary>
public sealed class BicepRegistryModuleTests
{
    private const string Head = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Base = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string Source = "br/public:avm/res/compute/virtual-machine:0.11.0";

    private static readonly string s_template =
        File.ReadAllText(Repo.TestData("pull-requests", "public-iac-corpus", "avm-arm-json", "compute-virtual-machine.json"));

    private static string MainBicep(string size, string source = Source) => $$"""
        module gpu '{{source}}' = {
          name: 'gpu'
          params: {
            name: 'trainer'
            location: 'westeurope'
            vmSize: '{{size}}'
            osType: 'Linux'
            zone: 0
            adminUsername: 'azureuser'
            imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest' }
            nicConfigurations: []
            osDisk: { managedDisk: { storageAccountType: 'Premium_LRS' } }
          }
        }
        """;

    private sealed class FakeRegistry(Dictionary<string, string> templates) : IBicepModuleRegistry
    {
        public List<string> Asked { get; } = [];

        public Task<string?> GetCompiledTemplateAsync(BicepRegistryReference reference, CancellationToken cancellationToken = default)
        {
            Asked.Add(reference.Key);
            return Task.FromResult(templates.GetValueOrDefault(reference.Key));
        }
    }

    [Theory]
    [InlineData("br/public:avm/res/compute/virtual-machine:0.11.0", "mcr.microsoft.com/bicep/avm/res/compute/virtual-machine:0.11.0")]
    [InlineData("br:mcr.microsoft.com/bicep/avm/res/compute/virtual-machine:0.11.0", "mcr.microsoft.com/bicep/avm/res/compute/virtual-machine:0.11.0")]
    [InlineData("br:Contoso.azurecr.io/bicep/modules/vm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "contoso.azurecr.io/bicep/modules/vm@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("br/ContosoRegistry:modules/vm:v1", null)] // an alias of a bicepconfig.json: not resolved
    [InlineData("br:host/repo", null)] // no tag
    [InlineData("br:host/../../x:1", null)]
    [InlineData("br:host/repo:1?x=y", null)]
    [InlineData("ts:sub/rg/spec:1", null)]
    public void A_reference_is_one_registry_repository_and_tag_whatever_the_spelling(string source, string? key) =>
        Assert.Equal(key, BicepRegistryReference.TryParse(source)?.Key);

    [Fact]
    public void A_fetched_registry_module_is_read_with_the_values_passed_and_shown_on_the_call_s_line()
    {
        var registry = new Dictionary<string, string> { [BicepRegistryReference.TryParse(Source)!.Key] = s_template };

        var r = IacReader.ReadAll(new Dictionary<string, string> { ["main.bicep"] = MainBicep("Standard_NC24ads_A100_v4") }, null, registry);

        var vm = Assert.Single(r.Resources, x => x.Type == "Microsoft.Compute/virtualMachines");
        Assert.Equal(("main.bicep", 1, "Standard_NC24ads_A100_v4", 1m), (vm.File, vm.Line, vm.Sku, vm.Quantity));
        Assert.StartsWith("gpu/", vm.Name, StringComparison.Ordinal);
        Assert.Contains("from the registry module mcr.microsoft.com/bicep/avm/res/compute/virtual-machine:0.11.0", vm.Notes);
    }

    [Fact]
    public async Task The_check_fetches_each_registry_module_once_and_prices_the_change_of_size()
    {
        var github = new PullRequestCheckerTests.FakeGitHub(new() { [Base] = new() { ["main.bicep"] = MainBicep("Standard_NC4as_T4_v3") }, [Head] = new() { ["main.bicep"] = MainBicep("Standard_NC24ads_A100_v4") } },
            [new ChangedFile("main.bicep", "modified", null)]);
        var registry = new FakeRegistry(new() { [BicepRegistryReference.TryParse(Source)!.Key] = s_template });
        var checker = new PullRequestChecker(github, SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new NullBudgetContextProvider(), TimeProvider.System,
            registry: registry);

        var e = (await checker.CheckAsync(new("octo", "infra", 7, Head, Base, "synchronize", "d-1", null, null, null, DateTimeOffset.UnixEpoch))).Estimate!;

        Assert.Equal(["mcr.microsoft.com/bicep/avm/res/compute/virtual-machine:0.11.0"], registry.Asked);
        var vm = Assert.Single(e.Resources, x => x.Type == "Microsoft.Compute/virtualMachines");
        Assert.Equal(("Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"), (vm.Base?.Sku, vm.Head?.Sku));
        Assert.True(e.DiffMonthlyCost > 0);
    }

    [Fact]
    public async Task A_registry_module_the_registry_does_not_give_stays_unknown_and_fails_the_gate()
    {
        var github = new PullRequestCheckerTests.FakeGitHub(new() { [Base] = new(), [Head] = new() { ["main.bicep"] = MainBicep("Standard_NC24ads_A100_v4") } },
            [new ChangedFile("main.bicep", "added", null)]);
        var checker = new PullRequestChecker(github, SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new NullBudgetContextProvider(), TimeProvider.System,
            registry: new FakeRegistry([]));

        var outcome = await checker.CheckAsync(new("octo", "infra", 7, Head, Base, "synchronize", "d-1", null, null, null, DateTimeOffset.UnixEpoch));

        var unknown = Assert.Single(outcome.Estimate!.Unpriced);
        Assert.StartsWith("registry module `gpu`", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }
}
