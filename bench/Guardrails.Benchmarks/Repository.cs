namespace Guardrails.Benchmarks;

internal static class Repository
{
    /// <summary>The repository root: the first folder upwards (from the working directory, then the binary) with Guardrails.sln.</summary>
    public static string Root { get; } = Find(Directory.GetCurrentDirectory()) ?? Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Run the benchmarks from inside the Guardrails repository (Guardrails.sln not found).");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Guardrails.sln"))) return dir.FullName;
        return null;
    }
}
