using System.Globalization;
using System.Text;
using Guardrails.Core.Common;
using Guardrails.Core.Configuration;

namespace Guardrails.Core.PullRequests;

/// <summary>Everything one PR comment shows.</summary>
public sealed record CostCommentModel(
    CostEstimate Estimate,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyList<BudgetImpact> Budgets,
    GateResult? Gate,
    string? HeadSha,
    DateTimeOffset GeneratedAt,
    DateOnly? SnapshotAsOf = null,
    IReadOnlyList<string>? Notices = null);

/// <summary>
/// Renders the PR comment as GitHub Markdown: a hidden marker (to find and update the comment in place), the head SHA
/// and time it is valid at (to skip out-of-order runs), a table per resource, cheaper options, budget context, policy
/// results and the usage assumptions. Fits GitHub's 65,536-character limit by cutting the middle and saying so.
/// </summary>
public static class CostCommentRenderer
{
    public const string Marker = "<!-- guardrails-cost-comment -->";
    public const int GitHubMaxLength = 65_536;

    public static string Render(CostCommentModel m, int maxLength = GitHubMaxLength)
    {
        var sb = new StringBuilder();
        AppendHeader(sb, m);
        AppendNotices(sb, m.Notices ?? []);
        if (m.Gate is { } g) AppendGate(sb, g);
        AppendBudgets(sb, m.Budgets, m.Estimate);
        AppendResources(sb, m.Estimate);
        AppendNotPriced(sb, m.Estimate);
        AppendPolicies(sb, m.Policies);
        AppendAssumptions(sb, m);
        return Fit(sb.ToString(), maxLength);
    }

    /// <summary>The marker, the head SHA and time the comment is valid at, and the total difference.</summary>
    private static void AppendHeader(StringBuilder sb, CostCommentModel m)
    {
        var e = m.Estimate;
        var c = e.Currency;
        sb.Append(Marker).Append('\n');
        sb.Append("<!-- guardrails:head=").Append(m.HeadSha ?? "").Append(";at=")
            .Append(m.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append(" -->\n");
        sb.Append("## Guardrails cost estimate\n\n");
        var pct = e.DiffPercent is { } p ? $" ({(p > 0 ? "+" : "")}{p.ToString("0.#", CultureInfo.InvariantCulture)}%)" : "";
        sb.Append("**").Append(Money.FormatSigned(e.DiffMonthlyCost, c)).Append("/month**").Append(pct)
            .Append(": ").Append(Money.Format(e.BaseMonthlyCost, c)).Append(" → ").Append(Money.Format(e.HeadMonthlyCost, c)).Append(" per month\n\n");
    }

    private static void AppendNotices(StringBuilder sb, IReadOnlyList<string> notices)
    {
        foreach (var n in notices) sb.Append("> ⚠️ ").Append(Escape(n)).Append('\n');
        if (notices.Count > 0) sb.Append('\n');
    }

    private static void AppendGate(StringBuilder sb, GateResult g)
    {
        sb.Append(g.State == GateState.Success ? "✅ **Gate passed**" : "❌ **Gate failed**");
        sb.Append(": ").Append(Escape(g.Description)).Append('\n');
        foreach (var r in g.Reasons) sb.Append("- ").Append(Escape(r)).Append('\n');
        if (g.Approval is { } a)
            sb.Append("\nCost approved by @").Append(a.Login).Append(" on ")
                .Append(a.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
                .Append(" (label ").Append(MarkdownText.Code(a.Label)).Append(").\n");
        sb.Append('\n');
    }

    private static void AppendBudgets(StringBuilder sb, IReadOnlyList<BudgetImpact> budgets, CostEstimate e)
    {
        foreach (var b in budgets)
        {
            sb.Append("> **Budget:** adds ").Append(Money.Format(e.DiffMonthlyCost, e.Currency)).Append("/month; team ").Append(Escape(b.Budget.Team))
                .Append(" has ").Append(Money.Format(b.Budget.Remaining, b.Budget.Currency)).Append(" left this month");
            if (b.Budget.ForecastBreachDate is { } d) sb.Append("; forecast breach on the ").Append(Ordinal(d.Day));
            sb.Append(b.WouldBreach
                ? $". This change adds {Money.Format(b.AddedThisPeriod, b.Budget.Currency)} before the month ends: **over budget**."
                : $". This change adds {Money.Format(b.AddedThisPeriod, b.Budget.Currency)} before the month ends.");
            sb.Append('\n');
        }

        if (budgets.Count > 0) sb.Append('\n');
    }

    /// <summary>The changed resources, their cheaper alternatives and GPU emissions, and the count of unchanged ones.</summary>
    private static void AppendResources(StringBuilder sb, CostEstimate e)
    {
        var c = e.Currency;
        var changed = e.Resources.Where(r => r.Change != ResourceChange.Unchanged).ToList();
        if (changed.Count > 0)
        {
            sb.Append("| Resource | Type | SKU | Qty | Before | After | Diff |\n|---|---|---|---:|---:|---:|---:|\n");
            foreach (var r in changed) AppendResourceRow(sb, r, c);
            sb.Append('\n');
            AppendAlternatives(sb, changed, c);
            CarbonCommentSection.Append(sb, changed, c);
        }
        else
        {
            sb.Append("No priced compute resource changed.\n\n");
        }

        var unchanged = e.Resources.Count(r => r.Change == ResourceChange.Unchanged);
        if (unchanged > 0) sb.Append(unchanged).Append(" unchanged resource(s) included in the totals.\n\n");
    }

    private static void AppendResourceRow(StringBuilder sb, ResourceEstimate r, string c)
    {
        var qty = r.Base is not null && r.Head is not null && r.Base.Nodes != r.Head.Nodes
            ? $"{Num(r.Base.Nodes)} → {Num(r.Head.Nodes)}" : Num(r.Quantity);
        var sku = r.Base is not null && r.Head is not null && !string.Equals(r.Base.Sku, r.Head.Sku, StringComparison.OrdinalIgnoreCase)
            ? $"{r.Base.Sku} → {r.Head.Sku}" : r.Sku;
        sb.Append("| ").Append(MarkdownText.Code(r.Name, inTable: true)).Append("<br>").Append(Escape(r.File)).Append(" | ").Append(Escape(ShortType(r.Type)))
            .Append(" | ").Append(Escape(sku)).Append(Suffix(r.Head ?? r.Base)).Append(" | ").Append(qty)
            .Append(" | ").Append(r.Base is null ? "–" : Money.Format(r.Base.MonthlyCost, c))
            .Append(" | ").Append(r.Head is null ? "–" : Money.Format(r.Head.MonthlyCost, c))
            .Append(" | ").Append(Money.FormatSigned(r.DiffMonthlyCost, c)).Append(" |\n");
    }

    private static void AppendAlternatives(StringBuilder sb, List<ResourceEstimate> changed, string c)
    {
        var withAlternatives = changed.Where(r => r.Alternatives.Any(a => a.Label != CostAlternative.LowestCarbonRegion)).ToList();
        if (withAlternatives.Count == 0) return;
        sb.Append("**Cheaper ways to buy the same capacity** (monthly, same usage)\n\n");
        sb.Append("| Resource | Now | Spot | 1-year | 3-year | Cheapest region |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var r in withAlternatives)
        {
            sb.Append("| ").Append(MarkdownText.Code(r.Name, inTable: true)).Append(" | ").Append(Money.Format(r.Head!.MonthlyCost, c)).Append(" | ")
                .Append(Alternative(r, "spot", c)).Append(" | ").Append(Alternative(r, "1-year", c)).Append(" | ").Append(Alternative(r, "3-year", c)).Append(" | ")
                .Append(Alternative(r, "cheapest region", c)).Append(" |\n");
        }

        sb.Append("\n\"unknown\" means no sourced price for that option in that region; nothing is guessed.\n\n");
    }

    /// <summary>The alternative whose label starts with <paramref name="prefix"/>: its monthly cost, with the region or the
    /// commitment's terms; "unknown" when there is none.</summary>
    private static string Alternative(ResourceEstimate r, string prefix, string c)
    {
        var a = r.Alternatives.FirstOrDefault(x => x.Label.StartsWith(prefix, StringComparison.Ordinal));
        if (a is null) return "unknown";
        var label = a.Label.Length > prefix.Length ? a.Label[(prefix.Length + 1)..].Trim('(', ')') : "";
        return a.Region is not null ? $"{Money.Format(a.MonthlyCost, c)} ({a.Region})"
            : prefix is "1-year" or "3-year" ? $"{Money.Format(a.MonthlyCost, c)} ({label})" : Money.Format(a.MonthlyCost, c);
    }

    private static void AppendNotPriced(StringBuilder sb, CostEstimate e)
    {
        if (e.Unpriced.Count == 0 && e.ParseErrors.Count == 0) return;
        sb.Append("**Not priced** (left out of the totals; unknown is not free):\n");
        foreach (var f in e.ParseErrors)
            sb.Append("- ").Append(Escape(f.Error.ToString())).Append(" (").Append(f.Side).Append(")\n");
        foreach (var u in e.Unpriced)
            sb.Append("- ").Append(MarkdownText.Code(u.Name)).Append(" (").Append(Escape(ShortType(u.Type))).Append(", ").Append(Escape(u.Location))
                .Append(", ").Append(u.Side).Append("): ").Append(Escape(u.Reason)).Append('\n');
        sb.Append('\n');
    }

    private static void AppendPolicies(StringBuilder sb, IReadOnlyList<PolicyResult> policies)
    {
        if (policies.Count == 0) return;
        sb.Append("**Policies**\n");
        foreach (var pr in policies)
            sb.Append("- ").Append(pr.Outcome switch { PolicyOutcome.Pass => "✅", PolicyOutcome.Warn => "⚠️", _ => "❌" })
                .Append(' ').Append(Escape(pr.Policy)).Append(": ").Append(Escape(pr.Message)).Append('\n');
        sb.Append('\n');
    }

    private static void AppendAssumptions(StringBuilder sb, CostCommentModel m)
    {
        var e = m.Estimate;
        sb.Append("<details><summary>Usage assumptions and price sources</summary>\n\n");
        foreach (var a in e.Assumptions) sb.Append("- ").Append(Escape(a)).Append('\n');
        var (modules, types) = (e.Skipped.Where(IsModule).ToList(), e.Skipped.Where(s => !IsModule(s)).ToList());
        if (types.Count > 0)
            sb.Append("- not estimated (no compute cost model): ")
                .Append(string.Join(", ", types.GroupBy(s => ShortType(s.Type)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} × {Escape(g.Key)}")))
                .Append('\n');
        foreach (var module in modules)
            sb.Append("- ").Append(MarkdownText.Code(module.Name)).Append(" (").Append(Escape(module.Type)).Append(", ").Append(Escape(module.File)).Append("): ")
                .Append(Escape(module.Reason)).Append('\n');
        foreach (var s in e.PriceSources) sb.Append("- prices: ").Append(Escape(s)).Append('\n');
        foreach (var s in CarbonCommentSection.Sources([.. e.Resources.Where(r => r.Change != ResourceChange.Unchanged)])) sb.Append("- ").Append(Escape(s)).Append('\n');
        if (m.SnapshotAsOf is { } asOf) sb.Append("- offline price snapshot as of ").Append(asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("\n</details>\n");
    }

    /// <summary>Module calls and parameter files without their template are listed one by one with their reason.</summary>
    private static bool IsModule(Iac.SkippedResource s) => s.Type.StartsWith("module ", StringComparison.Ordinal) || s.Type == "parameters";

    /// <summary>Cuts the middle out of a too-long comment, keeping the marker at the top, and says how much was cut.</summary>
    public static string Fit(string body, int maxLength = GitHubMaxLength)
    {
        if (body.Length <= maxLength) return body;
        var notice = $"\n\n… **{{0}} characters cut from the middle to fit GitHub's {maxLength:N0}-character comment limit** …\n\n";
        var noticeLen = string.Format(CultureInfo.InvariantCulture, notice, body.Length).Length;
        var keep = maxLength - noticeLen;
        if (keep < 0) throw new ArgumentOutOfRangeException(nameof(maxLength), "too small for the truncation notice");
        var head = keep * 2 / 3;
        var tail = keep - head;
        var cut = body.Length - head - tail;
        return body[..head] + string.Format(CultureInfo.InvariantCulture, notice, cut) + body[^tail..];
    }

    /// <summary>True when the change is small enough to stay quiet (both configured thresholds not exceeded).</summary>
    public static bool IsQuiet(CostEstimate e, QuietConfig quiet)
    {
        if (quiet.BelowAmount is null && quiet.BelowPercent is null) return false;
        var diff = Math.Abs(e.DiffMonthlyCost);
        var amountQuiet = quiet.BelowAmount is null || diff < quiet.BelowAmount;
        var percentQuiet = quiet.BelowPercent is null || (e.DiffPercent is { } p ? Math.Abs(p) < quiet.BelowPercent : diff == 0);
        return amountQuiet && percentQuiet && e.Unpriced.Count == 0 && e.ParseErrors.Count == 0;
    }

    /// <summary>Reads the head SHA and time a rendered comment was valid at (null if absent).</summary>
    public static (string? HeadSha, DateTimeOffset? At) ReadStamp(string body)
    {
        var m = System.Text.RegularExpressions.Regex.Match(body, @"<!-- guardrails:head=(?<sha>[0-9a-fA-F]*);at=(?<at>[^ ]+) -->");
        if (!m.Success) return (null, null);
        var at = DateTimeOffset.TryParse(m.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
        return (m.Groups["sha"].Value.Length == 0 ? null : m.Groups["sha"].Value, at);
    }

    private static string Suffix(PricedSide? p) => p is null ? "" : p.Option switch
    {
        Pricing.PriceOption.OnDemand => "",
        var o => $" ({CostEstimator.Describe(o)})",
    } + (p.PerRunCost is { } run ? $"<br>{Money.Format(run, p.Quote.Currency)}/run" : "");

    private static string ShortType(string type) => type.Replace("Microsoft.", "", StringComparison.Ordinal);

    private static string Num(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Text that may come from the pull request's files: inert Markdown (see <see cref="MarkdownText"/>).</summary>
    private static string Escape(string? s) => MarkdownText.Inline(s);

    private static string Ordinal(int day) => day + (day % 100 is 11 or 12 or 13 ? "th" : (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
