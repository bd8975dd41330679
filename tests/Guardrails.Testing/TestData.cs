namespace Guardrails.Testing;

/// <summary>Paths to data bundled in the repository (never ../shared: the project must stand alone).</summary>
public static class TestData
{
    public static string RepositoryRoot =>
        Guardrails.Infrastructure.Local.AzuriteLauncher.FindRepositoryRoot()
        ?? throw new InvalidOperationException("Repository root not found.");

    /// <summary>A file under the repository's samples/ folder (real public data with SOURCES.md).</summary>
    public static string Sample(params string[] parts) => Path.Combine([RepositoryRoot, "samples", .. parts]);
}
