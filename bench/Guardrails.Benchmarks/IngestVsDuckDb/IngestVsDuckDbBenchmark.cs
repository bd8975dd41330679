using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Guardrails.Benchmarks.Generator;

namespace Guardrails.Benchmarks.IngestVsDuckDb;

/// <summary>
/// `ingest-vs-duckdb`: for each row count, the same generated FOCUS file is aggregated by
/// (a) `guardrails ingest &lt;file&gt; --json` (published as the native CLI, else Release + ReadyToRun; a child process) and (b) DuckDB in a child process of
/// the benchmark, one process invocation each. Prints rows/s, MB/s, wall time, peak memory, the time ratio, and
/// checks that both engines (and the generator's own sums) agree on the totals to the cent.
/// </summary>
internal static class IngestVsDuckDbBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(Args args)
    {
        var rowCounts = args.GetLongList("rows", 1_000_000);
        var seed = args.GetInt("seed", 42);
        var threads = args.GetInt("threads", 2);
        var allocationKey = args.Get("allocation-key", "team");
        var skipIngest = args.Has("skip-ingest");
        var ingestExtra = args.Get("ingest-args")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var config = args.Get("config");
        var gzip = args.Has("gzip");
        var rounds = args.GetInt("rounds", 1);
        var plain = !args.Has("skip-plain");
        var dataDir = args.Get("data-dir", Path.Combine(Repository.Root, "bench", "data"));

        string? cli = null;
        if (!skipIngest)
        {
            var build = args.Get("cli-build", "aot"); // the shipped CLI (README); r2r: the ReadyToRun build
            if (build is not ("aot" or "r2r"))
            {
                Console.WriteLine($"--cli-build '{build}': expected aot or r2r.");
                return 2;
            }
            cli = args.Get("cli") ?? await BuildCliAsync(build);
            if (cli is null) return 1;
        }
        var cliName = cli is null ? "" : Path.GetRelativePath(Repository.Root, cli); // the build measured, in each table

        var report = new StringBuilder();
        var failures = 0;
        var summaries = new List<string>();
        foreach (var rows in rowCounts)
        {
            var file = Path.Combine(dataDir, $"focus-{FormatCount(rows)}-s{seed}.csv{(gzip ? ".gz" : "")}");
            if (!File.Exists(file) || GenerateCommand.ReadTruth(file) is null)
            {
                Console.WriteLine($"generating {file} …");
                GenerateCommand.Run(rows, seed, file, args.GetInt("resources", 4000));
            }
            var truth = GenerateCommand.ReadTruth(file)!;
            var bytes = new FileInfo(file).Length;
            WarmPageCache(file);
            // Rounds alternate the engines (ingest, DuckDB exact, DuckDB plain, ingest, …) so a drift of this shared VM's
            // speed hits all of them alike.
            for (var round = 1; round <= rounds; round++)
            {
                Console.WriteLine();
                var header = string.Create(Inv,
                    $"== round {round}/{rounds}: {rows:N0} rows, {bytes / 1e6:F1} MB ({file}), page cache warmed, DuckDB threads={threads}, load average before: {LoadAverage()}");
                Console.WriteLine(header);

                ChildResult? ingestRun = null;
                EngineOutput? ingest = null;
                if (cli is not null)
                {
                    var ingestArgs = new List<string> { "ingest", file, "--json" };
                    if (config is not null) ingestArgs.AddRange(["--config", config]);
                    ingestArgs.AddRange(ingestExtra);
                    // The JSON document goes to a file, as DuckDB's result does (--out): through a pipe, the child would also
                    // be timed waiting for the benchmark to read 24 MB, 64 KiB at a time (docs/benchmarks.md).
                    var jsonOut = Path.GetTempFileName();
                    var environment = EnvironmentFrom(args.Get("ingest-env")) ?? [];
                    environment["GUARDRAILS_BENCH_OUT"] = jsonOut;
                    ingestRun = File.Exists("/bin/sh")
                        ? await ChildProcess.RunAsync("/bin/sh", ["-c", "exec \"$0\" \"$@\" > \"$GUARDRAILS_BENCH_OUT\"", cli, .. ingestArgs], environment)
                        : await ChildProcess.RunAsync(cli, ingestArgs, environment);
                    if (File.Exists("/bin/sh")) ingestRun = ingestRun with { StdOut = File.ReadAllText(jsonOut) };
                    File.Delete(jsonOut);
                    if (ingestRun.ExitCode != 0)
                    {
                        Console.WriteLine($"guardrails ingest failed (exit {ingestRun.ExitCode}):");
                        Console.WriteLine(Tail(ingestRun.StdErr, 2000));
                        Console.WriteLine(Tail(ingestRun.StdOut, 500));
                        failures++;
                    }
                    else
                    {
                        try
                        {
                            ingest = GuardrailsIngestOutput.Parse(ingestRun.StdOut, allocationKey);
                        }
                        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
                        {
                            Console.WriteLine($"guardrails ingest --json output is not the documented JSON: {e.Message}");
                            Console.WriteLine(Tail(ingestRun.StdOut, 500));
                            failures++;
                        }
                    }
                }

                var duckOut = Path.GetTempFileName();
                var (self, selfArgs) = SelfInvocation();
                var duckRun = await ChildProcess.RunAsync(self,
                    [.. selfArgs, "duckdb-query", "--file", file, "--threads", threads.ToString(Inv), "--out", duckOut]);
                if (duckRun.ExitCode != 0)
                {
                    Console.WriteLine($"duckdb child failed (exit {duckRun.ExitCode}): {Tail(duckRun.StdErr, 2000)}");
                    return 1;
                }
                var duck = DuckDbAggregation.Read(duckOut);
                File.Delete(duckOut);
                var (plainRun, plainResult) = plain ? await RunPlainAsync(file) : (null, null);

                var table = new StringBuilder();
                table.AppendLine("| engine | wall s | CPU s (user+sys) | rows/s | MB/s | peak MiB |");
                table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
                if (ingestRun is not null) table.AppendLine(Row($"guardrails ingest ({cliName})", ingestRun, rows, bytes));
                table.AppendLine(Row($"DuckDB {typeof(DuckDB.NET.Data.DuckDBConnection).Assembly.GetName().Version} ({threads} threads)", duckRun, rows, bytes));
                if (plainRun is not null) table.AppendLine(Row("DuckDB plain query (default threads)", plainRun, rows, bytes));
                Console.Write(table);
                report.AppendLine(CultureInfo.InvariantCulture, $"### {rows:N0} rows, {bytes / 1e6:F1} MB").AppendLine().AppendLine(header).AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"load average after: {LoadAverage()}").AppendLine().Append(table);
                if (ingestRun is not null)
                {
                    var ratio = ingestRun.Wall.TotalSeconds / duckRun.Wall.TotalSeconds;
                    var line = string.Create(Inv,
                        $"time ratio guardrails/DuckDB = {ratio:F2}× (target ≤ 0.50×: {(ratio <= 0.5 ? "met" : "NOT met")}); guardrails peak {ingestRun.PeakRssBytes / 1048576.0:F0} MiB (target ≤ 128 MiB: {(ingestRun.PeakRssBytes <= 128L * 1048576 ? "met" : "NOT met")})");
                    Console.WriteLine(line);
                    report.AppendLine().AppendLine(line);
                    summaries.Add(string.Create(Inv, $"{rows:N0} rows, round {round}: ratio {ratio:F2}×, guardrails peak {ingestRun.PeakRssBytes / 1048576.0:F0} MiB"));
                    if (plainRun is not null)
                    {
                        var plainRatio = ingestRun.Wall.TotalSeconds / plainRun.Wall.TotalSeconds;
                        var plainLine = string.Create(Inv,
                            $"time ratio guardrails/DuckDB plain query = {plainRatio:F2}× (target ≤ 0.50×: {(plainRatio <= 0.5 ? "met" : "NOT met")})");
                        Console.WriteLine(plainLine);
                        report.AppendLine().AppendLine(plainLine);
                        summaries[^1] += string.Create(Inv, $", ratio to the plain query {plainRatio:F2}×");
                    }
                }
                if (plainResult is not null)
                {
                    var plainCheck = plainResult.Error is not null
                        ? $"FAIL DuckDB plain query: {plainResult.Error}"
                        : string.Create(Inv, $"{(plainResult.Rows == rows ? "OK  " : "FAIL")} DuckDB plain query: {plainResult.Groups:N0} groups counting {plainResult.Rows:N0} rows");
                    Console.WriteLine(plainCheck);
                    report.AppendLine().AppendLine(plainCheck);
                }
                Console.WriteLine($"peak memory measured with {duckRun.PeakRssMethod}");

                var checks = Check(truth, duck, ingest);
                foreach (var c in checks.Lines) Console.WriteLine(c);
                report.AppendLine();
                foreach (var c in checks.Lines) report.AppendLine("- " + c);
                report.AppendLine();
                failures += checks.Failures;
            }
        }

        if (summaries.Count > 1) Console.WriteLine("\nsummary: " + string.Join("; ", summaries));
        // Beside the data (--data-dir), created if it is missing: a fresh checkout has no bench/data until a file is generated there.
        Directory.CreateDirectory(dataDir);
        var resultFile = Path.Combine(dataDir, $"ingest-vs-duckdb-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        File.WriteAllText(resultFile, report.ToString());
        Console.WriteLine($"\nreport (markdown) written to {resultFile}");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The plain query a DuckDB user writes first, in its own child process (default threads).</summary>
    private static async Task<(ChildResult Run, DuckDbAggregation.PlainResult? Result)> RunPlainAsync(string file)
    {
        var output = Path.GetTempFileName();
        var (self, selfArgs) = SelfInvocation();
        var run = await ChildProcess.RunAsync(self, [.. selfArgs, "duckdb-query", "--plain", "--file", file, "--out", output]);
        var result = run.ExitCode == 0 ? DuckDbAggregation.ReadPlain(output) : null;
        if (run.ExitCode != 0) Console.WriteLine($"DuckDB plain query child failed (exit {run.ExitCode}): {Tail(run.StdErr, 2000)}");
        File.Delete(output);
        return (run, result);
    }

    private sealed record CheckResult(List<string> Lines, int Failures);

    private static CheckResult Check(IReadOnlyList<Totals> truth, EngineOutput duck, EngineOutput? ingest)
    {
        var lines = new List<string>();
        var failures = 0;
        void Compare(string what, IReadOnlyList<Totals> expected, IReadOnlyList<Totals> actual)
        {
            foreach (var e in expected)
            {
                var a = actual.FirstOrDefault(x => x.Currency == e.Currency);
                var ok = a is not null && Cents(a.BilledCost) == Cents(e.BilledCost) && Cents(a.EffectiveCost) == Cents(e.EffectiveCost);
                if (!ok) failures++;
                lines.Add(string.Create(Inv,
                    $"{(ok ? "OK  " : "FAIL")} totals {e.Currency} {what}: BilledCost {Cents(e.BilledCost):F2} vs {(a is null ? "missing" : Cents(a.BilledCost).ToString("F2", Inv))}, EffectiveCost {Cents(e.EffectiveCost):F2} vs {(a is null ? "missing" : Cents(a.EffectiveCost).ToString("F2", Inv))}"));
            }
            var extra = actual.Where(a => expected.All(e => e.Currency != a.Currency)).ToArray();
            if (extra.Length > 0)
            {
                failures++;
                lines.Add($"FAIL {what}: unexpected currencies {string.Join(", ", extra.Select(x => x.Currency))}");
            }
        }
        Compare("generator = DuckDB", truth, duck.Totals);
        if (ingest is null) return new CheckResult(lines, failures);
        Compare("generator = guardrails", truth, ingest.Totals);
        if (ingest.RowsRead != duck.RowsRead)
        {
            failures++;
            lines.Add($"FAIL rows: guardrails read {ingest.RowsRead:N0}, DuckDB {duck.RowsRead:N0}");
        }
        else
        {
            lines.Add($"OK   rows: both read {ingest.RowsRead:N0}");
        }

        // Allocation: per (day, team, currency) the two engines should agree to the cent.
        var g = ingest.ByDayTeamCurrency();
        var d = duck.ByDayTeamCurrency();
        var keys = g.Keys.Union(d.Keys).ToArray();
        var same = keys.Count(k => g.TryGetValue(k, out var x) && d.TryGetValue(k, out var y)
            && Cents(x.Billed) == Cents(y.Billed) && Cents(x.Effective) == Cents(y.Effective));
        var teamOk = same == keys.Length;
        if (!teamOk) failures++;
        lines.Add($"{(teamOk ? "OK  " : "FAIL")} (day, team, currency) groups equal to the cent: {same}/{keys.Length}" +
                  (teamOk ? "" : " — first differences: " + string.Join("; ", keys.Where(k =>
                      !(g.TryGetValue(k, out var x) && d.TryGetValue(k, out var y) && Cents(x.Billed) == Cents(y.Billed))).Take(3)
                      .Select(k => $"{k.Day}/{k.Team}/{k.Currency}: guardrails {(g.TryGetValue(k, out var x) ? x.Billed.ToString("F2", Inv) : "-")} duckdb {(d.TryGetValue(k, out var y) ? y.Billed.ToString("F2", Inv) : "-")}"))));

        // Category: DuckDB's CASE is an approximation of the ledger's rules, so this one is informational.
        var gc = ingest.ByDayCategoryCurrency();
        var dc = duck.ByDayCategoryCurrency();
        var ckeys = gc.Keys.Union(dc.Keys).ToArray();
        var csame = ckeys.Count(k => gc.TryGetValue(k, out var x) && dc.TryGetValue(k, out var y) && Cents(x.Billed) == Cents(y.Billed));
        lines.Add($"info (day, category, currency) groups equal to the cent: {csame}/{ckeys.Length} (DuckDB's category CASE approximates the ledger's rules)");
        return new CheckResult(lines, failures);
    }

    /// <summary>The 1/5/15-minute load averages: the machine is shared, so every figure says how busy it was.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    private static string Row(string engine, ChildResult run, long rows, long bytes) =>
        string.Create(Inv,
            $"| {engine} | {run.Wall.TotalSeconds:F2} | {(run.CpuSeconds is { } cpu ? cpu.ToString("F2", Inv) : "-")} | {rows / run.Wall.TotalSeconds:N0} | {bytes / 1e6 / run.Wall.TotalSeconds:F0} | {run.PeakRssBytes / 1048576.0:F0} |");

    internal static string FormatCount(long rows) =>
        rows % 1_000_000 == 0 ? $"{rows / 1_000_000}m" : rows % 1000 == 0 ? $"{rows / 1000}k" : rows.ToString(Inv);

    private static string Tail(string text, int chars) => text.Length <= chars ? text : "…" + text[^chars..];

    private static Dictionary<string, string>? EnvironmentFrom(string? spec) =>
        spec?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary>Reads the file once so both engines start from the same warm page cache.</summary>
    private static void WarmPageCache(string file)
    {
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        while (stream.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    /// <summary>How to start this benchmark again as a child (apphost, or `dotnet Guardrails.Benchmarks.dll`).</summary>
    internal static (string FileName, string[] Args) SelfInvocation()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("Unknown process path.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [Assembly.GetExecutingAssembly().Location])
            : (process, []);
    }

    /// <summary>
    /// Publishes the CLI to bench/out/cli-&lt;build&gt; and returns the path of its `guardrails` executable. <paramref name="build"/>
    /// "aot" (the default) is the native CLI, the shipped build (Native AOT, <c>-p:PublishAot=true</c>: no JIT, no tiering,
    /// start-up in milliseconds; README, "The native CLI"); when that publish fails on this machine (no C compiler or linker,
    /// no ILCompiler package), the line saying so is printed and the ReadyToRun build is measured instead. "r2r" is Release, framework-dependent, ReadyToRun
    /// (its assemblies and its packages' precompiled, so start-up is not spent in the JIT). `--cli` measures any other build
    /// instead (e.g. src/Guardrails.Cli/bin/Release/net10.0/guardrails).
    /// </summary>
    private static async Task<string?> BuildCliAsync(string build)
    {
        if (build == "aot")
        {
            if (await PublishCliAsync("cli-aot", "Native AOT", ["-p:PublishAot=true"]) is { } native) return native;
            Console.WriteLine("the native (AOT) publish of the CLI failed (it needs clang or gcc and a linker): measuring the ReadyToRun build instead, "
                + "as --cli-build r2r would; the figures below are NOT the native CLI's");
        }
        return await PublishCliAsync("cli", "ReadyToRun", ["--self-contained", "false", "-p:PublishReadyToRun=true"]);
    }

    private static async Task<string?> PublishCliAsync(string folder, string what, string[] options)
    {
        var project = Path.Combine(Repository.Root, "src", "Guardrails.Cli");
        var output = Path.Combine(Repository.Root, "bench", "out", folder);
        Console.WriteLine($"publishing src/Guardrails.Cli (Release, {what}, {RuntimeInformation.RuntimeIdentifier}) to {output} …");
        var build = await ChildProcess.RunAsync("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            .. options, "-o", output, "--nologo", "-v", "q"]);
        if (build.ExitCode != 0)
        {
            Console.WriteLine($"dotnet publish of the CLI ({what}) failed:");
            Console.WriteLine(Tail(build.StdOut, 3000));
            return null;
        }
        var exe = Path.Combine(output, OperatingSystem.IsWindows() ? "guardrails.exe" : "guardrails");
        if (!File.Exists(exe))
        {
            Console.WriteLine($"CLI published but {exe} is missing.");
            return null;
        }
        return exe;
    }
}
