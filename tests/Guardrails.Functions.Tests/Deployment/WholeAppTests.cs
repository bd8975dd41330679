using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Guardrails.Core.Actions;
using Guardrails.Core.Ledger;
using Guardrails.Core.PullRequests;
using Guardrails.Core.RightSizing;
using Guardrails.Core.Telemetry;
using Guardrails.Functions.Functions;
using Guardrails.Functions.Startup;
using Guardrails.Functions.Tests.Functions;
using Guardrails.Infrastructure.Actions;
using Guardrails.Infrastructure.Composition;
using Guardrails.Infrastructure.Exports;
using Guardrails.Infrastructure.Ledger;
using Guardrails.Infrastructure.Local;
using Guardrails.Infrastructure.Pricing;
using Guardrails.Infrastructure.Storage;
using Guardrails.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Guardrails.Functions.Tests.Deployment;

/// <summary>
/// The whole Function App, built exactly as Program.cs builds it (<see cref="FunctionAppComposition.AddGuardrailsFunctionApp"/>)
/// with the compiled template's app settings as its configuration — Key Vault references replaced by test values, storage
/// pointed at its own Azurite, ARM / GitHub / Teams / Slack / Prometheus at loopback fakes — and one day driven through
/// its functions. Every message a function produces is consumed here by its real consumer.
/// The host plugs in only what Azure would give it: a clock, a credential, the ARM fake's certificate, logging.
/// </summary>
public sealed class WholeAppTests : IAsyncLifetime, IClassFixture<ArmFake>
{
    private const string Sub = "00000000-0000-0000-0000-0000000000d1";
    private const string DevVm = $"/subscriptions/{Sub}/resourceGroups/ml-dev/providers/Microsoft.Compute/virtualMachines/dev-a100-01";
    private const string ProdVm = $"/subscriptions/{Sub}/resourceGroups/ml-prod/providers/Microsoft.Compute/virtualMachines/prod-a100-01";
    private const string TrainVm = $"/subscriptions/{Sub}/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/train-h100-01";
    private const string Owner = "derekg1729", Repo = "test-repo", WebhookSecret = "whole-app-webhook-secret";
    private const string DashboardUrl = "https://func-guardrails-test.azurewebsites.net/api/dashboard";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private readonly WireMockServer _arm;
    private readonly WireMockServer _hooks = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{ArmFake.FreePort()}"] });
    private readonly WireMockServer _prometheus = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{ArmFake.FreePort()}"] });
    private readonly WireMockServer _retailPrices = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{ArmFake.FreePort()}"] });
    private readonly FakeGitHub _github = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("whole-app").FullName;
    private AzuriteLauncher? _azurite;

    public WholeAppTests(ArmFake arm)
    {
        _arm = arm.Server;
        _arm.Reset();
    }

    public async Task InitializeAsync() => _azurite = await AzuriteLauncher.StartAsync(); // its own instance: the app's fixed queue and table names

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
        _hooks.Dispose();
        _prometheus.Dispose();
        _retailPrices.Dispose();
        _github.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task One_day_through_every_function_of_the_app_as_deployed()
    {
        GivenFakes();
        var configuration = DeployedConfiguration();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<Azure.Core.TokenCredential>(new TestArmCredential());
        services.AddSingleton(new ArmTransportOptions(ArmFake.TrustingTransport(), MaxRetries: 0));
        services.AddGuardrailsFunctionApp(configuration); // what Program.cs calls
        await using var app = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        T Function<T>() => ActivatorUtilities.CreateInstance<T>(app);
        var storage = app.GetRequiredService<StorageClients>();

        // 1. A Cost Management export run lands in the export container (template: Pipeline__ExportContainers).
        var csv = ExportCsv();
        var container = storage.Blobs.GetBlobContainerClient(configuration["Pipeline:ExportContainers"]);
        await ExportLayoutWriter.UploadRunAsync(container, "costs", "guardrailsfocus", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            "0b7f3a52-1c5e-4f7e-9a8e-6d1f2c3b4a59", Now.AddHours(-2), ExportLayoutWriter.SplitCsv(Encoding.UTF8.GetBytes(csv), 2));

        // 2. DiscoverExports → the real export-parts messages → IngestExportPart; the ledger equals the export to the cent.
        await Function<DiscoverExports>().Run(PipelineHarness.Timer(), PipelineHarness.Context());
        var parts = await DrainAsync(storage.Queues.GetQueueClient(ExportPipelineOptions.PartsQueueName),
            (m, n) => Function<IngestExportPart>().Run(m, PipelineHarness.Context(n)));
        Assert.Equal(2, parts);
        var ledger = app.GetRequiredService<ICostLedgerReader>();
        var facts = await ledger.GetFactsAsync(LedgerQuery.ForMonth(2026, 11));
        Assert.Equal(ExportTotal(csv), facts.Sum(f => f.BilledCost));
        Assert.Equal(3 * 19 * 100m, facts.Sum(f => f.BilledCost));

        // 3. EvaluateBudgets → Teams and Slack receive each alert once, with the deployed dashboard link; a second run sends nothing.
        var budgets = Function<EvaluateBudgets>();
        await budgets.Run(PipelineHarness.Timer(), PipelineHarness.Context());
        var teams = Bodies("/teams");
        var slack = Bodies("/slack");
        Assert.NotEmpty(teams);
        Assert.Equal(teams.Count, slack.Count);
        Assert.Equal(teams.Count, teams.Distinct().Count());
        Assert.Contains(teams, b => b.Contains("spending limit reached", StringComparison.OrdinalIgnoreCase));
        Assert.All(teams, b => Assert.Contains(DashboardUrl, b));
        Assert.All(teams.Concat(slack), b => Assert.DoesNotContain("localhost", b));
        await budgets.Run(PipelineHarness.Timer(), PipelineHarness.Context());
        Assert.Equal(teams.Count, Bodies("/teams").Count);

        // 4. The spending limit's request on the actions queue → ExecuteAction (Actions__DryRun=false, policy dryRun: false)
        //    → the ARM fake receives exactly one deallocate, for the dev VM only, and the audit table has the row.
        var actions = storage.Queues.GetQueueClient(ActionRequestMessage.QueueName);
        Assert.Equal(1, await DrainAsync(actions, (m, _) => Function<ExecuteAction>().Run(m, PipelineHarness.Context())));
        Assert.Equal([DevVm + "/deallocate"], ArmPosts());
        var audit = Assert.IsType<TableActionAuditLog>(app.GetRequiredService<IActionAuditLog>());
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        var acted = Assert.Single(await audit.ReadDayAsync(today), e => e.Origin == ActionOrigin.SpendingLimit);
        Assert.Equal(ActionOutcomeStatus.Acted, acted.Outcome);
        Assert.Equal(DevVm, acted.ResourceId);

        // 5. CollectTelemetry + EvaluateIdle against the Prometheus fake: rollups written; the idle training VM gets a (dry-run)
        //    request that ExecuteAction audits without touching ARM.
        await Function<CollectTelemetry>().Run(PipelineHarness.Timer(), PipelineHarness.Context());
        var rollups = await app.GetRequiredService<IRollupStore>().GetAsync("train-h100-01", Now.AddHours(-1), Now);
        Assert.Equal(8, rollups.Select(r => r.GpuId).Distinct().Count());
        await Function<EvaluateIdle>().Run(PipelineHarness.Timer(), PipelineHarness.Context());
        Assert.Equal(1, await DrainAsync(actions, (m, _) => Function<ExecuteAction>().Run(m, PipelineHarness.Context())));
        Assert.Equal([DevVm + "/deallocate"], ArmPosts());
        var idle = Assert.Single(await audit.ReadDayAsync(today),
            e => e.Origin == ActionOrigin.IdlePolicy && e.ResourceId == TrainVm && e.Action == "deallocate");
        Assert.Equal(ActionOutcomeStatus.DryRun, idle.Outcome);

        // 5b. RightSizeGpuVms over the stored rollups: every GPU VM gets a stored verdict; one hour of telemetry is far below
        //     rightsizing.minRunningHours, so none is recommended and the reason says so (never a guess).
        await Function<RightSizeGpuVms>().Run(PipelineHarness.Timer(), PipelineHarness.Context());
        var sized = await app.GetRequiredService<IRightSizingStore>().GetLatestAsync();
        Assert.Contains("the VM ran 1 hour(s) in the 14-day window", Assert.Single(sized, r => r.ResourceId == TrainVm).Reasons[0], StringComparison.Ordinal);
        Assert.All(sized, r => Assert.Null(r.RecommendedSize));

        // 6. GitHubWebhook (signed) → the pr-checks queue → CheckPullRequest → the GitHub fake receives the comment and the status.
        var body = File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "tests", "Guardrails.Infrastructure.Tests", "testdata", "github-webhooks", "pull_request.opened.raw-body.json"));
        var context = PipelineHarness.Context();
        var request = new TestRequest(context, "https://func-guardrails-test.azurewebsites.net/api/github/webhook", "POST", body);
        request.Headers.Add("X-GitHub-Event", "pull_request");
        request.Headers.Add("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.Compute(WebhookSecret, body));
        var prFunctions = Function<PullRequestFunctions>();
        Assert.Equal(HttpStatusCode.Accepted, ((TestResponse)await prFunctions.GitHubWebhookAsync(request, CancellationToken.None)).StatusCode);
        Assert.Equal(1, await DrainAsync(storage.Queues.GetQueueClient(StoragePullRequestCheckQueueName), (m, _) => prFunctions.CheckPullRequestAsync(m, CancellationToken.None)));
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/issues/315/comments");
        Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path.StartsWith($"/repos/{Owner}/{Repo}/statuses/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pull_request_adding_Standard_D4s_v5_in_australiaeast_is_priced_live_from_the_Retail_Prices_API()
    {
        GivenFakes();
        // The public azurerm example's VM (tf-provider-examples/virtual-machines-linux-basic-ssh), at a size and region the
        // snapshot's detailed rows and the cache do not hold.
        const string Tf = """
            resource "azurerm_linux_virtual_machine" "main" {
              name                = "web-vm"
              resource_group_name = "rg-web"
              location            = "Australia East"
              size                = "Standard_D4s_v5"
              admin_username      = "adminuser"
              network_interface_ids = []
              source_image_reference {
                publisher = "Canonical"
                offer     = "0001-com-ubuntu-server-jammy"
                sku       = "22_04-lts"
                version   = "latest"
              }
              os_disk {
                storage_account_type = "Standard_LRS"
                caching              = "ReadWrite"
              }
            }
            """;
        const string Filter = "serviceName eq 'Virtual Machines' and armRegionName eq 'australiaeast' and (armSkuName eq 'Standard_D4s_v5')";
        _retailPrices.Given(Request.Create().WithPath(RetailPricesPath).WithParam("$filter", Filter).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""
                {"BillingCurrency":"USD","NextPageLink":null,"Items":[{"currencyCode":"USD","retailPrice":0.25,"unitPrice":0.25,
                "armRegionName":"australiaeast","armSkuName":"Standard_D4s_v5","effectiveStartDate":"2026-12-01T00:00:00Z",
                "meterId":"00000000-0000-0000-0000-0000000000aa","meterName":"D4s v5","productName":"Virtual Machines Dsv5 Series",
                "skuName":"D4s v5","skuId":"DZH318Z0BQ4L/00B5","serviceName":"Virtual Machines","unitOfMeasure":"1 Hour","type":"Consumption"}]}
                """));
        var pr = JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "tests", "Guardrails.Infrastructure.Tests", "testdata",
            "github-webhooks", "pull_request.opened.raw-body.json")))!["pull_request"]!;
        var (head, @base) = ((string)pr["head"]!["sha"]!, (string)pr["base"]!["sha"]!);
        _github.Files(Owner, Repo, 315, ("web/main.tf", "added", null));
        _github.Content(Owner, Repo, "web/main.tf", head, Tf);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<Azure.Core.TokenCredential>(new TestArmCredential());
        services.AddSingleton(new ArmTransportOptions(ArmFake.TrustingTransport(), MaxRetries: 0));
        services.AddGuardrailsFunctionApp(DeployedConfiguration()); // what Program.cs calls
        await using var app = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var prFunctions = ActivatorUtilities.CreateInstance<PullRequestFunctions>(app);
        var message = new PullRequestCheckRequest(Owner, Repo, 315, head, @base, "opened", "d4s-v5", null, null, null, Now).ToJson();

        await prFunctions.CheckPullRequestAsync(message, CancellationToken.None);
        var comment = Assert.Single(_github.Calls, c => c.Method == "POST" && c.Path == $"/repos/{Owner}/{Repo}/issues/315/comments").Body!;
        Assert.Contains("Standard_D4s_v5", comment, StringComparison.Ordinal);
        Assert.Contains("$182.50", comment, StringComparison.Ordinal); // 0.25/h × 730 h: the API's price, not the snapshot's 0.24
        Assert.Contains("Azure Retail Prices API 2023-01-01-preview, asked live (as of 2026-11-20)", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("Not priced", comment, StringComparison.Ordinal);
        var asked = _retailPrices.LogEntries.Count();
        Assert.InRange(asked, 1, new RetailPricesOptions().MaxLiveLookupsPerCheck); // the size, then the compared regions: bounded
        Assert.Equal(Filter, _retailPrices.LogEntries.OrderBy(e => e.RequestMessage.DateTime).First().RequestMessage.Query!["$filter"].Single());

        // The next check of the same PR reads the table: no call to the API.
        _github.ResetLog();
        await prFunctions.CheckPullRequestAsync(message, CancellationToken.None);
        Assert.Equal(asked, _retailPrices.LogEntries.Count());
        Assert.Contains("Azure Retail Prices API 2023-01-01-preview, price cache (as of 2026-11-20)",
            _github.Calls.First(c => c.Method is "POST" or "PATCH" && c.Path.Contains("/comments", StringComparison.Ordinal)).Body, StringComparison.Ordinal);
    }

    private const string RetailPricesPath = "/api/retail/prices";

    private const string StoragePullRequestCheckQueueName = Guardrails.Infrastructure.GitHub.StoragePullRequestCheckQueue.DefaultQueueName;

    // ------------------------------------------------------------------------------------------------ configuration

    /// <summary>
    /// The compiled template's app settings: literals as the template gives them, parameters at their defaults, and every
    /// other expression (endpoints, identities, Key Vault references) replaced by its local stand-in. A setting the template
    /// gains without a stand-in here fails the test, so the test keeps up with the template.
    /// </summary>
    private IConfiguration DeployedConfiguration()
    {
        var template = CompiledTemplate.Main;
        var parameters = template.Json["parameters"]!.AsObject();
        var configPath = Path.Combine(_dir, "guardrails.yaml");
        File.WriteAllText(configPath, GuardrailsYaml);
        var standIns = new Dictionary<string, string?>
        {
            ["AZURE_CLIENT_ID"] = "00000000-0000-0000-0000-0000000000c1",
            ["GuardrailsConfigPath"] = configPath,
            ["Actions__DryRun"] = "false",
            ["Idle__Scopes"] = $"/subscriptions/{Sub}",
            ["Idle__ArmEndpoint"] = _arm.Url,
            ["Idle__AzureMonitorMetrics"] = "false",
            ["Idle__PrometheusUrl"] = _prometheus.Url,
            ["Budgets__DashboardUrl"] = DashboardUrl,
            ["GuardrailEvents__ServiceBus"] = "", // no Service Bus emulator here: the topic is off (NullEventPublisher)
            ["GuardrailEvents__Topic"] = "guardrail-events",
            ["TEAMS_ONCALL_WEBHOOK_URL"] = _hooks.Url + "/teams",
            ["SLACK_FINOPS_WEBHOOK_URL"] = _hooks.Url + "/slack",
            ["GitHub__WebhookSecret"] = WebhookSecret,
            ["GitHub__Token"] = "ghs_test_token",
            ["GitHub__ApiBaseUrl"] = _github.ApiBaseUrl,
        };
        string[] replaced = ["AzureWebJobsStorage__", "GuardrailsStorage__", "GuardrailsExports__", "APPLICATIONINSIGHTS_", "GitHub__AppId", "GitHub__AppPrivateKey"];
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = _azurite!.ConnectionString,
            ["GuardrailsStorage"] = _azurite.ConnectionString,
            ["GitHub__RetryBaseDelaySeconds"] = "0",
            ["RetailPrices__ApiUrl"] = _retailPrices.Urls[0] + RetailPricesPath, // not in the template: the public API by default
        };
        var unmapped = new List<string>();
        foreach (var (name, expression) in template.AppSettings)
        {
            if (replaced.Any(p => name.StartsWith(p, StringComparison.Ordinal))) continue;
            if (standIns.TryGetValue(name, out var standIn)) values[name] = standIn;
            else if (Regex.Match(expression, @"^'((?:[^']|'')*)'$") is { Success: true } literal) values[name] = literal.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
            else if (Regex.Match(expression, @"^parameters\('([^']+)'\)$") is { Success: true } p && parameters[p.Groups[1].Value]?["defaultValue"] is JsonValue d)
                values[name] = d.ToString();
            else unmapped.Add($"{name} = {expression}");
        }
        Assert.Empty(unmapped);
        // App settings arrive as environment variables: '__' is the section separator.
        return new ConfigurationBuilder().AddInMemoryCollection(values.Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value))).Build();
    }

    private const string GuardrailsYaml = """
        allocation:
          keys:
            - name: team
            - name: env
        budgets:
          - name: vision
            scope: { team: vision }
            amount: 4000
            currency: USD
            thresholds: [50, 100]
            forecastThresholds: [100]
            channels: [oncall-teams, finops-slack]
            onBreach:
              action: deallocate
              scope: { env: dev }
              threshold: 100
              dryRun: false
        channels:
          oncall-teams: { kind: teams, webhookUrlSetting: TEAMS_ONCALL_WEBHOOK_URL }
          finops-slack: { kind: slack, webhookUrlSetting: SLACK_FINOPS_WEBHOOK_URL }
        policies:
          - name: idle-training
            scope: { resourceGroups: [ml-train] }
            action: deallocate
            dryRun: true
        """;

    /// <summary>Nov 1–19: three VMs of team vision at 100 USD a day each (dev, prod, training), as a FOCUS export.</summary>
    private static string ExportCsv()
    {
        var sb = new StringBuilder("ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ResourceId,ResourceName,ServiceName,Tags\n");
        for (var day = 1; day <= 19; day++)
        {
            var start = new DateTime(2026, 11, day, 0, 0, 0, DateTimeKind.Utc);
            foreach (var (id, env) in new[] { (DevVm, "dev"), (ProdVm, "prod"), (TrainVm, "train") })
                sb.Append(CultureInfo.InvariantCulture, $"{start:yyyy-MM-ddTHH:mm:ssZ},{start.AddDays(1):yyyy-MM-ddTHH:mm:ssZ},100.00,100.00,USD,Usage,{id},{id.Split('/')[^1]},Virtual Machines,\"{{\"\"team\"\":\"\"vision\"\",\"\"env\"\":\"\"{env}\"\"}}\"\n");
        }
        return sb.ToString();
    }

    private static decimal ExportTotal(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Sum(l => decimal.Parse(l.Split(',')[2], CultureInfo.InvariantCulture));

    // ------------------------------------------------------------------------------------------------ fakes

    private void GivenFakes()
    {
        static IResponseBuilder Json(string body, int status = 200) => Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        static string Vm(string id, string size, string host) =>
            $$$$"""{"id":"{{{{id}}}}","name":"{{{{id.Split('/')[^1]}}}}","type":"Microsoft.Compute/virtualMachines","location":"eastus","tags":{"team":"vision","owner":"ana@contoso.com"},"properties":{"hardwareProfile":{"vmSize":"{{{{size}}}}"},"osProfile":{"computerName":"{{{{host}}}}"},"instanceView":{"statuses":[{"code":"ProvisioningState/succeeded"},{"code":"PowerState/running"}]}}}""";
        var vms = new[] { (DevVm, "Standard_NC24ads_A100_v4", "dev-a100-01"), (ProdVm, "Standard_NC24ads_A100_v4", "prod-a100-01"), (TrainVm, "Standard_ND96isr_H100_v5", "train-h100-01") };
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines").UsingGet())
            .RespondWith(Json("{\"value\":[" + string.Join(',', vms.Select(v => Vm(v.Item1, v.Item2, v.Item3))) + "]}"));
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachineScaleSets").UsingGet()).RespondWith(Json("""{"value":[]}"""));
        foreach (var (id, size, host) in vms)
        {
            _arm.Given(Request.Create().WithPath(id).UsingGet()).RespondWith(Json(Vm(id, size, host)));
            _arm.Given(Request.Create().WithPath(id + "/deallocate").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        }

        _hooks.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        // The Retail Prices API: no price unless a test says otherwise.
        _retailPrices.Given(Request.Create().WithPath(RetailPricesPath).UsingGet()).AtPriority(100)
            .RespondWith(Json("""{"BillingCurrency":"USD","Items":[],"NextPageLink":null}"""));

        // dcgm-exporter: the 8 GPUs of train-h100-01 did nothing for the last 75 minutes; the A100s are busy.
        string Series(string metric, string host, int gpu, string value)
        {
            var points = string.Join(',', Enumerable.Range(0, 76).Select(i => $"[{Now.AddMinutes(-75 + i).ToUnixTimeSeconds()},\"{value}\"]"));
            return "{\"metric\":{\"__name__\":\"" + metric + "\",\"gpu\":\"" + gpu + "\",\"Hostname\":\"" + host + "\"},\"values\":[" + points + "]}";
        }
        string Matrix(string metric, Func<string, string> value)
        {
            var series = Enumerable.Range(0, 8).Select(g => Series(metric, "train-h100-01", g, value("train")))
                .Concat(new[] { "dev-a100-01", "prod-a100-01" }.Select(h => Series(metric, h, 0, value("a100"))));
            return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + string.Join(',', series) + "]}}";
        }
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.GrEngineActive).UsingGet())
            .RespondWith(Json(Matrix(DcgmMetrics.GrEngineActive, v => v == "train" ? "0" : "0.9")));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.FbUsed).UsingGet())
            .RespondWith(Json(Matrix(DcgmMetrics.FbUsed, v => v == "train" ? "4" : "40000")));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.FbFree).UsingGet())
            .RespondWith(Json(Matrix(DcgmMetrics.FbFree, v => v == "train" ? "81916" : "41920")));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").UsingGet()).AtPriority(100)
            .RespondWith(Json("""{"status":"success","data":{"resultType":"matrix","result":[]}}"""));

        var body = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "tests", "Guardrails.Infrastructure.Tests", "testdata", "github-webhooks", "pull_request.opened.raw-body.json"));
        var pr = JsonNode.Parse(body)!["pull_request"]!;
        var (head, @base) = ((string)pr["head"]!["sha"]!, (string)pr["base"]!["sha"]!);
        _github.PullRequest(Owner, Repo, 315, pr.ToJsonString());
        _github.Files(Owner, Repo, 315, ("aks/gpu-pool.tf", "modified", null));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", @base, File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", "base", "aks", "gpu-pool.tf")));
        _github.Content(Owner, Repo, "aks/gpu-pool.tf", head, File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "iac", "head", "aks", "gpu-pool.tf")));
        _github.Comments(Owner, Repo, 315);
        _github.AcceptWrites(Owner, Repo, 315);
    }

    private List<string> Bodies(string path) =>
        _hooks.LogEntries.Where(e => e.RequestMessage.Path == path).Select(e => e.RequestMessage.Body ?? "").ToList();

    private List<string> ArmPosts() =>
        _arm.LogEntries.Where(e => e.RequestMessage.Method == "POST").Select(e => e.RequestMessage.Path).ToList();

    /// <summary>Delivers every message of a queue to its consumer, as the queue trigger does; returns how many were consumed.</summary>
    private static async Task<int> DrainAsync(QueueClient queue, Func<string, long, Task> consume)
    {
        await queue.CreateIfNotExistsAsync();
        var count = 0;
        while ((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1))).Value.FirstOrDefault() is { } message)
        {
            await consume(message.Body.ToString(), message.DequeueCount);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            count++;
        }
        return count;
    }
}
