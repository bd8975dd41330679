using System.Globalization;
using System.Text;
using static Guardrails.Core.Reporting.SvgCharts;

namespace Guardrails.Core.Reporting;

/// <summary>
/// The dashboard as one self-contained HTML page: inline CSS, inline SVG, no script and no external resource,
/// so the same bytes work served over HTTP and as a file opened offline.
/// </summary>
public static class DashboardPage
{
    /// <param name="apiBase">When served, the JSON API base (e.g. "/api/dashboard") linked under each chart; null for a file.</param>
    public static string Render(DashboardModel m, string? apiBase = null, DateTimeOffset? generatedAt = null)
    {
        var cur = m.Summary.Currency;
        string M(decimal v) => ReportFormat.Money(v, cur);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(H(m.Title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        sb.Append("<header><h1>").Append(H(m.Title)).Append("</h1><p class=\"meta\">")
            .Append(H($"{m.From:yyyy-MM-dd} to {m.ToInclusive:yyyy-MM-dd} · {m.Basis} cost · source: {m.Source}"))
            .Append(generatedAt is { } g ? H($" · generated {g.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "").Append("</p></header>\n<main>\n");

        // Summary cards
        var s = m.Summary;
        sb.Append("<section id=\"summary\" aria-label=\"Summary\"><div class=\"cards\">");
        Card(sb, "total-cost", "Total cost", M(s.TotalCost), s.FixedCost != 0 ? $"cloud {M(s.CloudCost)} + fixed {M(s.FixedCost)}" : "cloud export");
        Card(sb, "gpu-cost", "GPU compute", M(s.GpuCost), $"{ReportFormat.Number(s.GpuHours, 1)} GPU-hours");
        Card(sb, "idle-cost", "Idle GPU waste", M(s.IdleCost), s.IdleCost == 0 ? "no idle cost reported" : $"{ReportFormat.Percent(s.GpuCost == 0 ? null : s.IdleCost / s.GpuCost)} of GPU compute");
        Card(sb, "carbon", "Emissions (GPU)", $"{ReportFormat.Number(s.KgCO2e, 1)} kgCO2e", "GPU energy × PUE × grid intensity");
        sb.Append("</div>");
        if (s.OtherCurrencies.Count > 0)
            sb.Append("<p class=\"note\">Charts show ").Append(H(cur)).Append(" only; also present: ").Append(H(string.Join(", ", s.OtherCurrencies))).Append(" (see the chargeback table).</p>");
        sb.Append("</section>\n");

        // Spend by dimension
        foreach (var sp in m.Spend)
        {
            Section(sb, "spend-" + Slug(sp.Dimension), $"Spend by {sp.Dimension} per day", apiBase is null ? null : $"{apiBase}/spend?by={sp.Dimension}");
            if (sp.Series.Count == 0) Empty(sb, "No costs in this period.");
            else
            {
                sb.Append("<p class=\"total\">Total <b data-testid=\"spend-").Append(H(Slug(sp.Dimension))).Append("-total\">").Append(H(ReportFormat.Money(sp.Total, sp.Currency))).Append("</b></p>");
                sb.Append(StackedDailySpend(sp, "chart-spend-" + Slug(sp.Dimension)));
            }
            sb.Append("</section>\n");
        }

        // Budgets
        Section(sb, "budgets", "Budget burn-down and forecast", apiBase is null ? null : $"{apiBase}/budgets");
        if (m.Budgets.Count == 0) Empty(sb, "No budget data: budgets are evaluated by `guardrails budgets` / the EvaluateBudgets function.");
        var bi = 0;
        foreach (var b in m.Budgets)
        {
            sb.Append("<h3>").Append(H(b.Name)).Append("</h3><p class=\"total\">")
                .Append(H($"Spent {ReportFormat.Money(b.Spent, b.Currency)} of {ReportFormat.Money(b.Amount, b.Currency)} · forecast {ReportFormat.Money(b.ForecastAtPeriodEnd, b.Currency)} · "))
                .Append(b.BreachDate is { } bd ? "<b class=\"bad\">breach forecast " + bd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "</b>" : "no breach forecast")
                .Append(b.State is null ? "" : H(" · state: " + b.State)).Append("</p>");
            if (b.Estimated is { } est)
                sb.Append("<p class=\"note\" data-testid=\"budget-estimated\">+").Append(H(ReportFormat.Money(est, b.Currency)))
                    .Append(" estimated since the last billed hour (not in spent)").Append(b.EstimatedBasis is { } basis ? H(": " + basis) : "").Append("</p>");
            sb.Append(BurnDown(b, "chart-budget-" + bi++));
        }
        sb.Append("</section>\n");

        // GPU utilisation vs cost and idle waste
        Section(sb, "gpu", "GPU cost, utilization and idle waste per team", apiBase is null ? null : $"{apiBase}/gpu");
        if (m.GpuWaste.Count == 0) Empty(sb, "No GPU compute in this period.");
        else
        {
            sb.Append("<p class=\"total\">GPU compute <b data-testid=\"gpu-total\">").Append(H(M(m.GpuWaste.Sum(g => g.GpuCost))))
                .Append("</b> · idle waste <b data-testid=\"idle-total\">").Append(H(M(m.GpuWaste.Sum(g => g.IdleCost)))).Append("</b></p>");
            sb.Append(HorizontalBars(m.GpuWaste.Select(g => (g.Team, g.GpuCost, g.IdleCost,
                    $"idle {ReportFormat.Money(g.IdleCost, g.Currency)} · util {ReportFormat.Percent(g.Utilization)}")).ToList(),
                cur, "chart-gpu", "GPU compute cost per team with the idle part highlighted", "GPU compute", "idle waste"));
            sb.Append("<ul class=\"legend\"><li><span class=\"swatch\" style=\"background:").Append(Palette[0]).Append("\"></span>GPU compute (busy)</li><li><span class=\"swatch\" style=\"background:")
                .Append(IdleColour).Append("\"></span>idle waste</li></ul>");
            Table(sb, ["Team", "GPU compute", "GPU-hours", "Idle GPU-hours", "Idle waste", "Utilization"],
                m.GpuWaste.Select(g => new[] { g.Team, ReportFormat.Money(g.GpuCost, g.Currency), ReportFormat.Number(g.GpuHours, 1), ReportFormat.Number(g.IdleGpuHours, 1), ReportFormat.Money(g.IdleCost, g.Currency), ReportFormat.Percent(g.Utilization) }),
                "Utilization = 1 − idle GPU-hours ÷ GPU-hours, from idle detection; unknown when it reported nothing for the team.");
        }
        sb.Append("</section>\n");

        // Top resources
        Section(sb, "top-resources", "Top resources", apiBase is null ? null : $"{apiBase}/top-resources");
        if (m.TopResources.Count == 0) Empty(sb, "No per-resource costs available from this source.");
        else
            sb.Append(HorizontalBars(m.TopResources.Select(r => (r.ResourceName ?? r.ResourceId, r.Cost, 0m,
                (r.SkuName ?? "") + (r.GpuHours > 0 ? $" · {ReportFormat.Number(r.GpuHours, 1)} GPU-h" : ""))).ToList(), cur, "chart-top-resources",
                "Top resources by cost", "cost", ""));
        sb.Append("</section>\n");

        // Models and runs
        Section(sb, "models", "Cost per model and training run", apiBase is null ? null : $"{apiBase}/models");
        Table(sb, ["Model", "Cost", "GPU-hours", "$/GPU-hour", "Spot share", "Idle", "Runs", "Successful", "Cost per successful run"],
            m.Models.Models.Select(x => new[]
            {
                x.Model, ReportFormat.Money(x.Cost, x.Currency), ReportFormat.Number(x.GpuHours, 1),
                x.EffectiveCostPerGpuHour is { } p ? ReportFormat.Money(p, x.Currency) : "—", ReportFormat.Percent(x.SpotShare),
                ReportFormat.Money(x.IdleCost, x.Currency), x.Runs.ToString(CultureInfo.InvariantCulture),
                x.SuccessfulRuns?.ToString(CultureInfo.InvariantCulture) ?? "unknown",
                x.CostPerSuccessfulRun is { } c ? ReportFormat.Money(c, x.Currency) : "unknown",
            }), "Successful: " + string.Join("; ", m.Models.Models.Select(x => x.SuccessBasis).Distinct()));
        if (m.Models.Runs.Count > 0)
            Table(sb, ["Model", "Run", "Cost", "GPU-hours", "$/GPU-hour", "Spot share", "Outcome", "Days"],
                m.Models.Runs.Select(r => new[]
                {
                    r.Model, r.Run, ReportFormat.Money(r.Cost, r.Currency), ReportFormat.Number(r.GpuHours, 1),
                    r.EffectiveCostPerGpuHour is { } p ? ReportFormat.Money(p, r.Currency) : "—", ReportFormat.Percent(r.SpotShare),
                    r.Outcome.ToString().ToLowerInvariant(), $"{r.FirstDay:MM-dd}–{r.LastDay:MM-dd}",
                }), null);
        sb.Append("</section>\n");

        // Carbon
        Section(sb, "carbon-section", "Emissions beside dollars (GPU energy)", apiBase is null ? null : $"{apiBase}/carbon");
        sb.Append("<p class=\"note\">kgCO2e = GPU-hours × board power (kW) × PUE × grid intensity (kgCO2e/kWh). Location-based annual averages; sources below.</p>");
        foreach (var (title, rows) in new[] { ("Team", m.Carbon.ByTeam), ("Model", m.Carbon.ByModel) })
            Table(sb, [title, "GPU-hours", "Energy (kWh)", "kgCO2e", "GPU cost", "Not estimated (GPU-h)", "Factors"],
                rows.Select(r => new[]
                {
                    r.Value, ReportFormat.Number(r.GpuHours, 1), ReportFormat.Number(r.EnergyKWh, 1), ReportFormat.Number(r.KgCO2e, 1),
                    ReportFormat.Money(r.GpuCost, r.Currency.Length > 0 ? r.Currency : cur), ReportFormat.Number(r.GpuHoursNotEstimated, 1), string.Join(", ", r.FactorIds),
                }), null);
        Table(sb, ["Factor", "Value", "Source"], m.Carbon.Factors.Select(f => new[]
            { f.Key, $"{ReportFormat.Plain(f.Value.Value)} {f.Value.Unit}", f.Value.Source + (f.Value.Note is null ? "" : " — " + f.Value.Note) }),
            "Each value is copied from the named public source (samples/carbon/SOURCES.md).");
        if (m.Carbon.Gaps.Count > 0)
            sb.Append("<p class=\"note\">Not estimated: ").Append(H(string.Join("; ", m.Carbon.Gaps))).Append("</p>");
        sb.Append("</section>\n");

        // Chargeback
        var cb = m.Chargeback;
        Section(sb, "chargeback", "Chargeback / showback", apiBase is null ? null : $"{apiBase}/chargeback");
        Table(sb, [.. cb.AllocationKeys, "Currency", "Direct", "Shared", "Idle", "Fixed", "Total"],
            cb.Rows.Select(r => cb.AllocationKeys.Select(k => r.Allocation[k] ?? "").Concat(new[]
            {
                r.Currency, ReportFormat.Money(r.Direct, r.Currency), ReportFormat.Money(r.Shared, r.Currency), ReportFormat.Money(r.Idle, r.Currency),
                ReportFormat.Money(r.Fixed, r.Currency), ReportFormat.Money(r.Total, r.Currency),
            }).ToArray()), "Idle = idle GPU cost carved out of the key's direct GPU compute (already billed, not extra). Fixed = declared costs outside the export.");
        sb.Append("<pre class=\"recon\" data-testid=\"reconciliation\">").Append(H(ReportWriters.ReconciliationText(cb))).Append("</pre>");
        sb.Append("</section>\n");

        // Action log
        Section(sb, "actions", "Guardrail action log", apiBase is null ? null : $"{apiBase}/actions");
        LogPeriodNote(sb, m);
        if (m.Actions.Count == 0) Empty(sb, "No guardrail actions recorded in this period.");
        else
            Table(sb, ["Time (UTC)", "Action", "Outcome", "Resource", "Reason", "Saves"], m.Actions.Take(50).Select(a => new[]
            {
                a.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), a.Action + (a.DryRun ? " (dry-run)" : ""), a.Outcome,
                a.ResourceName ?? a.ResourceId ?? "", Shorten(a.Reason ?? "", 200), a.SavingsPerHour is { } sv ? ReportFormat.Money(sv, a.Currency ?? cur) + "/h" : "",
            }), null);
        sb.Append("</section>\n");

        // PR checks
        Section(sb, "pull-requests", "Pull-request cost checks", apiBase is null ? null : $"{apiBase}/pull-requests");
        LogPeriodNote(sb, m);
        if (m.PullRequests.Count == 0) Empty(sb, "No pull-request checks recorded in this period.");
        else
        {
            sb.Append(DeltaBars(m.PullRequests.Take(15).Select(p => ($"{p.Repository}#{p.Number}", p.MonthlyDelta, p.Currency)).ToList(),
                "chart-pull-requests", "Monthly cost change per pull request"));
            Table(sb, ["PR", "Title", "Checked (UTC)", "Before", "After", "Delta", "Gate"], m.PullRequests.Take(50).Select(p => new[]
            {
                $"{p.Repository}#{p.Number}", p.Title ?? "", p.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                ReportFormat.Money(p.MonthlyCostBefore, p.Currency), ReportFormat.Money(p.MonthlyCostAfter, p.Currency),
                (p.MonthlyDelta >= 0 ? "+" : "") + ReportFormat.Money(p.MonthlyDelta, p.Currency),
                (p.Gate ?? "") + (p.Gate == "approved" && p.ApprovedBy is { } by ? $" by @{by}" : ""),
            }), null);
        }
        sb.Append("</section>\n</main>\n<footer>Guardrails · charts use the Okabe–Ito colour-blind-safe palette · no external resources</footer>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string id, string label, string value, string sub) =>
        sb.Append("<div class=\"card\"><div class=\"k\">").Append(H(label)).Append("</div><div class=\"v\" data-testid=\"").Append(id).Append("\">")
            .Append(H(value)).Append("</div><div class=\"s\">").Append(H(sub)).Append("</div></div>");

    private static void Section(StringBuilder sb, string id, string title, string? api)
    {
        sb.Append("<section id=\"").Append(id).Append("\"><h2>").Append(H(title)).Append("</h2>");
        if (api is not null) sb.Append("<p class=\"api\">JSON: <a href=\"").Append(H(api)).Append("\">").Append(H(api)).Append("</a></p>");
    }

    /// <summary>Long audit reasons end with "…" on the page (the JSON API has them whole).</summary>
    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static void LogPeriodNote(StringBuilder sb, DashboardModel m)
    {
        if (m.LogPeriod is { } p)
            sb.Append("<p class=\"note\">Entries from ").Append(p.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" to ")
                .Append(p.ToInclusive.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" (not the cost period).</p>");
    }

    private static void Empty(StringBuilder sb, string text) => sb.Append("<p class=\"empty\">").Append(H(text)).Append("</p>");

    private static void Table(StringBuilder sb, IReadOnlyList<string> head, IEnumerable<string[]> rows, string? caption)
    {
        sb.Append("<table>");
        if (caption is not null) sb.Append("<caption>").Append(H(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in head) sb.Append("<th scope=\"col\">").Append(H(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(H(c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
    }

    public static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    private const string Css = """
        :root{color-scheme:light}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1A1A1A;background:#FFFFFF;margin:0}
        header{background:#0B3C5D;color:#FFFFFF;padding:16px 24px}header h1{margin:0;font-size:22px}.meta{margin:4px 0 0;color:#E8EEF3}
        main{max-width:960px;margin:0 auto;padding:8px 24px 32px}
        section{margin:24px 0;padding-bottom:8px;border-bottom:1px solid #D9D9D9}h2{font-size:18px;margin:8px 0}h3{font-size:16px;margin:12px 0 4px}
        .cards{display:flex;flex-wrap:wrap;gap:12px}.card{flex:1 1 180px;border:1px solid #BFBFBF;border-radius:6px;padding:10px 12px}
        .card .k{color:#404040;font-size:13px}.card .v{font-size:22px;font-weight:700}.card .s{color:#404040;font-size:12px}
        .tick{font-size:11px;fill:#404040}.lbl{font-size:12px;fill:#1A1A1A}.val{font-size:12px;fill:#1A1A1A;font-weight:600}
        .legend{list-style:none;padding:0;margin:6px 0;display:flex;flex-wrap:wrap;gap:14px;font-size:13px}
        .swatch{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px;border:1px solid #1A1A1A}
        table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}caption{text-align:left;color:#404040;font-size:12px;padding:4px 0}
        th,td{border-bottom:1px solid #D9D9D9;padding:4px 6px;text-align:left}th{background:#F2F2F2}
        td:not(:first-child){font-variant-numeric:tabular-nums}
        .total{margin:4px 0}.note,.api,.empty{color:#404040;font-size:13px}.empty{font-style:italic}.bad{color:#A33B00}
        .recon{background:#F7F7F7;border:1px solid #D9D9D9;padding:8px;font-size:12px;white-space:pre-wrap}
        a{color:#0B5394}footer{color:#404040;font-size:12px;text-align:center;padding:16px}
        """;
}
