namespace Guardrails.Cli.Hosting;

/// <summary>What a command that prints a table writes to standard output (<c>--format</c>).</summary>
public enum OutputFormat
{
    /// <summary>A Spectre table (width rule of <see cref="CliConsole"/>).</summary>
    Table,

    /// <summary>The command's JSON (what <c>--json</c> prints).</summary>
    Json,

    /// <summary>RFC 4180 CSV: a header row, CRLF line ends, money as invariant decimals with a currency column.</summary>
    Csv,
}

/// <summary><c>--format csv|json|table</c> (with <c>--json</c> as an alias of <c>--format json</c>) and the CSV writer.</summary>
public static class CliOutput
{
    /// <summary>The format asked for; <paramref name="json"/> (the --json alias) wins only when --format is not given.</summary>
    public static OutputFormat Resolve(string? format, bool json) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" => json ? OutputFormat.Json : OutputFormat.Table,
        "table" when !json => OutputFormat.Table,
        "json" => OutputFormat.Json,
        "csv" when !json => OutputFormat.Csv,
        "table" or "csv" => throw new ArgumentException($"--format {format} and --json contradict each other: give one"),
        _ => throw new ArgumentException($"--format: expected csv, json or table, got '{format}'"),
    };

    /// <summary>As above for commands that also keep <c>--csv</c> as an alias of <c>--format csv</c> (e.g. <c>report</c>).</summary>
    public static OutputFormat Resolve(string? format, bool json, bool csv)
    {
        if (!csv) return Resolve(format, json);
        if (json) throw new ArgumentException("--csv and --json contradict each other: give one");
        return Resolve(format, false) is OutputFormat.Csv || string.IsNullOrWhiteSpace(format) ? OutputFormat.Csv
            : throw new ArgumentException($"--format {format} and --csv contradict each other: give one");
    }

    /// <summary>The validation result of --format with the --json and --csv aliases (usage error, exit 2).</summary>
    public static ValidationResult Validate(string? format, bool json, bool csv)
    {
        try
        {
            Resolve(format, json, csv);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>The validation result of a --format value (usage error, exit 2, before the command runs).</summary>
    public static ValidationResult Validate(string? format, bool json)
    {
        try
        {
            Resolve(format, json);
            return ValidationResult.Success();
        }
        catch (ArgumentException e)
        {
            return ValidationResult.Error(e.Message);
        }
    }

    /// <summary>Writes a header and rows as RFC 4180 CSV (<see cref="Core.Common.CsvField"/>); CRLF line ends.</summary>
    public static void WriteCsv(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        WriteRow(writer, header);
        foreach (var row in rows) WriteRow(writer, row);
        writer.Flush();
    }

    /// <summary>Money and quantities in CSV: the invariant decimal as stored (no thousand separators, no currency sign).</summary>
    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void WriteRow(TextWriter writer, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) writer.Write(',');
            writer.Write(Field(fields[i]));
        }
        writer.Write("\r\n");
    }

    /// <summary>One field (<see cref="Core.Common.CsvField"/>: quoted when needed, a formula-looking text made inert).</summary>
    public static string Field(string? value) => Core.Common.CsvField.Of(value);
}
