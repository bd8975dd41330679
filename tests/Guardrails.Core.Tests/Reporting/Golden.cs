using System.Runtime.CompilerServices;

namespace Guardrails.Core.Tests.Reporting;

/// <summary>
/// Golden files under Reporting/testdata. GUARDRAILS_UPDATE_GOLDEN=1 writes the file into the source tree (review the
/// diff); otherwise the file must exist and the output must match byte for byte (a missing file fails).
/// </summary>
internal static class Golden
{
    public static void Assert(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "testdata", name);
        actual = actual.Replace("\r\n", "\n");
        var update = Environment.GetEnvironmentVariable("GUARDRAILS_UPDATE_GOLDEN") == "1";
        if (update)
        {
            File.WriteAllText(path, actual);
            return;
        }
        Xunit.Assert.True(File.Exists(path), $"Golden file {path} is missing (run the tests once locally with GUARDRAILS_UPDATE_GOLDEN=1).");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n");
        Xunit.Assert.Equal(expected, actual);
    }
}
