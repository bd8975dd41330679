using System.Runtime.CompilerServices;

namespace Guardrails.Testing;

/// <summary>
/// The one golden-file check for every test project (linked into each by the root Directory.Build.props). The golden
/// file lives in the source tree, at a path relative to the calling test project. A missing golden file fails the
/// test; <c>GUARDRAILS_UPDATE_GOLDEN=1</c> writes the actual output instead (then review the diff). Line endings and
/// trailing newlines are normalised, nothing else.
/// </summary>
internal static class GoldenFile
{
    public const string UpdateVariable = "GUARDRAILS_UPDATE_GOLDEN";

    public static void Verify(string actual, string pathInTestProject, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(ProjectDirectory(callerFile), pathInTestProject);
        var normalised = Normalise(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, normalised + "\n");
            return;
        }
        Xunit.Assert.True(File.Exists(path),
            $"golden file {path} is missing: run the test with {UpdateVariable}=1 to write it, then review the diff.");
        Xunit.Assert.Equal(Normalise(File.ReadAllText(path)), normalised);
    }

    private static string Normalise(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n');

    /// <summary>The folder of the test project that holds <paramref name="callerFile"/> (the nearest *.csproj above it).</summary>
    private static string ProjectDirectory(string callerFile)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!); dir is not null; dir = dir.Parent)
            if (dir.EnumerateFiles("*.csproj").Any()) return dir.FullName;
        throw new InvalidOperationException($"No test project above {callerFile}.");
    }
}
