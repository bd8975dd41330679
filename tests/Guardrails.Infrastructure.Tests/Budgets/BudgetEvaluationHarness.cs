using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Guardrails.Core.Actions;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Events;
using Guardrails.Core.Ledger;
using Guardrails.Infrastructure.Budgets;
using Guardrails.Infrastructure.Notifications;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Infrastructure.Tests.Budgets;

/// <summary>Real loopback Teams/Slack webhook servers (WireMock.Net on 127.0.0.1), an Azurite alert table, a steady ledger.</summary>
internal sealed class BudgetEvaluationHarness : IDisposable
{
    public const string TeamsPath = "/workflows/secret-teams-path/invoke";
    public const string SlackPath = "/services/T000/B000/secret-slack-token";

    public WireMockServer Server { get; }
    public TableClient Table { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 9, 29, 6, 0, 0, TimeSpan.Zero));
    public HttpClient Http { get; } = NotificationHttp.CreateClient(new NotificationRetryOptions
    {
        MaxRetryAttempts = 2,
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromSeconds(2),
    });
    public Dictionary<string, string> Settings { get; } = new();

    public GuardrailsConfig Config { get; } = new()
    {
        Budgets =
        [
            new BudgetConfig
            {
                Name = "vision",
                Scope = new() { ["team"] = "vision" },
                Amount = 3000m,
                Thresholds = [50m, 80m, 100m],
                ForecastThresholds = [100m],
                Channels = ["oncall-teams", "finops-slack"],
                Owners = ["ana@contoso.example"],
            },
        ],
        Channels = new(StringComparer.OrdinalIgnoreCase)
        {
            ["oncall-teams"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_ONCALL_WEBHOOK_URL" },
            ["finops-slack"] = new() { Kind = "slack", WebhookUrlSetting = "SLACK_FINOPS_WEBHOOK_URL" },
        },
    };

    public BudgetEvaluationHarness(string connectionString)
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        Table = new TableServiceClient(connectionString).GetTableClient(AzuriteFixture.UniqueName("alerts"));
        Table.CreateIfNotExists();
        Settings["TEAMS_ONCALL_WEBHOOK_URL"] = Server.Urls[0] + TeamsPath;
        Settings["SLACK_FINOPS_WEBHOOK_URL"] = Server.Urls[0] + SlackPath;
    }

    /// <summary>100 per day for team vision from 2024-08-01 through <paramref name="through"/>.</summary>
    public static LedgerSnapshot Ledger(DateOnly through)
    {
        var facts = new List<DailyCostFact>();
        var resources = new List<ResourceDailyCost>();
        var key = new AllocationKey([new("team", "vision"), new("env", "prod")]);
        for (var d = new DateOnly(2024, 8, 1); d <= through; d = d.AddDays(1))
        {
            facts.Add(new DailyCostFact { Day = d, Allocation = key, Category = CostCategory.GpuCompute, Currency = "USD", BilledCost = 100m, EffectiveCost = 100m });
            resources.Add(new ResourceDailyCost
            {
                Day = d,
                ResourceId = "/subscriptions/s1/resourceGroups/rg-vision/providers/Microsoft.Compute/virtualMachines/gpu-train-01",
                ResourceName = "gpu-train-01",
                SkuName = "Standard_NC24ads_A100_v4",
                Allocation = key,
                Category = CostCategory.GpuCompute,
                Currency = "USD",
                BilledCost = 100m,
                EffectiveCost = 100m,
            });
        }
        return new LedgerSnapshot(facts, resources);
    }

    /// <summary>One evaluation run, as the function does it: its own store client and dispatcher (its own run id).</summary>
    public Task<BudgetEvaluationResult> RunAsync(LedgerSnapshot ledger, IGuardrailEventPublisher? events = null)
    {
        var store = new TableAlertStateStore(Table);
        var resolver = new ConfiguredAlertChannelResolver(Config.Channels, name => Settings.GetValueOrDefault(name), Http);
        var dispatcher = new AlertDispatcher(store, resolver, events ?? NullEventPublisher.Instance, new InMemoryActionRequestSink(), Time);
        var evaluator = new BudgetEvaluator(ledger, ledger, NullFreshSpendEstimator.Instance, Time);
        return new BudgetAlertService(evaluator, store, dispatcher, Time)
            .EvaluateAsync(Config, new BudgetEvaluationOptions { DashboardUrl = "http://127.0.0.1:7071/api/dashboard", PublishEvents = events is not null });
    }

    public IReadOnlyList<string> Received(string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == path && e.ResponseMessage.StatusCode is int s && s >= 200 && s < 300)
            .Select(e => e.RequestMessage.Body ?? "").ToList();

    public int Attempts(string path) => Server.LogEntries.Count(e => e.RequestMessage.Path == path);

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        Http.Dispose();
    }
}
