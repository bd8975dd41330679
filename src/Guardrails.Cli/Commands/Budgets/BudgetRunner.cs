using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Alerts;
using Guardrails.Core.Billing;
using Guardrails.Core.Budgets;
using Guardrails.Core.Common;
using Guardrails.Core.Events;
using Guardrails.Core.Idle;
using Guardrails.Core.Ledger;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Infrastructure.Telemetry;

namespace Guardrails.Cli.Commands.Budgets;

/// <summary>Shared plumbing of the budget commands (kept out of the command classes so they stay short).</summary>
internal static class BudgetRunner
{
    /// <summary>The config a budget command needs: --config, else $GuardrailsConfigPath (<see cref="Hosting.CliConfig"/>).</summary>
    public static (GuardrailsConfig Config, string Path) LoadConfig(string? given, string needs = "budgets: and channels:")
    {
        var path = Hosting.CliConfig.RequirePath(given, needs);
        return (Hosting.CliConfig.Load(path), path);
    }

    /// <summary>--input: the export files ingested in memory with the configuration's allocation (the ledger the budgets read instead of the store's).</summary>
    /// <param name="progress">Where the read's bar (bytes, rows) is drawn: <see cref="Hosting.CliProgress.Terminal"/>; null: none.</param>
    public static async Task<CliLedger> ReadInputsAsync(GuardrailsConfig config, string[] inputs, CancellationToken cancellationToken,
        Spectre.Console.IAnsiConsole? progress = null)
    {
        // A folder means every export file below it, as for `ingest` and `report`.
        inputs = [.. inputs.SelectMany(i => Directory.Exists(i) ? Reporting.ReportSources.ExpandInputs([i]) : [i])];
        foreach (var input in inputs)
            if (!File.Exists(input)) throw new FileNotFoundException($"input file not found: {input}", input);
        var ingestor = new CostLedgerIngestor(config.Allocation, catalog: VmSkuCatalog.Default);
        using var quarantine = new Hosting.InputQuarantine();
        var result = await Hosting.CliProgress.ReadAsync(progress, $"Reading {inputs.Length} export file(s)", inputs.Sum(f => new FileInfo(f).Length),
            p => ingestor.IngestAsync(inputs.Select(IngestSource.FromFile).ToList(), quarantine.On(p?.On(new IngestOptions()) ?? new IngestOptions()), cancellationToken));
        quarantine.Warn(result, Console.Error);
        var snapshot = LedgerSnapshot.From(result);
        DateOnly? latest = result.Facts.Count == 0 ? null : result.Facts.Max(f => f.Day);
        return new CliLedger(snapshot, snapshot, latest,
            string.Create(CultureInfo.InvariantCulture, $"{inputs.Length} file(s), {result.RowsAccepted} rows, {result.Facts.Count} daily facts"));
    }

    /// <summary>The month to report: --month, else the month of the latest data (for --input), else the current month.</summary>
    public static DateOnly ResolveMonth(string? month, CliLedger ledger, TimeProvider time)
    {
        if (!string.IsNullOrWhiteSpace(month))
        {
            if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
                throw new ArgumentException($"--month: expected yyyy-MM, got '{month}'");
            return m;
        }
        return ledger.LatestDay ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    }

    public static Func<string, string?> EnvironmentSettings => Environment.GetEnvironmentVariable;

    /// <summary>The environment variable that moves the default local alert state directory.</summary>
    public const string StateDirectoryVariable = "GUARDRAILS_STATE_DIR";

    /// <summary>
    /// The local alert state (without --store), so "once" holds across CLI runs and concurrent processes
    /// (<see cref="FileAlertStateStore"/>): --state, else {sink}/alert-state beside a directory sink, else
    /// $GUARDRAILS_STATE_DIR, else ./.guardrails/alert-state. With --store the registration's Table alert store is used.
    /// </summary>
    public static string LocalStateDirectory(string? sink, string? state) =>
        !string.IsNullOrWhiteSpace(state) ? state
        : !string.IsNullOrWhiteSpace(sink) && !IsUrl(sink) ? Path.Combine(sink, "alert-state")
        : Environment.GetEnvironmentVariable(StateDirectoryVariable) is { Length: > 0 } env ? env
        : Path.Combine(".guardrails", "alert-state");

    /// <summary>The help of --sink wherever alerts go through <see cref="Channels"/> (budgets, alerts test).</summary>
    public const string SinkHelp = "Deliver the cards to a local directory or an http URL instead of the channels' real webhooks";

    public static IAlertChannelResolver Channels(GuardrailsConfig config, string? sink, HttpClient http) =>
        string.IsNullOrWhiteSpace(sink)
            ? new ConfiguredAlertChannelResolver(config.Channels, EnvironmentSettings, http)
            : new LocalSinkChannelResolver(config.Channels, sink, http);

    public static bool IsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);

    /// <summary>--format csv: one row per budget (money as invariant decimals, estimated fresh spend apart, empty when none).</summary>
    public static void Csv(TextWriter writer, IReadOnlyList<BudgetStatus> statuses) =>
        Hosting.CliOutput.WriteCsv(writer,
            ["budget", "period", "currency", "amount", "spent", "estimated", "forecast", "forecastLow", "forecastHigh", "percentUsed", "breachDate", "state"],
            statuses.Select(s => (IReadOnlyList<string?>)
            [
                s.Name, s.Period, s.Currency, Hosting.CliOutput.Number(s.Amount), Hosting.CliOutput.Number(s.Spent), Hosting.CliOutput.Number(s.Estimated?.Amount),
                Hosting.CliOutput.Number(Math.Round(s.Forecast, 2, MidpointRounding.AwayFromZero)), Hosting.CliOutput.Number(Math.Round(s.ForecastLow, 2, MidpointRounding.AwayFromZero)),
                Hosting.CliOutput.Number(Math.Round(s.ForecastHigh, 2, MidpointRounding.AwayFromZero)), Hosting.CliOutput.Number(s.PercentUsed),
                s.BreachDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.State,
            ]));

    /// <summary>The --json array; "estimated" (spend since the last billed hour, not in spent) only when there is an estimate.</summary>
    public static string Json(IReadOnlyList<BudgetStatus> statuses, EstimateAccuracy? accuracy = null)
    {
        var array = new JsonArray();
        foreach (var s in statuses)
        {
            var node = JsonSerializer.SerializeToNode(new BudgetJson(s.Name, s.Currency, s.Amount, s.Spent,
                Math.Round(s.Forecast, 2, MidpointRounding.AwayFromZero), s.PercentUsed,
                s.BreachDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.State), BudgetJsonContext.Default.BudgetJson)!.AsObject();
            // Spend in scope in another currency is not in "spent": say so, or a reader takes "ok" for the whole scope.
            if (s.IgnoredCurrencies.Count > 0)
                node["uncountedCurrencies"] = new JsonArray([.. s.IgnoredCurrencies.Select(c => JsonValue.Create(c))]);
            if (s.Estimated is { } e)
                node["estimated"] = JsonSerializer.SerializeToNode(new EstimatedJson(e.Amount,
                    e.From.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    e.To.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    e.Basis, e.Machines, e.MachineHours, e.Unpriced), BudgetJsonContext.Default.EstimatedJson);
            array.Add((JsonNode)node);
        }
        // With --telemetry: {budgets: [...], estimateAccuracy: {...}}; otherwise the array, as before.
        JsonNode root = accuracy is null ? array : new JsonObject { ["budgets"] = array, ["estimateAccuracy"] = EstimateAccuracyReport.ToJson(accuracy) };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// Fresh spend for the CLI: with a store (--store) and machines (--inventory), GPU rollups × the snapshot price
    /// (else the inventory's billed hourly rate); otherwise no estimate.
    /// </summary>
    public static IFreshSpendEstimator FreshSpend(GuardrailsConfig config, string? store, string? inventoryPath,
        string rollupsTable = TableRollupStore.DefaultTableName)
    {
        if (string.IsNullOrWhiteSpace(inventoryPath)) return NullFreshSpendEstimator.Instance;
        if (string.IsNullOrWhiteSpace(store))
            throw new ArgumentException("--inventory needs --store: the GPU rollups are read from the store's table " + TableRollupStore.DefaultTableName);
        if (!File.Exists(inventoryPath)) throw new FileNotFoundException($"inventory file not found: {inventoryPath}", inventoryPath);
        var inventory = InventoryFile.Load(inventoryPath);
        var rollups = new TableRollupStore(new TableServiceClient(store).GetTableClient(rollupsTable));
        return new TelemetryFreshSpendEstimator(new StaticMachineSource(inventory.Machines), new RollupRunningHours(rollups),
            SnapshotPriceCatalog.Default, inventory, new MachineAllocator(config.Allocation));
    }

    /// <summary>Spending-limit requests: files under {sink}/action-requests with a directory sink, else kept in memory and listed.</summary>
    public static IActionRequestSink Actions(string? sink) =>
        !string.IsNullOrWhiteSpace(sink) && !IsUrl(sink)
            ? new DirectoryActionRequestSink(Path.Combine(sink, "action-requests"))
            : new InMemoryActionRequestSink();
}

/// <summary>Writes each action request as JSON (what the action queue would carry) to a directory, one file per request id.</summary>
internal sealed class DirectoryActionRequestSink(string directory) : IActionRequestSink
{
    public async Task SubmitAsync(Core.Actions.GuardrailActionRequest request, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, request.Id + ".json"),
            JsonSerializer.Serialize(request, AlertNotification.JsonOptions.Of<Core.Actions.GuardrailActionRequest>()) + "\n", cancellationToken);
    }
}
