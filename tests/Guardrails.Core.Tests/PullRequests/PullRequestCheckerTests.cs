using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Tests.PullRequests;

/// <summary>The check's reading of a PR through the GitHub port (an in-memory repository at two commits).</summary>
public sealed class PullRequestCheckerTests
{
    private const string Head = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Base = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    internal const string VmModule = """
        param vmSize string = 'Standard_NC4as_T4_v3'
        resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
          name: 'gpu-vm'
          location: 'westeurope'
          properties: { hardwareProfile: { vmSize: vmSize } }
        }
        """;

    internal static string BicepMain(string size) =>
        $"module gpu 'modules/vm.bicep' = {{\n  name: 'gpu'\n  params: {{ vmSize: '{size}' }}\n}}\n";

    private static readonly PullRequestCheckRequest s_request = new("octo", "infra", 7, Head, Base, "synchronize", "d-1", null, null, null,
        DateTimeOffset.UnixEpoch);

    private static async Task<(CheckOutcome Outcome, FakeGitHub GitHub)> CheckAsync(Dictionary<string, string> baseTree,
        Dictionary<string, string> headTree, params string[] changed)
    {
        var github = new FakeGitHub(new() { [Base] = baseTree, [Head] = headTree }, [.. changed.Select(c => new ChangedFile(c, "modified", null))]);
        var checker = new PullRequestChecker(github, SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new NullBudgetContextProvider(), TimeProvider.System);
        return (await checker.CheckAsync(s_request), github);
    }

    [Fact]
    public async Task A_bicep_module_file_the_pr_does_not_change_is_fetched_at_head_and_base_and_the_call_is_priced_with_what_it_passes()
    {
        var (outcome, github) = await CheckAsync(
            new() { ["main.bicep"] = BicepMain("Standard_NC4as_T4_v3"), ["modules/vm.bicep"] = VmModule },
            new() { ["main.bicep"] = BicepMain("Standard_NC24ads_A100_v4"), ["modules/vm.bicep"] = VmModule },
            "main.bicep");

        Assert.Contains("file a modules/vm.bicep", github.Calls);
        Assert.Contains("file b modules/vm.bicep", github.Calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        var vm = Assert.Single(e.Resources); // priced once: not also at the module file's own default (a T4)
        Assert.Equal(("gpu/gpu-vm", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"), (vm.Name, vm.Base?.Sku, vm.Head?.Sku));
        Assert.Equal(decimal.Round((0.658m - 4.775m) * -730, 2), e.DiffMonthlyCost); // (A100 − T4) × 730 h in westeurope (snapshot)
    }

    [Fact]
    public async Task A_terraform_module_folder_the_pr_does_not_change_is_fetched_and_the_call_is_priced_with_what_it_passes()
    {
        static Dictionary<string, string> Tree(string size) => new()
        {
            ["envs/prod/main.tf"] = $"module \"training\" {{\n  source = \"../../modules/gpu\"\n  size   = \"{size}\"\n}}\n",
            ["modules/gpu/main.tf"] = "variable \"size\" {}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  name     = \"vm\"\n  location = \"westeurope\"\n  size     = var.size\n}\n",
            ["modules/gpu/README.md"] = "not IaC",
        };

        var (outcome, github) = await CheckAsync(Tree("Standard_NC4as_T4_v3"), Tree("Standard_NC24ads_A100_v4"), "envs/prod/main.tf");

        Assert.Contains("list a modules/gpu", github.Calls);
        Assert.Contains("list b modules/gpu", github.Calls);
        Assert.DoesNotContain("file a modules/gpu/README.md", github.Calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        var vm = Assert.Single(e.Resources);
        Assert.Equal(("envs/prod/module.training.vm", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"), (vm.Name, vm.Base?.Sku, vm.Head?.Sku));
        var a100 = SnapshotPriceCatalog.Default.Find("Standard_NC24ads_A100_v4", "westeurope")!.HourlyPrice;
        var t4 = SnapshotPriceCatalog.Default.Find("Standard_NC4as_T4_v3", "westeurope")!.HourlyPrice;
        Assert.Equal(decimal.Round((a100 - t4) * 730, 2), e.DiffMonthlyCost);
    }

    [Fact]
    public async Task A_module_source_above_the_repository_root_is_never_asked_for_and_stays_unknown_on_its_line()
    {
        var tree = new Dictionary<string, string> { ["infra/main.tf"] = "module \"up\" {\n  source = \"../../../etc\"\n}\n" };

        var (outcome, github) = await CheckAsync(tree, tree, "infra/main.tf");

        Assert.DoesNotContain(github.Calls, c => c.Contains("etc", StringComparison.Ordinal));
        var up = Assert.Single(outcome.Estimate!.Unpriced);
        Assert.Equal(("infra/main.tf", 1, "module `up` (../../../etc) points above the root of the files read: its resources are not priced"),
            (up.File, up.Line, up.Reason));
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }

    [Fact]
    public async Task At_most_twenty_module_sources_are_fetched_per_side_and_the_calls_beyond_stay_unknown_on_their_lines()
    {
        // main.bicep calls 25 modules, each in its own folder.
        var tree = Enumerable.Range(0, 25).ToDictionary(i => $"g{i}/main.bicep", _ => "param x string = 'y'\n");
        tree["infra/main.bicep"] = string.Concat(Enumerable.Range(0, 25).Select(i => $"module g{i} '../g{i}/main.bicep' = {{\n  name: 'g{i}'\n}}\n"));

        var (outcome, github) = await CheckAsync(tree, tree, "infra/main.bicep");

        Assert.Equal(PullRequestChecker.MaxModuleSourcesPerSide, github.Calls.Count(c => c.StartsWith("file a g", StringComparison.Ordinal) && c.EndsWith("/main.bicep", StringComparison.Ordinal)));
        Assert.Equal(PullRequestChecker.MaxModuleSourcesPerSide, github.Calls.Count(c => c.StartsWith("file b g", StringComparison.Ordinal) && c.EndsWith("/main.bicep", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(20, 5).Select(i => ($"g{i}", 1 + 3 * i, $"module `g{i}` (../g{i}/main.bicep) is not among the files read: its resources are not priced")),
            outcome.Estimate!.Unpriced.Select(u => (u.Name, u.Line, u.Reason)));
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }

    [Fact]
    public async Task Module_sources_are_followed_through_modules()
    {
        var tree = new Dictionary<string, string>
        {
            ["main.bicep"] = "module outer 'a/outer.bicep' = {\n  name: 'outer'\n}\n",
            ["a/outer.bicep"] = "module inner '../b/inner.bicep' = {\n  name: 'inner'\n  params: { vmSize: 'Standard_NC24ads_A100_v4' }\n}\n",
            ["b/inner.bicep"] = VmModule,
        };

        var (outcome, github) = await CheckAsync(new(), tree, "main.bicep");

        Assert.Contains("file a b/inner.bicep", github.Calls);
        var vm = Assert.Single(outcome.Estimate!.Resources);
        Assert.Equal(("outer/inner/gpu-vm", "Standard_NC24ads_A100_v4", ResourceChange.Added), (vm.Name, vm.Head?.Sku, vm.Change));
    }

    private sealed class FakeGitHub(Dictionary<string, Dictionary<string, string>> trees, IReadOnlyList<ChangedFile> changed) : IGitHubPullRequestApi
    {
        public List<string> Calls { get; } = [];

        public Task<PullRequestInfo> GetPullRequestAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
            Task.FromResult(new PullRequestInfo(Head, Base, "open", []));

        public Task<IReadOnlyList<ChangedFile>> ListFilesAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
            Task.FromResult(changed);

        public Task<string?> GetFileAsync(string owner, string repo, string path, string sha, CancellationToken cancellationToken = default)
        {
            Calls.Add($"file {sha[0]} {path}");
            return Task.FromResult(trees[sha].GetValueOrDefault(path));
        }

        public Task<IReadOnlyList<string>> ListFolderAsync(string owner, string repo, string folder, string sha, CancellationToken cancellationToken = default)
        {
            Calls.Add($"list {sha[0]} {folder}");
            IReadOnlyList<string> listed = [.. trees[sha].Keys.Where(k => (k.LastIndexOf('/') is var i && i < 0 ? "" : k[..i]) == folder)];
            return Task.FromResult(listed);
        }

        public Task<IReadOnlyList<IssueCommentInfo>> ListCommentsAsync(string owner, string repo, int number, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<IssueCommentInfo>>([]);

        public Task<string> GetOwnLoginAsync(CancellationToken cancellationToken = default) => Task.FromResult("guardrails[bot]");
        public Task CreateCommentAsync(string owner, string repo, int number, string body, CancellationToken cancellationToken = default) => Task.CompletedTask;
        public Task UpdateCommentAsync(string owner, string repo, long commentId, string body, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SetStatusAsync(string owner, string repo, string sha, CommitState state, string context, string description,
            CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<CostApproval?> FindLabelEventAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default) =>
            Task.FromResult<CostApproval?>(null);

        public Task<bool> CreateCheckRunAsync(string owner, string repo, CheckRunResult run, CancellationToken cancellationToken = default) => Task.FromResult(false);
        public Task RemoveLabelAsync(string owner, string repo, int number, string label, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
