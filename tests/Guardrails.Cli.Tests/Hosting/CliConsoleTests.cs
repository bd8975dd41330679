using Guardrails.Cli.Hosting;
using Spectre.Console;

namespace Guardrails.Cli.Tests.Hosting;

public sealed class CliConsoleTests
{
    [Fact]
    public void Prose_wraps_at_spaces_within_the_width_and_indents_the_lines_after_the_first()
    {
        var lines = CliConsole.Wrap("about 60,000 GB of checkpoints has stayed in Hot for 14+ days", 24, "  ").ToList();

        Assert.Equal(["about 60,000 GB of", "  checkpoints has stayed", "  in Hot for 14+ days"], lines);
        Assert.All(lines, l => Assert.True(l.Length <= 24, l));
    }

    [Fact]
    public void A_word_longer_than_the_width_stays_whole_on_its_own_line()
    {
        var url = "learn.microsoft.com/azure/storage/blobs/access-tiers-overview";

        Assert.Equal(["see", url, "now"], CliConsole.Wrap($"see {url} now", 20));
    }

    [Fact]
    public void Prose_is_at_most_120_columns_on_an_unbounded_console_and_the_console_width_on_a_narrow_one()
    {
        var wide = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        wide.Profile.Width = CliConsole.UnboundedWidth;
        var narrow = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        narrow.Profile.Width = 80;

        Assert.Equal(120, CliConsole.ProseWidth(wide));
        Assert.Equal(80, CliConsole.ProseWidth(narrow));
    }
}
