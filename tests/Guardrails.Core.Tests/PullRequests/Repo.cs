namespace Guardrails.Core.Tests.PullRequests;

internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Guardrails.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Sample(params string[] parts) => Path.Combine([Root, "samples", .. parts]);

    public static string Fixture(string kind, string name) => File.ReadAllText(Sample("iac", "fixtures", kind, name));

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "testdata", .. parts]);

    /// <summary>Compares with a golden file; set GUARDRAILS_UPDATE_GOLDEN=1 to rewrite it (then review the diff).</summary>
    public static void AssertGolden(string actual, params string[] parts)
    {
        var source = Path.Combine([Root, "tests", "Guardrails.Core.Tests", "testdata", .. parts]);
        if (Environment.GetEnvironmentVariable("GUARDRAILS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }
        Assert.Equal(File.ReadAllText(source), actual);
    }
}
