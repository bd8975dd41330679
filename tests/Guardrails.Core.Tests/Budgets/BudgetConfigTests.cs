using Guardrails.Core.Configuration;

namespace Guardrails.Core.Tests.Budgets;

public class BudgetConfigTests
{
    private static List<(string Field, string Message)> Validate(List<BudgetConfig> budgets, Dictionary<string, ChannelConfig>? channels = null)
    {
        var ctx = new ConfigValidationContext("guardrails.yaml");
        BudgetConfig.ValidateAll(budgets, channels ?? new Dictionary<string, ChannelConfig>(), ctx);
        return ctx.Errors.ToList();
    }

    [Fact]
    public void A_valid_budget_has_no_errors()
    {
        var channels = new Dictionary<string, ChannelConfig> { ["oncall"] = new() { Kind = "teams", WebhookUrlSetting = "TEAMS_URL" } };
        Assert.Empty(Validate([BudgetTestData.Budget(channels: "oncall")], channels));
    }

    [Fact]
    public void Errors_name_the_budget_and_the_field()
    {
        var b = BudgetTestData.Budget("vision-dev");
        b.Amount = 0;
        b.Currency = "dollars";
        b.Thresholds = [50m, 50m, -1m];
        b.Severity = "panic";
        b.Channels = ["nowhere"];
        b.OnBreach = new OnBreachConfig { Action = "explode" };

        var errors = Validate([b, BudgetTestData.Budget("vision-dev")]);

        Assert.Contains(errors, e => e.Field == "budgets[0].amount" && e.Message.Contains("'vision-dev'"));
        Assert.Contains(errors, e => e.Field == "budgets[0].currency" && e.Message.Contains("'vision-dev'"));
        Assert.Contains(errors, e => e.Field == "budgets[0].thresholds" && e.Message.Contains("repeat"));
        Assert.Contains(errors, e => e.Field == "budgets[0].thresholds[2]");
        Assert.Contains(errors, e => e.Field == "budgets[0].severity");
        Assert.Contains(errors, e => e.Field == "budgets[0].channels[0]" && e.Message.Contains("'nowhere'"));
        Assert.Contains(errors, e => e.Field == "budgets[0].onBreach.action");
        Assert.Contains(errors, e => e.Field == "budgets[1].name" && e.Message.Contains("more than once"));
    }

    [Fact]
    public void Channel_urls_are_rejected_without_echoing_them()
    {
        const string secret = "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=SECRET";
        var channels = new Dictionary<string, ChannelConfig>
        {
            ["a"] = new() { Kind = "teams", WebhookUrl = secret },
            ["b"] = new() { Kind = "slack", WebhookUrlSetting = secret },
            ["c"] = new() { Kind = "servicebus" },
            ["d"] = new() { Kind = "pager" },
        };
        var errors = Validate([], channels);

        Assert.Contains(errors, e => e.Field == "channels.a.webhookUrl");
        Assert.Contains(errors, e => e.Field == "channels.b.webhookUrlSetting" && e.Message.Contains("NAME"));
        Assert.Contains(errors, e => e.Field == "channels.c.connectionSetting");
        Assert.Contains(errors, e => e.Field == "channels.d.kind");
        Assert.DoesNotContain(errors, e => e.Message.Contains("SECRET") || e.Message.Contains("logic.azure.com"));
    }
}
