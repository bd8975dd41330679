using System.Globalization;
using System.Net;
using System.Text;
using Guardrails.Core.Budgets;
using Guardrails.Core.Common;

namespace Guardrails.Core.Reporting;

/// <summary>
/// Server-rendered SVG charts (no script, no external resources). Colours are the Okabe–Ito colour-blind-safe
/// palette; every mark has a &lt;title&gt; (tooltip and screen-reader text) and every series a text label.
/// </summary>
public static class SvgCharts
{
    /// <summary>Okabe–Ito, ordered for contrast on white; grey for "other".</summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];
    public const string OtherColour = "#8C8C8C";
    public const string Ink = "#1A1A1A";
    public const string Muted = "#595959";
    public const string IdleColour = "#D55E00";

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static string Colour(int i, SpendSeriesLine line) => line.Folded > 0 ? OtherColour : Palette[i % Palette.Count];

    public static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string F(decimal v) => Math.Round(v, 2).ToString("0.##", s_inv);

    private static string F(double v) => v.ToString("0.##", s_inv);

    /// <summary>A stacked bar per day, one colour per series, with axis, legend and totals.</summary>
    public static string StackedDailySpend(SpendSeries s, string id)
    {
        const int w = 880, h = 300, left = 64, right = 16, top = 16, bottom = 40;
        var days = s.Days.Count;
        var dayTotals = Enumerable.Range(0, days).Select(d => s.Series.Sum(x => Math.Max(0, x.Daily[d]))).ToList();
        var max = NiceMax(dayTotals.DefaultIfEmpty(0).Max());
        var plotW = w - left - right;
        var plotH = h - top - bottom;
        var barW = days == 0 ? 0 : plotW / (double)days;
        var sb = new StringBuilder();
        var title = $"Daily spend by {s.Dimension}, {s.Days.FirstOrDefault():yyyy-MM-dd} to {s.Days.LastOrDefault():yyyy-MM-dd}: total {Money.WithSymbol(s.Total, s.Currency)}";
        Open(sb, id, w, h, title, s.Total);
        Axis(sb, left, top, plotW, plotH, max, s.Currency);
        for (var d = 0; d < days; d++)
        {
            double y = top + plotH;
            for (var i = 0; i < s.Series.Count; i++)
            {
                var v = s.Series[i].Daily[d];
                if (v <= 0) continue;
                var bh = (double)(v / max) * plotH;
                y -= bh;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left + d * barW + barW * 0.1)}\" y=\"{F(y)}\" width=\"{F(barW * 0.8)}\" height=\"{F(bh)}\" fill=\"{Colour(i, s.Series[i])}\">")
                    .Append("<title>").Append(H($"{s.Days[d]:yyyy-MM-dd} · {s.Dimension} {s.Series[i].Name}: {Money.WithSymbol(v, s.Currency)}")).Append("</title></rect>");
            }
            if (days <= 16 || d % 7 == 0 || (d == days - 1 && d % 7 >= 3))
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + d * barW + barW / 2)}\" y=\"{h - bottom + 16}\" text-anchor=\"middle\" class=\"tick\">{s.Days[d]:MM-dd}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString() + Legend(s.Series.Select((x, i) => (x.Name, Colour(i, x), Money.WithSymbol(x.Total, s.Currency))).ToList(), s.Dimension);
    }

    /// <summary>Budget burn-down: cumulative actual, forecast with its band, the budget line and the breach date.</summary>
    public static string BurnDown(BudgetBurnDown b, string id)
    {
        const int w = 880, h = 280, left = 64, right = 110, top = 16, bottom = 36;
        var plotW = w - left - right;
        var plotH = h - top - bottom;
        var totalDays = Math.Max(1, b.PeriodEnd.DayNumber - b.PeriodStart.DayNumber + 1);
        var maxVal = new[] { b.Amount, b.ForecastAtPeriodEnd }.Concat(b.Actual.Select(a => a.Cumulative)).Concat(b.Forecast.Select(f => f.High)).Max();
        var max = NiceMax(maxVal);
        double X(DateOnly d) => left + (d.DayNumber - b.PeriodStart.DayNumber + 0.5) / totalDays * plotW;
        double Y(decimal v) => top + plotH - (double)(Math.Max(0, v) / max) * plotH;
        var sb = new StringBuilder();
        var breach = b.BreachDate is { } bd ? $"breach forecast on {bd:yyyy-MM-dd}" : "no breach forecast";
        Open(sb, id, w, h, $"Budget {b.Name}: {Money.WithSymbol(b.Spent, b.Currency)} spent of {Money.WithSymbol(b.Amount, b.Currency)}, forecast {Money.WithSymbol(b.ForecastAtPeriodEnd, b.Currency)}, {breach}", b.Spent);
        Axis(sb, left, top, plotW, plotH, max, b.Currency);
        if (b.Forecast.Count > 0)
        {
            // The forecast starts where the actual line ends.
            var forecast = b.Actual.Count > 0
                ? b.Forecast.Prepend(new ForecastPoint(b.Actual[^1].Day, b.Actual[^1].Cumulative, b.Actual[^1].Cumulative, b.Actual[^1].Cumulative)).ToList()
                : b.Forecast.ToList();
            var upper = string.Join(' ', forecast.Select(f => $"{F(X(f.Day))},{F(Y(f.High))}"));
            var lower = string.Join(' ', Enumerable.Reverse(forecast).Select(f => $"{F(X(f.Day))},{F(Y(f.Low))}"));
            sb.Append("<polygon points=\"").Append(upper).Append(' ').Append(lower).Append("\" fill=\"#56B4E9\" fill-opacity=\"0.3\" stroke=\"none\"><title>")
                .Append(H($"Forecast band {Money.WithSymbol(b.Forecast[^1].Low, b.Currency)} – {Money.WithSymbol(b.Forecast[^1].High, b.Currency)} at period end")).Append("</title></polygon>");
            sb.Append("<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"")
                .Append(string.Join(' ', forecast.Select(f => $"{F(X(f.Day))},{F(Y(f.Expected))}"))).Append("\"><title>")
                .Append(H($"Forecast: {Money.WithSymbol(b.ForecastAtPeriodEnd, b.Currency)} at {b.PeriodEnd:yyyy-MM-dd}")).Append("</title></polyline>");
        }
        if (b.Actual.Count > 0)
        {
            sb.Append("<polyline fill=\"none\" stroke=\"").Append(Ink).Append("\" stroke-width=\"2.5\" points=\"")
                .Append(string.Join(' ', b.Actual.Select(a => $"{F(X(a.Day))},{F(Y(a.Cumulative))}"))).Append("\"><title>")
                .Append(H($"Actual: {Money.WithSymbol(b.Spent, b.Currency)} to {b.Actual[^1].Day:yyyy-MM-dd}")).Append("</title></polyline>");
        }
        var yb = Y(b.Amount);
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(yb)}\" y2=\"{F(yb)}\" stroke=\"{IdleColour}\" stroke-width=\"2\"><title>{H("Budget " + Money.WithSymbol(b.Amount, b.Currency))}</title></line>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 6}\" y=\"{F(yb + 4)}\" class=\"lbl\">budget {H(Money.Short(b.Amount, b.Currency))}</text>");
        if (b.BreachDate is { } breachDay)
        {
            var xb = X(breachDay);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(xb)}\" x2=\"{F(xb)}\" y1=\"{top}\" y2=\"{top + plotH}\" stroke=\"{IdleColour}\" stroke-dasharray=\"3 3\"><title>Breach forecast {breachDay:yyyy-MM-dd}</title></line>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(xb + 4)}\" y=\"{top + 12}\" class=\"lbl\">breach {breachDay:MM-dd}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 8}\" class=\"tick\">{b.PeriodStart:yyyy-MM-dd}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW}\" y=\"{h - 8}\" text-anchor=\"end\" class=\"tick\">{b.PeriodEnd:yyyy-MM-dd}</text>");
        sb.Append("</svg>");
        return sb.ToString() + Legend([("actual (cumulative)", Ink, Money.WithSymbol(b.Spent, b.Currency)),
            ("forecast and band", "#0072B2", Money.WithSymbol(b.ForecastAtPeriodEnd, b.Currency)), ("budget", IdleColour, Money.WithSymbol(b.Amount, b.Currency))], "burn-down");
    }

    /// <summary>Horizontal bars: a value per label, with an optional highlighted part (e.g. idle cost inside GPU cost).</summary>
    public static string HorizontalBars(IReadOnlyList<(string Label, decimal Value, decimal Part, string Note)> rows, string currency, string id,
        string title, string valueName, string partName)
    {
        const int w = 880, left = 230, right = 250, rowH = 28, top = 8;
        var h = top * 2 + Math.Max(1, rows.Count) * rowH;
        var max = NiceMax(rows.Select(r => r.Value).DefaultIfEmpty(0).Max());
        var plotW = w - left - right;
        var sb = new StringBuilder();
        Open(sb, id, w, h, title, rows.Sum(r => r.Value));
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = top + i * rowH;
            var bw = (double)(Math.Max(0, r.Value) / max) * plotW;
            var pw = (double)(Math.Clamp(r.Part, 0, Math.Max(0, r.Value)) / max) * plotW;
            var label = r.Label.Length > 34 ? r.Label[..16] + "…" + r.Label[^16..] : r.Label;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 18}\" text-anchor=\"end\" class=\"lbl\">{H(label)}<title>{H(r.Label)}</title></text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{F(bw)}\" height=\"{rowH - 8}\" fill=\"{Palette[0]}\"><title>{H($"{r.Label}: {valueName} {Money.WithSymbol(r.Value, currency)}")}</title></rect>");
            if (pw > 0)
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{y + 4}\" width=\"{F(pw)}\" height=\"{rowH - 8}\" fill=\"{IdleColour}\" fill-opacity=\"0.9\" stroke=\"#fff\" stroke-dasharray=\"4 2\"><title>{H($"{r.Label}: {partName} {Money.WithSymbol(r.Part, currency)}")}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + bw + 6)}\" y=\"{y + 18}\" class=\"val\">{H(Money.WithSymbol(r.Value, currency) + (r.Note.Length > 0 ? " · " + r.Note : ""))}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Diverging bars around zero: one per PR, increase in vermillion, decrease in bluish green.</summary>
    public static string DeltaBars(IReadOnlyList<(string Label, decimal Delta, string Currency)> rows, string id, string title)
    {
        const int w = 880, left = 260, right = 160, rowH = 26, top = 8;
        var h = top * 2 + Math.Max(1, rows.Count) * rowH;
        var max = NiceMax(rows.Select(r => Math.Abs(r.Delta)).DefaultIfEmpty(0).Max());
        var plotW = w - left - right;
        var zero = left + plotW / 2.0;
        var sb = new StringBuilder();
        Open(sb, id, w, h, title, rows.Sum(r => r.Delta));
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(zero)}\" x2=\"{F(zero)}\" y1=\"{top}\" y2=\"{h - top}\" stroke=\"{Muted}\"/>");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = top + i * rowH;
            var bw = (double)(Math.Abs(r.Delta) / max) * (plotW / 2.0);
            var x = r.Delta >= 0 ? zero : zero - bw;
            var text = (r.Delta >= 0 ? "+" : "") + Money.WithSymbol(r.Delta, r.Currency) + "/month";
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{y + 17}\" text-anchor=\"end\" class=\"lbl\">{H(r.Label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{y + 4}\" width=\"{F(bw)}\" height=\"{rowH - 8}\" fill=\"{(r.Delta >= 0 ? IdleColour : "#009E73")}\"><title>{H(r.Label + ": " + text)}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 8}\" y=\"{y + 17}\" class=\"val\">{H(text)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Open(StringBuilder sb, string id, int w, int h, string title, decimal total) =>
        sb.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title\" data-total=\"{Money.Cents(total).ToString("0.00", s_inv)}\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{H(title)}</title>");

    private static void Axis(StringBuilder sb, int left, int top, int plotW, int plotH, decimal max, string currency)
    {
        for (var t = 0; t <= 5; t++)
        {
            var v = max * t / 5;
            var y = top + plotH - plotH * t / 5.0;
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#D9D9D9\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" class=\"tick\">{H(Money.Short(v, currency))}</text>");
        }
    }

    private static string Legend(IReadOnlyList<(string Name, string Colour, string Value)> items, string dimension)
    {
        var sb = new StringBuilder("<ul class=\"legend\" aria-label=\"").Append(H("Legend: " + dimension)).Append("\">");
        foreach (var (name, colour, value) in items)
            sb.Append("<li><span class=\"swatch\" style=\"background:").Append(colour).Append("\"></span>")
                .Append(H(name)).Append(" <b>").Append(H(value)).Append("</b></li>");
        return sb.Append("</ul>").ToString();
    }

    /// <summary>A round upper bound for an axis (1, 2, 2.5, 5 × 10ⁿ).</summary>
    public static decimal NiceMax(decimal value)
    {
        if (value <= 0) return 1;
        var exp = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)value)));
        foreach (var m in new[] { 1m, 2m, 2.5m, 5m, 10m })
            if (value <= m * exp) return m * exp;
        return 10 * exp;
    }
}
