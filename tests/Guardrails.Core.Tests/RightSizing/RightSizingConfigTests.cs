using Guardrails.Core.Configuration;
using Guardrails.Core.RightSizing;

namespace Guardrails.Core.Tests.RightSizing;

public sealed class RightSizingConfigTests
{
    [Fact]
    public void The_section_is_read_with_its_defaults_and_overrides()
    {
        var config = GuardrailsConfigLoader.LoadFromYaml("rightsizing:\n  window: 7d\n  headroomPercent: 30\n  sampleInterval: 30m\n", "g.yaml");
        var c = RightSizingCriteria.From(config.RightSizing);

        Assert.Equal(TimeSpan.FromDays(7), c.Window);
        Assert.Equal(30m, c.HeadroomPercent);
        Assert.Equal(TimeSpan.FromMinutes(30), c.SampleInterval);
        Assert.Equal(90m, c.MinCoveragePercent);
        Assert.Contains("Standard_NC6s_v3", c.ExcludedSizes); // retired series are never recommended
    }

    [Fact]
    public void Bad_values_are_errors_naming_file_line_and_field()
    {
        var yaml = "channels:\n  ops: { kind: teams, webhookUrlSetting: X }\nrightsizing:\n  window: 2h\n  minCoveragePercent: 40\n  sampleInterval: 7m\n  channels: [nope]\n";

        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml(yaml, "guardrails.yaml"));

        Assert.Contains(e.Errors, x => x is { File: "guardrails.yaml", Line: 4, Field: "rightsizing.window" });
        Assert.Contains(e.Errors, x => x is { Line: 5, Field: "rightsizing.minCoveragePercent" });
        Assert.Contains(e.Errors, x => x is { Line: 6, Field: "rightsizing.sampleInterval" });
        Assert.Contains(e.Errors, x => x.Field == "rightsizing.channels[0]" && x.Message.Contains("'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_key_is_named()
    {
        var e = Assert.Throws<ConfigException>(() => GuardrailsConfigLoader.LoadFromYaml("rightsizing:\n  headroom: 20\n", "g.yaml"));

        Assert.Contains(e.Errors, x => x is { Line: 2, Field: "rightsizing.headroom" });
    }
}
