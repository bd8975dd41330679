using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Guardrails.Core.Alerts;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;
using Guardrails.Functions.Functions;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Storage;
using Guardrails.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Functions.Tests.Functions;

/// <summary>The function as the host wires it (AddBudgets), against Azurite and a loopback Teams webhook.</summary>
[Collection(AzuriteCollection.Name)]
public class EvaluateBudgetsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Timer_run_evaluates_budgets_and_delivers_each_alert_once()
    {
        using var teams = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        teams.Given(Request.Create().WithPath("/teams").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        var alertsTable = AzuriteFixture.UniqueName("alerts");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Budgets:AlertsTable"] = alertsTable,
            ["Budgets:DashboardUrl"] = "http://127.0.0.1:7071/api/dashboard",
            ["TEAMS_ONCALL_WEBHOOK_URL"] = teams.Urls[0] + "/teams",
        }).Build();

        var key = new AllocationKey([new("team", "vision")]);
        var facts = Enumerable.Range(0, 20).Select(i => new DailyCostFact
        {
            Day = new DateOnly(2024, 9, 1).AddDays(i),
            Allocation = key,
            Category = CostCategory.GpuCompute,
            Currency = "USD",
            BilledCost = 100m,
            EffectiveCost = 100m,
        }).ToList();
        var services = new ServiceCollection();
        services.AddSingleton(new StorageClients(azurite.ConnectionString));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2024, 9, 21, 6, 0, 0, TimeSpan.Zero)));
        services.AddSingleton<ICostLedgerReader>(new InMemoryCostLedger(facts));
        services.AddSingleton(new GuardrailsConfig
        {
            Budgets = [new BudgetConfig { Name = "vision", Scope = new() { ["team"] = "vision" }, Amount = 3000m, Channels = ["oncall-teams"] }],
            Channels = new(StringComparer.OrdinalIgnoreCase) { ["oncall-teams"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_ONCALL_WEBHOOK_URL" } },
        });
        services.AddBudgets(settings);
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddTransient<EvaluateBudgets>();
        await using var provider = services.BuildServiceProvider();

        var function = provider.GetRequiredService<EvaluateBudgets>();
        var context = Substitute.For<FunctionContext>();
        await function.Run(new TimerInfo(), context);
        await function.Run(new TimerInfo(), context);

        var bodies = teams.LogEntries.Select(e => e.RequestMessage.Body ?? "").ToList();
        // One card per budget per evaluation: actual 50% leads, forecast 100% is folded into it — once, although the timer ran twice.
        var body = Assert.Single(bodies);
        Assert.Contains("50% of the monthly budget spent", body);
        Assert.Contains("forecast to reach 100%", body);
        var stored = await new TableAlertStateStore(new TableServiceClient(azurite.ConnectionString).GetTableClient(alertsTable)).ListAsync("vision", "2024-09");
        Assert.Equal(1, stored.Count(r => r.Status == AlertStatus.Delivered));
        Assert.Equal(1, stored.Count(r => r.Status == AlertStatus.Suppressed)); // the folded threshold keeps its once-only record
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
