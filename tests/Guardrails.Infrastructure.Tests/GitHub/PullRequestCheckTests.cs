using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Core.Common;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Infrastructure.GitHub;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Guardrails.Infrastructure.Tests.GitHub;

/// <summary>The real Octokit client against a loopback fake GitHub: the exact calls of a check.</summary>
public sealed class PullRequestCheckTests : IDisposable
{
    private const string Owner = "derekg1729", Repo = "test-repo";
    private const int Number = 315;
    private const string Head = "eeb67d6e0f131d27102080b6bb50be2ddae28cc3", Base = "cf4f801049f678c0253179636aeabea6946de7e9";
    private readonly FakeGitHub _github = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));

    public void Dispose() => _github.Dispose();

    private static string Sample(string path) => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", path));

    /// <summary>The pull_request object of the real opened delivery, optionally with labels.</summary>
    private static string PullRequestJson(params string[] labels)
    {
        var pr = JsonNode.Parse(Webhooks.RawBody("opened"))!["pull_request"]!;
        pr["labels"] = new JsonArray(labels.Select(l => (JsonNode)new JsonObject { ["id"] = 1, ["name"] = l, ["color"] = "00ff00" }).ToArray());
        return pr.ToJsonString();
    }

    private void SetUpPullRequest(params string[] labels)
    {
        _github.PullRequest(Owner, Repo, Number, PullRequestJson(labels));
        _github.Files(Owner, Repo, Number, ("ml/cluster.bicep", "modified", null), ("README.md", "modified", null), ("vm/inference.tf", "added", null));
        _github.Content(Owner, Repo, "ml/cluster.bicep", Base, Sample("base/ml/cluster.bicep"));
        _github.Content(Owner, Repo, "ml/cluster.bicep", Head, Sample("head/ml/cluster.bicep"));
        _github.Content(Owner, Repo, "vm/inference.tf", Head, Sample("head/vm/inference.tf"));
        // The policy that judges the PR is the base branch's (the head's copy is the PR's proposal).
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml"));
        _github.AcceptWrites(Owner, Repo, Number);
    }

    /// <summary>A head guardrails.yaml that switches the gate off in the same PR (the attack of issue 14, defect 1).</summary>
    private const string LoosenedPolicy = """
        pullRequests:
          defaultRegion: westeurope
          computes:
            h100-cluster: Standard_ND96isr_H100_v5
          gate:
            maxIncreaseAmount: 100000000
            failOnBudgetBreach: false
            failOnPolicy: false
        """;

    private PullRequestChecker Checker(GitHubOptions? options = null)
    {
        options ??= new GitHubOptions { ApiBaseUrl = _github.ApiBaseUrl, Token = "test-token", RetryBaseDelay = TimeSpan.Zero };
        var client = new GitHubClientFactory(options, _time).CreateAsync(null).GetAwaiter().GetResult();
        return new PullRequestChecker(new OctokitPullRequestApi(client, options, _time), SnapshotPriceCatalog.Default, VmSkuCatalog.Default,
            NullBudgetContextProvider.Instance, _time, SnapshotPriceCatalog.Default.AsOf);
    }

    private static PullRequestCheckRequest Request(string head = Head) =>
        new(Owner, Repo, Number, head, Base, "opened", "d1", null, null, "derekg1729", DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task First_run_lists_files_reads_base_and_head_creates_comment_and_sets_failure_status()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.Created, outcome.Comment);

        var calls = _github.Calls.Select(c => $"{c.Method} {c.Path}{(c.Path.Contains("/contents/", StringComparison.Ordinal) ? c.Query : "")}").ToList();
        Assert.Equal(string.Join("\n", new[]
        {
            $"GET /repos/{Owner}/{Repo}/pulls/{Number}",
            $"GET /repos/{Owner}/{Repo}/contents/guardrails.yaml?ref={Base}",
            $"GET /repos/{Owner}/{Repo}/pulls/{Number}/files",
            $"GET /repos/{Owner}/{Repo}/contents/guardrails-usage.yml?ref={Base}",
            $"GET /repos/{Owner}/{Repo}/contents/ml/cluster.bicep?ref={Head}",
            $"GET /repos/{Owner}/{Repo}/contents/ml/cluster.bicep?ref={Base}",
            $"GET /repos/{Owner}/{Repo}/contents/vm/inference.tf?ref={Head}",
            // the changed Bicep and Terraform files' folders, for the unchanged files beside them (parameters, variables): none here
            $"GET /repos/{Owner}/{Repo}/contents/ml?ref={Head}",
            $"GET /repos/{Owner}/{Repo}/contents/ml?ref={Base}",
            $"GET /repos/{Owner}/{Repo}/contents/vm?ref={Head}",
            $"GET /repos/{Owner}/{Repo}/contents/vm?ref={Base}",
            $"GET /repos/{Owner}/{Repo}/issues/{Number}/comments",
            "GET /user", // who the check comments as: only its own marked comment is ever updated
            $"POST /repos/{Owner}/{Repo}/issues/{Number}/comments",
            $"POST /repos/{Owner}/{Repo}/check-runs",
            $"POST /repos/{Owner}/{Repo}/statuses/{Head}",
        }), string.Join("\n", calls));

        var comment = JsonDocument.Parse(_github.Calls[13].Body!).RootElement.GetProperty("body").GetString()!;
        Assert.StartsWith(CostCommentRenderer.Marker, comment, StringComparison.Ordinal);
        // cluster 4.775 × 2 × 730 → 40.962 × 3 × 730, plus the new H100 VM 9.08 × 730 (westeurope)
        Assert.Contains("**+$89,363.68/month**", comment, StringComparison.Ordinal);
        Assert.Contains($"<!-- guardrails:head={Head};at=2026-11-20T09:30:00Z -->", comment, StringComparison.Ordinal);
        var status = JsonDocument.Parse(_github.Calls[15].Body!).RootElement;
        Assert.Equal("failure", status.GetProperty("state").GetString());
        Assert.Equal("guardrails/cost", status.GetProperty("context").GetString());
        Assert.True(status.GetProperty("description").GetString()!.Length <= 140);
    }

    [Theory]
    [InlineData(false)] // content "" with encoding "none", as GitHub answers for 1–100 MB
    [InlineData(true)]  // 403 too_large, as older servers and GitHub Enterprise answer
    public async Task A_changed_template_over_1_MB_is_read_as_a_git_blob_not_taken_for_an_empty_file(bool asForbidden)
    {
        SetUpPullRequest();
        _github.LargeContent(Owner, Repo, "ml/cluster.bicep", Head, Sample("head/ml/cluster.bicep"), asForbidden: asForbidden);
        _github.Comments(Owner, Repo, Number);

        var outcome = await Checker().CheckAsync(Request());

        // The same +$89,363.68 as when the head file comes back whole: the 2 → 3 H100 cluster is priced, not removed.
        var comment = JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
            .RootElement.GetProperty("body").GetString()!;
        Assert.Contains("**+$89,363.68/month**", comment, StringComparison.Ordinal);
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
    }

    [Fact]
    public async Task A_pull_request_with_more_files_than_github_lists_fails_the_gate_naming_the_files_not_checked()
    {
        var pr = JsonNode.Parse(PullRequestJson())!;
        pr["changed_files"] = 3500;
        _github.PullRequest(Owner, Repo, Number, pr.ToJsonString());
        // GitHub's listing stops at 3,000; here the files it did list add no cost.
        _github.Files(Owner, Repo, Number, ("README.md", "modified", null));
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml"));
        _github.AcceptWrites(Owner, Repo, Number);
        _github.Comments(Owner, Repo, Number);

        var outcome = await Checker().CheckAsync(Request());

        Assert.Equal(GateState.Failure, outcome.Gate!.State);
        Assert.Contains(outcome.Gate.Reasons, r => r.Contains("changes 3,500 files and GitHub listed 1", StringComparison.Ordinal)
            && r.Contains("the 3,499 not listed were not checked", StringComparison.Ordinal));
        var status = JsonDocument.Parse(_github.Calls.Single(c => c.Path.Contains("/statuses/", StringComparison.Ordinal)).Body!).RootElement;
        Assert.Equal("failure", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_change_to_main_tf_alone_is_priced_with_the_unchanged_variables_and_tfvars_beside_it()
    {
        _github.PullRequest(Owner, Repo, Number, PullRequestJson());
        _github.Files(Owner, Repo, Number, ("train/main.tf", "modified", null));
        const string BaseMain = """
            resource "azurerm_linux_virtual_machine" "trainer" {
              count    = var.nodes
              size     = var.size
              location = "eastus"
            }
            """;
        const string HeadMain = """
            resource "azurerm_linux_virtual_machine" "trainer" {
              count    = var.nodes
              size     = var.size
              location = "eastus"
            }
            resource "azurerm_linux_virtual_machine" "extra" {
              size     = var.size
              location = "eastus"
            }
            """;
        _github.Content(Owner, Repo, "train/main.tf", Base, BaseMain);
        _github.Content(Owner, Repo, "train/main.tf", Head, HeadMain);
        foreach (var sha in new[] { Base, Head })
        {
            _github.Folder(Owner, Repo, "train", sha, "main.tf", "variables.tf", "terraform.tfvars", "prod.tfvars", "README.md");
            _github.Content(Owner, Repo, "train/variables.tf", sha, "variable \"size\" { default = \"Standard_NC6s_v3\" }\nvariable \"nodes\" {}\n");
            _github.Content(Owner, Repo, "train/terraform.tfvars", sha, "size  = \"Standard_NC24ads_A100_v4\"\nnodes = 2\n");
        }
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);

        var outcome = await Checker().CheckAsync(Request());

        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced); // before: "variable `size` is not declared" on both VMs, and the gate failed on it
        var extra = Assert.Single(e.Resources, r => r.Change != ResourceChange.Unchanged);
        Assert.Equal(("extra", "Standard_NC24ads_A100_v4", ResourceChange.Added), (extra.Name, extra.Sku, extra.Change));
        var trainer = Assert.Single(e.Resources, r => r.Name == "trainer");
        Assert.Equal((ResourceChange.Unchanged, 2m), (trainer.Change, trainer.Head!.Nodes));
        var fetched = _github.Calls.Where(c => c.Path.Contains("/contents/train/", StringComparison.Ordinal)).Select(c => c.Path.Split('/')[^1]).Distinct().Order();
        Assert.Equal(["main.tf", "terraform.tfvars", "variables.tf"], fetched); // prod.tfvars is loaded only with -var-file; README is not IaC
    }

    [Fact]
    public async Task A_change_to_main_bicep_alone_fetches_the_unchanged_module_it_calls_and_prices_what_the_call_passes()
    {
        static string Main(string size) => $"module gpu 'modules/vm.bicep' = {{\n  name: 'gpu'\n  params: {{ vmSize: '{size}' }}\n}}\n";
        const string VmModule = """
            param vmSize string = 'Standard_NC4as_T4_v3'
            resource vm 'Microsoft.Compute/virtualMachines@2024-03-01' = {
              name: 'gpu-vm'
              location: 'westeurope'
              properties: { hardwareProfile: { vmSize: vmSize } }
            }
            """;
        _github.PullRequest(Owner, Repo, Number, PullRequestJson());
        _github.Files(Owner, Repo, Number, ("infra/main.bicep", "modified", null));
        _github.Content(Owner, Repo, "infra/main.bicep", Base, Main("Standard_NC4as_T4_v3"));
        _github.Content(Owner, Repo, "infra/main.bicep", Head, Main("Standard_NC24ads_A100_v4"));
        foreach (var sha in new[] { Base, Head })
        {
            _github.Folder(Owner, Repo, "infra", sha, "main.bicep");
            _github.Content(Owner, Repo, "infra/modules/vm.bicep", sha, VmModule);
        }
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);

        var outcome = await Checker().CheckAsync(Request());

        var calls = _github.Calls.Select(c => $"{c.Method} {c.Path}{c.Query}").ToList();
        Assert.Contains($"GET /repos/{Owner}/{Repo}/contents/infra/modules/vm.bicep?ref={Head}", calls);
        Assert.Contains($"GET /repos/{Owner}/{Repo}/contents/infra/modules/vm.bicep?ref={Base}", calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced); // before: the module was not read and the PR passed at ±$0
        var vm = Assert.Single(e.Resources);
        Assert.Equal(("infra/gpu/gpu-vm", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"), (vm.Name, vm.Base?.Sku, vm.Head?.Sku));
        Assert.Equal(decimal.Round((4.775m - 0.658m) * 730, 2), e.DiffMonthlyCost); // A100 − T4 in westeurope (snapshot), 730 h
    }

    [Fact]
    public async Task A_change_to_a_module_alone_lists_the_tree_and_prices_it_through_the_unchanged_file_that_calls_it()
    {
        static string Module(string vms) => "param vmSize string = 'Standard_NC4as_T4_v3'\n" + string.Concat(vms.Split(',').Select(v =>
            $"resource {v} 'Microsoft.Compute/virtualMachines@2024-03-01' = {{\n  name: '{v}'\n  location: 'westeurope'\n  properties: {{ hardwareProfile: {{ vmSize: vmSize }} }}\n}}\n"));
        const string Caller = "module gpu '../modules/gpu-vm.bicep' = {\n  name: 'gpu'\n  params: { vmSize: 'Standard_NC24ads_A100_v4' }\n}\n";
        _github.PullRequest(Owner, Repo, Number, PullRequestJson());
        _github.Files(Owner, Repo, Number, ("modules/gpu-vm.bicep", "modified", null));
        _github.Content(Owner, Repo, "modules/gpu-vm.bicep", Base, Module("vm1"));
        _github.Content(Owner, Repo, "modules/gpu-vm.bicep", Head, Module("vm1,vm2"));
        foreach (var sha in new[] { Base, Head })
        {
            _github.Tree(Owner, Repo, sha, "README.md", "infra/main.bicep", "modules/gpu-vm.bicep");
            _github.Content(Owner, Repo, "infra/main.bicep", sha, Caller);
            _github.Folder(Owner, Repo, "infra", sha, "main.bicep");
            _github.Folder(Owner, Repo, "modules", sha, "gpu-vm.bicep");
        }
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml"));
        _github.Comments(Owner, Repo, Number);
        _github.AcceptWrites(Owner, Repo, Number);

        var outcome = await Checker().CheckAsync(Request());

        var calls = _github.Calls.Select(c => $"{c.Method} {c.Path}{c.Query}").ToList();
        Assert.Contains($"GET /repos/{Owner}/{Repo}/git/trees/{Head}?recursive=1", calls);
        Assert.Contains($"GET /repos/{Owner}/{Repo}/contents/infra/main.bicep?ref={Base}", calls);
        var e = outcome.Estimate!;
        Assert.Empty(e.Unpriced);
        var added = Assert.Single(e.Resources, r => r.Change == ResourceChange.Added);
        // before: priced on its own at its default, a T4 (+$480.34/month): the caller passes an A100
        Assert.Equal(("infra/gpu/vm2", "Standard_NC24ads_A100_v4"), (added.Name, added.Head?.Sku));
        Assert.Equal(decimal.Round(4.775m * 730, 2), e.DiffMonthlyCost);
    }

    [Fact]
    public async Task A_head_that_loosens_guardrails_yaml_is_judged_by_the_base_policy_and_the_comment_says_so()
    {
        SetUpPullRequest();
        _github.Files(Owner, Repo, Number, ("ml/cluster.bicep", "modified", null), ("guardrails.yaml", "modified", null), ("vm/inference.tf", "added", null));
        _github.Content(Owner, Repo, "guardrails.yaml", Head, LoosenedPolicy);
        _github.Comments(Owner, Repo, Number);
        var outcome = await Checker().CheckAsync(Request());

        Assert.Equal(GateState.Failure, outcome.Gate!.State);
        Assert.Contains(outcome.Gate.Reasons, r => r.Contains("exceeds $10,000.00", StringComparison.Ordinal));
        Assert.DoesNotContain(_github.Calls, c => c.Path.EndsWith("/contents/guardrails.yaml", StringComparison.Ordinal) && (c.Query ?? "").Contains(Head, StringComparison.Ordinal));
        var comment = JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
            .RootElement.GetProperty("body").GetString()!;
        Assert.Contains("this PR changes the cost policy; it applies after merge", comment, StringComparison.Ordinal);
        var status = JsonDocument.Parse(_github.Calls.Last().Body!).RootElement;
        Assert.Equal("failure", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_usage_file_is_read_at_the_base_and_a_head_change_to_it_applies_after_merge()
    {
        SetUpPullRequest();
        _github.Files(Owner, Repo, Number, ("ml/cluster.bicep", "modified", null), ("guardrails-usage.yml", "modified", null), ("vm/inference.tf", "added", null));
        _github.Content(Owner, Repo, "guardrails-usage.yml", Base, "resourceUsage:\n  mlw-vision/gpu-cluster:\n    monthlyNodeHours: 100\n");
        _github.Content(Owner, Repo, "guardrails-usage.yml", Head, "resourceUsage:\n  mlw-vision/gpu-cluster:\n    monthlyNodeHours: 0\n");
        _github.Comments(Owner, Repo, Number);
        await Checker().CheckAsync(Request());
        var comment = PostedComment();
        // cluster 4.775 × 100 → 40.962 × 100 node-hours (the base's usage file), plus the new H100 VM 9.08 × 730
        Assert.Contains($"**+{Money.Format(40.962m * 100 - 4.775m * 100 + 9.08m * 730, "USD")}/month**", comment, StringComparison.Ordinal);
        Assert.Contains("this PR changes the expected usage (`guardrails-usage.yml`); it applies after merge", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_run_carries_the_gate_a_summary_and_annotations_on_the_lines_that_add_cost()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        await Checker().CheckAsync(Request());
        var run = JsonDocument.Parse(Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/check-runs").Body!).RootElement;
        Assert.Equal(("guardrails/cost", Head, "completed", "failure"), (run.GetProperty("name").GetString(), run.GetProperty("head_sha").GetString(),
            run.GetProperty("status").GetString(), run.GetProperty("conclusion").GetString()));
        var output = run.GetProperty("output");
        Assert.Contains("exceeds $10,000.00", output.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(CostCommentRenderer.Marker, output.GetProperty("text").GetString(), StringComparison.Ordinal);
        var annotations = output.GetProperty("annotations").EnumerateArray().ToList();
        var vm = Assert.Single(annotations, a => a.GetProperty("path").GetString() == "vm/inference.tf");
        Assert.Equal((2, 2, "warning", "+$6,628.40/month"), (vm.GetProperty("start_line").GetInt32(), vm.GetProperty("end_line").GetInt32(),
            vm.GetProperty("annotation_level").GetString(), vm.GetProperty("title").GetString()));
        var cluster = Assert.Single(annotations, a => a.GetProperty("path").GetString() == "ml/cluster.bicep");
        Assert.Equal(11, cluster.GetProperty("start_line").GetInt32());
        // The comment is still created once and the status still set.
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");
    }

    [Fact]
    public async Task With_a_token_that_cannot_create_check_runs_the_status_still_carries_the_result()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        _github.FailFirst("POST", $"/repos/{Owner}/{Repo}/check-runs", 403, 1);
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.Created, outcome.Comment);
        Assert.Single(_github.Calls, c => c.Path == $"/repos/{Owner}/{Repo}/check-runs"); // 403 is not retried
        Assert.Equal("failure", JsonDocument.Parse(_github.Calls.Last().Body!).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task CheckRun_false_in_the_policy_posts_the_status_only()
    {
        SetUpPullRequest();
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml").Replace("    approvalLabel: cost-approved",
            "    approvalLabel: cost-approved\n    checkRun: false", StringComparison.Ordinal));
        _github.Comments(Owner, Repo, Number);
        await Checker().CheckAsync(Request());
        Assert.DoesNotContain(_github.Calls, c => c.Path.EndsWith("/check-runs", StringComparison.Ordinal));
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");
    }

    [Fact]
    public async Task Identical_comment_is_skipped_but_status_is_still_set()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        await Checker().CheckAsync(Request());
        var posted = JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
            .RootElement.GetProperty("body").GetString()!;
        // Next run, later: the existing marked comment has the same content (only its stamp differs).
        _github.Comments(Owner, Repo, Number, (1, "unrelated review comment", _time.GetUtcNow().AddHours(-2)), (42, posted, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(10));
        _github.ResetLog();
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.SkippedIdentical, outcome.Comment);
        Assert.DoesNotContain(_github.Calls, c => c.Method is "PATCH" || (c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)));
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/statuses/{Head}");
    }

    [Fact]
    public async Task Changed_estimate_updates_the_marked_comment_in_place()
    {
        SetUpPullRequest();
        var old = CostCommentRenderer.Marker + "\n<!-- guardrails:head=0000000;at=2026-11-20T08:00:00Z -->\nold estimate";
        _github.Comments(Owner, Repo, Number, (77, old, _time.GetUtcNow().AddHours(-1)));
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.Updated, outcome.Comment);
        var patch = Assert.Single(_github.Calls, c => c.Method == "PATCH");
        Assert.Equal($"/repos/{Owner}/{Repo}/issues/comments/77", patch.Path);
        Assert.DoesNotContain(_github.Calls, c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_newer_run_already_commented_so_this_one_skips_comment_and_status()
    {
        SetUpPullRequest();
        var newer = CostCommentRenderer.Marker + "\n<!-- guardrails:head=ffffffffffffffffffffffffffffffffffffffff;at=2026-11-20T09:45:00Z -->\nnewer";
        _github.Comments(Owner, Repo, Number, (77, newer, _time.GetUtcNow()));
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.SkippedNewerRun, outcome.Comment);
        Assert.DoesNotContain(_github.Calls, c => c.Method is "PATCH" or "POST");
    }

    [Fact]
    public async Task A_comment_by_someone_else_with_the_marker_and_a_later_stamp_is_neither_edited_nor_taken_for_a_newer_run()
    {
        SetUpPullRequest();
        var forged = CostCommentRenderer.Marker + "\n<!-- guardrails:head=ffffffffffffffffffffffffffffffffffffffff;at=2099-01-01T00:00:00Z -->\nno cost change";
        _github.CommentsBy(Owner, Repo, Number, (77, forged, _time.GetUtcNow(), "mallory"));
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.Created, outcome.Comment);
        Assert.DoesNotContain(_github.Calls, c => c.Method == "PATCH");
        var created = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal));
        Assert.Contains("Gate failed", created.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_for_an_old_head_is_superseded_without_reading_files()
    {
        SetUpPullRequest();
        var outcome = await Checker().CheckAsync(Request(head: "b47337c4ca1d0241a46b452efc902c18973b5ad6"));
        Assert.Equal(CommentAction.Superseded, outcome.Comment);
        Assert.Equal([$"GET /repos/{Owner}/{Repo}/pulls/{Number}"], _github.Calls.Select(c => $"{c.Method} {c.Path}"));
    }

    [Fact]
    public async Task Approval_label_passes_the_gate_and_records_who_and_when()
    {
        SetUpPullRequest("cost-approved");
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", new DateTimeOffset(2026, 11, 20, 9, 20, 0, TimeSpan.Zero)));
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(GateState.Success, outcome.Gate!.State);
        var comment = JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
            .RootElement.GetProperty("body").GetString()!;
        Assert.Contains("Cost approved by @budget-owner on 2026-11-20 09:20 UTC (label `cost-approved`)", comment, StringComparison.Ordinal);
        var status = JsonDocument.Parse(_github.Calls.Last().Body!).RootElement;
        Assert.Equal("success", status.GetProperty("state").GetString());
        Assert.StartsWith("approved by @budget-owner", status.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset s_approvedAt = new(2026, 11, 20, 9, 20, 0, TimeSpan.Zero);

    private string PostedComment() => JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
        .RootElement.GetProperty("body").GetString()!;

    [Fact]
    public async Task A_push_after_the_approval_needs_a_new_approval_the_label_is_removed_and_the_gate_fails()
    {
        SetUpPullRequest("cost-approved");
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", s_approvedAt));
        var outcome = await Checker().CheckAsync(Request() with { Action = "synchronize", ReceivedAt = s_approvedAt.AddMinutes(5) });

        Assert.Equal(GateState.Failure, outcome.Gate!.State);
        Assert.Null(outcome.Gate.Approval);
        Assert.Single(_github.Calls, c => c.Method == "DELETE" && c.Path == $"/repos/{Owner}/{Repo}/issues/{Number}/labels/cost-approved");
        Assert.Contains("was for an earlier commit; a new push needs a new approval", PostedComment(), StringComparison.Ordinal);
        Assert.Equal("failure", JsonDocument.Parse(_github.Calls.Last().Body!).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_approval_given_after_the_push_counts_for_that_push()
    {
        SetUpPullRequest("cost-approved");
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", s_approvedAt));
        // The synchronize message is processed late, after the approval of the new head.
        var outcome = await Checker().CheckAsync(Request() with { Action = "synchronize", ReceivedAt = s_approvedAt.AddMinutes(-5) });
        Assert.Equal(GateState.Success, outcome.Gate!.State);
        Assert.DoesNotContain(_github.Calls, c => c.Method == "DELETE");
    }

    [Fact]
    public async Task KeepApprovalOnPush_in_the_base_policy_keeps_the_approval_across_pushes()
    {
        SetUpPullRequest("cost-approved");
        _github.Content(Owner, Repo, "guardrails.yaml", Base, Sample("guardrails.yaml").Replace("    approvalLabel: cost-approved",
            "    approvalLabel: cost-approved\n    keepApprovalOnPush: true", StringComparison.Ordinal));
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", s_approvedAt));
        var outcome = await Checker().CheckAsync(Request() with { Action = "synchronize", ReceivedAt = s_approvedAt.AddMinutes(5) });
        Assert.Equal(GateState.Success, outcome.Gate!.State);
        Assert.Equal("budget-owner", outcome.Gate.Approval!.Login);
        Assert.DoesNotContain(_github.Calls, c => c.Method == "DELETE");
    }

    [Fact]
    public async Task Removing_the_approval_label_fails_the_gate_again()
    {
        SetUpPullRequest(); // the label is no longer on the PR
        _github.Comments(Owner, Repo, Number);
        _github.LabelEvents(Owner, Repo, Number, ("labeled", "cost-approved", "budget-owner", s_approvedAt),
            ("unlabeled", "cost-approved", "author", s_approvedAt.AddMinutes(3)));
        var outcome = await Checker().CheckAsync(Request() with { Action = "unlabeled", Label = "cost-approved" });
        Assert.Equal(GateState.Failure, outcome.Gate!.State);
        Assert.Null(outcome.Gate.Approval);
        Assert.Equal("failure", JsonDocument.Parse(_github.Calls.Last().Body!).RootElement.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("../../etc", Head)]
    [InlineData(Repo, "")]
    [InlineData(Repo, "../pulls")]
    public async Task A_queued_request_with_an_invalid_repository_or_sha_never_calls_github(string repo, string head)
    {
        SetUpPullRequest();
        var request = Request() with { Repository = repo, HeadSha = head };
        await Assert.ThrowsAsync<InvalidDataException>(() => Checker().CheckAsync(request));
        Assert.Empty(_github.Calls);
    }

    [Fact]
    public async Task Transient_5xx_is_retried_with_backoff()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        _github.FailFirst("GET", $"/repos/{Owner}/{Repo}/pulls/{Number}/files", 502, 2);
        var outcome = await Checker().CheckAsync(Request());
        Assert.Equal(CommentAction.Created, outcome.Comment);
        Assert.Equal(3, _github.Calls.Count(c => c.Path == $"/repos/{Owner}/{Repo}/pulls/{Number}/files"));
    }

    [Fact]
    public async Task Budget_context_appears_and_a_breach_fails_the_gate()
    {
        SetUpPullRequest();
        _github.Comments(Owner, Repo, Number);
        var options = new GitHubOptions { ApiBaseUrl = _github.ApiBaseUrl, Token = "t", RetryBaseDelay = TimeSpan.Zero };
        var client = await new GitHubClientFactory(options, _time).CreateAsync(null);
        var budgets = new StaticBudgetContextProvider([new BudgetContext("vision", "vision-gpu", 100_000m, 12_000m, "USD", new DateOnly(2026, 11, 30), new DateOnly(2026, 11, 27))]);
        var checker = new PullRequestChecker(new OctokitPullRequestApi(client, options, _time), SnapshotPriceCatalog.Default, VmSkuCatalog.Default, budgets, _time);
        var outcome = await checker.CheckAsync(Request());
        Assert.Contains(outcome.Gate!.Reasons, r => r.Contains("would breach the vision budget", StringComparison.Ordinal));
        var comment = JsonDocument.Parse(_github.Calls.Single(c => c.Method == "POST" && c.Path.EndsWith("/comments", StringComparison.Ordinal)).Body!)
            .RootElement.GetProperty("body").GetString()!;
        Assert.Contains("team vision has $12,000.00 left this month; forecast breach on the 27th", comment, StringComparison.Ordinal);
    }
}
