using System.Diagnostics;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests;

/// <summary>The real `guardrails` executable run as a process (arguments, environment, exit code, stdout and stderr).</summary>
internal static class CliProcess
{
    /// <summary>The CLI from its own build output (the test folder mixes in the test project's dependency versions).</summary>
    private static string CliPath
    {
        get
        {
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(TestData.RepositoryRoot, "src", "Guardrails.Cli", "bin", tfm.Parent!.Name, tfm.Name, "guardrails.dll");
            return File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, "guardrails.dll");
        }
    }

    public static async Task<(int Code, string Out, string Err)> RunAsync(IDictionary<string, string?>? env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(CliPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COLUMNS"] = "200";
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }
}
