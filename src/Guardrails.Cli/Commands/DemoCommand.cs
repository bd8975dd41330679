using Guardrails.Cli.Samples;
using Guardrails.Infrastructure.Local;

namespace Guardrails.Cli.Commands;

/// <summary>
/// The main job end to end on local defaults: Azurite (started once and shared by every step), the bundled sample
/// data, dry-run actions. Each step is the same `guardrails` command a user would run by hand, so the demo proves
/// those commands, not a parallel code path.
/// </summary>
public sealed class DemoCommand : AsyncCommand<DemoCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Where alerts and the report go (default: out/demo). Cleared at the start.")]
        public string Out { get; init; } = Path.Combine("out", "demo");
    }

    /// <summary>Azurite on its default ports (the demo starts or reuses it there).</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The month of the demo's story (samples/month: Fabrikam ML, 2026-11-01 to 2026-11-15).</summary>
    public const string DemoMonth = SampleMonth.Month;

    /// <summary>One demo step: a title and the exact command line it runs.</summary>
    public sealed record Step(string Title, string[] Args);

    /// <summary>
    /// Every step reads the one generated month (samples/month, <see cref="SampleMonth"/>) with the configuration that lives
    /// beside it: the same export, the telemetry of the same VMs in the same hours, one ledger in Table Storage. The
    /// repository-root guardrails.yaml is never read by the demo.
    /// </summary>
    public static IReadOnlyList<Step> Steps(string root, string outDir)
    {
        string S(params string[] parts) => Path.Combine([root, "samples", "month", .. parts]);
        var config = S("guardrails.yaml");
        var export = S("export", "fabrikam-ml_focus-1.2_2026-11-16.csv");
        return
        [
            new("1. Ledger: the month's FOCUS 1.2 export read, normalized and allocated (rejected rows quarantined, counted)",
                ["ingest", S("export"), "--config", config, "--quarantine", Path.Combine(outDir, "quarantine.csv")]),
            new("2. Pipeline on Azurite: export + manifest in Blob → DiscoverExports → export-parts queue → IngestExportPart ×2 → Table Storage",
                ["pipeline", "run", "--store", "--input", export, "--parts", "2", "--consumers", "2", "--config", config, "--by", "team"]),
            new("3. The ledger read back from Table Storage",
                ["costs", "--month", DemoMonth, "--by", "team", "--store"]),
            new("4. Budgets on the stored ledger: forecast, thresholds, anomalies; alerts delivered once to a local sink",
                ["budgets", "--config", config, "--month", DemoMonth, "--store", DevelopmentStorage, "--evaluate",
                    "--sink", Path.Combine(outDir, "alerts")]),
            new("5. Idle GPUs: the same VMs' telemetry → hourly rollups and idle cost in Table Storage, decisions at the end of the export (dry-run)",
                ["idle", "--config", config, "--telemetry", S("telemetry"), "--inventory", S("inventory.yaml"), "--store"]),
            new("6. Pull-request cost check: the comment Guardrails would post on the PR that adds A100s for speech",
                ["estimate", "--base", S("pr", "base"), "--head", S("pr", "head"), "--config", config,
                    "--store", DevelopmentStorage, "--at", SampleMonth.ExportedAt, "--markdown"]),
            new("7. Right-sizing: each GPU VM sized from what its GPUs did over 14 days, with the evidence and the monthly saving (recommendations only)",
                ["rightsize", "--telemetry", S("telemetry"), "--inventory", S("inventory.yaml"), "--config", config]),
            new("8. Report: chargeback, cost per model, GPU waste, right-sizing, carbon and the guardrail action log as one self-contained page",
                ["report", "--html", Path.Combine(outDir, "report.html"), "--store", DevelopmentStorage, "--config", config,
                    "--month", DemoMonth, "--telemetry", S("telemetry"), "--inventory", S("inventory.yaml")]),
        ];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = AzuriteLauncher.FindRepositoryRoot()
            ?? throw new InvalidOperationException("Run the demo from the Guardrails repository (guardrails.yaml, samples/).");
        var outDir = Path.GetFullPath(settings.Out);
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        Directory.CreateDirectory(outDir);

        AnsiConsole.MarkupLine("[bold]Guardrails demo[/] — local defaults: Azurite, bundled sample data, dry-run actions.");
        await using var azurite = await AzuriteLauncher.StartAsync(reuseDefault: true, defaultPorts: true, log: Console.Error,
            cancellationToken: cancellationToken);
        AnsiConsole.MarkupLine(azurite.Owned
            ? "Azurite started on 127.0.0.1:10000-10002 (in memory, stopped at the end)."
            : "Using the Azurite already listening on 127.0.0.1:10000-10002.");

        var failed = new List<string>();
        foreach (var step in Steps(root, outDir))
        {
            AnsiConsole.WriteLine();
            StepHeading(step.Title);
            AnsiConsole.MarkupLine($"[grey]$ guardrails {Markup.Escape(string.Join(' ', step.Args.Select(a => a.Replace(root + Path.DirectorySeparatorChar, ""))))}[/]");
            var exit = await GuardrailsApp.Create().RunAsync(step.Args);
            if (exit != 0)
                failed.Add($"{step.Title} (exit {exit})");
        }

        AnsiConsole.WriteLine();
        if (failed.Count > 0)
        {
            foreach (var f in failed) AnsiConsole.MarkupLine($"[red]failed:[/] {Markup.Escape(f)}");
            return 1;
        }
        AnsiConsole.MarkupLine($"Alerts delivered to: {Markup.Escape(Path.Combine(outDir, "alerts"))}");
        Console.WriteLine($"Report page: {Path.Combine(outDir, "report.html")}");
        return 0;
    }

    /// <summary>A step's heading: a rule across the terminal, or a 100-column one when output is a file or CI log (no 4,096-column line).</summary>
    private static void StepHeading(string title)
    {
        if (AnsiConsole.Profile.Width < CliConsole.UnboundedWidth)
        {
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
            return;
        }
        AnsiConsole.MarkupLine($"── [bold]{Markup.Escape(title)}[/] {new string('─', Math.Max(3, 96 - title.Length))}");
    }
}
