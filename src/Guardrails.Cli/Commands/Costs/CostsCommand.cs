using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Storage;

namespace Guardrails.Cli.Commands.Costs;

/// <summary><c>guardrails costs --month 2026-11 --by team [--store …] [--json]</c>: the allocated month, read back from the ledger.</summary>
public sealed class CostsCommand : AsyncCommand<CostsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--month <YYYY-MM>")]
        [Description("The month to report, e.g. 2026-11.")]
        public string Month { get; init; } = "";

        /// <summary>The first day of --month, or null when it is not a month like 2026-11.</summary>
        internal DateOnly? FirstDay =>
            DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) ? first : null;

        [CommandOption("--by <KEYS>")]
        [Description("Allocation keys to group by, comma-separated (e.g. team or team,project). Default: every key.")]
        public string? By { get; init; }

        [CommandOption("--store [CONNECTION]")]
        [Description(LedgerStore.LedgerOptionHelp)]
        public FlagValue<string>? Store { get; init; }

        [CommandOption("--facts-table <NAME>")]
        public string FactsTable { get; init; } = new LedgerTableNames().Facts;

        [CommandOption("--runs-table <NAME>")]
        public string RunsTable { get; init; } = new LedgerTableNames().Runs;

        [CommandOption("--json")]
        [Description("Same as --format json.")]
        public bool Json { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or csv (RFC 4180: one row per group and currency, money as invariant decimals).")]
        public string? Format { get; init; }

        public override ValidationResult Validate() => Hosting.CliOutput.Validate(Format, Json);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.FirstDay is not { } first)
        {
            await Console.Error.WriteLineAsync($"error: --month: '{settings.Month}' is not a month like 2026-11");
            return 2;
        }
        await using var store = await LedgerStore.OpenAsync(settings.Store?.Value, Console.Error, cancellationToken);
        var report = await ReadAsync(store.ConnectionString, first, By(settings.By), new LedgerTableNames(settings.FactsTable, settings.RunsTable), cancellationToken);
        var format = Hosting.CliOutput.Resolve(settings.Format, settings.Json);
        if (format == Hosting.OutputFormat.Json) Console.Out.Write(report.ToJson() + "\n");
        else if (format == Hosting.OutputFormat.Csv) report.WriteCsv(Console.Out);
        else
        {
            report.Write(AnsiConsole.Console);
            if (report.Rows.Count == 0)
                await Console.Error.WriteLineAsync(store.StartedAzurite
                    ? "The ledger is empty: Azurite was started in memory by this command. Run `guardrails pipeline run` (or keep Azurite running) first."
                    : $"No completed export run covers {report.Month} in this ledger.");
        }
        return 0;
    }

    public static IReadOnlyList<string> By(string? by) =>
        (by ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static async Task<CostsReport> ReadAsync(string connectionString, DateOnly month, IReadOnlyList<string> by, LedgerTableNames? names = null, CancellationToken cancellationToken = default)
    {
        // The Function App's ledger registration (AddLedger) over this store: the same reader the dashboard and budgets use.
        await using var services = CliComposition.Build(CliConfig.Defaults(), CliComposition.Settings(CliComposition.StoreSettings(connectionString, names)),
            null, _ => { }, LedgerRegistration.AddLedger);
        var ledger = services.GetRequiredService<TableLedgerStore>();
        await ledger.EnsureCreatedAsync(cancellationToken);
        // Costs by allocation and currency: the runs' summaries answer it, to the cent, without the row-level facts.
        var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(month.Year, month.Month) with { Detail = LedgerDetail.Allocation }, cancellationToken);
        return CostsReport.Build(LedgerMonths.Of(month), facts, by);
    }
}
