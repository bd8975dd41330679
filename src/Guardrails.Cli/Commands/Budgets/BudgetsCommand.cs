using Guardrails.Core.Alerts;
using Guardrails.Core.Budgets;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Cli.Commands.Budgets;

/// <summary><c>guardrails budgets</c>: budget status for a month; with --evaluate, fire and deliver alerts.</summary>
public sealed class BudgetsCommand(IAnsiConsole? console = null, TimeProvider? time = null) : AsyncCommand<BudgetsCommand.Settings>
{
    private readonly IAnsiConsole _console = console ?? AnsiConsole.Console;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public sealed class Settings : TableOutputSettings
    {
        [CommandOption("-m|--month <YYYY-MM>")]
        [Description("Month to evaluate (default: the latest month in --input, else the current month)")]
        public string? Month { get; init; }

        [CommandOption("-i|--input <FILE>")]
        [Description("Cost export file(s) or folder(s) to ingest in memory (CSV, CSV.gz, Parquet; FOCUS or legacy EA/MCA); more may follow")]
        public string[] Inputs { get; init; } = [];

        [CommandArgument(0, "[FILES]")]
        [Description("More export files (so that --input a.csv b.csv works)")]
        public string[] MoreInputs { get; init; } = [];

        public string[] AllInputs => [.. Inputs, .. MoreInputs];

        [CommandOption("--store <CONNECTION>")]
        [Description("Storage connection string of the ledger and alert state (e.g. UseDevelopmentStorage=true)")]
        public string? Store { get; init; }

        [CommandOption("--inventory <FILE>")]
        [Description("GPU machines (inventory.yaml, as for `guardrails idle`): with --store, spend since the last billed hour is estimated from the GPU rollups in the store")]
        public string? Inventory { get; init; }

        [CommandOption("--telemetry <DIR>")]
        [Description("Recorded GPU telemetry (nvidia-smi/dcgm files) of the --inventory machines: compare the fresh-spend estimate with the bill for the billed hours (JSON: estimateAccuracy)")]
        public string? Telemetry { get; init; }

        /// <summary>
        /// The machines whose spend since the last billed hour is estimated from the stored GPU rollups: --inventory, except
        /// when --telemetry without --store uses it to check estimates against the bill (it is not a fresh-spend source then).
        /// </summary>
        internal string? FreshSpendInventory => Telemetry is not null && Store is null ? null : Inventory;

        [CommandOption("--evaluate")]
        [Description("Run the alert state machine and deliver alerts (to the channels, or to --sink)")]
        public bool Evaluate { get; init; }

        [CommandOption("--sink <DIR_OR_URL>")]
        [Description(BudgetRunner.SinkHelp)]
        public string? Sink { get; init; }

        /// <summary>Alerts are evaluated and delivered with --evaluate, and whenever a --sink is given to deliver them to.</summary>
        internal bool DeliversAlerts => Evaluate || Sink is not null;

        [CommandOption("--state <DIR>")]
        [Description("Without --store: the directory that remembers which alerts were delivered (default: {sink}/alert-state with a directory sink, else $GUARDRAILS_STATE_DIR, else ./.guardrails/alert-state); safe for concurrent runs")]
        public string? State { get; init; }

        [CommandOption("--dashboard-url <URL>")]
        [Description("Dashboard link on the cards (default: the Budgets__DashboardUrl environment variable, as in the Function App; none: no button)")]
        public string? DashboardUrl { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var (config, configPath) = BudgetRunner.LoadConfig(settings.Config);
            if (config.Budgets.Count == 0)
            {
                _console.MarkupLine($"[yellow]No budgets in {Markup.Escape(configPath)}[/] (add a budgets: section).");
                return 0;
            }
            var files = settings.AllInputs.Length > 0
                ? await BudgetRunner.ReadInputsAsync(config, settings.AllInputs, cancellationToken, CliProgress.Terminal()) // a bar of bytes and rows on a terminal
                : null;
            if (files is null && string.IsNullOrWhiteSpace(settings.Store))
                throw new InvalidOperationException("give export files with --input, or a ledger store with --store <connection string>");
            using var http = NotificationHttp.CreateClient();
            await using var services = BudgetComposition.Build(config,
                new BudgetPlugins(files, settings.Store, settings.Sink, settings.State, settings.FreshSpendInventory, settings.DashboardUrl), _time, http);
            var ledger = files ?? await CliConsole.StatusAsync("Opening the ledger…", () => BudgetComposition.OpenStoreLedgerAsync(services, cancellationToken));
            // The EvaluateBudgets function's job, for the month asked (the timer evaluates the current month).
            var job = services.GetRequiredService<BudgetEvaluationJob>();
            var month = BudgetRunner.ResolveMonth(settings.Month, ledger, _time);
            var request = new BudgetEvaluationRequest(month);
            BudgetEvaluationResult? result = settings.DeliversAlerts ? await job.RunAsync(request, cancellationToken) : null;
            var statuses = result?.Budgets ?? await job.StatusAsync(request, cancellationToken);

            var accuracy = settings.Telemetry is null ? null
                : await EstimateAccuracyReport.ComputeAsync(config, ledger, month, settings.Telemetry, settings.Inventory, cancellationToken);
            Print(settings, statuses, ledger.Description, accuracy, result);
            return 0;
        }
        catch (ConfigException e)
        {
            return Hosting.CliConfig.Fail(e);
        }
        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or ArgumentException or Core.Billing.CostExportException
                                       or TimeoutException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message.Split('\n')[0].Trim()}"); // errors on stderr: stdout stays the table or the JSON
            return e is FileNotFoundException or ArgumentException ? GuardrailsApp.ExitUsageError : 1; // a bad option or a path that names nothing: usage
        }
    }

    /// <summary>CSV or JSON on standard output, else the table with the estimate's accuracy and the alerts delivered.</summary>
    private void Print(Settings settings, IReadOnlyList<BudgetStatus> statuses, string source, EstimateAccuracy? accuracy, BudgetEvaluationResult? result)
    {
        switch (settings.Output)
        {
            case OutputFormat.Csv:
                BudgetRunner.Csv(Console.Out, statuses);
                return;
            case OutputFormat.Json:
                _console.Profile.Width = int.MaxValue;
                Console.Out.WriteLine(BudgetRunner.Json(statuses, accuracy));
                return;
        }
        Render(statuses, source);
        if (accuracy is not null) EstimateAccuracyReport.Render(_console, accuracy);
        if (result is not null) RenderAlerts(result, settings.Sink);
    }

    private void Render(IReadOnlyList<BudgetStatus> statuses, string source)
    {
        var period = statuses[0].Period;
        var table = new Table().Title($"Budgets {period}").AddColumns("Budget", "Spent", "Forecast", "% used", "Breach date", "State").Numbers(1, 2, 3, 4);
        foreach (var s in statuses)
        {
            var color = s.State switch { BudgetStates.Over => "red", BudgetStates.ForecastBreach => "darkorange", BudgetStates.Warning => "yellow", _ => "green" };
            var spent = Money.WithCode(s.Spent, s.Currency) + (s.Estimated is { } e ? $" (+{Money.WithCode(e.Amount, s.Currency)} estimated)" : "");
            table.AddRow(
                Markup.Escape(s.Name),
                Markup.Escape(spent),
                Markup.Escape($"{Money.WithCode(s.Forecast, s.Currency)} ({Money.Amount(s.ForecastLow)}–{Money.Amount(s.ForecastHigh)})"),
                Markup.Escape(s.PercentUsed.ToString("0.0", CultureInfo.InvariantCulture) + "%"),
                s.BreachDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—",
                $"[{color}]{Markup.Escape(s.State)}[/]");
        }
        _console.WriteWhole(table);
        var through = statuses.Select(s => s.DataThrough).Max();
        _console.MarkupLineInterpolated($"[grey]Ledger: {source}; billed data through {through?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—"}.[/]");
        foreach (var s in statuses)
        {
            foreach (var a in s.Anomalies) _console.MarkupLineInterpolated($"[darkorange]anomaly[/] {s.Name}: {a.Description}");
            if (s.Estimated is { } e)
                _console.MarkupLineInterpolated($"[grey]{s.Name}: +{Money.WithCode(e.Amount, s.Currency)} estimated since {e.From.UtcDateTime:yyyy-MM-dd HH:mm}Z (not in spent): {e.Basis}.[/]");
            foreach (var c in s.IgnoredCurrencies) _console.MarkupLineInterpolated($"[grey]{s.Name}: costs in {c} are not counted (budget is in {s.Currency}).[/]");
        }
    }

    private void RenderAlerts(BudgetEvaluationResult result, string? sink)
    {
        var sent = result.AlertsCreated.Count(a => a.Status != AlertStatus.Suppressed);
        _console.MarkupLineInterpolated($"Alerts: {sent} new ({result.AlertsCreated.Count - sent} folded into their budget's one card), {result.Deliveries.Count} delivery attempt(s).");
        foreach (var d in result.Deliveries)
        {
            var where = d.DeliveredNow.Count > 0 ? string.Join(", ", d.DeliveredNow) : "—";
            var color = d.Status == AlertStatus.Delivered ? "green" : "red";
            _console.MarkupLineInterpolated($"  [{color}]{d.Status.ToString().ToLowerInvariant()}[/] {d.AlertId} → {where}{(d.Error is null ? "" : " (" + d.Error + ")")}");
        }
        if (sink is not null) _console.MarkupLineInterpolated($"[grey]Delivered to local sink: {sink}[/]");
    }
}
