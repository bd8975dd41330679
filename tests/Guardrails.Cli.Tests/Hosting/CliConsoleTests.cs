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

    private static (IAnsiConsole Console, StringWriter Text) Console(int width)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        return (console, text);
    }

    private static Table Sizes() => new Table().AddColumns("VM", "Size", "Saving / month", "Why").Keep(0, 1).Numbers(2)
        .AddRow("train-a100-spot-01", "Standard_NC24ads_A100_v4", "12,345,678.90 USD", "busy peaks on every day of the window");

    [Theory]
    [InlineData(60)]
    [InlineData(20)]
    public void A_table_too_wide_for_the_console_is_drawn_whole_never_split_mid_figure_nor_as_a_lone_ellipsis(int width)
    {
        var (console, text) = Console(width);

        console.WriteWhole(Sizes());

        var output = text.ToString();
        Assert.Contains("train-a100-spot-01", output, StringComparison.Ordinal);
        Assert.Contains("Standard_NC24ads_A100_v4", output, StringComparison.Ordinal);
        Assert.Contains("12,345,678.90 USD", output, StringComparison.Ordinal);
        Assert.Equal(width, console.Profile.Width); // the console's own width is restored
    }

    [Fact]
    public void A_table_that_fits_wraps_its_prose_column_within_the_console_width()
    {
        var (console, text) = Console(100);

        console.WriteWhole(Sizes());

        Assert.All(text.ToString().Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 100, l));
        Assert.Contains("12,345,678.90 USD", text.ToString(), StringComparison.Ordinal);
    }
}
