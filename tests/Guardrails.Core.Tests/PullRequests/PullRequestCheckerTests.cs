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

    /// <summary>The files a changed file reads when it is deployed (a linked ARM template, a Bicep import or loadJsonContent,
    /// a Terraform file()) are fetched like module sources: before, they were not, so what they hold stayed unknown.</summary>
    [Fact]
    public async Task The_files_a_changed_file_reads_linked_templates_imports_and_loaded_json_are_fetched_at_both_commits()
    {
        const string LinkedVm = """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": { "vmSize": { "type": "string", "defaultValue": "Standard_B2s" } },
              "resources": [ { "type": "Microsoft.Compute/virtualMachines", "apiVersion": "2024-03-01", "name": "vm", "location": "westeurope",
                "properties": { "hardwareProfile": { "vmSize": "[parameters('vmSize')]" } } } ] }
            """;
        static string Arm(string size) => """
            { "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "parameters": { "_artifactsLocation": { "type": "string", "defaultValue": "[deployment().properties.templateLink.uri]" } },
              "resources": [ { "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "vm",
                "properties": { "mode": "Incremental", "templateLink": { "uri": "[uri(parameters('_artifactsLocation'), 'nested/vm.json')]" },
                  "parameters": { "vmSize": { "value": "SIZE" } } } } ] }
            """.Replace("SIZE", size, StringComparison.Ordinal);
        static Dictionary<string, string> Tree(string size) => new()
        {
            ["arm/azuredeploy.json"] = Arm(size),
            ["arm/nested/vm.json"] = LinkedVm,
            ["bicep/main.bicep"] = "import { size } from '../shared/sizes.bicep'\nvar cfg = loadJsonContent('../shared/config.json')\n"
                + "resource a 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'a'\n  location: 'westeurope'\n  properties: { hardwareProfile: { vmSize: size } }\n}\n"
                + "resource b 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'b'\n  location: 'westeurope'\n  properties: { hardwareProfile: { vmSize: cfg.size } }\n}\n",
            ["shared/sizes.bicep"] = $"@export()\nvar size = '{size}'\n",
            ["shared/config.json"] = $"{{ \"size\": \"{size}\" }}",
        };

        var (outcome, github) = await CheckAsync(Tree("Standard_NC4as_T4_v3"), Tree("Standard_NC24ads_A100_v4"), "arm/azuredeploy.json", "bicep/main.bicep");

        foreach (var side in new[] { "a", "b" })
            foreach (var file in new[] { "arm/nested/vm.json", "shared/sizes.bicep", "shared/config.json" })
                Assert.Contains($"file {side} {file}", github.Calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        Assert.Equal(
            [("a", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"), ("b", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"),
             ("vm/vm", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4")],
            e.Resources.Select(r => (r.Name, r.Base?.Sku, r.Head?.Sku)).Order());
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

    private static readonly decimal s_t4 = SnapshotPriceCatalog.Default.Find("Standard_NC4as_T4_v3", "westeurope")!.HourlyPrice;
    private static readonly decimal s_a100 = SnapshotPriceCatalog.Default.Find("Standard_NC24ads_A100_v4", "westeurope")!.HourlyPrice;

    /// <summary>A Bicep VM module: <paramref name="vms"/> VMs of the size passed (a T4 by default).</summary>
    private static string BicepVms(params string[] vms) => "param vmSize string = 'Standard_NC4as_T4_v3'\n" + string.Concat(vms.Select(v =>
        $"resource {v} 'Microsoft.Compute/virtualMachines@2024-03-01' = {{\n  name: '{v}'\n  location: 'westeurope'\n  properties: {{ hardwareProfile: {{ vmSize: vmSize }} }}\n}}\n"));

    [Fact]
    public async Task A_pr_that_changes_only_a_bicep_module_is_priced_through_the_unchanged_file_that_calls_it_with_what_it_passes()
    {
        var caller = "module gpu '../modules/gpu-vm.bicep' = {\n  name: 'gpu'\n  params: { vmSize: 'Standard_NC24ads_A100_v4' }\n}\n";
        Dictionary<string, string> Tree(string module) => new()
        {
            ["infra/main.bicep"] = caller,
            ["modules/gpu-vm.bicep"] = module,
            ["other/unrelated.bicep"] = "param x string = 'y'\n",
        };

        var (outcome, github) = await CheckAsync(Tree(BicepVms("vm1")), Tree(BicepVms("vm1", "vm2")), "modules/gpu-vm.bicep");

        Assert.Contains("tree a", github.Calls);
        Assert.Contains("file a infra/main.bicep", github.Calls);
        Assert.Contains("file b infra/main.bicep", github.Calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        var added = Assert.Single(e.Resources, r => r.Change == ResourceChange.Added);
        // before: priced on its own with its default, a T4 (0.658 × 730): the caller passes an A100
        Assert.Equal(("infra/gpu/vm2", "Standard_NC24ads_A100_v4"), (added.Name, added.Head?.Sku));
        Assert.Equal(decimal.Round(s_a100 * 730, 2), e.DiffMonthlyCost);
        Assert.DoesNotContain(e.Assumptions, a => a.Contains("no file in the repository", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pr_that_changes_only_a_terraform_module_folder_is_priced_through_every_caller_with_the_count_and_size_it_passes()
    {
        const string Variables = "variable \"size\" {\n  default = \"Standard_NC4as_T4_v3\"\n}\nvariable \"nodes\" {\n  default = 1\n}\n";
        static string Vm(string name) => $"resource \"azurerm_linux_virtual_machine\" \"{name}\" {{\n  count    = var.nodes\n  name     = \"{name}\"\n  location = \"westeurope\"\n  size     = var.size\n}}\n";
        static string Env(int nodes) => "provider \"azurerm\" {\n  features {}\n}\n"
            + $"module \"gpu\" {{\n  source = \"../../modules/gpu\"\n  size   = var.size\n  nodes  = {nodes}\n}}\n";
        Dictionary<string, string> Tree(string module) => new()
        {
            ["modules/gpu/main.tf"] = module,
            ["modules/gpu/variables.tf"] = Variables,
            ["envs/prod/main.tf"] = Env(8),
            ["envs/prod/variables.tf"] = "variable \"size\" {}\n",
            ["envs/prod/terraform.tfvars"] = "size = \"Standard_NC24ads_A100_v4\"\n",
            ["envs/dev/main.tf"] = Env(1),
            ["envs/dev/variables.tf"] = "variable \"size\" {\n  default = \"Standard_NC4as_T4_v3\"\n}\n",
        };

        var (outcome, _) = await CheckAsync(Tree(Vm("a")), Tree(Vm("a") + Vm("b")), "modules/gpu/main.tf");

        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        var added = e.Resources.Where(r => r.Change == ResourceChange.Added).OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => (r.Name, r.Head?.Sku, r.Head?.Nodes)).ToList();
        // before: one T4 (the variables' defaults); prod passes 8 nodes and its tfvars' A100, dev 1 node and its default T4
        Assert.Equal([("envs/dev/module.gpu.b", "Standard_NC4as_T4_v3", 1m), ("envs/prod/module.gpu.b", "Standard_NC24ads_A100_v4", 8m)], added);
        Assert.Equal(decimal.Round(s_a100 * 8 * 730, 2) + decimal.Round(s_t4 * 730, 2), e.DiffMonthlyCost);
    }

    [Fact]
    public async Task A_terraform_folder_with_inputs_outside_a_modules_folder_is_searched_and_priced_through_its_caller_s_count()
    {
        const string Gpu = "variable \"size\" {\n  default = \"Standard_NC4as_T4_v3\"\n}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  location = \"westeurope\"\n  size     = var.size\n}\n";
        static string Prod(int count) => $"provider \"azurerm\" {{\n  features {{}}\n}}\nmodule \"gpu\" {{\n  source = \"../gpu\"\n  count  = {count}\n}}\n";
        var baseTree = new Dictionary<string, string> { ["gpu/main.tf"] = Gpu, ["prod/main.tf"] = Prod(8) };
        var headTree = new Dictionary<string, string> { ["gpu/main.tf"] = Gpu.Replace("NC4as_T4_v3", "NC24ads_A100_v4", StringComparison.Ordinal), ["prod/main.tf"] = Prod(8) };

        var (outcome, _) = await CheckAsync(baseTree, headTree, "gpu/main.tf");

        var vm = Assert.Single(outcome.Estimate!.Resources);
        // before: one VM, T4 → A100 at the module's own count of 1; the caller deploys 8
        Assert.Equal(("prod/module.gpu.vm", 8m, "Standard_NC24ads_A100_v4"), (vm.Name, vm.Head!.Nodes, vm.Head.Sku));
        Assert.Equal(decimal.Round(s_a100 * 8 * 730, 2) - decimal.Round(s_t4 * 8 * 730, 2), outcome.Estimate.DiffMonthlyCost);
    }

    [Fact]
    public async Task A_changed_module_that_no_file_calls_is_priced_with_its_defaults_and_each_resource_says_so_on_its_line()
    {
        var (outcome, github) = await CheckAsync(new() { ["modules/gpu-vm.bicep"] = BicepVms("vm1") },
            new() { ["modules/gpu-vm.bicep"] = BicepVms("vm1", "vm2") }, "modules/gpu-vm.bicep");

        Assert.Contains("tree a", github.Calls);
        var e = outcome.Estimate!;
        var added = Assert.Single(e.Resources, r => r.Change == ResourceChange.Added);
        Assert.Equal(("vm2", "Standard_NC4as_T4_v3"), (added.Name, added.Head?.Sku));
        Assert.Contains("vm2: modules/gpu-vm.bicep:7: priced with its own parameter defaults: no file in the repository that calls it as a module "
            + "was found (0 files read); a caller may pass other values (a bigger size, more instances)", e.Assumptions);
        Assert.Contains("priced with its own parameter defaults", CostCommentRenderer.Render(new CostCommentModel(e, [], [], outcome.Gate!, Head,
            DateTimeOffset.UnixEpoch, null, [])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_an_uncalled_module_deploys_through_its_own_module_calls_carries_the_note_too()
    {
        var tree = new Dictionary<string, string>
        {
            ["modules/gpu.bicep"] = "param n int = 1\nmodule inner 'inner/vm.bicep' = {\n  name: 'inner'\n}\n",
            ["modules/inner/vm.bicep"] = BicepVms("vm1"),
        };

        var (outcome, _) = await CheckAsync(tree, tree, "modules/gpu.bicep");

        Assert.Contains("modules/gpu/inner/vm1: modules/inner/vm.bicep:2: priced with its own parameter defaults: no file in the repository that calls it as a module "
            + "was found (1 file read); a caller may pass other values (a bigger size, more instances)", outcome.Estimate!.Assumptions);
    }

    [Fact]
    public async Task A_changed_module_with_a_parameter_without_default_and_no_caller_stays_unknown_and_fails_the_gate()
    {
        const string Module = "param vmSize string\nresource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {\n  name: 'vm'\n  location: 'westeurope'\n  properties: { hardwareProfile: { vmSize: vmSize } }\n}\n";
        var tree = new Dictionary<string, string> { ["gpu.bicep"] = Module };

        var (outcome, github) = await CheckAsync(tree, tree, "gpu.bicep");

        Assert.Contains("tree b", github.Calls); // not under modules/, but it cannot be deployed on its own: searched
        Assert.Single(outcome.Estimate!.Unpriced);
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }

    [Fact]
    public async Task The_caller_search_reads_at_most_twenty_files_per_side_nearest_first_and_the_note_says_it_stopped()
    {
        var tree = Enumerable.Range(0, 30).ToDictionary(i => $"far/away/f{i:00}.bicep", _ => "param x string = 'y'\n");
        tree["modules/gpu-vm.bicep"] = BicepVms("vm1");
        var withCaller = new Dictionary<string, string>(tree)
        {
            ["infra/near.bicep"] = "module gpu '../modules/gpu-vm.bicep' = {\n  name: 'gpu'\n  params: { vmSize: 'Standard_NC24ads_A100_v4' }\n}\n",
        };

        var (found, github) = await CheckAsync(withCaller, withCaller, "modules/gpu-vm.bicep");
        var (notFound, _) = await CheckAsync(tree, tree, "modules/gpu-vm.bicep");

        Assert.Equal(ModuleCallerSearch.MaxFilesReadPerSide - 1, github.Calls.Count(c => c.StartsWith("file a far/", StringComparison.Ordinal)));
        Assert.Equal(ModuleCallerSearch.MaxFilesReadPerSide - 1, github.Calls.Count(c => c.StartsWith("file b far/", StringComparison.Ordinal)));
        Assert.Equal("Standard_NC24ads_A100_v4", Assert.Single(found.Estimate!.Resources).Head?.Sku); // the caller nearer the module is read first
        Assert.Contains(notFound.Estimate!.Assumptions, a => a.Contains("(20 files read; the search stopped after reading 20 files)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_caller_search_reads_files_outside_modules_folders_before_the_other_modules_beside_it()
    {
        var tree = Enumerable.Range(0, 30).ToDictionary(i => $"modules/m{i:00}/main.tf", _ => "variable \"x\" {}\n");
        tree["modules/gpu/main.tf"] = "variable \"size\" {\n  default = \"Standard_NC4as_T4_v3\"\n}\nresource \"azurerm_linux_virtual_machine\" \"vm\" {\n  location = \"westeurope\"\n  size     = var.size\n}\n";
        tree["envs/prod/main.tf"] = "provider \"azurerm\" {\n  features {}\n}\nmodule \"gpu\" {\n  source = \"../../modules/gpu\"\n  size   = \"Standard_NC24ads_A100_v4\"\n}\n";

        var (outcome, _) = await CheckAsync(tree, tree, "modules/gpu/main.tf");

        // before: the 30 sibling modules (2 folders away) were read first and the search stopped before envs/prod (4 away)
        Assert.Equal(("envs/prod/module.gpu.vm", "Standard_NC24ads_A100_v4"), (Assert.Single(outcome.Estimate!.Resources).Name, outcome.Estimate.Resources[0].Head?.Sku));
    }

    [Fact]
    public async Task A_changed_root_with_a_provider_or_a_parameter_file_is_not_searched_for_callers()
    {
        var tree = new Dictionary<string, string>
        {
            ["modules/x/main.tf"] = "provider \"azurerm\" {\n  features {}\n}\nvariable \"size\" {}\n",
            ["modules/y/main.bicep"] = "param size string\n",
            ["modules/y/main.bicepparam"] = "using 'main.bicep'\nparam size = 'a'\n",
        };

        var (_, github) = await CheckAsync(tree, tree, "modules/x/main.tf", "modules/y/main.bicep");

        Assert.DoesNotContain(github.Calls, c => c.StartsWith("tree", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_file_github_returns_no_content_for_at_head_is_unknown_and_its_base_resources_are_not_removed()
    {
        var (outcome, _) = await CheckAsync(new() { ["vm.bicep"] = BicepVms("vm1") }, new(), "vm.bicep"); // status "modified", no content at head

        var e = outcome.Estimate!;
        Assert.DoesNotContain(e.Resources, r => r.Change == ResourceChange.Removed); // before: removed, a saving of the T4's month
        Assert.Equal(0m, e.DiffMonthlyCost);
        var error = Assert.Single(e.ParseErrors);
        Assert.Equal(("vm.bicep", "head", "changed by the pull request but GitHub returned no content for it at this commit"), (error.Error.File, error.Side, error.Error.Message));
        Assert.Contains(e.Unpriced, u => u.Name == "vm1" && u.Reason.StartsWith("not read at head", StringComparison.Ordinal));
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }

    internal sealed class FakeGitHub(Dictionary<string, Dictionary<string, string>> trees, IReadOnlyList<ChangedFile> changed) : IGitHubPullRequestApi
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

        public Task<RepositoryTree> ListTreeAsync(string owner, string repo, string sha, CancellationToken cancellationToken = default)
        {
            Calls.Add($"tree {sha[0]}");
            return Task.FromResult(new RepositoryTree([.. trees[sha].Keys.Order(StringComparer.Ordinal)], false));
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
