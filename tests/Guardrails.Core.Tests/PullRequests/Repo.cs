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

    /// <summary>Compares with the golden file testdata/<paramref name="parts"/> (see <see cref="Guardrails.Testing.GoldenFile"/>).</summary>
    public static void AssertGolden(string actual, params string[] parts) =>
        Guardrails.Testing.GoldenFile.Verify(actual, Path.Combine(["testdata", .. parts]));
}
