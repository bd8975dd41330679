using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;
using Guardrails.Core.PullRequests;
using Xunit.Abstractions;

namespace Guardrails.Core.Tests.Configuration;

/// <summary>
/// Every YAML file the CLI and the Function App read (guardrails.yaml, an idle inventory, a repository's pull-request
/// section, guardrails-usage.yml), damaged in every way <see cref="HostileFiles"/> knows: it loads, or it fails with a
/// <see cref="ConfigException"/> whose every error names the file, never another exception.
/// </summary>
public sealed class ConfigFilesHostileInputTests(ITestOutputHelper output)
{
    private const string Usage = """
        version: 0.1
        resourceUsage:
          gpu-cluster:
            monthlyNodeHours: 400
          train-detector:
            runsPerMonth: 4
            hoursPerRun: 10.5
        """;

    public static TheoryData<string> Readers => ["guardrails.yaml", "inventory.yaml", "pull-requests.yaml", "guardrails-usage.yml"];

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task A_damaged_yaml_file_loads_or_fails_naming_the_file(string reader)
    {
        using var folder = new HostileFiles.TempFolder();
        var seed = reader switch
        {
            "inventory.yaml" => await File.ReadAllBytesAsync(Sample("inventory.yaml")),
            "guardrails-usage.yml" => System.Text.Encoding.UTF8.GetBytes(Usage),
            _ => await File.ReadAllBytesAsync(Sample("guardrails.yaml")),
        };
        await HostileFiles.CheckAsync(seed, v =>
        {
            var path = folder.Write(reader, v.Bytes);
            Action load = reader switch
            {
                "guardrails.yaml" => () => GuardrailsConfigLoader.Load(path),
                "inventory.yaml" => () => InventoryFile.Load(path),
                "pull-requests.yaml" => () => PullRequestConfigReader.Load(path),
                _ => () => UsageFile.Parse(File.ReadAllText(path), path),
            };
            load();
        }, e => e is ConfigException c && c.Errors.Count > 0 && c.Errors.All(x => x.File == folder.Path + "/" + reader), output, seedNo: reader.Length);
    }

    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "month", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }
}
