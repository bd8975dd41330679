using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Identity;
using Guardrails.Cli.Commands;
using Guardrails.Cli.Commands.Idle;
using Guardrails.Core.Actions;
using Guardrails.Core.Idle;
using Guardrails.Core.Telemetry;
using Guardrails.Infrastructure.Actions;
using Guardrails.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Guardrails.Cli.Tests.Commands;

/// <summary>
/// <c>guardrails idle</c> in live mode: the real ArmClient against a loopback HTTPS fake of Azure Resource Manager (test
/// credential) and the real Prometheus client against a WireMock query_range API. Four VMs: busy, idle, without
/// telemetry, exempt. Dry-run must send no deallocate; --execute must send exactly one, and audit it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdleLiveCommandTests : IClassFixture<ArmFake>, IDisposable
{
    private const string Sub = "00000000-0000-0000-0000-0000000000b7";
    private const string Rg = "ml-train";
    private static readonly DateTimeOffset Now = new(2026, 7, 14, 22, 0, 0, TimeSpan.Zero);
    private static string VmPath(string name) => $"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.Compute/virtualMachines/{name}";

    private readonly WireMockServer _arm;
    private readonly WireMockServer _prometheus = WireMockServer.Start();
    private readonly string _dir = Directory.CreateTempSubdirectory("idle-live").FullName;

    private readonly AzuriteFixture _azurite;

    public IdleLiveCommandTests(ArmFake fake, AzuriteFixture azurite)
    {
        _azurite = azurite;
        _arm = fake.Server;
        _arm.Reset();
    }

    public void Dispose()
    {
        _prometheus.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    // ---------------------------------------------------------------------------------------------------- fakes

    private static string VmJson(string name, string tags = "{}", string power = "running") =>
        $$$$"""{"id":"{{{{VmPath(name)}}}}","name":"{{{{name}}}}","type":"Microsoft.Compute/virtualMachines","location":"eastus","tags":{{{{tags}}}},"properties":{"hardwareProfile":{"vmSize":"Standard_NC24ads_A100_v4"},"osProfile":{"computerName":"{{{{name}}}}"},"instanceView":{"statuses":[{"code":"ProvisioningState/succeeded"},{"code":"PowerState/{{{{power}}}}"}]}}}""";

    private static readonly (string Name, string Tags)[] Vms =
    [
        ("gpu-busy", """{"owner":"ana@contoso.com"}"""),
        ("gpu-idle", """{"owner":"ben@contoso.com"}"""),
        ("gpu-blind", "{}"),
        ("gpu-exempt", """{"guardrails:exempt":"true"}"""),
    ];

    /// <summary>The subscription's VM list (statusOnly, with instance views), no scale sets, each VM by id, and its deallocate endpoint.</summary>
    private void GivenEstate(string? exemptWhenReRead = null)
    {
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines").UsingGet())
            .RespondWith(Json("{\"value\":[" + string.Join(',', Vms.Select(v => VmJson(v.Name, v.Tags))) + "]}"));
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachineScaleSets").UsingGet())
            .RespondWith(Json("""{"value":[]}"""));
        foreach (var (name, tags) in Vms)
        {
            _arm.Given(Request.Create().WithPath(VmPath(name)).UsingGet())
                .RespondWith(Json(VmJson(name, name == exemptWhenReRead ? """{"guardrails:exempt":"true"}""" : tags)));
            _arm.Given(Request.Create().WithPath(VmPath(name) + "/deallocate").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        }
    }

    private static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    /// <summary>dcgm-exporter series for 75 minutes up to now: gpu-busy works at 90%, gpu-idle and gpu-exempt do nothing, gpu-blind has none.</summary>
    private void GivenPrometheus()
    {
        string Series(string metric, string host, string value)
        {
            var values = string.Join(',', Enumerable.Range(0, 76).Select(i => $"[{Now.AddMinutes(-75 + i).ToUnixTimeSeconds()},\"{value}\"]"));
            return $$$"""{"metric":{"__name__":"{{{metric}}}","gpu":"0","Hostname":"{{{host}}}"},"values":[{{{values}}}]}""";
        }
        string Matrix(params string[] series) => $$$"""{"status":"success","data":{"resultType":"matrix","result":[{{{string.Join(',', series)}}}]}}""";
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.GrEngineActive).UsingGet())
            .RespondWith(Json(Matrix(Series(DcgmMetrics.GrEngineActive, "gpu-busy", "0.9"), Series(DcgmMetrics.GrEngineActive, "gpu-idle", "0"), Series(DcgmMetrics.GrEngineActive, "gpu-exempt", "0.01"))));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.FbUsed).UsingGet())
            .RespondWith(Json(Matrix(Series(DcgmMetrics.FbUsed, "gpu-busy", "40000"), Series(DcgmMetrics.FbUsed, "gpu-idle", "4"), Series(DcgmMetrics.FbUsed, "gpu-exempt", "4"))));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").WithParam("query", DcgmMetrics.FbFree).UsingGet())
            .RespondWith(Json(Matrix(Series(DcgmMetrics.FbFree, "gpu-busy", "41920"), Series(DcgmMetrics.FbFree, "gpu-idle", "81916"), Series(DcgmMetrics.FbFree, "gpu-exempt", "81916"))));
        _prometheus.Given(Request.Create().WithPath("/api/v1/query_range").UsingGet()).AtPriority(100)
            .RespondWith(Json("""{"status":"success","data":{"resultType":"matrix","result":[]}}"""));
    }

    private string Policy(bool dryRun, bool withSubscription = false)
    {
        var path = Path.Combine(_dir, $"guardrails-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            policies:
              - name: idle-train
                scope:
                  {(withSubscription ? $"subscriptions: [{Sub}]" : $"resourceGroups: [{Rg}]")}
                action: deallocate
                maxActionsPerRun: 5
                dryRun: {(dryRun ? "true" : "false")}
            """);
        return path;
    }

    private IdleLiveEnvironment Live(Azure.Core.TokenCredential? credential = null, IConfiguration? settings = null) => new()
    {
        Credential = credential ?? new TestArmCredential(),
        ArmTransport = ArmFake.TrustingTransport(),
        ArmMaxRetries = 0,
        Time = new FakeTimeProvider(Now),
        Settings = settings ?? new ConfigurationBuilder().Build(),
    };

    private IdleCommand.Settings Settings(string config, bool execute = false, bool json = false, bool explain = false, string[]? scopes = null, string? prometheus = null, string? store = null) => new()
    {
        Store = store is null ? null : new Spectre.Console.Cli.FlagValue<string> { IsSet = true, Value = store },
        Config = config,
        Scopes = scopes ?? [$"/subscriptions/{Sub}"],
        Prometheus = prometheus ?? _prometheus.Url,
        ArmEndpoint = _arm.Url,
        Execute = execute,
        AuditLog = Path.Combine(_dir, "audit.jsonl"),
        Json = json,
        Explain = explain,
    };

    private static async Task<(int Code, string Console, string Json)> Run(IdleCommand.Settings settings, IdleLiveEnvironment live)
    {
        var console = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        ansi.Profile.Width = 200;
        var json = new StringWriter();
        var code = await IdleCommand.RunAsync(settings, ansi, json, live);
        return (code, console.ToString(), json.ToString());
    }

    private static Dictionary<string, JsonElement> ByVm(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("resourceId").GetString()!.Split('/')[^1], e => e.Clone());

    private static string[] Reasons(JsonElement e) => e.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();

    private IEnumerable<WireMock.Logging.ILogEntry> Posts => _arm.LogEntries.Where(e => e.RequestMessage.Method == "POST");

    // ---------------------------------------------------------------------------------------------------- tests

    [Fact]
    public async Task Dry_run_decides_on_the_live_estate_and_sends_no_deallocate()
    {
        GivenEstate();
        GivenPrometheus();
        // Scope from the policy's subscription (no --scope), even though the policy itself says dryRun: false.
        var (code, console, json) = await Run(Settings(Policy(dryRun: false, withSubscription: true), json: true, scopes: []), Live());

        Assert.True(code == 0, console);
        var d = ByVm(json);
        Assert.Equal(4, d.Count);
        Assert.Equal("deallocate", d["gpu-idle"].GetProperty("decision").GetString());
        Assert.True(d["gpu-idle"].GetProperty("dryRun").GetBoolean());
        Assert.Contains(IdleLive.ForcedDryRunReason, Reasons(d["gpu-idle"]));
        Assert.Equal(3.673m, d["gpu-idle"].GetProperty("hourlyCost").GetDecimal());
        Assert.Equal(100m, d["gpu-idle"].GetProperty("coverage").GetDecimal());
        Assert.Equal("skip", d["gpu-busy"].GetProperty("decision").GetString());
        Assert.Equal("not idle", Reasons(d["gpu-busy"])[0]);
        Assert.Contains(Reasons(d["gpu-busy"]), r => r.StartsWith("GPU 0: busy (max work 90%", StringComparison.Ordinal));
        Assert.Equal("skip", d["gpu-blind"].GetProperty("decision").GetString());
        Assert.Equal(IdlePolicyEngine.NotEnoughTelemetry, Reasons(d["gpu-blind"])[0]);
        Assert.Equal("skip", d["gpu-exempt"].GetProperty("decision").GetString());
        Assert.Equal("exempt: tag guardrails:exempt=true", Reasons(d["gpu-exempt"])[0]);
        Assert.False(d["gpu-idle"].TryGetProperty("outcome", out _)); // nothing executed

        Assert.Empty(Posts); // dry-run: no deallocate (nor anything else) was sent
        Assert.False(File.Exists(Path.Combine(_dir, "audit.jsonl")));
        var list = Assert.Single(_arm.LogEntries, e => e.RequestMessage.Path == $"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines");
        Assert.Equal("true", list.RequestMessage.Query!["statusOnly"].Single());
        Assert.All(_arm.LogEntries, e => Assert.Equal("Bearer test-token", e.RequestMessage.Headers!["Authorization"].Single()));
        // One query_range per dcgm metric over the policy window plus 10 minutes, ending now.
        Assert.Equal(DcgmMetrics.Collected.Count, _prometheus.LogEntries.Count());
        var query = _prometheus.LogEntries.First().RequestMessage.Query!;
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), query["end"].Single());
        Assert.Equal(Now.AddMinutes(-70).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), query["start"].Single());
    }

    [Fact]
    public async Task Explain_shows_the_window_per_gpu_and_says_nothing_changed()
    {
        GivenEstate();
        GivenPrometheus();
        var (code, console, _) = await Run(Settings(Policy(dryRun: false), explain: true), Live());

        Assert.True(code == 0, console);
        Assert.True(console.Contains("gpu-idle → deallocate", StringComparison.Ordinal), console);
        Assert.Contains("deallocate (dry-run)", console);
        Assert.Contains("gpu-blind → skip", console);
        Assert.Contains("no GPU telemetry for this machine", console);
        Assert.Contains("100% (60/60)", console); // --explain: per-GPU coverage of the 60-minute window
        Assert.Contains("Dry-run: nothing was changed", console);
        Assert.Contains($"Prometheus {_prometheus.Url}", console);
        Assert.Empty(Posts);
    }

    [Fact]
    public async Task Execute_deallocates_only_the_idle_vm_through_the_executor_and_audits_it()
    {
        GivenEstate();
        GivenPrometheus();
        var (code, console, json) = await Run(Settings(Policy(dryRun: false), execute: true, json: true), Live());

        Assert.True(code == 0, console);
        var post = Assert.Single(Posts);
        Assert.Equal(VmPath("gpu-idle") + "/deallocate", post.RequestMessage.Path);
        Assert.False(string.IsNullOrEmpty(post.RequestMessage.Query!["api-version"].Single()));
        Assert.DoesNotContain(_arm.LogEntries, e => e.RequestMessage.Path.EndsWith("/powerOff", StringComparison.OrdinalIgnoreCase));
        // The executor re-read the machine from ARM before acting.
        Assert.Contains(_arm.LogEntries, e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path == VmPath("gpu-idle"));

        var d = ByVm(json);
        Assert.False(d["gpu-idle"].GetProperty("dryRun").GetBoolean());
        Assert.Equal("acted", d["gpu-idle"].GetProperty("outcome").GetProperty("status").GetString());

        var audit = await new JsonLinesActionAuditLog(Path.Combine(_dir, "audit.jsonl")).ReadDayAsync(DateOnly.FromDateTime(Now.UtcDateTime));
        var acted = Assert.Single(audit, e => e.Action == "deallocate");
        Assert.Equal(ActionOutcomeStatus.Acted, acted.Outcome);
        Assert.Equal(VmPath("gpu-idle"), acted.ResourceId);
        Assert.Equal(3.673m, acted.HourlyCostSaved);
        Assert.False(acted.DryRun);
        Assert.Equal("idle-train", acted.RequestedBy);
        // Decisions not to act are audited too, with their reasons.
        Assert.Contains(audit, e => e.Action == "skip" && e.ResourceId == VmPath("gpu-blind") && e.Reasons[0] == IdlePolicyEngine.NotEnoughTelemetry);
        Assert.Contains(audit, e => e.Action == "skip" && e.ResourceId == VmPath("gpu-exempt"));
        Assert.Contains(audit, e => e.Action == "skip" && e.ResourceId == VmPath("gpu-busy") && e.Metrics!.Contains("max work 90%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_with_store_audits_into_the_function_apps_audit_table()
    {
        GivenEstate();
        GivenPrometheus();
        var table = AzuriteFixture.UniqueName("audit");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Idle:AuditTable"] = table }).Build(); // the Function App's setting
        var (code, console, _) = await Run(Settings(Policy(dryRun: false), execute: true, store: _azurite.ConnectionString), Live(settings: settings));

        Assert.True(code == 0, console);
        Assert.Single(Posts);
        Assert.Contains($"table {table} (--store)", console);
        Assert.False(File.Exists(Path.Combine(_dir, "audit.jsonl")));
        var trail = await new TableActionAuditLog(new Azure.Data.Tables.TableClient(_azurite.ConnectionString, table)).ReadDayAsync(DateOnly.FromDateTime(Now.UtcDateTime));
        Assert.Contains(trail, e => e.Action == "deallocate" && e.Outcome == ActionOutcomeStatus.Acted && e.ResourceId == VmPath("gpu-idle"));
        Assert.Equal(3, trail.Count(e => e.Action == "skip"));
    }

    [Fact]
    public async Task Cpu_conditions_read_azure_monitor_on_the_same_endpoint_and_a_busy_host_is_not_idle()
    {
        GivenEstate();
        GivenPrometheus();
        // gpu-idle's GPUs are quiet but its CPU is busy (e.g. data preprocessing); the other machines' metrics fail.
        var points = string.Join(',', Enumerable.Range(0, 71).Select(i => $$"""{"timeStamp":"{{Now.AddMinutes(-70 + i).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}","average":40,"maximum":55}"""));
        _arm.Given(Request.Create().WithPath(VmPath("gpu-idle") + "/providers/Microsoft.Insights/metrics").UsingGet())
            .RespondWith(Json($$"""{"value":[{"name":{"value":"Percentage CPU"},"unit":"Percent","timeseries":[{"data":[{{points}}]}]}]}"""));
        var config = Path.Combine(_dir, "cpu.yaml");
        File.WriteAllText(config, $"""
            policies:
              - name: idle-train
                scope: {"{"} resourceGroups: [{Rg}] {"}"}
                condition: {"{"} cpuBelowPercent: 5 {"}"}
                action: deallocate
                dryRun: false
            """);
        var (code, console, json) = await Run(Settings(config, json: true), Live());

        Assert.True(code == 0, console);
        var d = ByVm(json);
        Assert.Equal("skip", d["gpu-idle"].GetProperty("decision").GetString());
        Assert.Contains(Reasons(d["gpu-idle"]), r => r.StartsWith("host busy: max CPU 55%", StringComparison.Ordinal));
        var metrics = Assert.Single(_arm.LogEntries, e => e.RequestMessage.Path == VmPath("gpu-idle") + "/providers/Microsoft.Insights/metrics");
        Assert.Equal("Bearer test-token", metrics.RequestMessage.Headers!["Authorization"].Single());
        Assert.Contains("Azure Monitor metrics for gpu-exempt unavailable (404", console); // warned, and not idle
        Assert.Empty(Posts);
    }

    [Fact]
    public async Task Dry_run_with_store_audits_the_decisions_and_changes_nothing()
    {
        GivenEstate();
        GivenPrometheus();
        var table = AzuriteFixture.UniqueName("audit");
        var settings = Settings(Policy(dryRun: false), store: _azurite.ConnectionString);
        var (code, console, _) = await Run(new IdleCommand.Settings
        {
            Config = settings.Config,
            Scopes = settings.Scopes,
            Prometheus = settings.Prometheus,
            ArmEndpoint = settings.ArmEndpoint,
            Store = settings.Store,
            AuditTable = table,
        }, Live());

        Assert.True(code == 0, console);
        Assert.Empty(Posts);
        Assert.Contains("Dry-run: nothing was changed", console);
        var trail = await new TableActionAuditLog(new Azure.Data.Tables.TableClient(_azurite.ConnectionString, table)).ReadDayAsync(DateOnly.FromDateTime(Now.UtcDateTime));
        var deallocate = Assert.Single(trail, e => e.Action == "deallocate");
        Assert.Equal(ActionOutcomeStatus.DryRun, deallocate.Outcome);
        Assert.True(deallocate.DryRun);
        Assert.Equal(3, trail.Count(e => e.Action == "skip"));
    }

    [Fact]
    public async Task Execute_with_a_dry_run_policy_changes_nothing()
    {
        GivenEstate();
        GivenPrometheus();
        var (code, console, _) = await Run(Settings(Policy(dryRun: true), execute: true), Live());

        Assert.True(code == 0, console);
        Assert.Empty(Posts);
        Assert.Contains("executor: DryRun — dry-run: would deallocate", console);
        Assert.Contains("Executed: 0 action(s) taken, 1 dry-run", console);
    }

    [Fact]
    public async Task Execute_re_checks_the_machine_and_skips_one_exempted_since_the_evaluation()
    {
        // Between the list and the executor's re-read, the owner tagged the VM exempt.
        GivenEstate(exemptWhenReRead: "gpu-idle");
        GivenPrometheus();
        var (code, console, _) = await Run(Settings(Policy(dryRun: false), execute: true), Live());

        Assert.True(code == 0, console);
        Assert.Empty(Posts);
        Assert.Contains("executor: Skipped — exempt: tag guardrails:exempt=true", console);
    }

    [Fact]
    public async Task Arm_403_names_the_scope_and_fails()
    {
        // A resource-group scope is listed through the group (no GET of the group itself): the VM list is what a missing role refuses.
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/resourceGroups/{Rg}/providers/Microsoft.Compute/virtualMachines").UsingGet())
            .RespondWith(Json("""{"error":{"code":"AuthorizationFailed","message":"The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read'."}}""", 403));
        GivenPrometheus();
        var scope = $"/subscriptions/{Sub}/resourceGroups/{Rg}";
        var (code, console, json) = await Run(Settings(Policy(dryRun: false), json: true, scopes: [scope]), Live());

        Assert.Equal(1, code);
        Assert.True(console.Contains($"scope '{scope}' failed: 403 AuthorizationFailed", StringComparison.Ordinal), console);
        Assert.Contains("needs Reader on the scope", console);
        Assert.Equal("", json);
    }

    [Fact]
    public async Task Arm_401_is_a_clear_error()
    {
        _arm.Given(Request.Create().WithPath($"/subscriptions/{Sub}/providers/Microsoft.Compute/virtualMachines").UsingGet())
            .RespondWith(Json("""{"error":{"code":"InvalidAuthenticationToken","message":"The access token is invalid."}}""", 401));
        GivenPrometheus();
        var (code, console, _) = await Run(Settings(Policy(dryRun: false)), Live());

        Assert.Equal(1, code);
        Assert.Contains($"scope '/subscriptions/{Sub}' failed: 401 InvalidAuthenticationToken", console);
        Assert.Contains("the token was refused", console);
    }

    [Fact]
    public async Task Unreachable_prometheus_names_its_url_and_fails()
    {
        GivenEstate();
        var closed = $"http://127.0.0.1:{ArmFake.FreePort()}/";
        var (code, console, _) = await Run(Settings(Policy(dryRun: false), prometheus: closed), Live());

        Assert.Equal(1, code);
        Assert.Contains($"Prometheus at {closed} is unreachable", console);
        Assert.Empty(Posts);
    }

    [Fact]
    public async Task No_azure_credential_is_a_clear_error()
    {
        GivenPrometheus();
        var (code, console, _) = await Run(Settings(Policy(dryRun: false)), Live(credential: new NoCredential()));

        Assert.Equal(2, code);
        Assert.Contains("no usable Azure credential", console);
        Assert.Contains("az login", console);
        Assert.DoesNotContain(_arm.LogEntries, e => e.RequestMessage.Headers!.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Scopes_and_prometheus_come_from_the_function_app_settings()
    {
        GivenEstate();
        GivenPrometheus();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Idle:Scopes:0"] = $"/subscriptions/{Sub}",
            ["Idle:PrometheusUrl"] = _prometheus.Url,
            ["Idle:ArmEndpoint"] = _arm.Url,
        }).Build();
        var (code, console, json) = await Run(new IdleCommand.Settings { Config = Policy(dryRun: false), Json = true }, Live(settings: settings));

        Assert.True(code == 0, console);
        Assert.Equal("deallocate", ByVm(json)["gpu-idle"].GetProperty("decision").GetString());
        Assert.Empty(Posts);
    }

    [Theory]
    [InlineData("/subscriptions/not-a-guid")]
    [InlineData("ml-train")]
    public async Task A_bad_scope_is_rejected_before_any_request(string scope)
    {
        var (code, console, _) = await Run(Settings(Policy(dryRun: false), scopes: [scope]), Live());
        Assert.Equal(1, code);
        Assert.Contains($"scope '{scope}' is not an ARM scope", console);
        Assert.Empty(_arm.LogEntries);
    }

    [Fact]
    public async Task Execute_with_recorded_telemetry_is_refused()
    {
        var (code, console, _) = await Run(new IdleCommand.Settings
        {
            Config = Path.Combine(TestData.RepositoryRoot, "guardrails.yaml"),
            Telemetry = TestData.Sample("telemetry", "demo"),
            Execute = true,
        }, Live());
        Assert.Equal(1, code);
        Assert.Contains("--execute: live mode only", console);
    }

    private sealed class NoCredential : Azure.Core.TokenCredential
    {
        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials.");
        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token from the included credentials.");
    }
}

/// <summary>The safety rules are stated in `guardrails idle --help` (and the help renders: options are markup).</summary>
public sealed class IdleHelpTests
{
    [Fact]
    public async Task Help_states_the_live_mode_safety_rules()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        var app = GuardrailsApp.Create();
        app.Configure(c => c.Settings.Console = console);
        Assert.Equal(0, await app.RunAsync(["idle", "--help"]));
        var help = output.ToString();
        Assert.Contains("--execute", help);
        Assert.Contains("without --execute nothing is ever changed", help);
        Assert.Contains("only decisions of policies with dryRun: false act", help);
        Assert.Contains("never power-off", help);
        Assert.Contains("--scope <SCOPE>", help);
        Assert.Contains("--prometheus <URL>", help);
        Assert.Contains("DefaultAzureCredential", help);
    }
}
