using Spectre.Console.Cli;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>Tests that swap Console.Out/Error run alone (the console is process-wide).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "Console capture (ingest)";
}

internal sealed record CliRun(int ExitCode, string Out, string Error);

internal static class ConsoleCapture
{
    /// <summary>Runs the guardrails command line in-process with the given command registered, capturing stdout/stderr.</summary>
    public static async Task<CliRun> RunAsync(Action<IConfigurator> register, params string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("guardrails");
            config.PropagateExceptions();
            register(config);
        });
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = await app.RunAsync(args);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
