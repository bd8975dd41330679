using System.Text.Json;
using Guardrails.Core.Carbon;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests;

namespace Guardrails.Cli.Commands.Estimate;

/// <summary><c>guardrails plan --params 7e9 --tokens 2e12 --sku Standard_ND96isr_H100_v5</c>: GPU-hours, wall time and cost of a training run.</summary>
public sealed class PlanCommand : AsyncCommand<PlanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--params <N>")]
        [Description("Model parameters, e.g. 7e9.")]
        public string Params { get; init; } = "";

        [CommandOption("--tokens <N>")]
        [Description("Training tokens, e.g. 2e12.")]
        public string Tokens { get; init; } = "";

        [CommandOption("--sku <SKU>")]
        public string Sku { get; init; } = "";

        [CommandOption("--mfu <FRACTION>")]
        [Description("Model FLOPs utilisation of the GPU's dense BF16 peak (default 0.4).")]
        public string? Mfu { get; init; }

        [CommandOption("--nodes <N>")]
        [Description("Number of VMs (default 1).")]
        [TypeConverter(typeof(CountConverter))]
        public int Nodes { get; init; } = 1;

        [CommandOption("--region <NAME>")]
        public string Region { get; init; } = "westeurope";

        [CommandOption("--json")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!NumberOption.TryPositive(settings.Params, "--params", out var p) || !NumberOption.TryPositive(settings.Tokens, "--tokens", out var t)) return 2;
        decimal? mfu = null;
        if (settings.Mfu is not null) { if (!NumberOption.TryPositive(settings.Mfu, "--mfu", out var m, max: 1m)) return 2; mfu = m; }
        if (string.IsNullOrWhiteSpace(settings.Sku)) { await Console.Error.WriteLineAsync("error: --sku is required"); return 2; }
        TrainingPlan plan;
        try
        {
            plan = await TrainingPlanner.PlanAsync(p, t, settings.Sku, mfu, settings.Nodes, settings.Region, VmOs.Linux,
                SnapshotPriceCatalog.Default, VmSkuCatalog.Default, cancellationToken);
        }
        catch (TrainingPlanException e)
        {
            await Console.Error.WriteLineAsync("error: plan: " + e.Message);
            return 2;
        }
        if (settings.Json) Console.Out.Write(ToJson(plan) + "\n");
        else Write(plan);
        return 0;
    }

    private static string R(decimal d, int digits = 1) => decimal.Round(d, digits).ToString(CultureInfo.InvariantCulture);

    public static string ToJson(TrainingPlan plan)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("sku", plan.Sku);
            w.WriteString("region", plan.Region);
            w.WriteString("gpuModel", plan.GpuModel);
            w.WriteNumber("gpusPerVm", plan.GpusPerVm);
            w.WriteNumber("vms", plan.Vms);
            w.WriteNumber("peakTflopsPerGpu", plan.Peak.PeakTflops);
            w.WriteString("peakPrecision", plan.Peak.Precision);
            w.WriteString("peakSource", plan.Peak.Source);
            w.WriteNumber("mfu", plan.Mfu);
            w.WriteNumber("parameters", plan.Parameters);
            w.WriteNumber("tokens", plan.Tokens);
            w.WriteNumber("trainingFlops", plan.TotalFlops);
            w.WriteNumber("gpuHours", decimal.Round(plan.GpuHours, 1));
            w.WriteNumber("vmHours", decimal.Round(plan.VmHours, 2));
            w.WriteNumber("wallHours", decimal.Round(plan.WallHours, 2));
            w.WriteString("currency", plan.Currency);
            w.WriteStartArray("costs");
            foreach (var c in plan.Costs)
            {
                w.WriteStartObject();
                w.WriteString("option", c.Option.ToString());
                if (c.HourlyPrice is { } h) w.WriteNumber("hourlyPrice", h); else w.WriteNull("hourlyPrice");
                if (c.Total is { } tot) w.WriteNumber("total", tot); else w.WriteNull("total");
                if (c.Source is not null) w.WriteString("source", c.Source);
                if (c.AsOf is { } a) w.WriteString("asOf", a.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteCarbon(w, plan.Emissions);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>energyKWh and kgCO2e of the run (null when a factor is not sourced: carbonStatus "unknown" and the reason), with the factors.</summary>
    private static void WriteCarbon(Utf8JsonWriter w, GpuEmissions? e)
    {
        w.WriteString("carbonStatus", e?.KgCO2e is null ? "unknown" : "estimated");
        if (e?.Unknown is not null) w.WriteString("carbonReason", e.Unknown);
        if (e?.EnergyKWh is { } kwh) w.WriteNumber("energyKWh", kwh); else w.WriteNull("energyKWh");
        if (e?.KgCO2e is { } kg) w.WriteNumber("kgCO2e", kg); else w.WriteNull("kgCO2e");
        w.WriteStartArray("carbonFactors");
        foreach (var f in e?.Factors ?? []) EstimateJson.WriteFactor(w, f);
        w.WriteEndArray();
    }

    /// <summary>"Energy 48,900.9 kWh (…); 16,059.1 kgCO2e in westeurope (…)", unknown parts as "unknown".</summary>
    public static string CarbonLine(TrainingPlan plan)
    {
        var e = plan.Emissions;
        if (e?.EnergyKWh is not { } kwh) return $"Energy and carbon unknown: {e?.Unknown ?? "no carbon factors"}";
        var energy = $"Energy {kwh.ToString("#,##0.0", CultureInfo.InvariantCulture)} kWh (GPU-hours × {e.BoardPower!.Value:0.#} W × PUE {e.Pue.Value})";
        return e.KgCO2e is { } kg
            ? $"{energy}; {kg.ToString("#,##0.0", CultureInfo.InvariantCulture)} kgCO2e in {plan.Region} at {e.GridIntensity!.Value} gCO2e/kWh"
            : $"{energy}; unknown kgCO2e ({e.Unknown})";
    }

    private static void Write(TrainingPlan plan)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(plan.Sku)}[/] × {plan.Vms} in {plan.Region}: {plan.GpusPerVm:0.##} × {Markup.Escape(plan.GpuModel)} per VM");
        AnsiConsole.MarkupLine($"FLOPs 6 × {plan.Parameters:0.###e+0} × {plan.Tokens:0.###e+0} = {plan.TotalFlops:0.###e+0} at {plan.Mfu * 100:0.#}% MFU of {plan.Peak.PeakTflops} TFLOP/s ({Markup.Escape(plan.Peak.Precision)})");
        AnsiConsole.MarkupLine($"GPU-hours {R(plan.GpuHours)}; wall time {R(plan.WallHours)} h ({R(plan.WallHours / 24m)} days)");
        var table = new Table().AddColumns("Option", "Hourly", "Total", "Source").Numbers(1, 2);
        foreach (var c in plan.Costs)
            table.AddRow(CostEstimator.Describe(c.Option), c.HourlyPrice is { } h ? h.ToString(CultureInfo.InvariantCulture) : "unknown",
                c.Total is { } tot ? Money.Format(tot, plan.Currency) : "unknown", Markup.Escape(c.Source is null ? "no sourced price" : $"{c.Source} ({c.AsOf:yyyy-MM-dd})"));
        AnsiConsole.Console.WriteWhole(table);
        AnsiConsole.MarkupLine($"[grey]peak: {Markup.Escape(plan.Peak.Source)}[/]");
        AnsiConsole.MarkupLine(Markup.Escape(CarbonLine(plan)));
        foreach (var f in plan.Emissions?.Factors ?? [])
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape($"{f.Kind} {f.Subject} = {f.Value} {f.Unit}: {f.Source}")}[/]");
    }
}
