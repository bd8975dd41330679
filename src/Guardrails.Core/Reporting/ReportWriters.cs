using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Guardrails.Core.Common;

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
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new NormalizedDecimalConverter() },
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

    public static object ChargebackDto(ChargebackReport report) => new
    {
        period = report.Period,
        from = report.From,
        to = report.ToInclusive,
        basis = report.Basis,
        allocationKeys = report.AllocationKeys,
        rows = report.Rows.Select(r => new
        {
            allocation = r.Allocation.ToDictionary(),
            currency = r.Currency,
            direct = r.Direct,
            shared = r.Shared,
            idle = r.Idle,
            @fixed = r.Fixed,
            total = r.Total,
            gpuHours = r.GpuHours,
            unallocated = r.Unallocated,
        }),
        reconciliation = report.Reconciliation.Select(ReconciliationDto),
        reconciled = report.Reconciled,
    };

    private static object ReconciliationDto(ChargebackReconciliation r) => new
    {
        currency = r.Currency,
        exportTotalSource = r.ExportTotalSource,
        exportTotalAllDays = Money.Cents(r.ExportTotalAllDays),
        outsidePeriod = Money.Cents(r.OutsidePeriod),
        exportTotal = Money.Cents(r.ExportTotal),
        rowsTotal = r.RowsCloudTotalRounded,
        difference = r.Difference,
        fixedTotal = Money.Cents(r.FixedTotal),
        grandTotal = Money.Cents(r.GrandTotal),
        idleCapped = Money.Cents(r.IdleCapped),
        reconciled = r.Reconciled,
    };

    public static string ChargebackJson(ChargebackReport report) => JsonSerializer.Serialize(ChargebackDto(report), Json) + "\n";

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

    public static object ModelsDto(ModelCostReport report) => new
    {
        period = report.Period,
        basis = report.Basis,
        modelKey = report.ModelKey,
        runKey = report.RunKey,
        statusKey = report.StatusKey,
        models = report.Models.Select(m => new
        {
            model = m.Model,
            currency = m.Currency,
            cost = Money.Cents(m.Cost),
            gpuCost = Money.Cents(m.GpuCost),
            gpuHours = m.GpuHours,
            costPerGpuHour = m.EffectiveCostPerGpuHour,
            spotShare = m.SpotShare,
            idleCost = Money.Cents(m.IdleCost),
            runs = m.Runs,
            successfulRuns = m.SuccessfulRuns,
            costPerSuccessfulRun = m.CostPerSuccessfulRun is { } c ? Money.Cents(c) : (decimal?)null,
            successBasis = m.SuccessBasis,
        }),
        runs = report.Runs.Select(r => new
        {
            model = r.Model,
            run = r.Run,
            currency = r.Currency,
            cost = Money.Cents(r.Cost),
            gpuCost = Money.Cents(r.GpuCost),
            gpuHours = r.GpuHours,
            costPerGpuHour = r.EffectiveCostPerGpuHour,
            spotShare = r.SpotShare,
            outcome = r.Outcome,
            firstDay = r.FirstDay,
            lastDay = r.LastDay,
        }),
    };

    public static string ModelsJson(ModelCostReport report) => JsonSerializer.Serialize(ModelsDto(report), Json) + "\n";

    public static object CarbonDto(CarbonReport report) => new
    {
        formula = "kgCO2e = GPU-hours × board power (kW) × PUE × grid intensity (kgCO2e/kWh)",
        totalKgCO2e = report.TotalKgCO2e,
        byTeam = report.ByTeam.Select(Row),
        byModel = report.ByModel.Select(Row),
        factors = report.Factors.Select(f => new { id = f.Key, kind = f.Value.Kind, subject = f.Value.Subject, value = f.Value.Value, unit = f.Value.Unit, source = f.Value.Source, note = f.Value.Note }),
        gaps = report.Gaps,
    };

    private static object Row(CarbonRow r) => new
    {
        dimension = r.Dimension,
        value = r.Value,
        gpuHours = r.GpuHours,
        gpuHoursNotEstimated = r.GpuHoursNotEstimated,
        energyKWh = r.EnergyKWh,
        kgCO2e = r.KgCO2e,
        gpuCost = Money.Cents(r.GpuCost),
        currency = r.Currency,
        factors = r.FactorIds,
    };

    public static string CarbonJson(CarbonReport report) => JsonSerializer.Serialize(CarbonDto(report), Json) + "\n";

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
