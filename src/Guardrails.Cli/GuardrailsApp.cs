using Guardrails.Cli.Commands;
using Spectre.Console.Cli;

namespace Guardrails.Cli;

/// <summary>The `guardrails` command tree: one line per command, grouped by pipeline stage.</summary>
public static class GuardrailsApp
{
    private static TextWriter? s_processStandardOutput;

    /// <summary>
    /// True when <paramref name="writer"/> is the process's own standard output as the command line found it (not a
    /// writer swapped in with <see cref="Console.SetOut"/>): commands with large output may then write bytes to
    /// <see cref="Console.OpenStandardOutput()"/> directly.
    /// </summary>
    internal static bool IsProcessStandardOutput(TextWriter writer) => ReferenceEquals(writer, s_processStandardOutput);

    /// <summary>Exit code of a command line that does not parse (unknown command or option, missing argument).</summary>
    public const int ExitUsageError = 2;

    /// <summary>
    /// Runs one command line. A command line that does not parse ends with one "error:" line on <paramref name="error"/>
    /// (standard error by default) naming the problem and exit code <see cref="ExitUsageError"/>, not a stack trace;
    /// exceptions from inside a command still propagate (each command reports its own input problems).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter? error = null)
    {
        s_processStandardOutput ??= Console.Out;
        try
        {
            return await Create().RunAsync(args).ConfigureAwait(false);
        }
        catch (CommandAppException e) when (e is CommandParseException or CommandRuntimeException)
        {
            var known = args.Count > 0 && !args[0].StartsWith('-') && !e.Message.StartsWith("Unknown command", StringComparison.Ordinal);
            var command = known ? " " + args[0] : "";
            await (error ?? Console.Error).WriteLineAsync(
                $"error: {e.Message.TrimEnd('.')}. See 'guardrails{command} --help'.").ConfigureAwait(false);
            return ExitUsageError;
        }
    }

    public static CommandApp Create()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("guardrails");
            config.PropagateExceptions();
            config.UseStrictParsing(); // a mistyped option is an error, not silently ignored

            // End to end on local defaults (Azurite, bundled samples, dry-run actions).
            config.AddCommand<DemoCommand>("demo").WithDescription("Run the whole pipeline on bundled sample data: Azurite, dry-run actions.");

            // Ledger: ingest → normalize → allocate → aggregate → store.
            config.AddCommand<IngestCommand>("ingest").WithDescription("Read cost exports and allocate them into daily costs");
            config.AddBranch("pipeline", p => p.AddCommand<PipelineRunCommand>("run").WithDescription("Export in Blob → DiscoverExports → export-parts queue → IngestExportPart → Table Storage, locally on Azurite."));
            config.AddCommand<CostsCommand>("costs").WithDescription("The allocated month from the ledger in Table Storage, grouped by allocation keys.");

            // Budgets and alerts.
            config.AddCommand<BudgetsCommand>("budgets").WithDescription("Budget status: spent, forecast, breach date; --evaluate delivers alerts");
            config.AddBranch("alerts", alerts => alerts.AddCommand<AlertsTestCommand>("test").WithDescription("Send a sample card to a configured channel"));

            // Idle GPUs.
            config.AddCommand<IdleCommand>("idle").WithDescription("Idle GPU decisions per VM: live (ARM + Prometheus; dry-run unless --execute) or from recorded telemetry (--telemetry).");

            // Pull-request cost checks.
            config.AddCommand<EstimateCommand>("estimate").WithDescription("Monthly cost difference of an IaC change (base vs head directories).");
            config.AddCommand<PlanCommand>("plan").WithDescription("GPU-hours, wall time and cost of a training run from model size.");
            config.AddCommand<ServeCommand>("serve").WithDescription("Run the HTTP endpoints (GitHub webhook) on 127.0.0.1 with the queue work in process.");

            // Reports and dashboard.
            config.AddReportCommands();
        });
        return app;
    }
}
