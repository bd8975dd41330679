using Guardrails.Core.Actions;
using Guardrails.Core.Events;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using static Guardrails.Core.Tests.Idle.TelemetryFactory;

namespace Guardrails.Core.Tests.Actions;

public sealed class ActionExecutorTests
{
    private readonly FakeTimeProvider _time = new(Now);
    private readonly IComputeInventory _inventory = Substitute.For<IComputeInventory>();
    private readonly IComputeActions _compute = Substitute.For<IComputeActions>();
    private readonly InMemoryActionAuditLog _audit = new();
    private readonly IGuardrailEventPublisher _events = Substitute.For<IGuardrailEventPublisher>();
    private readonly IActionNotifier _notifier = Substitute.For<IActionNotifier>();

    private ActionExecutor Executor() => new(_inventory, _compute, _audit, _events, _notifier, _time);

    private ComputeMachine Given(ComputeMachine vm)
    {
        _inventory.GetMachineAsync(vm.ResourceId, Arg.Any<CancellationToken>()).Returns(vm);
        return vm;
    }

    private static GuardrailActionRequest Request(ComputeMachine vm, GuardrailActionKind kind = GuardrailActionKind.Deallocate,
        ActionOrigin origin = ActionOrigin.IdlePolicy, bool dryRun = false, DateTimeOffset? notBefore = null, DateTimeOffset? at = null) => new()
        {
            Id = "req1",
            ResourceId = vm.ResourceId,
            Kind = kind,
            Origin = origin,
            RequestedBy = "idle-gpu",
            RequestedAt = at ?? Now,
            DryRun = dryRun,
            NotBefore = notBefore,
            HourlyCostSaved = 98.32m,
            Currency = "USD",
            Reasons = ["8/8 GPUs idle"],
        };

    [Fact]
    public async Task Deallocates_audits_and_publishes()
    {
        var vm = Given(Vm("gpu01"));
        _compute.DeallocateAsync(vm, Arg.Any<CancellationToken>()).Returns(new ComputeActionResult(ComputeActionStatus.Accepted));
        var outcome = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal(ActionOutcomeStatus.Acted, outcome.Status);
        await _compute.Received(1).DeallocateAsync(vm, Arg.Any<CancellationToken>());
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal("deallocate", entry.Action);
        Assert.Equal(98.32m, entry.HourlyCostSaved);
        Assert.Equal(ActionOutcomeStatus.Acted, entry.Outcome);
        await _events.Received(1).PublishAsync(Arg.Is<GuardrailEvent>(e => e.Type == "guardrails.action.deallocate.acted" && e.Subject == vm.ResourceId), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Dry_run_never_calls_arm()
    {
        var vm = Given(Vm("gpu01"));
        var outcome = await Executor().ExecuteAsync(Request(vm, dryRun: true));
        Assert.Equal(ActionOutcomeStatus.DryRun, outcome.Status);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
        var entry = Assert.Single(_audit.Entries);
        Assert.True(entry.DryRun);
        Assert.Equal(98.32m, entry.HourlyCostSaved); // what it would save, flagged dry-run
    }

    [Theory]
    [InlineData(ActionOrigin.IdlePolicy)]
    [InlineData(ActionOrigin.SpendingLimit)]
    public async Task Exempt_machine_is_never_touched_whatever_asked(ActionOrigin origin)
    {
        var vm = Given(Vm("gpu01", tags: new() { ["guardrails:exempt"] = "TRUE" }));
        var outcome = await Executor().ExecuteAsync(Request(vm, origin: origin));
        Assert.Equal(ActionOutcomeStatus.Skipped, outcome.Status);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("")]
    [InlineData("ture")]
    public async Task An_exemption_tag_with_any_value_but_an_explicit_no_is_never_touched(string value)
    {
        var vm = Given(Vm("gpu01", tags: new() { ["Guardrails:Exempt"] = value }));
        var outcome = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal(ActionOutcomeStatus.Skipped, outcome.Status);
        Assert.Equal($"exempt: tag guardrails:exempt='{value}' (any value but false, no, 0 or off exempts)", outcome.Reason);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
    }

    [Theory]
    [InlineData("false")]
    [InlineData(" No ")]
    [InlineData("0")]
    [InlineData("OFF")]
    public async Task An_exemption_tag_that_says_no_does_not_exempt(string value)
    {
        var vm = Given(Vm("gpu01", tags: new() { ["guardrails:exempt"] = value }));
        var outcome = await Executor().ExecuteAsync(Request(vm, dryRun: true));
        Assert.Equal(ActionOutcomeStatus.DryRun, outcome.Status); // decided as for an untagged machine
    }

    [Fact]
    public async Task Snooze_set_after_the_decision_wins()
    {
        var vm = Given(Vm("gpu01", tags: new() { ["guardrails:snooze-until"] = "2026-07-16T00:00:00Z" }));
        var outcome = await Executor().ExecuteAsync(Request(vm, origin: ActionOrigin.SpendingLimit));
        Assert.StartsWith("snoozed until 2026-07-16", outcome.Reason, StringComparison.Ordinal);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
    }

    [Fact]
    public async Task Already_deallocated_is_skipped()
    {
        var vm = Given(Vm("gpu01", power: MachinePowerState.Deallocated));
        var outcome = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal("already deallocated", outcome.Reason);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
    }

    [Fact]
    public async Task Conflict_and_throttling_are_retried_later_not_failed()
    {
        var vm = Given(Vm("gpu01"));
        _compute.DeallocateAsync(vm, Arg.Any<CancellationToken>()).Returns(
            new ComputeActionResult(ComputeActionStatus.RetryLater, "409 OperationNotAllowed"),
            new ComputeActionResult(ComputeActionStatus.RetryLater, "429 throttled", TimeSpan.FromSeconds(17)));
        var first = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal(ActionOutcomeStatus.RetryLater, first.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), first.RetryAfter);
        var second = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal(TimeSpan.FromSeconds(17), second.RetryAfter);
        Assert.Equal(2, _audit.Entries.Count);
        Assert.All(_audit.Entries, e => Assert.Equal(ActionOutcomeStatus.RetryLater, e.Outcome));
    }

    [Fact]
    public async Task Stale_request_is_not_acted_on()
    {
        var vm = Given(Vm("gpu01"));
        _time.Advance(TimeSpan.FromMinutes(45));
        var outcome = await Executor().ExecuteAsync(Request(vm));
        Assert.Equal(ActionOutcomeStatus.Skipped, outcome.Status);
        Assert.Contains("older than 30 min", outcome.Reason);
    }

    [Fact]
    public async Task Mark_tags_and_tells_the_owner_how_to_snooze()
    {
        var vm = Given(Vm("gpu01", tags: new() { ["owner"] = "ana@contoso.com" }));
        _compute.SetTagAsync(vm.ResourceId, "guardrails:deallocate-at", "2026-07-15T02:00:00Z", Arg.Any<CancellationToken>())
            .Returns(new ComputeActionResult(ComputeActionStatus.Accepted));
        var outcome = await Executor().ExecuteAsync(Request(vm, GuardrailActionKind.Mark, notBefore: Now.AddHours(4)));
        Assert.Equal(ActionOutcomeStatus.Acted, outcome.Status);
        await _notifier.Received(1).NotifyAsync(Arg.Is<ActionNotice>(n => n.Owner == "ana@contoso.com" &&
            n.Text.Contains("guardrails:snooze-until=<ISO time>", StringComparison.Ordinal)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Deadline_deallocation_needs_the_mark_to_still_be_there()
    {
        var vm = Given(Vm("gpu01"));
        var outcome = await Executor().ExecuteAsync(Request(vm, notBefore: Now.AddMinutes(-1)));
        Assert.Equal("the deallocate-at mark was removed: the owner cancelled", outcome.Reason);
        await _compute.DidNotReceiveWithAnyArgs().DeallocateAsync(default!, default);
    }

    [Fact]
    public async Task Clear_mark_removes_the_scale_set_instance_tag()
    {
        var vm = Given(Vm("pool_3") with
        {
            ScaleSetId = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/pool",
            InstanceId = "3",
            Tags = new Dictionary<string, string> { ["guardrails:deallocate-at:3"] = "2026-07-15T02:00:00Z" },
        });
        _compute.RemoveTagAsync(vm.ScaleSetId!, "guardrails:deallocate-at:3", Arg.Any<CancellationToken>()).Returns(new ComputeActionResult(ComputeActionStatus.Accepted));
        var outcome = await Executor().ExecuteAsync(Request(vm, GuardrailActionKind.ClearMark));
        Assert.Equal(ActionOutcomeStatus.Acted, outcome.Status);
        await _compute.Received(1).RemoveTagAsync(vm.ScaleSetId!, "guardrails:deallocate-at:3", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Missing_resource_and_arm_exceptions_are_audited()
    {
        var gone = Vm("gone");
        var outcome = await Executor().ExecuteAsync(Request(gone));
        Assert.Equal(ActionOutcomeStatus.Skipped, outcome.Status);
        var vm = Given(Vm("gpu01"));
        _compute.DeallocateAsync(vm, Arg.Any<CancellationToken>()).Returns<ComputeActionResult>(_ => throw new InvalidOperationException("boom"));
        Assert.Equal(ActionOutcomeStatus.Failed, (await Executor().ExecuteAsync(Request(vm))).Status);
        Assert.Equal(2, _audit.Entries.Count);
    }
}
