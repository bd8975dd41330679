using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Estimate;
using Guardrails.Cli.Hosting;
using Guardrails.Core.Configuration;
using Guardrails.Core.PullRequests;
using Guardrails.Testing;

namespace Guardrails.Cli.Tests.Commands;

/// <summary><c>guardrails estimate --store</c>: the CLI path says what the PR check says about the team's budget.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class EstimateBudgetTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Estimate_with_a_ledger_store_adds_the_team_budget_line()
    {
        using var scenario = new VisionBudgetScenario(); // vision: 1,000 of 2,000 left on Nov 11
        var time = scenario.Time;
        await scenario.WriteLedgerAsync(azurite.ConnectionString);
        var (create, why) = await LocalBudgets.OpenAsync(azurite.ConnectionString, scenario.ConfigPath, scenario.Tables);
        Assert.True(create is not null, why);
        var iac = Path.Combine(TestData.RepositoryRoot, "samples", "iac");

        var run = await PullRequestEstimation.RunAsync(Path.Combine(iac, "base", "aks"), Path.Combine(iac, "head", "aks"),
            new PullRequestConfig(), null, time, CancellationToken.None, create(time));

        var budget = Assert.Single(run.Budgets);
        Assert.Equal("vision", budget.Budget.Team);
        Assert.Equal(1000m, budget.Budget.Remaining);
        Assert.Equal(new DateOnly(2026, 11, 20), budget.Budget.ForecastBreachDate);
        Assert.Equal(255.99m, budget.AddedThisPeriod); // +0.526 × 730 = 383.98/month × 20 of 30 days left
        Assert.False(budget.WouldBreach);
        Assert.Contains("team vision has $1,000.00 left this month; forecast breach on the 20th", run.Markdown, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(PullRequestEstimation.Json(run))!;
        Assert.Equal(1000m, (decimal)json["budgets"]![0]!["remaining"]!);
        Assert.Equal("2026-11-20", (string?)json["budgets"]![0]!["forecastBreachDate"]);

        // Without a store the JSON keeps the documented shape.
        var plain = await PullRequestEstimation.RunAsync(Path.Combine(iac, "base", "aks"), Path.Combine(iac, "head", "aks"),
            new PullRequestConfig(), null, time, CancellationToken.None);
        Assert.Null(System.Text.Json.Nodes.JsonNode.Parse(PullRequestEstimation.Json(plain))!["budgets"]);
    }

    [Fact]
    public async Task An_unreachable_store_is_a_clear_error_not_a_stack_trace()
    {
        var iac = Path.Combine(TestData.RepositoryRoot, "samples", "iac");
        var (code, output, err) = await CliProcess.RunAsync(null, "estimate", "--base", Path.Combine(iac, "base"), "--head", Path.Combine(iac, "head"),
            "--config", Path.Combine(iac, "guardrails.yaml"), "--budgets", Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"),
            "--store", "DefaultEndpointsProtocol=http;AccountName=x;AccountKey=eA==;TableEndpoint=http://127.0.0.1:1/x;");
        Assert.Equal(1, code);
        Assert.Contains("estimate: cannot read the ledger at --store", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + err, StringComparison.Ordinal);
    }
}
