using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Reporting;

/// <summary>Number and currency formatting shared by the CLI, the HTML page and the charts (invariant culture).</summary>
public static class ReportFormat
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static string Number(decimal value, int decimals = 2) => value.ToString("N" + decimals, s_inv);

    public static string Percent(decimal? share) => share is null ? "unknown" : (share.Value * 100m).ToString("0.0", s_inv) + "%";

    /// <summary>A decimal as written in CSV/JSON: invariant, no thousands separator.</summary>
    public static string Plain(decimal value) => Normalize(value).ToString(s_inv);

    /// <summary>The same value without trailing zeros (1020.0 → 1020), so output does not depend on arithmetic scale.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}

/// <summary>CSV, JSON and text renderings of the reports (golden-tested; the CLI and the HTTP API use the same).</summary>
public static class ReportWriters
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters =
        {
            new JsonStringEnumConverter<CostBasis>(JsonNamingPolicy.CamelCase), new JsonStringEnumConverter<RunOutcome>(JsonNamingPolicy.CamelCase),
            new NormalizedDecimalConverter(),
        },
        TypeInfoResolver = ReportJsonContext.Default,
    };

    /// <summary>Writes decimals as JSON numbers without trailing zeros.</summary>
    private sealed class NormalizedDecimalConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(ReportFormat.Normalize(value));
    }

    public static string ChargebackCsv(ChargebackReport report)
    {
        var sb = new StringBuilder();
        sb.Append("period,currency,");
        foreach (var k in report.AllocationKeys) sb.Append(Csv(k)).Append(',');
        sb.Append("allocation,direct,shared,idle,fixed,total,gpu_hours\n");
        foreach (var r in report.Rows)
        {
            sb.Append(Csv(report.Period)).Append(',').Append(r.Currency).Append(',');
            foreach (var k in report.AllocationKeys) sb.Append(Csv(r.Allocation[k] ?? "")).Append(',');
            sb.Append(Csv(r.Allocation.ToString())).Append(',')
                .Append(Money.CentsText(r.Direct)).Append(',').Append(Money.CentsText(r.Shared)).Append(',')
                .Append(Money.CentsText(r.Idle)).Append(',').Append(Money.CentsText(r.Fixed)).Append(',')
                .Append(Money.CentsText(r.Total)).Append(',').Append(ReportFormat.Plain(r.GpuHours)).Append('\n');
        }
        return sb.ToString();
    }

    public static ChargebackDocument ChargebackDto(ChargebackReport report) => new(
        report.Period,
        report.From,
        report.ToInclusive,
        report.Basis,
        report.AllocationKeys,
        report.Rows.Select(r => new ChargebackRowDocument(r.Allocation.ToDictionary(), r.Currency, r.Direct, r.Shared, r.Idle, r.Fixed,
            r.Total, r.GpuHours, r.Unallocated)),
        report.Reconciliation.Select(ReconciliationDto),
        report.Reconciled);

    private static ChargebackReconciliationDocument ReconciliationDto(ChargebackReconciliation r) => new(
        r.Currency,
        r.ExportTotalSource,
        Money.Cents(r.ExportTotalAllDays),
        Money.Cents(r.OutsidePeriod),
        Money.Cents(r.ExportTotal),
        r.RowsCloudTotalRounded,
        r.Difference,
        Money.Cents(r.FixedTotal),
        Money.Cents(r.GrandTotal),
        Money.Cents(r.IdleCapped),
        r.Reconciled);

    public static string ChargebackJson(ChargebackReport report) => JsonSerializer.Serialize(ChargebackDto(report), Json.Of<ChargebackDocument>()) + "\n";

    /// <summary>The reconciliation as printed under every chargeback report.</summary>
    public static string ReconciliationText(ChargebackReport report)
    {
        var sb = new StringBuilder();
        foreach (var r in report.Reconciliation)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Reconciliation ({r.Currency}, {report.Basis} cost, {report.Period}):\n");
            sb.Append(CultureInfo.InvariantCulture, $"  export total ({r.ExportTotalSource}) = {Money.CentsText(r.ExportTotalAllDays)}\n");
            if (r.OutsidePeriod != 0)
                sb.Append(CultureInfo.InvariantCulture, $"  - outside the period = {Money.CentsText(r.OutsidePeriod)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  export total in period = {Money.CentsText(r.ExportTotal)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  Σ rows (direct + shared + idle) = {Money.CentsText(r.RowsCloudTotalRounded)}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  difference = {Money.CentsText(r.Difference)}{(r.Reconciled ? "  ✓ reconciled to the cent" : "  ✗ NOT RECONCILED")}\n");
            if (r.FixedTotal != 0)
                sb.Append(CultureInfo.InvariantCulture, $"  + declared fixed costs (not in the export) = {Money.CentsText(r.FixedTotal)}; grand total = {Money.CentsText(r.GrandTotal)}\n");
            if (r.IdleCapped != 0)
                sb.Append(CultureInfo.InvariantCulture, $"  note: {Money.CentsText(r.IdleCapped)} of idle cost exceeded its key's direct GPU compute and was not carved out\n");
        }
        return sb.ToString();
    }

    public static string ModelsCsv(ModelCostReport report)
    {
        var sb = new StringBuilder("period,model,currency,cost,gpu_cost,gpu_hours,cost_per_gpu_hour,spot_share,idle_cost,runs,successful_runs,cost_per_successful_run,success_basis\n");
        foreach (var m in report.Models)
            sb.Append(Csv(report.Period)).Append(',').Append(Csv(m.Model)).Append(',').Append(m.Currency).Append(',')
                .Append(Money.CentsText(m.Cost)).Append(',').Append(Money.CentsText(m.GpuCost)).Append(',')
                .Append(ReportFormat.Plain(m.GpuHours)).Append(',').Append(Opt(m.EffectiveCostPerGpuHour)).Append(',')
                .Append(Opt(m.SpotShare)).Append(',').Append(Money.CentsText(m.IdleCost)).Append(',').Append(m.Runs).Append(',')
                .Append(m.SuccessfulRuns?.ToString(CultureInfo.InvariantCulture) ?? "unknown").Append(',')
                .Append(m.CostPerSuccessfulRun is { } c ? Money.CentsText(c) : "unknown").Append(',').Append(Csv(m.SuccessBasis)).Append('\n');
        return sb.ToString();
    }

    public static string RunsCsv(ModelCostReport report)
    {
        var sb = new StringBuilder("period,model,run,currency,cost,gpu_cost,gpu_hours,cost_per_gpu_hour,spot_share,outcome,first_day,last_day\n");
        foreach (var r in report.Runs)
            sb.Append(Csv(report.Period)).Append(',').Append(Csv(r.Model)).Append(',').Append(Csv(r.Run)).Append(',').Append(r.Currency).Append(',')
                .Append(Money.CentsText(r.Cost)).Append(',').Append(Money.CentsText(r.GpuCost)).Append(',')
                .Append(ReportFormat.Plain(r.GpuHours)).Append(',').Append(Opt(r.EffectiveCostPerGpuHour)).Append(',')
                .Append(Opt(r.SpotShare)).Append(',').Append(r.Outcome.ToString().ToLowerInvariant()).Append(',')
                .Append(r.FirstDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                .Append(r.LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    public static ModelsDocument ModelsDto(ModelCostReport report) => new(
        report.Period,
        report.Basis,
        report.ModelKey,
        report.RunKey,
        report.StatusKey,
        report.Models.Select(m => new ModelRowDocument(m.Model, m.Currency, Money.Cents(m.Cost), Money.Cents(m.GpuCost), m.GpuHours,
            m.EffectiveCostPerGpuHour, m.SpotShare, Money.Cents(m.IdleCost), m.Runs, m.SuccessfulRuns,
            m.CostPerSuccessfulRun is { } c ? Money.Cents(c) : null, m.SuccessBasis)),
        report.Runs.Select(r => new RunRowDocument(r.Model, r.Run, r.Currency, Money.Cents(r.Cost), Money.Cents(r.GpuCost), r.GpuHours,
            r.EffectiveCostPerGpuHour, r.SpotShare, r.Outcome, r.FirstDay, r.LastDay)));

    public static string ModelsJson(ModelCostReport report) => JsonSerializer.Serialize(ModelsDto(report), Json.Of<ModelsDocument>()) + "\n";

    public static CarbonDocument CarbonDto(CarbonReport report) => new(
        "kgCO2e = GPU-hours × board power (kW) × PUE × grid intensity (kgCO2e/kWh)",
        report.TotalKgCO2e,
        report.ByTeam.Select(Row),
        report.ByModel.Select(Row),
        report.Factors.Select(f => new CarbonFactorDocument(f.Key, f.Value.Kind, f.Value.Subject, f.Value.Value, f.Value.Unit, f.Value.Source, f.Value.Note)),
        report.Gaps);

    private static CarbonRowDocument Row(CarbonRow r) => new(r.Dimension, r.Value, r.GpuHours, r.GpuHoursNotEstimated, r.EnergyKWh, r.KgCO2e,
        Money.Cents(r.GpuCost), r.Currency, r.FactorIds);

    public static string CarbonJson(CarbonReport report) => JsonSerializer.Serialize(CarbonDto(report), Json.Of<CarbonDocument>()) + "\n";

    public static string CarbonCsv(CarbonReport report)
    {
        var sb = new StringBuilder("dimension,value,gpu_hours,gpu_hours_not_estimated,energy_kwh,kg_co2e,gpu_cost,currency,factors\n");
        foreach (var r in report.ByTeam.Concat(report.ByModel))
            sb.Append(Csv(r.Dimension)).Append(',').Append(Csv(r.Value)).Append(',').Append(ReportFormat.Plain(r.GpuHours)).Append(',')
                .Append(ReportFormat.Plain(r.GpuHoursNotEstimated)).Append(',').Append(ReportFormat.Plain(r.EnergyKWh)).Append(',')
                .Append(ReportFormat.Plain(r.KgCO2e)).Append(',').Append(Money.CentsText(r.GpuCost)).Append(',').Append(r.Currency).Append(',')
                .Append(Csv(string.Join(' ', r.FactorIds))).Append('\n');
        return sb.ToString();
    }

    private static string Opt(decimal? v) => v is null ? "" : ReportFormat.Plain(v.Value);

    /// <summary>RFC 4180 quoting, and a leading ' for cells a spreadsheet would run as a formula.</summary>
    public static string Csv(string value) => CsvField.Of(value);
}
