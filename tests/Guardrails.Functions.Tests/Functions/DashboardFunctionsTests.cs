using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text.Json;
using Guardrails.Core.Budgets;
using Guardrails.Core.Common;
using Guardrails.Core.Ledger;
using Guardrails.Core.Reporting;
using Guardrails.Core.Tests.Reporting;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Composition;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace Guardrails.Functions.Tests.Functions;

public class DashboardFunctionsTests
{
    private static (DashboardFunctions Functions, FunctionContext Context) Create(Action<IServiceCollection>? extra = null)
    {
        var data = ReportTestData.DataSet();
        var ledger = new LedgerSnapshot(data.Facts, data.Resources);
        var services = new ServiceCollection();
        services.AddSingleton<ICostLedgerReader>(ledger);
        services.AddSingleton<IResourceCostReader>(ledger);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero)));
        extra?.Invoke(services);
        services.AddDashboard(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Dashboard:Basis"] = "billed" }).Build());
        var provider = services.BuildServiceProvider();
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(CancellationToken.None);
        return (ActivatorUtilities.CreateInstance<DashboardFunctions>(provider), context);
    }

    [Fact]
    public async Task Page_is_served_from_the_registered_ledger_for_the_latest_month_with_costs()
    {
        var (functions, context) = Create();
        var response = (TestResponse)await functions.Page(new TestRequest(context, "https://app.example/api/dashboard"), context);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", response.Headers.GetValues("Content-Type").Single());
        var html = response.Text;
        Assert.Contains("<svg id=\"chart-spend-team\"", html);
        Assert.Contains("2026-11-01 to 2026-11-30", html); // the latest month the registered ledger has costs for
        Assert.Contains("Billed cost", html); // basis from the Dashboard__Basis setting
        Assert.Contains("No budget data", html); // the empty default seam
        Assert.Contains("href=\"/api/dashboard/spend?by=team&amp;month=2026-11\"", html); // the JSON link keeps the month
        Assert.Equal(DashboardPage.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Api_returns_the_json_behind_a_chart_and_errors_as_json()
    {
        var (functions, context) = Create();
        var response = (TestResponse)await functions.Api(new TestRequest(context, "https://app.example/api/dashboard/spend?by=model&month=2026-11"), "spend", context);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(response.Text).RootElement;
        var expected = ReportTestData.ExportRows().Where(r => r.Currency == "USD" && r.Day.Month == 11).Sum(r => r.Billed) + 300m;
        Assert.Equal(Money.Cents(expected), json.GetProperty("total").GetDecimal());

        var bad = (TestResponse)await functions.Api(new TestRequest(context, "https://app.example/api/dashboard/summary?month=2026-13"), "summary", context);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("2026-13", bad.Text);
    }

    [Fact]
    public async Task A_registered_budget_source_replaces_the_empty_default()
    {
        var (functions, context) = Create(s => s.AddSingleton<IBudgetStatusSource>(new Budgets()));
        var response = (TestResponse)await functions.Api(new TestRequest(context, "https://app.example/api/dashboard/budgets?month=2026-11"), "budgets", context);
        var budgets = JsonDocument.Parse(response.Text).RootElement.GetProperty("budgets");
        Assert.Equal("ml-training (team=vision)", budgets[0].GetProperty("name").GetString());
        Assert.Equal("2026-11-27", budgets[0].GetProperty("breachDate").GetString());
    }

    [Theory]
    [InlineData(nameof(DashboardFunctions.Page), "dashboard")]
    [InlineData(nameof(DashboardFunctions.Api), "dashboard/{name}")]
    public void Functions_are_protected_by_a_function_key(string method, string route)
    {
        var trigger = typeof(DashboardFunctions).GetMethod(method)!.GetParameters()[0].GetCustomAttribute<HttpTriggerAttribute>()!;
        Assert.Equal(AuthorizationLevel.Function, trigger.AuthLevel);
        Assert.Equal(route, trigger.Route);
        Assert.Equal(["get"], trigger.Methods ?? []);
    }

    private sealed class Budgets : IBudgetStatusSource
    {
        public Task<IReadOnlyList<BudgetBurnDown>> GetBurnDownsAsync(DateOnly asOf, CancellationToken cancellationToken = default) =>
            Task.FromResult(ReportTestData.Budgets());
    }

}

/// <summary>An HTTP request for calling a function directly (GET by default; POST with a body and headers).</summary>
internal sealed class TestRequest(FunctionContext context, string url, string method = "GET", byte[]? body = null) : HttpRequestData(context)
{
    public override Stream Body { get; } = new MemoryStream(body ?? []);
    public override HttpHeadersCollection Headers { get; } = [];
    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];
    public override Uri Url { get; } = new(url);
    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];
    public override string Method => method;
    public override HttpResponseData CreateResponse() => new TestResponse(FunctionContext);
}

internal sealed class TestResponse(FunctionContext context) : HttpResponseData(context)
{
    public override HttpStatusCode StatusCode { get; set; }
    public override HttpHeadersCollection Headers { get; set; } = [];
    public override Stream Body { get; set; } = new MemoryStream();
    public override HttpCookies Cookies => throw new NotSupportedException();
    public string Text => System.Text.Encoding.UTF8.GetString(((MemoryStream)Body).ToArray());
}
