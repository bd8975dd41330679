using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Budgets;
using Guardrails.Cli.Commands.Costs;
using Guardrails.Cli.Commands.Estimate;
using Guardrails.Cli.Commands.Idle;
using Guardrails.Cli.Commands.Ingest;
using Guardrails.Cli.Commands.Rightsize;

namespace Guardrails.Cli;

/// <summary>The `guardrails` command tree: one line per command, grouped by pipeline stage.</summary>
public static class GuardrailsApp
{
    private static TextWriter? s_processStandardOutput;
    private static TextWriter? s_processStandardError;

    /// <summary>True when <paramref name="writer"/> is the process's own standard error as the command line found it.</summary>
    internal static bool IsProcessStandardError(TextWriter writer) => ReferenceEquals(writer, s_processStandardError);

    /// <summary>
    /// True when <paramref name="writer"/> is the process's own standard output as the command line found it (not a
    /// writer swapped in with <see cref="Console.SetOut"/>): commands with large output may then write bytes to
    /// <see cref="Console.OpenStandardOutput()"/> directly.
    /// </summary>
    internal static bool IsProcessStandardOutput(TextWriter writer) => ReferenceEquals(writer, s_processStandardOutput);

    /// <summary>Exit code of a command line that does not parse (unknown command or option, missing argument), or that
    /// names a file or directory that does not exist; also of an unusable configuration (<see cref="Hosting.CliConfig"/>).</summary>
    public const int ExitUsageError = 2;

    /// <summary>Exit code of a runtime failure: input that cannot be read, storage or a service refusing.</summary>
    public const int ExitRuntimeError = 1;

    /// <summary>Set to 1 to let unexpected exceptions propagate with their stack trace instead of one "error:" line.</summary>
    public const string DebugVariable = "GUARDRAILS_DEBUG";

    /// <summary>The first line of the innermost useful message (an AggregateException of retries names its last cause).</summary>
    internal static string OneLine(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[^1] : e;
        return inner.Message.Split('\n')[0].Trim();
    }

    /// <summary>
    /// A numeric option's own reason (<see cref="Commands.NumberOption"/>), which the command-line parser wraps in its
    /// "Failed to convert" message, with the option it was given for; null for any other parse error.
    /// </summary>
    private static string? NumberOptionMessage(Exception e, IReadOnlyList<string> args)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is not Commands.NumberOptionException n) continue;
            var quoted = n.Message[..(n.Message.IndexOf('\'', 1) + 1)];
            for (var i = 1; i < args.Count; i++)
            {
                if ($"'{args[i]}'" == quoted && args[i - 1].StartsWith('-')) return $"{args[i - 1]}: {n.Message}";
                if (args[i].StartsWith('-') && args[i].IndexOf('=') is > 0 and var eq && $"'{args[i][(eq + 1)..]}'" == quoted) return $"{args[i][..eq]}: {n.Message}";
            }
            return n.Message;
        }
        return null;
    }

    /// <summary>
    /// The process's entry point (Program.cs): records the standard output and error the process started with, so commands
    /// may write large output as bytes and draw progress on a terminal, then runs the command line. A host that swaps
    /// <see cref="Console.Out"/> (a test) calls <see cref="RunAsync"/>, and its writers are never taken for the process's:
    /// whichever test ran first, its output stays in its own writer.
    /// </summary>
    public static Task<int> RunProcessAsync(IReadOnlyList<string> args)
    {
        s_processStandardOutput = Console.Out;
        s_processStandardError = Console.Error;
        return RunAsync(args);
    }

    /// <summary>
    /// Runs one command line. A command line that does not parse ends with one "error:" line on <paramref name="error"/>
    /// (standard error by default) naming the problem and exit code <see cref="ExitUsageError"/>, not a stack trace;
    /// exceptions from inside a command still propagate (each command reports its own input problems).
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter? error = null)
    {
        // Commands that write through AnsiConsole get the width rule of Hosting.CliConsole (COLUMNS; unbounded when not a terminal).
        var previousConsole = Spectre.Console.AnsiConsole.Console;
        Spectre.Console.AnsiConsole.Console = Hosting.CliConsole.Create(Console.Out);
        try
        {
            return await Create(args).RunAsync(args).ConfigureAwait(false);
        }
        catch (CommandAppException e) when (e is CommandParseException or CommandRuntimeException)
        {
            var known = args.Count > 0 && !args[0].StartsWith('-')
                && (!e.Message.StartsWith("Unknown command", StringComparison.Ordinal) || (args.Count > 1 && s_subcommands.ContainsKey(args[0])));
            var command = known ? " " + args[0] : "";
            var suggestion = Suggest(args, e.Message) is { } s ? $" Did you mean '{s}'?" : "";
            var message = NumberOptionMessage(e, args) ?? e.Message.TrimEnd('.');
            await (error ?? Console.Error).WriteLineAsync(
                $"error: {message}.{suggestion} See 'guardrails{command} --help'.").ConfigureAwait(false);
            return ExitUsageError;
        }
        catch (Core.Configuration.ConfigException e)
        {
            return Hosting.CliConfig.Fail(e, error);
        }
        catch (Exception e) when (e is not OperationCanceledException && Environment.GetEnvironmentVariable(DebugVariable) != "1")
        {
            // Whatever a command did not report itself (an unreadable export, storage refusing): one line, never a stack trace.
            await (error ?? Console.Error).WriteLineAsync($"error: {OneLine(e)}").ConfigureAwait(false);
            return e is FileNotFoundException or DirectoryNotFoundException ? ExitUsageError : ExitRuntimeError;
        }
        finally
        {
            Spectre.Console.AnsiConsole.Console = previousConsole;
        }
    }

    /// <summary>
    /// The command tree. Given the command line, only the command it names is registered (Spectre builds its model of
    /// every registered command by reflection on each run: about 0.1 s of a short run); with no or an unknown command
    /// name, or only options, every command is, so help and "unknown command" list them all.
    /// </summary>
    public static CommandApp Create(IReadOnlyList<string>? args = null)
    {
        var name = args is { Count: > 0 } && !args[0].StartsWith('-') ? args[0] : null;
        var only = name is null ? null : Commands.Where(c => c.Name == name).Select(c => c.Register).FirstOrDefault();
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("guardrails");
            config.SetApplicationVersion(Version);
            config.PropagateExceptions();
            config.UseStrictParsing(); // a mistyped option is an error, not silently ignored
            if (only is not null) only(config);
            else foreach (var command in Commands) command.Register(config);
        });
        return app;
    }

    /// <summary>The version <c>guardrails --version</c> prints: the assembly's informational version (without the source hash).</summary>
    public static string Version { get; } =
        (typeof(GuardrailsApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Subcommands of each branch, for "did you mean".</summary>
    private static readonly Dictionary<string, string[]> s_subcommands = new(StringComparer.Ordinal)
    {
        ["pipeline"] = ["run"],
        ["alerts"] = ["test"],
        ["report"] = ["chargeback", "models", "carbon", "html"],
    };

    /// <summary>
    /// The closest known name to a mistyped command or subcommand (edit distance at most 2, or a unique prefix), else null.
    /// </summary>
    internal static string? Suggest(IReadOnlyList<string> args, string message)
    {
        const string prefix = "Unknown command '";
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var typed = message[prefix.Length..].Split('\'')[0];
        var candidates = args.Count > 1 && typed != args[0] && s_subcommands.TryGetValue(args[0], out var subs)
            ? subs
            : Commands.Select(c => c.Name).ToArray();
        var prefixed = candidates.Where(c => c.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (typed.Length >= 2 && prefixed.Count == 1) return Qualify(args, typed, prefixed[0]);
        var best = candidates.Select(c => (Name: c, Distance: Distance(typed.ToLowerInvariant(), c))).OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Min(2, Math.Max(1, typed.Length / 2)) ? Qualify(args, typed, best.Name) : null;
    }

    private static string Qualify(IReadOnlyList<string> args, string typed, string name) =>
        args.Count > 1 && typed != args[0] && s_subcommands.ContainsKey(args[0]) ? $"guardrails {args[0]} {name}" : $"guardrails {name}";

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>Every top-level command (or branch), grouped by pipeline stage.</summary>
    private static readonly (string Name, Action<IConfigurator> Register)[] Commands =
    [
        // End to end on local defaults (Azurite, bundled samples, dry-run actions).
        ("demo", c => c.AddCommand<DemoCommand>("demo").WithDescription("Run the whole pipeline on bundled sample data: Azurite, dry-run actions.")),

        // Ledger: ingest → normalize → allocate → aggregate → store.
        ("ingest", c => c.AddCommand<IngestCommand>("ingest").WithDescription("Read cost exports and allocate them into daily costs")),
        ("pipeline", c => c.AddBranch("pipeline", p => p.AddCommand<PipelineRunCommand>("run").WithDescription("Export in Blob → DiscoverExports → export-parts queue → IngestExportPart → Table Storage, locally on Azurite."))),
        ("costs", c => c.AddCommand<CostsCommand>("costs").WithDescription("The allocated month from the ledger in Table Storage, grouped by allocation keys.")),

        // Budgets and alerts.
        ("budgets", c => c.AddCommand<BudgetsCommand>("budgets").WithDescription("Budget status: spent, forecast, breach date; --evaluate delivers alerts")),
        ("alerts", c => c.AddBranch("alerts", alerts => alerts.AddCommand<AlertsTestCommand>("test").WithDescription("Send a sample card to a configured channel"))),

        // Idle GPUs.
        ("rightsize", c => c.AddCommand<RightsizeCommand>("rightsize").WithDescription("Right-size GPU VMs from their own telemetry: the cheapest size that fits, the saving, or why none (recommendations only).")),
        ("idle", c => c.AddCommand<IdleCommand>("idle").WithDescription("Idle GPU decisions per VM: live (ARM + Prometheus; dry-run unless --execute) or from recorded telemetry (--telemetry).")),

        // Pull-request cost checks.
        ("estimate", c => c.AddCommand<EstimateCommand>("estimate").WithDescription("Monthly cost difference of an IaC change (base vs head directories).")),
        ("plan", c => c.AddCommand<PlanCommand>("plan").WithDescription("GPU-hours, wall time and cost of a training run from model size.")),
        ("serve", c => c.AddCommand<ServeCommand>("serve").WithDescription("Run the HTTP endpoints (GitHub webhook) on 127.0.0.1 with the queue work in process.")),

        // Reports and dashboard.
        ("report", c => c.AddReportBranch()),
        ("dashboard", c => c.AddDashboardCommand()),
    ];
}
