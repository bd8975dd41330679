
namespace Guardrails.Cli.Hosting;

/// <summary>
/// The options that mean the same in every command that has them, declared once: a command's settings derive from
/// the most specific of these that fits (Spectre.Console.Cli binds inherited options like the command's own).
/// </summary>
public class ConfigFileSettings : CommandSettings
{
    /// <remarks>Read by <see cref="CliConfig"/>, the one loader: which sections a command uses is in its own errors.</remarks>
    [CommandOption("-c|--config <FILE>")]
    [Description("guardrails.yaml (default: $GuardrailsConfigPath; the current directory is never searched)")]
    public string? Config { get; init; }
}

/// <summary>A command that prints a table, JSON or CSV: <c>--format</c> with <c>--json</c> as its alias (<see cref="CliOutput"/>).</summary>
public class TableOutputSettings : ConfigFileSettings
{
    [CommandOption("--json")]
    [Description("Same as --format json")]
    public bool Json { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default), json or csv (RFC 4180: money as invariant decimals with a currency column)")]
    public string? Format { get; init; }

    /// <summary>The output asked for by --format / --json.</summary>
    internal OutputFormat Output => CliOutput.Resolve(Format, Json);

    /// <summary>JSON or CSV on standard output: notes and warnings then go to standard error, not between the data.</summary>
    internal bool Plain => Output != OutputFormat.Table;

    public override ValidationResult Validate() => CliOutput.Validate(Format, Json);
}

/// <summary>A command that evaluates recorded GPU telemetry against an inventory of machines (<c>idle</c>, <c>rightsize</c>).</summary>
public class RecordedTelemetrySettings : TableOutputSettings
{
    [CommandOption("-t|--telemetry <PATH>")]
    [Description("Recorded telemetry: a file or a folder (*.csv nvidia-smi, *.json query_range, *.prom exposition)")]
    public string? Telemetry { get; init; }

    /// <summary>The help of --inventory wherever it names the machines of recorded telemetry (also <c>report</c>, which declares it without -i).</summary>
    public const string InventoryHelp = "Machines for the recorded --telemetry (default: inventory.yaml beside the telemetry)";

    [CommandOption("-i|--inventory <FILE>")]
    [Description(InventoryHelp)]
    public string? Inventory { get; init; }

    [CommandOption("--at <TIME>")]
    [Description("Evaluate as of this UTC time, the end of the window (default: the newest recorded sample)")]
    public string? At { get; init; }
}
