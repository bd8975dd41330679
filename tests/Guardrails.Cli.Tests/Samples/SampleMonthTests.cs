using Guardrails.Cli.Samples;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Samples;

/// <summary>
/// samples/month is generated: the seed reproduces every committed file byte for byte. To regenerate after a deliberate
/// change to <see cref="SampleMonth"/>: <c>GUARDRAILS_UPDATE_SAMPLES=1 dotnet test tests/Guardrails.Cli.Tests --filter SampleMonthTests</c>.
/// </summary>
public class SampleMonthTests
{
    private static string Root => TestData.Sample("month");

    [Fact]
    public void The_seed_reproduces_the_committed_files_byte_for_byte()
    {
        var files = SampleMonth.Generate();
        if (Environment.GetEnvironmentVariable("GUARDRAILS_UPDATE_SAMPLES") == "1")
        {
            foreach (var f in files)
            {
                var path = Path.Combine(Root, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Content);
            }
        }

        foreach (var f in files)
        {
            var path = Path.Combine(Root, f.Path);
            Assert.True(File.Exists(path), $"{f.Path} is missing: regenerate samples/month (see this test's summary).");
            Assert.True(File.ReadAllText(path) == f.Content, $"{f.Path} differs from what the seed generates: regenerate samples/month.");
        }
        var generated = files.Select(f => f.Path.Replace('/', Path.DirectorySeparatorChar)).ToHashSet();
        var stray = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p))
            .Where(p => p != "README.md" && !generated.Contains(p))
            .ToList();
        Assert.True(stray.Count == 0, "not generated: " + string.Join(", ", stray));
    }

    [Fact]
    public void Another_seed_gives_another_month_and_the_same_seed_the_same()
    {
        var a = SampleMonth.Generate(1);
        var b = SampleMonth.Generate(1);
        Assert.Equal(a.Select(f => f.Content), b.Select(f => f.Content));
        Assert.NotEqual(a.Single(f => f.Path.StartsWith("export/", StringComparison.Ordinal)).Content,
            SampleMonth.Generate().Single(f => f.Path.StartsWith("export/", StringComparison.Ordinal)).Content);
    }
}
