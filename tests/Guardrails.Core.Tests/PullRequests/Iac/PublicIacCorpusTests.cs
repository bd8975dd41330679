using System.Text;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.Tests.PullRequests.Iac;

/// <summary>
/// Real public IaC the readers were not written against (testdata/pull-requests/public-iac-corpus, see its SOURCES.md):
/// Azure Verified Modules (Bicep and Terraform), the Bicep compiler's own valid sample files and the azurerm provider's
/// examples. Each case folder is read as one pull request that adds all its files (an empty base), and each file alone,
/// each on a thread with a 1 MB stack. Every file is read without an exception and without a parse error (all of them are valid syntax), and
/// every compute resource is priced above $0, explicitly skipped, or unknown with its file, line and reason.
/// The per-file table is docs/iac-compatibility.md (a golden file: GUARDRAILS_UPDATE_GOLDEN=1 rewrites it).
/// </summary>
public sealed class PublicIacCorpusTests
{
    private static readonly string s_corpus = Path.Combine(Repo.Root, "tests", "Guardrails.Core.Tests", "testdata", "pull-requests", "public-iac-corpus");

    /// <summary>One case: a folder holding SOURCES-listed files from one upstream folder (a module with its examples, or one sample).</summary>
    private static List<string> Cases() =>
    [
        .. Directory.EnumerateFiles(s_corpus, "*", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("SOURCES.md", StringComparison.Ordinal))
            .Select(CaseOf).Distinct().Order(StringComparer.Ordinal),
    ];

    /// <summary>The case a file belongs to: its first folder, or its first two under a folder of samples.</summary>
    private static string CaseOf(string path)
    {
        var parts = Path.GetRelativePath(s_corpus, path).Replace('\\', '/').Split('/');
        return parts[0] is "bicep-samples" or "tf-provider-examples" ? $"{parts[0]}/{parts[1]}" : parts[0];
    }

    private static Dictionary<string, string> FilesOf(string @case)
    {
        var root = Path.Combine(s_corpus, @case);
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(IacReader.IsCostBearingPath)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }

    /// <summary>The case read and priced as a head-side change against an empty base, on a 1 MB stack; or the exception.</summary>
    private static (CostEstimate? Estimate, Exception? Thrown) Estimate(Dictionary<string, string> files)
    {
        CostEstimate? estimate = null;
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                estimate = new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, new PullRequestConfig())
                    .EstimateAsync(new IacParseResult(), IacReader.ReadAll(files)).GetAwaiter().GetResult();
            }
            catch (Exception e) { thrown = e; }
        }, 1024 * 1024);
        thread.Start();
        thread.Join();
        return (estimate, thrown);
    }

    public static TheoryData<string> AllCases => [.. Cases()];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Every_public_file_is_read_without_a_parse_error_and_no_compute_is_silently_free(string @case)
    {
        var files = FilesOf(@case);
        AssertReadAndNeverSilentlyFree(@case, files);
        foreach (var (path, text) in files) AssertReadAndNeverSilentlyFree($"{@case}/{path} alone", new() { [path] = text });
    }

    /// <summary>The files read as one change: no exception, no parse error, every compute priced above $0 (or at zero
    /// nodes), unknown with its file, line and reason, or skipped with a reason.</summary>
    private static void AssertReadAndNeverSilentlyFree(string label, Dictionary<string, string> files)
    {
        var (estimate, thrown) = Estimate(files);

        Assert.True(thrown is null, $"{label}: {thrown?.GetType().Name}: {thrown?.Message}");
        Assert.True(estimate!.ParseErrors.Count == 0, label + ": " + string.Join("\n", estimate.ParseErrors.Select(e => e.Error.ToString())));
        Assert.All(estimate.Resources, r => Assert.True(r.Head is { MonthlyCost: > 0 } || r.Head is { Nodes: 0 },
            $"{label}: {r.File} {r.Name}: priced at {r.Head?.MonthlyCost} with {r.Head?.Nodes} nodes"));
        Assert.All(estimate.Unpriced, u => Assert.True(files.ContainsKey(u.File) && u.Line > 0 && u.Reason.Length > 0,
            $"{label}: unknown without its file, line and reason: {u.Location} {u.Name}: {u.Reason}"));
        Assert.All(estimate.Skipped, s => Assert.True(s.Reason.Length > 0 && s.Type.Length > 0, $"{label}: skipped without a reason: {s}"));
    }

    [Fact]
    public void The_compatibility_table_in_the_docs_is_what_the_readers_do_today()
    {
        var table = new StringBuilder();
        table.AppendLine("| Case | File | Priced | Skipped | Unknown | Parse errors |").AppendLine("|---|---|---:|---:|---:|---:|");
        var details = new StringBuilder();
        int files = 0, clean = 0, withErrors = 0, crashes = 0;
        foreach (var @case in Cases())
        {
            var read = FilesOf(@case);
            var (estimate, thrown) = Estimate(read);
            if (thrown is not null) { crashes++; details.AppendLine($"- `{@case}`: crash: {thrown.GetType().Name}"); continue; }
            foreach (var file in read.Keys.Order(StringComparer.Ordinal))
            {
                var errors = estimate!.ParseErrors.Where(e => e.Error.File == file).ToList();
                var unknown = estimate.Unpriced.Where(u => u.File == file).ToList();
                files++;
                if (errors.Count > 0) withErrors++; else clean++;
                table.AppendLine($"| {@case} | `{file}` | {estimate.Resources.Count(r => r.File == file)} | {estimate.Skipped.Count(s => s.File == file)} | {unknown.Count} | {errors.Count} |");
                foreach (var e in errors) details.AppendLine($"- `{@case}/{file}` line {e.Error.Line}: could not be read: {e.Error.Message}");
                foreach (var u in unknown) details.AppendLine($"- `{@case}/{u.File}:{u.Line}` {u.Type} `{u.Name}`: unknown: {u.Reason}");
            }
        }

        var page = new StringBuilder()
            .AppendLine("# IaC compatibility: real public files")
            .AppendLine()
            .AppendLine("What the pull-request readers make of real public IaC they were not written against (the files and their")
            .AppendLine("origins: `tests/Guardrails.Core.Tests/testdata/pull-requests/public-iac-corpus/SOURCES.md`). Each case folder is")
            .AppendLine("read as one pull request that adds all its files. Generated by `PublicIacCorpusTests` (a golden file).")
            .AppendLine()
            .AppendLine($"{files} files: {clean} read, {withErrors} with a parse error, {crashes} cases crashed.")
            .AppendLine()
            .Append(table)
            .AppendLine()
            .AppendLine("## Unknown resources and parse errors, with file, line and reason")
            .AppendLine()
            .Append(details.Length == 0 ? "None.\n" : details.ToString());
        Repo.AssertGolden(page.ToString(), "..", "..", "..", "docs", "iac-compatibility.md");
    }
}
