using System.Globalization;
using System.Text.Json;
using Guardrails.Core.Common;

namespace Guardrails.Core.Reporting;

/// <summary>An HTTP answer independent of the host (Functions or Kestrel).</summary>
public sealed record DashboardResponse(int StatusCode, string ContentType, string Body)
{
    public static DashboardResponse Json<T>(T value) =>
        new(200, "application/json; charset=utf-8", JsonSerializer.Serialize(value, ReportWriters.Json.Of<T>()));
    public static DashboardResponse Error(int status, string message) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.Serialize(new DashboardError(message), ReportWriters.Json.Of<DashboardError>()));
}

/// <summary>
/// The dashboard's routes, shared by the Function App and `guardrails serve`/`guardrails dashboard`:
/// <c>GET /api/dashboard</c> (the HTML page) and <c>GET /api/dashboard/{name}</c> (the JSON behind each chart).
/// Every route takes <c>?month=yyyy-MM</c> or <c>?from=&amp;to=</c> (months yyyy-MM or days yyyy-MM-dd) and <c>?team=</c>;
/// the default is the latest month with costs (the current UTC month when the source cannot tell).
/// </summary>
public sealed class DashboardEndpoints
{
    public const string RoutePrefix = "dashboard";
    public const string ApiBase = "/api/dashboard";

    public static readonly IReadOnlyList<string> JsonRoutes =
        ["summary", "spend", "teams", "budgets", "gpu", "top-resources", "models", "carbon", "chargeback", "actions", "pull-requests", "rightsizing"];

    private readonly IReportDataProvider _data;
    private readonly TimeProvider _time;
    private readonly DashboardOptions _options;

    public DashboardEndpoints(IReportDataProvider data, TimeProvider? time = null, DashboardOptions? options = null)
    {
        _data = data;
        _time = time ?? TimeProvider.System;
        _options = options ?? new DashboardOptions();
    }

    /// <param name="name">null or "" for the page; otherwise one of <see cref="JsonRoutes"/>.</param>
    public async Task<DashboardResponse> HandleAsync(string? name, Func<string, string?> query, CancellationToken cancellationToken = default)
    {
        name = (name ?? "").Trim('/').ToLowerInvariant();
        if (name.Length > 0 && !JsonRoutes.Contains(name))
            return DashboardResponse.Error(404, $"Unknown dashboard route '{name}'. Routes: {string.Join(", ", JsonRoutes)}.");
        DashboardSelection selection;
        try
        {
            selection = await SelectAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            return DashboardResponse.Error(400, e.Message);
        }
        var (from, to) = (selection.From, selection.ToInclusive);
        var data = await _data.LoadAsync(from, to, cancellationToken).ConfigureAwait(false);
        if (selection.Team is { } team) data = DashboardQueries.Narrow(data, _options.TeamKey, team);
        var model = DashboardQueries.Build(data, _options) with { MonthsWithData = selection.MonthsWithData, Team = selection.Team };
        return name switch
        {
            "" => new DashboardResponse(200, "text/html; charset=utf-8", DashboardPage.Render(model, ApiBase, _time.GetUtcNow())),
            "summary" => DashboardResponse.Json(new DashboardSummaryDocument(from, to, model.Basis, model.Source, model.Summary)),
            "spend" => Spend(model, query("by")),
            "teams" => DashboardResponse.Json(new DashboardTeamsDocument(from, to, model.Teams)),
            "budgets" => DashboardResponse.Json(new DashboardBudgetsDocument(from, to, model.Budgets)),
            "gpu" => DashboardResponse.Json(new DashboardGpuDocument(from, to, model.GpuWaste)),
            "top-resources" => DashboardResponse.Json(new DashboardTopResourcesDocument(from, to, model.TopResources)),
            "models" => DashboardResponse.Json(ReportWriters.ModelsDto(model.Models)),
            "carbon" => DashboardResponse.Json(ReportWriters.CarbonDto(model.Carbon)),
            "chargeback" => DashboardResponse.Json(ReportWriters.ChargebackDto(model.Chargeback)),
            "actions" => DashboardResponse.Json(new DashboardActionsDocument(from, to, model.Actions)),
            "rightsizing" => DashboardResponse.Json(new DashboardRightSizingDocument(model.RightSizing.Evaluated, model.RightSizing.NotRecommended,
                model.RightSizing.EvaluatedThrough, model.RightSizing.ByTeam, model.RightSizing.Top)),
            _ => DashboardResponse.Json(new DashboardPullRequestsDocument(from, to, model.PullRequests.Select(p => new DashboardPullRequestDocument(p.Repository,
                p.Number, p.Title, p.HeadSha, p.CheckedAt, p.Currency, p.MonthlyCostBefore, p.MonthlyCostAfter, p.MonthlyDelta, p.Gate, p.ApprovedBy,
                p.ApprovedAt, p.Url)))),
        };
    }

    private static DashboardResponse Spend(DashboardModel model, string? by)
    {
        by ??= model.Spend.FirstOrDefault()?.Dimension ?? "team";
        var series = model.Spend.FirstOrDefault(s => string.Equals(s.Dimension, by, StringComparison.OrdinalIgnoreCase));
        if (series is null)
            return DashboardResponse.Error(400, $"by='{by}' is not a dashboard dimension ({string.Join(", ", model.Spend.Select(s => s.Dimension))}).");
        return DashboardResponse.Json(new DashboardSpendDocument(series.Dimension, series.Currency, Money.Cents(series.Total), series.Days,
            series.Series.Select(l => new DashboardSpendLineDocument(l.Name, Money.Cents(l.Total), l.Daily.Select(Money.Cents)))));
    }

    /// <summary>The period and team asked for; without a period, the latest month with costs.</summary>
    private async Task<DashboardSelection> SelectAsync(Func<string, string?> query, CancellationToken cancellationToken)
    {
        var months = await _data.GetMonthsWithDataAsync(cancellationToken).ConfigureAwait(false);
        var team = query("team") is { Length: > 0 } t ? t.Trim() : null;
        var month = query("month");
        if (!string.IsNullOrWhiteSpace(month))
        {
            var (first, last) = ReportDataLoader.ParseMonth(month.Trim());
            return new DashboardSelection(first, last, team, months);
        }
        var f = query("from");
        var to = query("to");
        if (!string.IsNullOrWhiteSpace(f) || !string.IsNullOrWhiteSpace(to))
        {
            var from = Day(f, "from", end: false);
            var toDay = Day(to, "to", end: true);
            if (toDay < from) throw new FormatException($"to ({toDay:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).");
            if (toDay.DayNumber - from.DayNumber > 366) throw new FormatException("The period is limited to 367 days.");
            return new DashboardSelection(from, toDay, team, months);
        }
        var start = months.Count > 0 ? months[^1] : FirstOfMonth(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return new DashboardSelection(start, start.AddMonths(1).AddDays(-1), team, months);
    }

    private static DateOnly FirstOfMonth(DateOnly d) => new(d.Year, d.Month, 1);

    /// <summary>A day (yyyy-MM-dd), or a month (yyyy-MM): its first day for from, its last for to.</summary>
    private static DateOnly Day(string? text, string name, bool end)
    {
        var t = text?.Trim();
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        if (DateOnly.TryParseExact(t + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            return end ? m.AddMonths(1).AddDays(-1) : m;
        throw new FormatException($"{name} '{text}' is not a month (yyyy-MM) or a day (yyyy-MM-dd).");
    }
}

/// <summary>What the dashboard shows: a period, optionally one team, and the months that have costs (for the picker).</summary>
public sealed record DashboardSelection(DateOnly From, DateOnly ToInclusive, string? Team, IReadOnlyList<DateOnly> MonthsWithData)
{
    /// <summary>
    /// The query string that keeps this selection on every link: month=yyyy-MM for one calendar month,
    /// from=yyyy-MM&amp;to=yyyy-MM for whole months, else days; then team.
    /// </summary>
    public static string Query(DateOnly from, DateOnly toInclusive, string? team)
    {
        var wholeMonths = from.Day == 1 && toInclusive.AddDays(1).Day == 1;
        var inv = CultureInfo.InvariantCulture;
        var period = wholeMonths && from.AddMonths(1).AddDays(-1) == toInclusive ? string.Create(inv, $"month={from:yyyy-MM}")
            : wholeMonths ? string.Create(inv, $"from={from:yyyy-MM}&to={toInclusive:yyyy-MM}")
            : string.Create(inv, $"from={from:yyyy-MM-dd}&to={toInclusive:yyyy-MM-dd}");
        return team is null ? period : period + "&team=" + Uri.EscapeDataString(team);
    }
}
