using System.Text.Json;
using Guardrails.Core.Carbon;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// The machine-readable estimate (<c>guardrails estimate --json</c>):
/// <c>{currency, baseMonthlyCost, headMonthlyCost, diffMonthlyCost, resources: [...], unpriced: [...]}</c>.
/// </summary>
public static class EstimateJson
{
    public static string Write(CostEstimate e)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("currency", e.Currency);
            w.WriteNumber("baseMonthlyCost", e.BaseMonthlyCost);
            w.WriteNumber("headMonthlyCost", e.HeadMonthlyCost);
            w.WriteNumber("diffMonthlyCost", e.DiffMonthlyCost);
            w.WriteStartArray("resources");
            foreach (var r in e.Resources) WriteResource(w, r);
            w.WriteEndArray();
            w.WriteStartArray("unpriced");
            foreach (var u in e.Unpriced) WriteUnpriced(w, u);
            foreach (var f in e.ParseErrors) WriteUnreadable(w, f);
            w.WriteEndArray();
            w.WriteStartArray("assumptions");
            foreach (var a in e.Assumptions) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteResource(Utf8JsonWriter w, ResourceEstimate r)
    {
        w.WriteStartObject();
        w.WriteString("file", r.File);
        w.WriteString("name", r.Name);
        w.WriteString("type", r.Type);
        w.WriteString("sku", r.Sku);
        w.WriteNumber("quantity", r.Quantity);
        WriteNullable(w, "baseMonthlyCost", r.BaseMonthlyCost);
        WriteNullable(w, "headMonthlyCost", r.HeadMonthlyCost);
        w.WriteString("change", r.Change.ToString().ToLowerInvariant());
        var side = r.Head ?? r.Base!;
        w.WriteString("region", side.Region);
        w.WriteString("priceOption", side.Option.ToString());
        w.WriteNumber("hourlyPrice", side.HourlyPrice);
        w.WriteNumber("hoursPerMonth", side.Hours);
        if (side.PerRunCost is { } run) w.WriteNumber("perRunCost", run);
        w.WriteString("priceSource", side.Quote.Source);
        w.WriteString("priceAsOf", side.Quote.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteStartArray("alternatives");
        foreach (var a in r.Alternatives)
        {
            w.WriteStartObject();
            w.WriteString("label", a.Label);
            w.WriteNumber("monthlyCost", a.MonthlyCost);
            if (a.Region is not null) w.WriteString("region", a.Region);
            if (a.Emissions is not null) WriteAlternativeCarbon(w, a, side, r.Emissions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        WriteCarbon(w, r);
        w.WriteEndObject();
    }

    private static void WriteUnpriced(Utf8JsonWriter w, UnpricedResource u)
    {
        w.WriteStartObject();
        w.WriteString("file", u.File);
        w.WriteString("name", u.Name);
        w.WriteString("type", u.Type);
        w.WriteString("sku", u.Sku);
        w.WriteString("side", u.Side);
        if (u.Line > 0) w.WriteNumber("line", u.Line);
        w.WriteString("reason", u.Reason);
        w.WriteBoolean("blocksGate", u.BlocksGate);
        w.WriteEndObject();
    }

    /// <summary>A file that could not be read, as an unpriced entry (it blocks the gate on the head side).</summary>
    private static void WriteUnreadable(Utf8JsonWriter w, UnreadableFile f)
    {
        w.WriteStartObject();
        w.WriteString("file", f.Error.File);
        w.WriteString("name", "(file)");
        w.WriteString("side", f.Side);
        if (f.Error.Line is { } line) w.WriteNumber("line", line);
        w.WriteString("reason", "could not be read: " + f.Error.Message);
        w.WriteBoolean("blocksGate", f.Side == "head");
        w.WriteEndObject();
    }

    /// <summary>
    /// <c>carbon: {status, reason?, region, gpuModel, gpuCount, gpuHoursPerMonth, energyKWhPerMonth, kgCO2ePerMonth,
    /// baseKgCO2ePerMonth?, factors}</c>; status "estimated", "unknown" (kgCO2e null, reason says why) or "not estimated"
    /// (a size without GPUs: only GPU energy is estimated).
    /// </summary>
    private static void WriteCarbon(Utf8JsonWriter w, ResourceEstimate r)
    {
        w.WriteStartObject("carbon");
        if (r.Emissions is not { } e)
        {
            w.WriteString("status", "not estimated");
            w.WriteString("reason", "no GPUs in this size: only GPU energy is estimated");
            w.WriteEndObject();
            return;
        }
        w.WriteString("status", e.KgCO2e is null ? "unknown" : "estimated");
        if (e.Unknown is not null) w.WriteString("reason", e.Unknown);
        w.WriteString("region", e.Region);
        w.WriteString("gpuModel", e.GpuModel);
        WriteNullable(w, "gpuCount", e.GpusPerVm * (r.Head ?? r.Base)!.Nodes);
        w.WriteNumber("gpuHoursPerMonth", decimal.Round(e.GpuHours, 3));
        WriteNullable(w, "energyKWhPerMonth", e.EnergyKWh);
        WriteNullable(w, "kgCO2ePerMonth", e.KgCO2e);
        if (r.Head is not null && r.Base is not null) WriteNullable(w, "baseKgCO2ePerMonth", r.BaseEmissions?.KgCO2e);
        w.WriteStartArray("factors");
        foreach (var f in e.Factors) WriteFactor(w, f);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAlternativeCarbon(Utf8JsonWriter w, CostAlternative a, PricedSide now, GpuEmissions? current)
    {
        w.WriteNumber("costDifference", a.MonthlyCost - now.MonthlyCost);
        w.WriteString("currency", now.Quote.Currency);
        WriteNullable(w, "kgCO2ePerMonth", a.Emissions!.KgCO2e);
        WriteNullable(w, "kgCO2eDifference", a.Emissions.KgCO2e - current?.KgCO2e);
        if (a.Emissions.GridIntensity is { } grid) WriteFactor(w, grid, "gridIntensity");
    }

    /// <summary>One carbon factor as JSON: {kind, subject, value, unit, source}.</summary>
    public static void WriteFactor(Utf8JsonWriter w, CarbonFactor f, string? name = null)
    {
        if (name is null) w.WriteStartObject(); else w.WriteStartObject(name);
        w.WriteString("kind", f.Kind);
        w.WriteString("subject", f.Subject);
        w.WriteNumber("value", f.Value);
        w.WriteString("unit", f.Unit);
        w.WriteString("source", f.Source);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
