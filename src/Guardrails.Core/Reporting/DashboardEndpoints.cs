using System.Globalization;
using System.Text.Json;
using Guardrails.Core.Common;

namespace Guardrails.Core.Reporting;

/// <summary>An HTTP answer independent of the host (Functions or Kestrel).</summary>
public sealed record DashboardResponse(int StatusCode, string ContentType, string Body)
{
    public static DashboardResponse Json(object value) => new(200, "application/json; charset=utf-8", JsonSerializer.Serialize(value, ReportWriters.Json));
    public static DashboardResponse Error(int status, string message) =>
        new(status, "application/json; charset=utf-8", JsonSerializer.Serialize(new { error = message }, ReportWriters.Json));
}

/// <summary>
/// The dashboard's routes, shared by the Function App and `guardrails serve`/`guardrails dashboard`:
/// <c>GET /api/dashboard</c> (the HTML page) and <c>GET /api/dashboard/{name}</c> (the JSON behind each chart).
/// Every route takes <c>?month=yyyy-MM</c> or <c>?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c> (default: the current UTC month).
/// </summary>
public sealed class DashboardEndpoints
{
    public const string RoutePrefix = "dashboard";
    public const string ApiBase = "/api/dashboard";

    public static readonly IReadOnlyList<string> JsonRoutes =
        ["summary", "spend", "budgets", "gpu", "top-resources", "models", "carbon", "chargeback", "actions", "pull-requests"];

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
        DateOnly from, to;
        try
        {
            (from, to) = Period(query);
        }
        catch (FormatException e)
        {
            return DashboardResponse.Error(400, e.Message);
        }
        var data = await _data.LoadAsync(from, to, cancellationToken).ConfigureAwait(false);
        var model = DashboardQueries.Build(data, _options);
        return name switch
        {
            "" => new DashboardResponse(200, "text/html; charset=utf-8", DashboardPage.Render(model, ApiBase, _time.GetUtcNow())),
            "summary" => DashboardResponse.Json(new { from, to, basis = model.Basis, source = model.Source, summary = model.Summary }),
            "spend" => Spend(model, query("by")),
            "budgets" => DashboardResponse.Json(new { from, to, budgets = model.Budgets }),
            "gpu" => DashboardResponse.Json(new { from, to, teams = model.GpuWaste }),
            "top-resources" => DashboardResponse.Json(new { from, to, resources = model.TopResources }),
            "models" => DashboardResponse.Json(ReportWriters.ModelsDto(model.Models)),
            "carbon" => DashboardResponse.Json(ReportWriters.CarbonDto(model.Carbon)),
            "chargeback" => DashboardResponse.Json(ReportWriters.ChargebackDto(model.Chargeback)),
            "actions" => DashboardResponse.Json(new { from, to, actions = model.Actions }),
            _ => DashboardResponse.Json(new { from, to, pullRequests = model.PullRequests.Select(p => new { p.Repository, p.Number, p.Title, p.HeadSha, p.CheckedAt, p.Currency, p.MonthlyCostBefore, p.MonthlyCostAfter, p.MonthlyDelta, p.Gate, p.ApprovedBy, p.ApprovedAt, p.Url }) }),
        };
    }

    private static DashboardResponse Spend(DashboardModel model, string? by)
    {
        by ??= model.Spend.FirstOrDefault()?.Dimension ?? "team";
        var series = model.Spend.FirstOrDefault(s => string.Equals(s.Dimension, by, StringComparison.OrdinalIgnoreCase));
        if (series is null)
            return DashboardResponse.Error(400, $"by='{by}' is not a dashboard dimension ({string.Join(", ", model.Spend.Select(s => s.Dimension))}).");
        return DashboardResponse.Json(new
        {
            dimension = series.Dimension,
            currency = series.Currency,
            total = Money.Cents(series.Total),
            days = series.Days,
            series = series.Series.Select(l => new { name = l.Name, total = Money.Cents(l.Total), daily = l.Daily.Select(Money.Cents) }),
        });
    }

    private (DateOnly From, DateOnly To) Period(Func<string, string?> query)
    {
        var month = query("month");
        if (!string.IsNullOrWhiteSpace(month)) return ReportDataLoader.ParseMonth(month.Trim());
        var f = query("from");
        var t = query("to");
        if (!string.IsNullOrWhiteSpace(f) || !string.IsNullOrWhiteSpace(t))
        {
            var from = Day(f, "from");
            var to = Day(t, "to");
            if (to < from) throw new FormatException($"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).");
            if (to.DayNumber - from.DayNumber > 366) throw new FormatException("The period is limited to 367 days.");
            return (from, to);
        }
        var now = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var first = new DateOnly(now.Year, now.Month, 1);
        return (first, first.AddMonths(1).AddDays(-1));
    }

    private static DateOnly Day(string? text, string name) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"{name} '{text}' is not a day in the form yyyy-MM-dd.");
}
