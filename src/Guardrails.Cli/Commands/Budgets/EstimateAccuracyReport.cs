using System.Text.Json;
using System.Text.Json.Nodes;
using Guardrails.Core.Budgets;
using Guardrails.Core.Idle;
using Guardrails.Core.Pricing;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Notifications;

namespace Guardrails.Cli.Commands.Budgets;

/// <summary>
/// <c>guardrails budgets --telemetry DIR --inventory FILE</c>: the fresh-spend estimate (recorded GPU telemetry × the
/// price the budgets' estimate uses, by the VM's pricing model: <see cref="MachinePrices"/>) for hours that have since
/// been billed, compared with the bill, per VM and per team, with why each VM's figures differ (<see cref="EstimateAccuracy"/>).
/// </summary>
internal static class EstimateAccuracyReport
{
    public static async Task<EstimateAccuracy> ComputeAsync(GuardrailsConfig config, CliLedger ledger, DateOnly month, string telemetryPath,
        string? inventoryPath, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(inventoryPath))
            throw new ArgumentException("--telemetry needs --inventory: the machines (size, region, tags) whose telemetry it is");
        if (!File.Exists(inventoryPath)) throw new FileNotFoundException($"inventory file not found: {inventoryPath}", inventoryPath);
        if (!File.Exists(telemetryPath) && !Directory.Exists(telemetryPath))
            throw new FileNotFoundException($"telemetry not found: {telemetryPath}", telemetryPath);
        if (ledger.Resources is null) throw new InvalidOperationException("the ledger has no per-resource costs to compare with");
        var inventory = InventoryFile.Load(inventoryPath);
        var hours = new RecordedRunningHours(TelemetryFiles.Read(telemetryPath));
        var allocator = new MachineAllocator(config.Allocation);
        var first = new DateOnly(month.Year, month.Month, 1);
        var window = (From: new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), To: new DateTimeOffset(first.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var machines = new List<FreshSpendMachine>();
        foreach (var m in inventory.Machines)
        {
            var running = await hours.GetRunningHoursAsync(m, window.From, window.To, cancellationToken);
            var price = await MachinePrices.GetHourlyPriceAsync(SnapshotPriceCatalog.Default, inventory, m, cancellationToken);
            machines.Add(new FreshSpendMachine(m, allocator.Allocate(m), running, price));
        }
        var billed = await ledger.Resources.GetResourceCostsAsync(Core.Ledger.LedgerQuery.ForMonth(month.Year, month.Month), cancellationToken);
        return EstimateAccuracy.Compare(machines, billed, first, VmSkuCatalog.Default);
    }

    /// <summary>The per-VM table and the GPU line under the budgets table; unknown figures print as "unknown" with the reason.</summary>
    public static void Render(IAnsiConsole console, EstimateAccuracy accuracy)
    {
        var table = new Table().Title("Fresh-spend estimate vs bill (billed days)")
            .AddColumns("Team", "VM", "Size", "Pricing", "Hours", "Estimated", "Billed", "Error", "Price").Numbers(4, 5, 6, 7);
        foreach (var v in accuracy.PerVm)
            table.AddRow(Markup.Escape(v.Team), Markup.Escape(v.Name), Markup.Escape(v.VmSize), Markup.Escape(v.PricingModel),
                v.TelemetryHours.ToString("0.#", CultureInfo.InvariantCulture), MoneyOrUnknown(v.Estimated, v.Currency), MoneyOrUnknown(v.Billed, v.Currency),
                Percent(v.ErrorPercent), Markup.Escape(v.Unknown ?? v.PriceSource ?? "—"));
        foreach (var t in accuracy.PerTeam)
            table.AddRow($"[bold]{Markup.Escape(t.Team)}[/]", $"{t.Vms} VM(s)" + (t.UnknownVms > 0 ? $" + {t.UnknownVms} unknown" : ""), "", "", "",
                MoneyOrUnknown(t.Estimated, t.Currency), MoneyOrUnknown(t.Billed, t.Currency), Percent(t.ErrorPercent), "");
        console.WriteWhole(table);
        foreach (var v in accuracy.PerVm.Where(v => v.Gap is not null))
            console.MarkupLine($"[grey]{Markup.Escape(v.Name)}: {Markup.Escape(v.Gap!)}.[/]");
        console.MarkupLine(Markup.Escape($"GPU VMs: estimate error {Percent(accuracy.GpuVmErrorPercent)} against the bill (target within 5 %)."));
    }

    private static string MoneyOrUnknown(decimal? amount, string currency) =>
        amount is { } a ? Markup.Escape(Money.WithCode(a, currency)) : "unknown";

    private static string Percent(decimal? percent) =>
        percent is { } p ? p.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %" : "unknown";

    /// <summary>{perVm: [...], perTeam: [...], gpuVmErrorPercent}; unknown figures are null with the reason, never 0.</summary>
    public static JsonNode ToJson(EstimateAccuracy accuracy) => JsonSerializer.SerializeToNode(new EstimateAccuracyJson(
        accuracy.PerVm.Select(v => new EstimateAccuracyVmJson(v.Name, v.ResourceId, v.VmSize, v.Team, v.Gpu, v.Currency,
            v.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v.Through.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            v.PricingModel, v.TelemetryHours, v.BilledHours, v.EstimatedRate, v.BilledRate, v.Estimated, v.Billed, v.ErrorPercent,
            v.PriceSource, v.Gap, v.Unknown)),
        accuracy.PerTeam.Select(t => new EstimateAccuracyTeamJson(t.Team, t.Currency, t.Vms, t.UnknownVms, t.Estimated, t.Billed, t.ErrorPercent)),
        accuracy.GpuVmErrorPercent), BudgetJsonContext.Default.EstimateAccuracyJson)!;
}
