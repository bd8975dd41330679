using Azure.ResourceManager;
using Guardrails.Core.Actions;
using Guardrails.Core.Events;
using Guardrails.Core.Pricing;
using Guardrails.Infrastructure.Compute;
using Guardrails.Testing;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Request = WireMock.RequestBuilders.Request;

namespace Guardrails.Infrastructure.Tests.Compute;

/// <summary>
/// The real ArmClient (Azure.ResourceManager.Compute 1.2.0) against a loopback HTTPS fake of Azure Resource Manager:
/// asserts the REST requests it sends (method, path, api-version, bearer token).
/// </summary>
public sealed class ArmComputeTests : IClassFixture<ArmFake>
{
    private const string Sub = "00000000-0000-0000-0000-0000000000a1";
    private const string VmPath = $"/subscriptions/{Sub}/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachines/gpu01";
    private const string SetPath = $"/subscriptions/{Sub}/resourceGroups/ml-train/providers/Microsoft.Compute/virtualMachineScaleSets/pool";

    private readonly WireMockServer _arm;
    private readonly ArmCompute _compute;

    public ArmComputeTests(ArmFake fake)
    {
        _arm = fake.Server;
        _arm.Reset();
        var options = new ArmClientOptions
        {
            Environment = new ArmEnvironment(new Uri(_arm.Url!), "https://management.azure.com/"),
            Transport = ArmFake.TrustingTransport(),
        };
        options.Retry.MaxRetries = 0;
        _compute = new ArmCompute(new ArmClient(new TestArmCredential(), Sub, options), VmSkuCatalog.Default);
    }

    private static string VmJson(string power, string tags = """{"owner":"ana@contoso.com"}""") =>
        """{"id":"VMPATH","name":"gpu01","type":"Microsoft.Compute/virtualMachines","location":"eastus","tags":TAGS,"properties":{"hardwareProfile":{"vmSize":"Standard_ND96isr_H100_v5"},"osProfile":{"computerName":"gpu01-host"},"instanceView":{"statuses":[{"code":"ProvisioningState/succeeded"},{"code":"PowerState/POWER"}]}}}"""
            .Replace("VMPATH", VmPath, StringComparison.Ordinal).Replace("TAGS", tags, StringComparison.Ordinal).Replace("POWER", power, StringComparison.Ordinal);

    private void GivenVm(string power, string tags = """{"owner":"ana@contoso.com"}""") =>
        _arm.Given(Request.Create().WithPath(VmPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(VmJson(power, tags)));

    private void GivenDeallocate(int status, string? retryAfter = null)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json");
        if (retryAfter is not null) response = response.WithHeader("Retry-After", retryAfter);
        if (status >= 400) response = response.WithBody("""{"error":{"code":"OperationNotAllowed","message":"Operation 'deallocate' is not allowed since another operation is in progress."}}""");
        _arm.Given(Request.Create().WithPath(VmPath + "/deallocate").UsingPost()).RespondWith(response);
    }

    [Fact]
    public async Task Reads_power_state_tags_and_computer_name_from_the_instance_view()
    {
        GivenVm("running");
        var vm = await _compute.GetMachineAsync(VmPath);
        Assert.NotNull(vm);
        Assert.Equal(MachinePowerState.Running, vm.PowerState);
        Assert.Equal("Standard_ND96isr_H100_v5", vm.VmSize);
        Assert.Equal("gpu01-host", vm.ComputerName);
        Assert.Equal("ana@contoso.com", vm.Tag("owner"));
        var get = Assert.Single(_arm.LogEntries);
        Assert.Equal("instanceView", get.RequestMessage.Query!["$expand"].Single());
        Assert.Equal("Bearer test-token", get.RequestMessage.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_resource_group_scope_is_listed_through_the_group_only_never_subscription_wide()
    {
        // With the role assigned on the resource group only, a subscription-wide list (or a GET of the group) would be 403.
        const string Group = $"/subscriptions/{Sub}/resourceGroups/ml-train";
        _arm.Given(Request.Create().WithPath(Group + "/providers/Microsoft.Compute/virtualMachines").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"value\":[" + VmJson("running") + "]}"));
        _arm.Given(Request.Create().WithPath(Group + "/providers/Microsoft.Compute/virtualMachineScaleSets").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[]}"""));
        _arm.Given(Request.Create().UsingAnyMethod()).AtPriority(100)
            .RespondWith(Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json").WithBody("""{"error":{"code":"AuthorizationFailed","message":"no access"}}"""));

        var machines = await _compute.ListGpuMachinesAsync([Group]);

        Assert.Equal("gpu01", Assert.Single(machines).Name);
        Assert.All(_arm.LogEntries, e => Assert.StartsWith(Group + "/providers/", e.RequestMessage.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_vm_is_null()
    {
        _arm.Given(Request.Create().WithPath(VmPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"error":{"code":"ResourceNotFound","message":"not found"}}"""));
        Assert.Null(await _compute.GetMachineAsync(VmPath));
    }

    [Fact]
    public async Task Deallocate_posts_to_the_deallocate_endpoint_and_returns_when_started()
    {
        GivenDeallocate(202);
        var result = await _compute.DeallocateAsync(Vm(VmPath));
        Assert.Equal(ComputeActionStatus.Accepted, result.Status);
        var post = Assert.Single(_arm.LogEntries);
        Assert.Equal("POST", post.RequestMessage.Method);
        Assert.Equal(VmPath + "/deallocate", post.RequestMessage.Path);
        Assert.False(string.IsNullOrEmpty(post.RequestMessage.Query!["api-version"].Single()));
        Assert.DoesNotContain(_arm.LogEntries, e => e.RequestMessage.Path.EndsWith("/powerOff", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(409, null, 0)]
    [InlineData(429, "30", 30)]
    public async Task Conflict_and_throttling_are_retry_later(int status, string? retryAfter, int seconds)
    {
        GivenDeallocate(status, retryAfter);
        var result = await _compute.DeallocateAsync(Vm(VmPath));
        Assert.Equal(ComputeActionStatus.RetryLater, result.Status);
        Assert.Equal(seconds == 0 ? null : TimeSpan.FromSeconds(seconds), result.RetryAfter);
    }

    [Fact]
    public async Task Scale_set_instance_is_deallocated_through_its_own_endpoint()
    {
        _arm.Given(Request.Create().WithPath(SetPath + "/virtualMachines/3/deallocate").UsingPost()).RespondWith(Response.Create().WithStatusCode(202));
        var instance = Vm(SetPath + "/virtualMachines/3") with { ScaleSetId = SetPath, InstanceId = "3" };
        Assert.Equal(ComputeActionStatus.Accepted, (await _compute.DeallocateAsync(instance)).Status);
        Assert.Equal(SetPath + "/virtualMachines/3/deallocate", Assert.Single(_arm.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task Mark_merges_one_tag_through_the_tags_api()
    {
        _arm.Given(Request.Create().WithPath(VmPath + "/providers/Microsoft.Resources/tags/default").UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("{\"id\":\"" + VmPath + """/providers/Microsoft.Resources/tags/default","name":"default","properties":{"tags":{"guardrails:deallocate-at":"2026-07-15T02:00:00Z"}}}"""));
        var result = await _compute.SetTagAsync(VmPath, GuardrailTags.DeallocateAt, "2026-07-15T02:00:00Z");
        Assert.Equal(ComputeActionStatus.Accepted, result.Status);
        var patch = Assert.Single(_arm.LogEntries).RequestMessage;
        Assert.Contains("\"operation\":\"Merge\"", patch.Body, StringComparison.Ordinal);
        Assert.Contains("\"guardrails:deallocate-at\":\"2026-07-15T02:00:00Z\"", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executor_end_to_end_acts_once_and_never_in_dry_run()
    {
        GivenVm("running");
        GivenDeallocate(202);
        var now = DateTimeOffset.UtcNow;
        var audit = new InMemoryActionAuditLog();
        var executor = new ActionExecutor(_compute, _compute, audit, NullEventPublisher.Instance, NullActionNotifier.Instance, new FakeTimeProvider(now));
        GuardrailActionRequest Req(bool dry) => new()
        {
            Id = dry ? "dry" : "real",
            ResourceId = VmPath,
            Kind = GuardrailActionKind.Deallocate,
            Origin = ActionOrigin.SpendingLimit,
            RequestedBy = "budget-llm",
            RequestedAt = now,
            DryRun = dry,
        };
        Assert.Equal(ActionOutcomeStatus.DryRun, (await executor.ExecuteAsync(Req(dry: true))).Status);
        Assert.DoesNotContain(_arm.LogEntries, e => e.RequestMessage.Method == "POST");
        Assert.Equal(ActionOutcomeStatus.Acted, (await executor.ExecuteAsync(Req(dry: false))).Status);
        Assert.Single(_arm.LogEntries, e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path == VmPath + "/deallocate");
    }

    [Fact]
    public async Task Executor_skips_a_vm_already_deallocated_without_posting()
    {
        GivenVm("deallocated");
        var executor = new ActionExecutor(_compute, _compute, new InMemoryActionAuditLog(), NullEventPublisher.Instance, NullActionNotifier.Instance, new FakeTimeProvider(DateTimeOffset.UtcNow));
        var outcome = await executor.ExecuteAsync(new GuardrailActionRequest
        {
            Id = "x",
            ResourceId = VmPath,
            Kind = GuardrailActionKind.Deallocate,
            Origin = ActionOrigin.IdlePolicy,
            RequestedBy = "p",
            RequestedAt = DateTimeOffset.UtcNow,
            DryRun = false,
        });
        Assert.Equal("already deallocated", outcome.Reason);
        Assert.DoesNotContain(_arm.LogEntries, e => e.RequestMessage.Method == "POST");
    }

    private static ComputeMachine Vm(string id) => new()
    {
        ResourceId = id,
        Name = id.Split('/')[^1],
        SubscriptionId = Sub,
        ResourceGroup = "ml-train",
        VmSize = "Standard_ND96isr_H100_v5",
        PowerState = MachinePowerState.Running,
    };
}
