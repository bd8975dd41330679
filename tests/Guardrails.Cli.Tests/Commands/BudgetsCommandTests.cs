using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Guardrails.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>The real `guardrails` executable on the bundled samples and the repository's guardrails.yaml.</summary>
public class BudgetsCommandTests
{
    private static string Sample => TestData.Sample("billing", "focus", "finops-foundation-sample", "focus_1.0_sample_microsoft_rows_only.csv");
    private static string Config => Path.Combine(TestData.RepositoryRoot, "guardrails.yaml");

    [Fact]
    public async Task Json_lists_every_budget_for_the_sample_month()
    {
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, "--json");

        Assert.True(code == 0, err + output);
        var budgets = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(["trey-cloud", "analytics-engine", "foo-model-total"], budgets.Select(b => (string?)b!["name"]));
        foreach (var b in budgets)
            Assert.Equal(["name", "currency", "amount", "spent", "forecast", "percentUsed", "breachDate", "state"], b!.AsObject().Select(p => p.Key));
        var analytics = budgets[1]!;
        Assert.Equal("over", (string?)analytics["state"]);
        Assert.Equal(1.58088m, (decimal)analytics["spent"]!);
        Assert.Equal(158.1m, (decimal)analytics["percentUsed"]!);
        Assert.True((decimal)analytics["forecast"]! >= (decimal)analytics["spent"]!);
        Assert.Equal("USD", (string?)budgets[0]!["currency"]);
    }

    [Fact]
    public async Task Json_names_the_currencies_of_spend_in_scope_that_the_budget_does_not_count()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("guardrails-budgets-").FullName, "guardrails.yaml");
        File.WriteAllText(config, "budgets:\n  - name: all\n    scope: {}\n    amount: 100\n    currency: USD\n");
        var cad = TestData.Sample("billing", "azure-cost-export", "ea-legacy", "focus-converters_sample-anonymous-ea-export-dataset.csv");

        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", config, "--input", cad, "--json");

        Assert.True(code == 0, err + output);
        var budget = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal(0m, (decimal)budget["spent"]!); // the CAD rows are not USD spend...
        Assert.Equal(["CAD"], budget["uncountedCurrencies"]!.AsArray().Select(c => (string?)c)); // ...and the document says so
    }

    [Fact]
    public async Task Several_files_follow_one_input_option()
    {
        var ea = TestData.Sample("billing", "azure-cost-export", "ea-legacy", "finops-toolkit_EA_ActualCost_Small.csv");
        var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, ea);

        Assert.True(code == 0, err + output);
        Assert.Contains("2 file(s)", output);
        Assert.Contains("Budgets 2024-09", output); // the latest month in the data
    }

    [Fact]
    public async Task Evaluate_delivers_alerts_to_a_directory_sink_once()
    {
        var sink = Path.Combine(Path.GetTempPath(), "guardrails-sink-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", sink);
            Assert.True(first.Code == 0, first.Err + first.Out);
            Assert.Contains("trey-cloud", first.Out);
            Assert.Contains("forecast-breach", first.Out);
            // One card per budget per evaluation: the spending limit leads, the thresholds are folded into it.
            Assert.Contains("delivered trey-cloud-2024-09-spendinglimit-80", first.Out);
            Assert.DoesNotContain("delivered trey-cloud-2024-09-actual-80", first.Out);

            var teams = JsonNode.Parse(File.ReadAllText(Path.Combine(sink, "trey-cloud-2024-09-spendinglimit-80.oncall-teams.json")))!;
            Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)teams["attachments"]![0]!["contentType"]);
            var slack = JsonNode.Parse(File.ReadAllText(Path.Combine(sink, "trey-cloud-2024-09-spendinglimit-80.finops-slack.json")))!;
            Assert.Contains("Also raised in this evaluation: Budget trey-cloud: 80% of the monthly budget spent", slack.ToJsonString());
            Assert.DoesNotContain("localhost", slack.ToJsonString()); // no dashboard URL configured: no button, never a guessed localhost
            Assert.Equal("header", (string?)slack["blocks"]![0]!["type"]);
            var request = JsonNode.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(sink, "action-requests")))))!;
            Assert.Equal("Mark", (string?)request["kind"]);
            Assert.True((bool)request["dryRun"]!);
            var files = Directory.GetFiles(sink).Length;

            var second = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", sink);
            Assert.True(second.Code == 0, second.Err + second.Out);
            Assert.Contains("Alerts: 0 new", second.Out);
            Assert.Equal(files, Directory.GetFiles(sink).Length);
        }
        finally
        {
            if (Directory.Exists(sink)) Directory.Delete(sink, recursive: true);
        }
    }

    [Fact]
    public async Task Evaluate_can_post_to_an_http_sink()
    {
        using var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        server.Given(Request.Create().WithPath("/sink").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));

        var state = Directory.CreateTempSubdirectory("guardrails-state-").FullName;
        try
        {
            var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", server.Urls[0] + "/sink", "--state", state);

            Assert.True(code == 0, err + output);
            var bodies = server.LogEntries.Select(e => e.RequestMessage.Body!).ToList();
            Assert.Equal(4, bodies.Count); // one card per budget: trey-cloud to two channels, the other two budgets to one
            Assert.Contains(bodies, b => b.Contains("\"type\": \"AdaptiveCard\""));
            Assert.Contains(bodies, b => b.Contains("\"blocks\""));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Without_store_a_second_run_does_not_redeliver_the_alerts()
    {
        using var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        server.Given(Request.Create().WithPath("/sink").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        var state = Directory.CreateTempSubdirectory("guardrails-state-").FullName;
        try
        {
            // No --store, no directory sink: the state directory comes from GUARDRAILS_STATE_DIR (else ./.guardrails/alert-state).
            var env = new Dictionary<string, string?> { ["GUARDRAILS_STATE_DIR"] = state };
            var first = await CliProcess.RunAsync(env, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", server.Urls[0] + "/sink");
            Assert.True(first.Code == 0, first.Err + first.Out);
            Assert.Equal(4, server.LogEntries.Count());

            var second = await CliProcess.RunAsync(env, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", server.Urls[0] + "/sink");
            Assert.True(second.Code == 0, second.Err + second.Out);
            Assert.Contains("Alerts: 0 new", second.Out);
            Assert.Equal(4, server.LogEntries.Count());
            Assert.Equal(9, Directory.GetFiles(state, "*.alert.json").Length); // 7 delivered + 2 superseded by a higher threshold
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task Five_concurrent_runs_with_a_directory_sink_deliver_every_alert_once_and_all_succeed()
    {
        var sink = Directory.CreateTempSubdirectory("guardrails-sink-").FullName;
        try
        {
            var runs = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
                CliProcess.RunAsync(null, "budgets", "--config", Config, "--input", Sample, "--evaluate", "--sink", sink)));

            Assert.All(runs, r => Assert.True(r.Code == 0, r.Err + r.Out));
            // one card per budget: 4 channel payloads, written once each; one spending-limit request.
            Assert.Equal(4, Directory.GetFiles(sink, "*.json").Length);
            Assert.Single(Directory.GetFiles(Path.Combine(sink, "action-requests")));
            var delivered = runs.Sum(r => r.Out.Split('\n').Count(l => l.Contains("delivered ", StringComparison.Ordinal) && l.Contains("-2024-09-", StringComparison.Ordinal) && !l.Contains("→ —", StringComparison.Ordinal)));
            Assert.Equal(3, delivered); // one card per budget, each delivered by exactly one of the five runs
        }
        finally
        {
            Directory.Delete(sink, recursive: true);
        }
    }

    [Fact]
    public async Task Alerts_test_sends_a_sample_card_and_never_prints_the_webhook_url()
    {
        using var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{FreePort()}"] });
        server.Given(Request.Create().WithPath("/workflows/very-secret").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        var env = new Dictionary<string, string?> { ["TEAMS_ONCALL_WEBHOOK_URL"] = server.Urls[0] + "/workflows/very-secret" };

        var ok = await CliProcess.RunAsync(env, "alerts", "test", "--config", Config, "--channel", "oncall-teams");
        Assert.True(ok.Code == 0, ok.Err + ok.Out);
        var body = JsonNode.Parse(Assert.Single(server.LogEntries).RequestMessage.Body!)!;
        Assert.Equal("Guardrails test alert: this channel is connected", (string?)body["attachments"]![0]!["content"]!["body"]![0]!["text"]);

        server.ResetMappings();
        server.Given(Request.Create().WithPath("/workflows/very-secret").UsingPost()).RespondWith(Response.Create().WithStatusCode(403));
        var failed = await CliProcess.RunAsync(env, "alerts", "test", "--config", Config, "--channel", "oncall-teams");
        Assert.Equal(1, failed.Code);
        Assert.Contains("error: ", failed.Err); // errors on stderr
        Assert.Contains("answered 403", failed.Err);
        Assert.DoesNotContain("very-secret", failed.Out + failed.Err);

        var missing = await CliProcess.RunAsync(new Dictionary<string, string?> { ["SLACK_FINOPS_WEBHOOK_URL"] = null }, "alerts", "test", "--config", Config, "--channel", "finops-slack");
        Assert.Equal(1, missing.Code);
        Assert.Contains("SLACK_FINOPS_WEBHOOK_URL", missing.Err);
    }

    [Fact]
    public async Task A_bad_budget_is_reported_with_file_line_and_field()
    {
        var dir = Directory.CreateTempSubdirectory("guardrails-cfg-").FullName;
        try
        {
            var path = Path.Combine(dir, "guardrails.yaml");
            File.WriteAllText(path, "budgets:\n  - name: vision\n    amount: -5\n    channels: [nowhere]\n");
            var (code, output, err) = await CliProcess.RunAsync(null, "budgets", "--config", path, "--input", Sample);
            Assert.Equal(2, code);
            Assert.Contains("error: " + path + ":3: budgets[0].amount", err); // config errors on stderr, one "error:" line each
            Assert.Contains("'vision'", err);
            Assert.Equal("", output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
