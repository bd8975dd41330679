using Guardrails.Core.Configuration;
using Guardrails.Core.Idle;

namespace Guardrails.Core.Tests.Configuration;

public sealed class IdlePolicyConfigTests
{
    [Fact]
    public void Example_policies_load_with_dry_run_by_default()
    {
        var policies = IdlePolicyFile.Load(Sample("policies.example.yaml"));
        Assert.Equal(3, policies.Count);
        Assert.All(policies, p => Assert.True(p.DryRun));
        Assert.Equal("mark-for-op", policies[1].Action);
        Assert.Equal(TimeSpan.FromHours(4), policies[1].GraceTime);
        Assert.Equal("Europe/Paris", policies[2].Schedule!.TimeZone);
    }

    [Fact]
    public void Errors_name_file_line_and_field()
    {
        const string yaml = """
            policies:
              - name: a
                action: power-off
                condition:
                  window: 60 minutes
                  gpuWorkBelowPercent: 150
                  minCoveragePercent: 40
                  workSignal: vibes
                schedule:
                  timeZone: Mars/Olympus
                  start: "0 19 * *"
                  end: "0 7 * * *"
              - name: b
                grace: soon
                scope:
                  subscriptions: [not-a-guid]
            """;
        var e = Assert.Throws<ConfigException>(() => IdlePolicyFile.Parse(yaml, "guardrails.yaml"));
        var messages = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:3: policies[0].action: 'power-off' is not one of notify, deallocate, mark-for-op", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:5: policies[0].condition.window: '60 minutes' is not a positive duration", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:6: policies[0].condition.gpuWorkBelowPercent: 150", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:7: policies[0].condition.minCoveragePercent: 40 must be between 50 and 100", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:8: policies[0].condition.workSignal", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:10: policies[0].schedule.timeZone: 'Mars/Olympus'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:11: policies[0].schedule.start", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:14: policies[1].grace", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("guardrails.yaml:16: policies[1].scope.subscriptions[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_policy_names_are_rejected()
    {
        var e = Assert.Throws<ConfigException>(() => IdlePolicyFile.Parse("policies:\n  - name: a\n  - name: A\n", "g.yaml"));
        Assert.Equal("g.yaml:3: policies[1].name: 'A' is used by another policy.", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void Unknown_keys_are_errors()
    {
        var e = Assert.Throws<ConfigException>(() => IdlePolicyFile.Parse("policies:\n  - name: a\n    dryrun: false\n", "g.yaml"));
        Assert.Equal(3, Assert.Single(e.Errors).Line);
    }

    [Fact]
    public void Yaml_type_errors_carry_the_line()
    {
        var e = Assert.Throws<ConfigException>(() => IdlePolicyFile.Parse("policies:\n  - name: a\n    maxActionsPerRun: many\n", "g.yaml"));
        Assert.Equal(3, Assert.Single(e.Errors).Line);
    }

    [Theory]
    [InlineData("60m", 60)]
    [InlineData("1h", 60)]
    [InlineData("PT90M", 90)]
    [InlineData("90s", 1.5)]
    public void Durations(string text, double minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), ConfigDuration.Parse(text));

    internal static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", "telemetry", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }
}
