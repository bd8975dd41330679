using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Guardrails.Core.Actions;
using Guardrails.Core.Common;
using Guardrails.Core.RightSizing;
using static Guardrails.Core.Reporting.SvgCharts;

namespace Guardrails.Core.Reporting;

/// <summary>
/// The dashboard as one self-contained HTML page: inline CSS, inline SVG and one small inline script (sort, filter and
/// CSV download of the tables; the month picker), no external resource, so the same bytes work served over HTTP and
/// as a file opened offline. Charts and figures are server-rendered and need no script.
/// </summary>
public static class DashboardPage
{
    /// <summary>The header every host sends with the page: nothing but this page's own style and script may run or load.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script)))}'";

    /// <param name="apiBase">When served, the JSON API base (e.g. "/api/dashboard") linked under each chart; null for a file.</param>
    public static string Render(DashboardModel m, string? apiBase = null, DateTimeOffset? generatedAt = null) =>
        Render(new Page(m, apiBase, FileDrill: false), [], generatedAt);

    /// <summary>
    /// The saved page (`report --html`): the whole period, and each team's view (its projects, resources, models and
    /// budgets, as the served page's ?team=) embedded as an inert &lt;template&gt; that the page's own script shows for
    /// #team=…. No request is made; the same script hash is the only script allowed, here by a CSP meta element.
    /// </summary>
    /// <param name="teamViews">One model per team (<see cref="DashboardQueries.TeamViews"/>).</param>
    public static string RenderFile(DashboardModel all, IReadOnlyList<DashboardModel> teamViews, DateTimeOffset? generatedAt = null) =>
        Render(new Page(all, null, FileDrill: true), teamViews.Select(m => new Page(m, null, FileDrill: true)).ToList(), generatedAt);

    private static string Render(Page page, IReadOnlyList<Page> teamViews, DateTimeOffset? generatedAt)
    {
        var m = page.M;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (page.FileDrill) sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(H(ContentSecurityPolicy)).Append("\">");
        sb.Append("<title>").Append(H(m.Title)).Append("</title><style>").Append(Css).Append("</style></head><body>\n");
        sb.Append("<header><h1>").Append(H(m.Title)).Append("</h1><p class=\"meta\">")
            .Append(H($"{m.From:yyyy-MM-dd} to {m.ToInclusive:yyyy-MM-dd} · {m.Basis} cost · source: {m.Source}"))
            .Append(generatedAt is { } g ? H($" · generated {g.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "").Append("</p>");
        if (page.ApiBase is not null) PeriodPicker(sb, m);
        sb.Append("</header>\n<main>\n");
        Main(sb, page);
        sb.Append("</main>\n");
        foreach (var view in teamViews)
        {
            sb.Append("<template data-team=\"").Append(H(view.M.Team!)).Append("\">\n");
            Main(sb, view);
            sb.Append("</template>\n");
        }
        sb.Append("<footer>Guardrails · charts use the Okabe–Ito colour-blind-safe palette · no external resources</footer>\n<script>")
            .Append(Script).Append("</script>\n</body></html>\n");
        return sb.ToString();
    }

    private static void Main(StringBuilder sb, Page page)
    {
        TeamBanner(sb, page);
        SummaryCards(sb, page.M);
        TeamTable(sb, page);
        foreach (var sp in page.M.Spend) SpendChart(sb, page, sp);
        Budgets(sb, page);
        GpuWaste(sb, page);
        RightSizing(sb, page);
        TopResources(sb, page);
        Models(sb, page);
        Carbon(sb, page);
        Chargeback(sb, page);
        ActionLog(sb, page);
        PullRequests(sb, page);
    }

    /// <summary>The model and where its links point: the selection's query string is on every page and JSON link.</summary>
    /// <param name="FileDrill">A saved page whose teams drill to their embedded views (#team=…) instead of ?team=.</param>
    private sealed record Page(DashboardModel M, string? ApiBase, bool FileDrill = false)
    {
        /// <summary>Where a team's name links on the all-teams view: its ?team= page when served, its embedded view in a file.</summary>
        public string? TeamHref(string team) =>
            M.Team is not null ? null
            : ApiBase is not null ? "?" + DashboardSelection.Query(M.From, M.ToInclusive, team)
            : FileDrill ? "#team=" + Uri.EscapeDataString(team) : null;

        public string? AllTeamsHref => ApiBase is not null ? "?" + AllTeamsQuery : FileDrill ? "#" : null;

        public string Query => DashboardSelection.Query(M.From, M.ToInclusive, M.Team);
        public string AllTeamsQuery => DashboardSelection.Query(M.From, M.ToInclusive, null);
        public string Currency => M.Summary.Currency;
        public string? Api(string route, string? extra = null) => ApiBase is null ? null : $"{ApiBase}/{route}?{(extra is null ? "" : extra + "&")}{Query}";
        public string CsvName(string id) => string.Create(CultureInfo.InvariantCulture, $"{id}_{M.From:yyyy-MM-dd}_{M.ToInclusive:yyyy-MM-dd}{(M.Team is null ? "" : "_" + Slug(M.Team))}.csv");
        public string M2(decimal v) => Money.WithSymbol(v, Currency);
    }

    /// <summary>A table cell: its text, and for numbers the exact value (sorting and the CSV use it); a link when drilled.</summary>
    private readonly record struct Cell(string Text, decimal? Value = null, string? Href = null)
    {
        public static implicit operator Cell(string text) => new(text);
    }

    private static Cell Mon(decimal v, string currency) => new(Money.WithSymbol(v, currency), v);

    private static Cell Num(decimal v, int decimals = 1) => new(ReportFormat.Number(v, decimals), v);

    private static Cell Pct(decimal? v) => new(ReportFormat.Percent(v), v);

    private static void PeriodPicker(StringBuilder sb, DashboardModel m)
    {
        var team = m.Team is null ? "" : $"<input type=\"hidden\" name=\"team\" value=\"{H(m.Team)}\">";
        var oneMonth = m.From.Day == 1 && m.From.AddMonths(1).AddDays(-1) == m.ToInclusive;
        sb.Append("<div class=\"pickers\"><form method=\"get\" class=\"period auto\" data-testid=\"month-picker\"><label>Month <select name=\"month\">");
        if (!oneMonth || !m.MonthsWithData.Contains(m.From)) sb.Append("<option value=\"\" selected>").Append(oneMonth ? H($"{m.From:yyyy-MM} (no costs)") : "range").Append("</option>");
        foreach (var month in m.MonthsWithData.Reverse())
            sb.Append(CultureInfo.InvariantCulture, $"<option value=\"{month:yyyy-MM}\"{(oneMonth && month == m.From ? " selected" : "")}>{month:yyyy-MM}</option>");
        sb.Append("</select></label>").Append(team).Append("<button type=\"submit\">Show</button></form>");
        sb.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" class=\"period\" data-testid=\"range-picker\"><label>From <input type=\"month\" name=\"from\" value=\"{m.From:yyyy-MM}\"></label>")
            .Append(CultureInfo.InvariantCulture, $"<label>To <input type=\"month\" name=\"to\" value=\"{m.ToInclusive:yyyy-MM}\"></label>").Append(team)
            .Append("<button type=\"submit\">Show range</button></form></div>");
    }

    private static void TeamBanner(StringBuilder sb, Page p)
    {
        if (p.M.Team is null) return;
        sb.Append("<p class=\"banner\" data-testid=\"team-view\">").Append(H($"{p.M.TeamKey} {p.M.Team}: its projects, resources and models below. ")).Append(p.AllTeamsHref is { } all ? $"<a href=\"{H(all)}\">All teams</a>" : "").Append("</p>\n");
    }

    private static void SummaryCards(StringBuilder sb, DashboardModel m)
    {
        var s = m.Summary;
        string M(decimal v) => Money.WithSymbol(v, s.Currency);
        sb.Append("<section id=\"summary\" aria-label=\"Summary\"><div class=\"cards\">");
        Card(sb, "total-cost", "Total cost", M(s.TotalCost), s.FixedCost != 0 ? $"export {M(s.CloudCost)} + declared fixed {M(s.FixedCost)}" : "cloud export");
        Card(sb, "gpu-cost", "GPU compute", M(s.GpuCost), $"{ReportFormat.Number(s.GpuHours, 1)} GPU-hours");
        Card(sb, "idle-cost", "Idle GPU waste", M(s.IdleCost), s.IdleCost == 0 ? "no idle cost reported" : $"{ReportFormat.Percent(s.GpuCost == 0 ? null : s.IdleCost / s.GpuCost)} of GPU compute");
        Card(sb, "carbon", "Emissions (GPU)", $"{ReportFormat.Number(s.KgCO2e, 1)} kgCO2e", "GPU energy × PUE × grid intensity");
        sb.Append("</div>");
        if (s.OtherCurrencies.Count > 0)
            sb.Append("<p class=\"note\">Charts show ").Append(H(s.Currency)).Append(" only; also present: ").Append(H(string.Join(", ", s.OtherCurrencies))).Append(" (see the team and chargeback tables).</p>");
        sb.Append("</section>\n");
    }

    private static void TeamTable(StringBuilder sb, Page p)
    {
        Section(sb, "teams", $"Cost, idle waste and emissions per {p.M.TeamKey}", p.Api("teams"));
        if (p.M.Teams.Count == 0) Empty(sb, "No costs in this period.");
        else
            Table(sb, p, "teams", [Capitalize(p.M.TeamKey), "Currency", "Cost", "GPU compute", "Idle waste", "Idle share", "kgCO2e", "Not estimated (GPU-h)"],
                p.M.Teams.Select(t => new[]
                {
                    new Cell(t.Team, null, p.TeamHref(t.Team)),
                    t.Currency, Mon(t.Cost, t.Currency), Mon(t.GpuCost, t.Currency), Mon(t.IdleCost, t.Currency), t.IdleShare is null ? "—" : Pct(t.IdleShare), Num(t.KgCO2e), Num(t.GpuHoursNotEstimated),
                }), "One row per team and currency (amounts are never added across currencies). Cost = export + declared fixed; idle waste is part of GPU compute. "
                    + (p.TeamHref(p.M.Teams[0].Team) is null ? "" : "Click a team for its projects and resources."));
        sb.Append("</section>\n");
    }

    private static void SpendChart(StringBuilder sb, Page p, SpendSeries sp)
    {
        Section(sb, "spend-" + Slug(sp.Dimension), $"Spend by {sp.Dimension} per day", p.Api("spend", "by=" + Uri.EscapeDataString(sp.Dimension)));
        if (sp.Series.Count == 0) Empty(sb, "No costs in this period.");
        else
        {
            sb.Append("<p class=\"total\">Total <b data-testid=\"spend-").Append(H(Slug(sp.Dimension))).Append("-total\">").Append(H(Money.WithSymbol(sp.Total, sp.Currency))).Append("</b></p>");
            sb.Append(StackedDailySpend(sp, "chart-spend-" + Slug(sp.Dimension)));
        }
        sb.Append("</section>\n");
    }

    private static void Budgets(StringBuilder sb, Page p)
    {
        Section(sb, "budgets", "Budget burn-down and forecast", p.Api("budgets"));
        if (p.M.Team is { } team)
            sb.Append("<p class=\"note\" data-testid=\"budgets-scope\">").Append(H($"Budgets scoped to {p.M.TeamKey} {team}; budgets over everything or other teams are on the all-teams view.")).Append("</p>");
        if (p.M.Budgets.Count == 0)
            Empty(sb, p.M.Team is null ? "No budget data: budgets are evaluated by `guardrails budgets` / the EvaluateBudgets function." : $"No budget is scoped to {p.M.TeamKey} {p.M.Team}.");
        var bi = 0;
        foreach (var b in p.M.Budgets)
        {
            sb.Append("<h3>").Append(H(b.Name)).Append("</h3><p class=\"total\">")
                .Append(H($"Spent {Money.WithSymbol(b.Spent, b.Currency)} of {Money.WithSymbol(b.Amount, b.Currency)} · forecast {Money.WithSymbol(b.ForecastAtPeriodEnd, b.Currency)} · "))
                .Append(b.BreachDate is { } bd ? "<b class=\"bad\">breach forecast " + bd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "</b>" : "no breach forecast")
                .Append(b.State is null ? "" : H(" · state: " + b.State)).Append("</p>");
            if (b.Estimated is { } est)
                sb.Append("<p class=\"note\" data-testid=\"budget-estimated\">+").Append(H(Money.WithSymbol(est, b.Currency)))
                    .Append(" estimated since the last billed hour (not in spent)").Append(b.EstimatedBasis is { } basis ? H(": " + basis) : "").Append("</p>");
            sb.Append(BurnDown(b, "chart-budget-" + bi++));
        }
        sb.Append("</section>\n");
    }

    private static void GpuWaste(StringBuilder sb, Page p)
    {
        var m = p.M;
        Section(sb, "gpu", "GPU cost, utilization and idle waste per team", p.Api("gpu"));
        if (m.GpuWaste.Count == 0) Empty(sb, "No GPU compute in this period.");
        else
        {
            sb.Append("<p class=\"total\">GPU compute <b data-testid=\"gpu-total\">").Append(H(p.M2(m.GpuWaste.Sum(g => g.GpuCost))))
                .Append("</b> · idle waste <b data-testid=\"idle-total\">").Append(H(p.M2(m.GpuWaste.Sum(g => g.IdleCost)))).Append("</b></p>");
            sb.Append(HorizontalBars(m.GpuWaste.Select(g => (g.Team, g.GpuCost, g.IdleCost,
                    $"idle {Money.WithSymbol(g.IdleCost, g.Currency)} · util {ReportFormat.Percent(g.Utilization)}")).ToList(),
                p.Currency, "chart-gpu", "GPU compute cost per team with the idle part highlighted", "GPU compute", "idle waste"));
            sb.Append("<ul class=\"legend\"><li><span class=\"swatch\" style=\"background:").Append(Palette[0]).Append("\"></span>GPU compute (busy)</li><li><span class=\"swatch\" style=\"background:")
                .Append(IdleColour).Append("\"></span>idle waste</li></ul>");
            Table(sb, p, "gpu", ["Team", "GPU compute", "GPU-hours", "Idle GPU-hours", "Idle waste", "Utilization"],
                m.GpuWaste.Select(g => new[] { g.Team, Mon(g.GpuCost, g.Currency), Num(g.GpuHours), Num(g.IdleGpuHours), Mon(g.IdleCost, g.Currency), Pct(g.Utilization) }),
                "Utilization = 1 − idle GPU-hours ÷ GPU-hours, from idle detection; unknown when it reported nothing for the team.");
        }
        sb.Append("</section>\n");
    }

    private static void RightSizing(StringBuilder sb, Page p)
    {
        var rs = p.M.RightSizing;
        Section(sb, "rightsizing", "Right-sizing: savings per team and top opportunities", p.Api("rightsizing"));
        if (rs.Evaluated == 0)
        {
            Empty(sb, "No right-sizing verdicts: the RightSizeGpuVms function stores them (dashboard over a store), or give --telemetry with --input.");
            sb.Append("</section>\n");
            return;
        }
        if (rs.ByTeam.Count > 0)
            sb.Append("<p class=\"total\">Saving ").Append(string.Join(" · ", rs.ByTeam.GroupBy(t => t.Currency).Select(g =>
                $"<b data-testid=\"rightsizing-total-{H(g.Key)}\">{H(Money.WithSymbol(g.Sum(t => t.MonthlySavings), g.Key))}</b> per month"))).Append("</p>");
        sb.Append("<p class=\"note\">").Append(H($"{rs.Evaluated} GPU VMs evaluated")).Append(rs.EvaluatedThrough is { } end
                ? H($" on telemetry to {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC") : "")
            .Append(H($"; {rs.NotRecommended} without a recommendation (too little telemetry, busy, or nothing cheaper fits: `guardrails rightsize` gives each VM's reasons). Recommendations only: nothing is changed."))
            .Append("</p>");
        if (rs.ByTeam.Count > 0)
            Table(sb, p, "rightsizing-teams", [Capitalize(p.M.TeamKey), "Currency", "VMs", "Monthly saving"],
                rs.ByTeam.Select(t => new[] { t.Team, t.Currency, Num(t.Recommendations, 0), Mon(t.MonthlySavings, t.Currency) }),
                "Per team and currency (savings are never added across currencies), at each VM's running hours.");
        if (rs.Top.Count > 0)
            Table(sb, p, "rightsizing", ["Resource", Capitalize(p.M.TeamKey), "Current", "Recommended", "Change", "Monthly saving", "Currency", "Confidence", "Evidence"],
                rs.Top.Select(r => new[]
                {
                    r.Name, r.Team ?? "untagged", r.CurrentSize + (r.CurrentPriority == "spot" ? " (Spot)" : ""),
                    r.RecommendedSize + (r.RecommendedPriority == "spot" ? " (Spot)" : ""), r.Kind ?? "",
                    Mon(r.MonthlySavings!.Value, r.Currency!), r.Currency!, r.Confidence, Evidence(r.Evidence),
                }), "Top opportunities, most saving first within each currency.");
        sb.Append("</section>\n");
    }

    private static Cell Evidence(GpuUsageEvidence? e) => e is null ? "" :
        $"{e.GpusUsed}/{e.Gpus} GPUs used · peak {(e.PeakMemoryGiB is { } m ? ReportFormat.Number(m, 1) + " GiB" : "unknown")} · busy {ReportFormat.Number(e.BusyPercent, 1)}% of {e.RunningHours} h · coverage {ReportFormat.Number(e.CoveragePercent, 1)}%";

    private static void TopResources(StringBuilder sb, Page p)
    {
        var m = p.M;
        Section(sb, "top-resources", m.Team is null ? "Top resources" : $"Top resources of {m.TeamKey} {m.Team}", p.Api("top-resources"));
        if (m.TopResources.Count == 0) Empty(sb, "No per-resource costs available from this source.");
        else
        {
            sb.Append(HorizontalBars(m.TopResources.Select(r => (r.ResourceName ?? r.ResourceId, r.Cost, 0m,
                (r.SkuName ?? "") + (r.GpuHours > 0 ? $" · {ReportFormat.Number(r.GpuHours, 1)} GPU-h" : ""))).ToList(), p.Currency, "chart-top-resources",
                "Top resources by cost", "cost", ""));
            Table(sb, p, "resources", ["Resource", "SKU", "Allocation", "Cost", "GPU-hours"],
                m.TopResources.Select(r => new[] { r.ResourceName ?? r.ResourceId, r.SkuName ?? "", r.Allocation, Mon(r.Cost, r.Currency), Num(r.GpuHours) }), null);
        }
        sb.Append("</section>\n");
    }

    private static void Models(StringBuilder sb, Page p)
    {
        var m = p.M;
        Section(sb, "models", "Cost per model and training run", p.Api("models"));
        Table(sb, p, "models", ["Model", "Cost", "GPU-hours", "$/GPU-hour", "Spot share", "Idle", "Runs", "Successful", "Cost per successful run"],
            m.Models.Models.Select(x => new[]
            {
                x.Model, Mon(x.Cost, x.Currency), Num(x.GpuHours),
                x.EffectiveCostPerGpuHour is { } c1 ? Mon(c1, x.Currency) : "—", Pct(x.SpotShare),
                Mon(x.IdleCost, x.Currency), Num(x.Runs, 0),
                x.SuccessfulRuns is { } ok ? Num(ok, 0) : "unknown",
                x.CostPerSuccessfulRun is { } c ? Mon(c, x.Currency) : "unknown",
            }), "Successful: " + string.Join("; ", m.Models.Models.Select(x => x.SuccessBasis).Distinct()));
        if (m.Models.Runs.Count > 0)
            Table(sb, p, "runs", ["Model", "Run", "Cost", "GPU-hours", "$/GPU-hour", "Spot share", "Outcome", "Days"],
                m.Models.Runs.Select(r => new[]
                {
                    r.Model, r.Run, Mon(r.Cost, r.Currency), Num(r.GpuHours),
                    r.EffectiveCostPerGpuHour is { } c ? Mon(c, r.Currency) : "—", Pct(r.SpotShare),
                    r.Outcome.ToString().ToLowerInvariant(), $"{r.FirstDay:MM-dd}–{r.LastDay:MM-dd}",
                }), null);
        sb.Append("</section>\n");
    }

    private static void Carbon(StringBuilder sb, Page p)
    {
        var m = p.M;
        Section(sb, "carbon-section", "Emissions beside dollars (GPU energy)", p.Api("carbon"));
        sb.Append("<p class=\"note\">kgCO2e = GPU-hours × board power (kW) × PUE × grid intensity (kgCO2e/kWh). Location-based annual averages; sources below.</p>");
        foreach (var (title, rows) in new[] { ("Team", m.Carbon.ByTeam), ("Model", m.Carbon.ByModel) })
            Table(sb, p, "carbon-" + title.ToLowerInvariant(), [title, "GPU-hours", "Energy (kWh)", "kgCO2e", "GPU cost", "Not estimated (GPU-h)", "Factors"],
                rows.Select(r => new[]
                {
                    r.Value, Num(r.GpuHours), Num(r.EnergyKWh), Num(r.KgCO2e),
                    Mon(r.GpuCost, r.Currency.Length > 0 ? r.Currency : p.Currency), Num(r.GpuHoursNotEstimated), string.Join(", ", r.FactorIds),
                }), null);
        Table(sb, p, "carbon-factors", ["Factor", "Value", "Source"], m.Carbon.Factors.Select(f => new Cell[]
            { f.Key, $"{ReportFormat.Plain(f.Value.Value)} {f.Value.Unit}", f.Value.Source + (f.Value.Note is null ? "" : " — " + f.Value.Note) }),
            "Each value is copied from the named public source (samples/carbon/SOURCES.md).");
        if (m.Carbon.Gaps.Count > 0)
            sb.Append("<p class=\"note\">Not estimated: ").Append(H(string.Join("; ", m.Carbon.Gaps))).Append("</p>");
        sb.Append("</section>\n");
    }

    private static void Chargeback(StringBuilder sb, Page p)
    {
        var cb = p.M.Chargeback;
        Section(sb, "chargeback", "Chargeback / showback", p.Api("chargeback"));
        Table(sb, p, "chargeback", [.. cb.AllocationKeys, "Currency", "Direct", "Shared", "Idle", "Fixed", "Total"],
            cb.Rows.Select(r => cb.AllocationKeys.Select(k => (Cell)(r.Allocation[k] ?? "")).Concat(
            [
                r.Currency, Mon(r.Direct, r.Currency), Mon(r.Shared, r.Currency), Mon(r.Idle, r.Currency), Mon(r.Fixed, r.Currency), Mon(r.Total, r.Currency),
            ]).ToArray()), "Idle = idle GPU cost carved out of the key's direct GPU compute (already billed, not extra). Fixed = declared costs outside the export.");
        sb.Append("<pre class=\"recon\" data-testid=\"reconciliation\">").Append(H(ReportWriters.ReconciliationText(cb))).Append("</pre>");
        sb.Append("</section>\n");
    }

    private static void ActionLog(StringBuilder sb, Page p)
    {
        Section(sb, "actions", "Guardrail action log", p.Api("actions"));
        LogPeriodNote(sb, p.M);
        if (p.M.Actions.Count == 0) Empty(sb, "No guardrail actions recorded in this period.");
        else
            Table(sb, p, "actions", ["Time (UTC)", "Action", "Outcome", "Resource", "Reason", "Saves"], p.M.Actions.Take(50).Select(a => new[]
            {
                a.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), a.Action + (a.DryRun ? " (dry-run)" : ""), a.Outcome,
                a.ResourceName ?? a.ResourceId ?? "", Shorten(a.Reason ?? "", 200),
                a.SavingsPerHour is { } sv ? new Cell(Money.WithSymbol(sv, a.Currency ?? p.Currency) + "/h", sv) : "",
            }), null);
        sb.Append("</section>\n");
    }

    private static void PullRequests(StringBuilder sb, Page p)
    {
        var m = p.M;
        Section(sb, "pull-requests", "Pull-request cost checks", p.Api("pull-requests"));
        LogPeriodNote(sb, m);
        if (m.PullRequests.Count == 0) Empty(sb, "No pull-request checks recorded in this period.");
        else
        {
            sb.Append(DeltaBars(m.PullRequests.Take(15).Select(x => ($"{x.Repository}#{x.Number}", x.MonthlyDelta, x.Currency)).ToList(),
                "chart-pull-requests", "Monthly cost change per pull request"));
            Table(sb, p, "pull-requests", ["PR", "Title", "Checked (UTC)", "Before", "After", "Delta", "Gate"], m.PullRequests.Take(50).Select(x => new[]
            {
                $"{x.Repository}#{x.Number}", x.Title ?? "", x.CheckedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                Mon(x.MonthlyCostBefore, x.Currency), Mon(x.MonthlyCostAfter, x.Currency),
                new Cell((x.MonthlyDelta >= 0 ? "+" : "") + Money.WithSymbol(x.MonthlyDelta, x.Currency), x.MonthlyDelta),
                (x.Gate ?? "") + (x.Gate == "approved" && x.ApprovedBy is { } by ? $" by @{by}" : ""),
            }), null);
        }
        sb.Append("</section>\n");
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

    /// <summary>A table with a filter box and a CSV download (the script); it scrolls inside its own box on a narrow screen.</summary>
    private static void Table(StringBuilder sb, Page p, string id, IReadOnlyList<string> head, IEnumerable<Cell[]> rows, string? caption)
    {
        sb.Append("<div class=\"tablebox\" data-csv=\"").Append(H(p.CsvName(id))).Append("\"><div class=\"tools\"><input type=\"search\" class=\"filter\" placeholder=\"Filter rows\" aria-label=\"Filter ")
            .Append(H(id)).Append("\" data-testid=\"filter-").Append(id).Append("\"><button type=\"button\" class=\"csv\" data-testid=\"csv-").Append(id)
            .Append("\">Download CSV</button></div><div class=\"scroll\"><table id=\"table-").Append(id).Append("\">");
        if (caption is not null) sb.Append("<caption>").Append(H(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in head) sb.Append("<th scope=\"col\" title=\"Sort\">").Append(H(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) AppendCell(sb, c);
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table></div></div>");
    }

    private static void AppendCell(StringBuilder sb, Cell c)
    {
        sb.Append("<td");
        if (c.Value is { } v) sb.Append(" data-v=\"").Append(v.ToString("0.############################", CultureInfo.InvariantCulture)).Append("\" class=\"n\"");
        sb.Append('>');
        if (c.Href is { } href) sb.Append("<a href=\"").Append(H(href)).Append("\">").Append(H(c.Text)).Append("</a>");
        else sb.Append(H(c.Text));
        sb.Append("</td>");
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    public static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    /// <summary>
    /// The page's only script (its SHA-256 is in <see cref="ContentSecurityPolicy"/>): the month picker submits on change;
    /// a header click sorts (numbers by their exact value); the box filters rows; the button saves the shown rows as CSV
    /// (exact values, built in the page: a Blob and a download link, no request); in a saved page, #team=… shows that
    /// team's embedded view and # the whole period again.
    /// </summary>
    private const string Script = """
        const init = root => root.querySelectorAll('.tablebox').forEach(box => {
          const table = box.querySelector('table'), body = table.tBodies[0], heads = [...table.tHead.rows[0].cells];
          const num = c => c && c.dataset.v !== undefined ? Number(c.dataset.v) : null;
          const value = c => c.dataset.v !== undefined ? c.dataset.v : c.textContent;
          heads.forEach((th, i) => th.addEventListener('click', () => {
            const dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
            heads.forEach(h => h.removeAttribute('aria-sort'));
            th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
            const rows = [...body.rows], numeric = rows.some(r => num(r.cells[i]) !== null);
            rows.sort((a, b) => dir * (numeric
              ? (num(a.cells[i]) ?? -Number.MAX_VALUE) - (num(b.cells[i]) ?? -Number.MAX_VALUE)
              : a.cells[i].textContent.localeCompare(b.cells[i].textContent)));
            body.append(...rows);
          }));
          box.querySelector('.filter').addEventListener('input', e => {
            const q = e.target.value.trim().toLowerCase();
            [...body.rows].forEach(r => { r.hidden = !r.textContent.toLowerCase().includes(q); });
          });
          box.querySelector('.csv').addEventListener('click', () => {
            // as Core.Common.CsvField: a formula-looking text gets an apostrophe (names come from tags), then RFC 4180 quoting
            const esc = t => {
              if (/^[=+\-@\t\r]/.test(t) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) t = "'" + t;
              return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
            };
            const lines = [heads.map(h => esc(h.textContent))]
              .concat([...body.rows].filter(r => !r.hidden).map(r => [...r.cells].map(c => esc(value(c)))));
            const a = document.createElement('a');
            a.href = URL.createObjectURL(new Blob([lines.map(l => l.join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' }));
            a.download = box.dataset.csv;
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 1000);
          });
        });
        document.querySelectorAll('form.auto select').forEach(s => s.addEventListener('change', () => s.form.submit()));
        init(document);
        const views = [...document.querySelectorAll('template[data-team]')];
        if (views.length) {
          const main = document.querySelector('main'), home = [...main.childNodes];
          const show = () => {
            const m = /^#team=(.*)$/.exec(location.hash), team = m ? decodeURIComponent(m[1]) : null;
            const view = views.find(v => v.dataset.team === team);
            if (view) { main.replaceChildren(view.content.cloneNode(true)); init(main); } else main.replaceChildren(...home);
          };
          window.addEventListener('hashchange', () => { show(); window.scrollTo(0, 0); });
          show();
        }
        """;

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
        td.n{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}th{cursor:pointer;white-space:nowrap}
        th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
        .tools{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 0}.tools input{flex:1 1 160px;min-width:0;font:inherit;padding:3px 6px}
        .scroll{overflow-x:auto;max-width:100%}
        .pickers{display:flex;flex-wrap:wrap;gap:8px 20px;margin:10px 0 0}.period{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
        .period label{display:flex;gap:4px;align-items:center}.banner{background:#FFF4D6;border:1px solid #E69F00;padding:8px 12px;border-radius:6px}
        p,caption{overflow-wrap:anywhere}
        @media (max-width:600px){header{padding:12px}main{padding:4px 12px 24px}header h1{font-size:19px}.card{flex:1 1 140px}}
        .total{margin:4px 0}.note,.api,.empty{color:#404040;font-size:13px}.empty{font-style:italic}.bad{color:#A33B00}
        .recon{background:#F7F7F7;border:1px solid #D9D9D9;padding:8px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
        a{color:#0B5394}footer{color:#404040;font-size:12px;text-align:center;padding:16px}
        """;
}
