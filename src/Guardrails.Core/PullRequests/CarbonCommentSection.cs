using System.Globalization;
using System.Text;
using Guardrails.Core.Carbon;
using Guardrails.Core.Common;

namespace Guardrails.Core.PullRequests;

/// <summary>
/// The PR comment's carbon lines: one line per changed GPU resource with its kgCO2e per month, and beside the cheapest
/// region the lowest-carbon region that prices the same size, each with its cost and carbon difference. Unknown factors
/// print "unknown", never 0.
/// </summary>
public static class CarbonCommentSection
{
    public static void Append(StringBuilder sb, IReadOnlyList<ResourceEstimate> changed, string currency)
    {
        var gpu = changed.Where(r => r.Emissions is not null && !NoGpuHours(r)).ToList();
        if (gpu.Count == 0) return;
        sb.Append("**GPU carbon** (kgCO2e/month = GPU-hours × board power × PUE × grid intensity of the region; sources below)\n\n");
        foreach (var r in gpu) sb.Append("- ").Append(Line(r, currency)).Append('\n');
        sb.Append("\nLocation-based annual grid averages at board power (an upper bound), GPU energy only; \"unknown\" means no sourced factor.\n\n");
    }

    /// <summary>"carbon: …" lines for the collapsed sources: the formula and each factor used, with its source.</summary>
    public static IEnumerable<string> Sources(IReadOnlyList<ResourceEstimate> resources)
    {
        var used = resources.SelectMany(r => new[] { r.BaseEmissions, r.HeadEmissions }.Concat(r.Alternatives.Select(a => a.Emissions)))
            .Where(e => e is not null).SelectMany(e => e!.Factors)
            .DistinctBy(f => (f.Kind, f.Subject)).OrderBy(f => f.Kind, StringComparer.Ordinal).ThenBy(f => f.Subject, StringComparer.Ordinal).ToList();
        if (used.Count == 0) yield break;
        yield return "carbon: kWh = GPU-hours × board power (W) ÷ 1000 × PUE; kgCO2e = kWh × grid intensity (gCO2e/kWh) ÷ 1000 (samples/carbon/SOURCES.md)";
        foreach (var f in used)
            yield return $"carbon: {f.Kind} {f.Subject} = {f.Value.ToString("0.###", CultureInfo.InvariantCulture)} {f.Unit}: {f.Source}";
    }

    /// <summary>A pool with no always-on node (its jobs carry the hours): known zero GPU-hours on both sides, nothing to say.</summary>
    private static bool NoGpuHours(ResourceEstimate r) =>
        new[] { r.BaseEmissions, r.HeadEmissions }.All(e => e is null || (e.GpuHours == 0 && e.GpuModel is not null));

    private static string Line(ResourceEstimate r, string currency)
    {
        var e = r.Emissions!;
        var side = r.Head ?? r.Base!;
        var sb = new StringBuilder();
        sb.Append(MarkdownText.Code(r.Name)).Append(" (").Append(What(e, side)).Append("): ");
        if (r.Head is null) return sb.Append("removed, ").Append(Kg(e.KgCO2e is { } gone ? -gone : null, signed: true)).Append("/month").ToString();
        sb.Append("**").Append(Kg(e.KgCO2e)).Append("/month**");
        if (e.KgCO2e is null) sb.Append(" (").Append(e.Unknown).Append(')');
        else if (r.Base is not null && r.BaseEmissions is { } before) sb.Append(" (before ").Append(Kg(before.KgCO2e)).Append(')');
        foreach (var label in new[] { CostAlternative.CheapestRegion, CostAlternative.LowestCarbonRegion })
            if (r.Alternatives.FirstOrDefault(a => a.Label == label) is { } alt) sb.Append(" · ").Append(Beside(label, alt, side, e, currency));
        return sb.ToString();
    }

    private static string What(GpuEmissions e, PricedSide side)
    {
        var model = e.GpuModel ?? "GPU model unknown";
        var power = e.BoardPower is { } p ? $" at {Num(p.Value, "0.#")} W" : "";
        var count = e.GpusPerVm is { } g ? $"{Num(g * side.Nodes, "0.##")} × " : "";
        var grid = e.GridIntensity is { } i ? $" at {Num(i.Value, "0.###")} gCO2e/kWh" : "";
        return $"{count}{model}{power}, {Num(e.GpuHours, "#,##0.#")} GPU-h in {side.Region}{grid}";
    }

    private static string Beside(string label, CostAlternative alt, PricedSide now, GpuEmissions current, string currency)
    {
        var here = string.Equals(alt.Region, now.Region, StringComparison.OrdinalIgnoreCase);
        if (here) return $"{label}: {alt.Region} (this one)";
        var kg = alt.Emissions?.KgCO2e;
        var diff = kg is { } a && current.KgCO2e is { } c ? Kg(a - c, signed: true) : "unknown";
        return $"{label} {alt.Region}: {Money.Format(alt.MonthlyCost, currency)} ({Money.FormatSigned(alt.MonthlyCost - now.MonthlyCost, currency)}), "
            + $"{Kg(kg)} ({diff})";
    }

    /// <summary>"1,590.9 kgCO2e", or "unknown kgCO2e" for an unknown value (never 0).</summary>
    public static string Kg(decimal? kg, bool signed = false) => kg is not { } v ? "unknown kgCO2e"
        : (signed ? (v > 0 ? "+" : v < 0 ? "-" : "±") : v < 0 ? "-" : "") + Num(Math.Abs(v), "#,##0.0") + " kgCO2e";

    private static string Num(decimal d, string format) => d.ToString(format, CultureInfo.InvariantCulture);
}
