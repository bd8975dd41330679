using Guardrails.Core.Alerts;
using Guardrails.Core.Allocation;
using Guardrails.Core.Budgets;
using Guardrails.Core.Configuration;
using Guardrails.Core.Ledger;

namespace Guardrails.Core.Tests.Budgets;

/// <summary>Builds small ledgers for budget tests.</summary>
internal static class BudgetTestData
{
    public static AllocationKey Team(string team, string env = "prod") =>
        new([new("team", team), new("project", "llm"), new("env", env)]);

    public static DailyCostFact Fact(DateOnly day, string team, decimal cost, string currency = "USD", string env = "prod") => new()
    {
        Day = day,
        Allocation = Team(team, env),
        Category = CostCategory.GpuCompute,
        Currency = currency,
        BilledCost = cost,
        EffectiveCost = cost,
        SubAccountId = "/subscriptions/00000000-0000-0000-0000-000000000001",
        ResourceGroupName = "rg-" + team,
    };

    public static ResourceDailyCost Resource(DateOnly day, string team, string name, decimal cost, string? sku = "Standard_NC24ads_A100_v4", string env = "prod") => new()
    {
        Day = day,
        ResourceId = $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-{team}/providers/Microsoft.Compute/virtualMachines/{name}",
        ResourceName = name,
        SkuName = sku,
        Allocation = Team(team, env),
        Category = CostCategory.GpuCompute,
        Currency = "USD",
        BilledCost = cost,
        EffectiveCost = cost,
    };

    /// <summary>A ledger where team "vision" spends <paramref name="daily"/> per day on one VM from <paramref name="from"/> through <paramref name="through"/>.</summary>
    public static LedgerSnapshot Steady(DateOnly from, DateOnly through, decimal daily, string team = "vision", string vm = "gpu-train-01")
    {
        var facts = new List<DailyCostFact>();
        var resources = new List<ResourceDailyCost>();
        for (var d = from; d <= through; d = d.AddDays(1))
        {
            facts.Add(Fact(d, team, daily));
            resources.Add(Resource(d, team, vm, daily));
        }
        return new LedgerSnapshot(facts, resources);
    }

    public static BudgetConfig Budget(string name = "vision", decimal amount = 3000m, params string[] channels) => new()
    {
        Name = name,
        Scope = new(StringComparer.OrdinalIgnoreCase) { ["team"] = "vision" },
        Amount = amount,
        Currency = "USD",
        Thresholds = [50m, 80m, 100m],
        ForecastThresholds = [100m],
        Owners = ["ana@contoso.example"],
        Channels = channels.ToList(),
        Severity = "warning",
    };
}

/// <summary>A channel that records what it was asked to send, and can be told to fail.</summary>
internal sealed class RecordingChannel(string kind = "teams") : IAlertChannel
{
    public string Kind => kind;
    public List<AlertNotification> Sent { get; } = [];
    public int FailuresLeft { get; set; }

    public Task SendAsync(AlertNotification notification, CancellationToken cancellationToken = default)
    {
        lock (Sent)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable).");
            }
            Sent.Add(notification);
        }
        return Task.CompletedTask;
    }
}

internal sealed class DictionaryResolver(Dictionary<string, IAlertChannel> channels) : IAlertChannelResolver
{
    public IAlertChannel? Resolve(string channelName) => channels.GetValueOrDefault(channelName);
}
