using Guardrails.Cli.Reporting;
using Guardrails.Core.Carbon;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Core.Reporting;

namespace Guardrails.Cli.Commands;

/// <summary>Options shared by every report: where the costs come from, which period, which cost column.</summary>
public class ReportSettings : ConfigFileSettings
{
    [CommandOption("--input <FILES>")]
    [Description("Export files or folders (FOCUS / EA / MCA; .csv, .csv.gz, .parquet) ingested in memory.")]
    public string[] Input { get; init; } = [];

    [CommandOption("--store <CONNECTION>")]
    [Description("Read the stored ledger (Table Storage connection string, e.g. UseDevelopmentStorage=true), its guardrail action log and PR checks. Beside --input: costs from the files, action log and PR checks from the store.")]
    public string? Store { get; init; }

    [CommandOption("--log-month <YYYY-MM>")]
    [Description("Month of the guardrail action log and PR checks, when it differs from the cost month (default: the report month).")]
    public string? LogMonth { get; init; }

    /// <summary>The days of --log-month when it is given; a FormatException when it is not a month.</summary>
    private (DateOnly, DateOnly)? LogPeriod => LogMonth is null ? null : ReportDataLoader.ParseMonth(LogMonth);

    [CommandOption("--month <YYYY-MM>")]
    [Description("Report month (default: the month of the latest cost in --input, else the current UTC month).")]
    public string? Month { get; init; }

    [CommandOption("--basis <BASIS>")]
    [Description("effective (amortized, default) or billed.")]
    [DefaultValue("effective")]
    public string Basis { get; init; } = "effective";

    public CostBasis CostBasis => Basis.ToLowerInvariant() switch
    {
        "effective" => Core.Ledger.CostBasis.Effective,
        "billed" => Core.Ledger.CostBasis.Billed,
        _ => throw new InvalidOperationException($"--basis '{Basis}' is not 'effective' or 'billed'."),
    };

    /// <remarks>Declared on the branch settings: Spectre binds a branch's default command with the branch's options.</remarks>
    [CommandOption("--html <FILE>")]
    [Description("report (html): write the dashboard as one self-contained HTML file (default out/report.html).")]
    public string? Html { get; init; }

    /// <summary>Where <c>report (html)</c> writes the page: --html, else out/report.html.</summary>
    public string HtmlPath => Html ?? Path.Combine("out", "report.html");

    [CommandOption("--telemetry <PATH>")]
    [Description("Recorded GPU telemetry (file or folder, as `guardrails rightsize --telemetry`): the right-sizing panel is computed from it (default: the store's stored verdicts, else none).")]
    public string? Telemetry { get; init; }

    [CommandOption("--inventory <FILE>")]
    [Description(RecordedTelemetrySettings.InventoryHelp)]
    public string? Inventory { get; init; }

    [CommandOption("--carbon-region <REGION>")]
    [Description("Region assumed for carbon when a cost carries none (default: leave it unestimated).")]
    public string? CarbonRegion { get; init; }

    public override ValidationResult Validate()
    {
        if (Input.Length == 0 && Store is null) return ValidationResult.Error("Give --input <export files> or --store <connection string>.");
        if (Basis is not ("effective" or "billed")) return ValidationResult.Error($"--basis '{Basis}' is not 'effective' or 'billed'.");
        if (LogMonth is not null && Store is null) return ValidationResult.Error("--log-month needs --store (the action log and PR checks live in the store).");
        if (Inventory is not null && Telemetry is null) return ValidationResult.Error("--inventory needs --telemetry (the machines of the recorded telemetry).");
        return ValidationResult.Success();
    }

    /// <summary>Loads the period's data through the same Core queries the HTTP API uses.</summary>
    public async Task<(ReportDataSet Data, string Period, IReportDataProvider Provider)> LoadAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        IReportDataProvider provider;
        DateOnly? last = null;
        var logPeriod = LogPeriod;
        var rightSizing = await ReportSources.RightSizingFromRecordingsAsync(Telemetry, Inventory, Config, cancellationToken);
        // Export files: a bar of the bytes and rows read (on a terminal); the stored ledger: a status line while the month loads.
        if (Input.Length > 0)
        {
            (provider, last, _) = await ReportSources.FromExportFilesAsync(Input, Config, cancellationToken, time, Store, logPeriod, rightSizing,
                Hosting.CliProgress.Terminal());
            return await LoadMonthAsync(provider, last, time, cancellationToken);
        }
        provider = ReportSources.FromStore(Store!, Config, time, logPeriod: logPeriod, rightSizing: rightSizing);
        return await CliConsole.StatusAsync("Loading the month from the ledger…", () => LoadMonthAsync(provider, null, time, cancellationToken));
    }

    private async Task<(ReportDataSet Data, string Period, IReportDataProvider Provider)> LoadMonthAsync(IReportDataProvider provider, DateOnly? last,
        TimeProvider time, CancellationToken cancellationToken)
    {
        string month = Month ?? (last ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var (from, to) = ReportDataLoader.ParseMonth(month);
        return (await provider.LoadAsync(from, to, cancellationToken), month, provider);
    }

    public DashboardOptions DashboardOptions => new() { Basis = CostBasis, DefaultCarbonRegion = CarbonRegion };
}

public sealed class ReportOutputSettings : ReportSettings
{
    [CommandOption("--csv")]
    [Description("Same as --format csv: write CSV to stdout (or --out).")]
    public bool CsvAlias { get; init; }

    [CommandOption("--json")]
    [Description("Same as --format json: write one JSON document to stdout (or --out) and nothing else.")]
    public bool JsonAlias { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default; carbon: csv), json or csv (to stdout or --out).")]
    public string? Format { get; init; }

    /// <summary>JSON asked for (--format json or --json).</summary>
    public bool Json => Hosting.CliOutput.Resolve(Format, JsonAlias, CsvAlias) == Hosting.OutputFormat.Json;

    /// <summary>CSV asked for (--format csv or --csv).</summary>
    public bool Csv => Hosting.CliOutput.Resolve(Format, JsonAlias, CsvAlias) == Hosting.OutputFormat.Csv;

    [CommandOption("--out <FILE>")]
    [Description("Write the CSV/JSON to this file instead of stdout.")]
    public string? Out { get; init; }

    [CommandOption("--runs")]
    [Description("models: list training runs instead of models (CSV).")]
    public bool Runs { get; init; }

    public override ValidationResult Validate() =>
        Hosting.CliOutput.Validate(Format, JsonAlias, CsvAlias) is { Successful: false } error ? error : base.Validate();
}

public sealed class ReportHtmlSettings : ReportSettings
{
}

internal static class ReportOutput
{
    public static async Task WriteAsync(string text, string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            Console.Out.Write(text);
            return;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(path, text, cancellationToken);
    }

    /// <summary>
    /// One <c>error:</c> line per problem on stderr. Exit 2 for configuration and usage (a config error, an argument
    /// that does not parse or names nothing); exit 1 for runtime failures (a file that cannot be read, storage refusing).
    /// </summary>
    public static int Fail(Exception e)
    {
        if (e is Core.Configuration.ConfigException config) return Hosting.CliConfig.Fail(config);
        Console.Error.WriteLine("error: " + e.Message.Split('\n')[0].Trim());
        return e is IOException or Azure.RequestFailedException && e is not FileNotFoundException ? 1 : 2;
    }
}

/// <summary>`guardrails report chargeback`: per allocation key, direct + shared + idle + fixed, reconciled to the export total.</summary>
public sealed class ReportChargebackCommand : AsyncCommand<ReportOutputSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportOutputSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var (data, period, _) = await settings.LoadAsync(TimeProvider.System, cancellationToken);
            var report = ChargebackReportBuilder.Build(data, settings.CostBasis, period);
            if (settings.Json) await ReportOutput.WriteAsync(ReportWriters.ChargebackJson(report), settings.Out, cancellationToken);
            else if (settings.Csv) await ReportOutput.WriteAsync(ReportWriters.ChargebackCsv(report), settings.Out, cancellationToken);
            else RenderTable(report);
            // The reconciliation always prints; with --json/--csv on stdout it goes to stderr so stdout stays one document.
            var text = ReportWriters.ReconciliationText(report);
            if ((settings.Json || settings.Csv) && settings.Out is null) Console.Error.Write(text);
            else Console.Out.Write(text);
            return report.Reconciled ? 0 : 3;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or FormatException or IOException or Core.Configuration.ConfigException or Azure.RequestFailedException)
        {
            return ReportOutput.Fail(e);
        }
    }

    private static void RenderTable(ChargebackReport report)
    {
        var table = new Table().Title($"Chargeback {report.Period} ({report.Basis} cost)");
        foreach (var k in report.AllocationKeys) table.AddColumn(k);
        foreach (var c in new[] { "currency", "direct", "shared", "idle", "fixed", "total" })
            table.AddColumn(new TableColumn(c) { Alignment = c == "currency" ? Justify.Left : Justify.Right, NoWrap = c != "currency" });
        foreach (var r in report.Rows)
            table.AddRow([.. report.AllocationKeys.Select(k => Markup.Escape(r.Allocation[k] ?? "")), r.Currency,
                Money.WithSymbol(r.Direct, r.Currency), Money.WithSymbol(r.Shared, r.Currency), Money.WithSymbol(r.Idle, r.Currency),
                Money.WithSymbol(r.Fixed, r.Currency), Money.WithSymbol(r.Total, r.Currency)]);
        AnsiConsole.Console.WriteWhole(table);
    }
}

/// <summary>`guardrails report models`: cost per model and training run.</summary>
public sealed class ReportModelsCommand : AsyncCommand<ReportOutputSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportOutputSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var (data, period, _) = await settings.LoadAsync(TimeProvider.System, cancellationToken);
            var report = ModelCostReportBuilder.Build(data, settings.CostBasis, period: period);
            if (settings.Json) await ReportOutput.WriteAsync(ReportWriters.ModelsJson(report), settings.Out, cancellationToken);
            else if (settings.Csv) await ReportOutput.WriteAsync(settings.Runs ? ReportWriters.RunsCsv(report) : ReportWriters.ModelsCsv(report), settings.Out, cancellationToken);
            else
            {
                var table = new Table().Title($"Cost per model {period} ({report.Basis} cost)");
                foreach (var c in new[] { "model", "cost", "GPU-hours", "$/GPU-hour", "spot share", "runs", "successful", "cost per successful run" }) table.AddColumn(c);
                table.Numbers(1, 2, 3, 4, 5, 6, 7);
                foreach (var m in report.Models)
                    table.AddRow(Markup.Escape(m.Model), Money.WithSymbol(m.Cost, m.Currency), ReportFormat.Number(m.GpuHours, 1),
                        m.EffectiveCostPerGpuHour is { } p ? Money.WithSymbol(p, m.Currency) : "—", ReportFormat.Percent(m.SpotShare),
                        m.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), m.SuccessfulRuns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown",
                        m.CostPerSuccessfulRun is { } c ? Money.WithSymbol(c, m.Currency) : "unknown");
                AnsiConsole.Console.WriteWhole(table);
                foreach (var b in report.Models.Select(m => m.SuccessBasis).Distinct()) AnsiConsole.MarkupLine("[grey]successful: " + Markup.Escape(b) + "[/]");
            }
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or FormatException or IOException or Core.Configuration.ConfigException or Azure.RequestFailedException)
        {
            return ReportOutput.Fail(e);
        }
    }
}

/// <summary>`guardrails report carbon`: kgCO2e per team and model, with each factor's source.</summary>
public sealed class ReportCarbonCommand : AsyncCommand<ReportOutputSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportOutputSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            if (settings.Format?.Trim().Equals("table", StringComparison.OrdinalIgnoreCase) == true)
            {
                await Console.Error.WriteLineAsync("error: --format table: report carbon prints csv or json only").ConfigureAwait(false);
                return 2;
            }
            var (data, _, _) = await settings.LoadAsync(TimeProvider.System, cancellationToken);
            var report = CarbonReportBuilder.Build(data, CarbonFactors.Default, VmSkuCatalog.Default, settings.CostBasis, defaultRegion: settings.CarbonRegion);
            if (settings.Json) await ReportOutput.WriteAsync(ReportWriters.CarbonJson(report), settings.Out, cancellationToken);
            else await ReportOutput.WriteAsync(ReportWriters.CarbonCsv(report), settings.Out, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or FormatException or IOException or Core.Configuration.ConfigException or Azure.RequestFailedException)
        {
            return ReportOutput.Fail(e);
        }
    }
}

/// <summary>`guardrails report --html out/report.html`: the dashboard page as one self-contained file.</summary>
public sealed class ReportHtmlCommand : AsyncCommand<ReportHtmlSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReportHtmlSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            var (data, _, _) = await settings.LoadAsync(TimeProvider.System, cancellationToken);
            var model = DashboardQueries.Build(data, settings.DashboardOptions);
            var html = DashboardPage.RenderFile(model, DashboardQueries.TeamViews(data, model, settings.DashboardOptions), TimeProvider.System.GetUtcNow());
            var path = settings.HtmlPath;
            await ReportOutput.WriteAsync(html, path, cancellationToken);
            Console.Out.Write(ReportWriters.ReconciliationText(model.Chargeback));
            Console.Out.WriteLine($"Report: {Path.GetFullPath(path)}");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or FormatException or IOException or Core.Configuration.ConfigException or Azure.RequestFailedException)
        {
            return ReportOutput.Fail(e);
        }
    }
}

public static class ReportCommandRegistration
{
    /// <summary>`guardrails report [--html]`, `report chargeback|models|carbon`, and `guardrails dashboard`.</summary>
    public static void AddReportCommands(this IConfigurator config)
    {
        config.AddReportBranch();
        config.AddDashboardCommand();
    }

    /// <summary>
    /// The report branch. Its subcommands' settings share <see cref="ReportSettings"/>, but the branch itself holds no
    /// options: a branch with options makes Spectre.Console.Cli compare each subcommand option with the branch's by
    /// metadata token, which the native (AOT) build of the CLI does not have. Options follow the subcommand name (or, for
    /// the default html report, the branch name), as every documented command line writes them.
    /// </summary>
    public static void AddReportBranch(this IConfigurator config) =>
        config.AddBranch("report", report =>
        {
            report.SetDescription("Chargeback/showback, cost per model and run, carbon, and the dashboard as an HTML file (the default; its options: `report html --help`).");
            report.SetDefaultCommand<ReportHtmlCommand>();
            report.AddCommand<ReportChargebackCommand>("chargeback").WithDescription("Per allocation key: direct + shared + idle + fixed, reconciled to the export total.");
            report.AddCommand<ReportModelsCommand>("models").WithDescription("Cost, GPU-hours, $/GPU-hour, spot share and cost per successful run per model (--runs: per run).");
            report.AddCommand<ReportCarbonCommand>("carbon").WithDescription("kgCO2e per team and model beside GPU cost, with each factor's source.");
            report.AddCommand<ReportHtmlCommand>("html").WithDescription("The dashboard page as one self-contained HTML file (--html <file>).");
        });

    public static void AddDashboardCommand(this IConfigurator config) =>
        config.AddCommand<DashboardCommand>("dashboard").WithDescription("Serve the dashboard and its JSON API on 127.0.0.1.");
}
