using System.Globalization;

namespace Guardrails.Cli.Hosting;

/// <summary>
/// How wide the CLI's tables are, and how their numbers are laid out. The width is <c>COLUMNS</c> when set; else, when
/// the output is not a terminal (CI logs, <c>&gt; file</c>, <c>| less</c>), as wide as a table needs
/// (<see cref="UnboundedWidth"/>): a table is never cut at 80 columns; else the terminal's width. Number columns are
/// right-aligned and never wrap, so a figure is never split across lines (text columns wrap instead).
/// </summary>
public static class CliConsole
{
    /// <summary>The width when the output is not a terminal and COLUMNS is not set: tables take only what they need.</summary>
    public const int UnboundedWidth = 4096;

    /// <summary>The width for output to <paramref name="writer"/>: COLUMNS, else unbounded when not a terminal, else null (the terminal's).</summary>
    public static int? Width(TextWriter writer, Func<string, string?>? environment = null)
    {
        var columns = (environment ?? Environment.GetEnvironmentVariable)("COLUMNS");
        if (int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width is > 0 and <= UnboundedWidth) return width;
        var terminal = GuardrailsApp.IsProcessStandardOutput(writer) ? !Console.IsOutputRedirected
            : ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected && writer.GetType().Name != nameof(StringWriter);
        return terminal ? null : UnboundedWidth;
    }

    /// <summary>A Spectre console writing to <paramref name="writer"/> with the width rule above.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (Width(writer) is { } width) console.Profile.Width = width;
        return console;
    }

    /// <summary>
    /// Runs <paramref name="work"/> under a Spectre status spinner on standard error when it is a terminal (the work may
    /// take seconds: reading exports, loading a month); quiet when standard error is redirected or swapped (CI, tests).
    /// </summary>
    public static async Task<T> StatusAsync<T>(string description, Func<Task<T>> work)
    {
        if (Console.IsErrorRedirected || !GuardrailsApp.IsProcessStandardError(Console.Error)) return await work().ConfigureAwait(false);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status().StartAsync(description, _ => work()).ConfigureAwait(false);
    }

    /// <summary>The widest a line of prose gets: the console's width, at most 120 columns (an unbounded file or CI log included).</summary>
    public static int ProseWidth(IAnsiConsole console) => Math.Clamp(console.Profile.Width, 40, 120);

    /// <summary>
    /// <paramref name="text"/> broken at spaces into lines of at most <paramref name="width"/> characters (a longer word
    /// stays whole on its own line); lines after the first start with <paramref name="indent"/>.
    /// </summary>
    public static IEnumerable<string> Wrap(string text, int width, string indent = "")
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(indent);
            }
            else if (line.Length > 0 && line.ToString() != indent) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) yield return line.ToString();
    }

    /// <summary>Keeps the given (short, left-aligned) columns on one line, e.g. a currency code.</summary>
    public static Table Keep(this Table table, params int[] columns)
    {
        foreach (var i in columns)
            if (i >= 0 && i < table.Columns.Count) table.Columns[i].NoWrap();
        return table;
    }

    /// <summary>Right-aligns the given columns and keeps their cells on one line (numbers are never split).</summary>
    public static Table Numbers(this Table table, params int[] columns)
    {
        foreach (var i in columns)
            if (i >= 0 && i < table.Columns.Count) table.Columns[i].RightAligned().NoWrap();
        return table;
    }
}
