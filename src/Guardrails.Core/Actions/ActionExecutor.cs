using Guardrails.Core.Events;

namespace Guardrails.Core.Actions;

public sealed record ActionExecutorOptions
{
    /// <summary>A request older than this is not acted on (the decision it came from is stale; the next run decides again).</summary>
    public TimeSpan MaxRequestAge { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>When ARM gives no Retry-After on 409/429.</summary>
    public TimeSpan DefaultRetryAfter { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>
    /// When set, the host does not allow real actions (the Function App's <c>Actions__DryRun</c>, true unless the
    /// deployment enables actions): every request is carried out as a dry run, with this reason first, whatever its policy says.
    /// </summary>
    public string? ForceDryRunReason { get; init; }
}

/// <summary>The result for the caller: RetryLater tells the queue function to re-enqueue with a delay.</summary>
public sealed record ActionOutcome(ActionOutcomeStatus Status, string Reason, TimeSpan? RetryAfter = null);

/// <summary>
/// The one place that changes machines, for idle policies and budgets' spending limits alike. Before acting it
/// re-reads the machine from ARM and re-checks: exists, not exempt or snoozed, not already deallocated, the request
/// is fresh, a mark-based deallocation still carries its mark, and dry-run is off. Deallocation is the only stop it
/// knows (never power-off). 409/429 become RetryLater. Every outcome is audited and published as an event.
/// </summary>
public sealed class ActionExecutor(
    IComputeInventory inventory,
    IComputeActions compute,
    IActionAuditLog audit,
    IGuardrailEventPublisher events,
    IActionNotifier notifier,
    TimeProvider time,
    ActionExecutorOptions? options = null)
{
    private readonly ActionExecutorOptions _options = options ?? new();

    public async Task<ActionOutcome> ExecuteAsync(GuardrailActionRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_options.ForceDryRunReason is { } forced && !request.DryRun)
            request = request with { DryRun = true, Reasons = [forced, .. request.Reasons] };
        ComputeMachine? machine = null;
        ActionOutcome outcome;
        try
        {
            machine = await inventory.GetMachineAsync(request.ResourceId, cancellationToken).ConfigureAwait(false);
            outcome = await DecideAndActAsync(request, machine, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new ActionOutcome(ActionOutcomeStatus.Failed, $"{e.GetType().Name}: {e.Message}");
        }

        var entry = new ActionAuditEntry
        {
            Id = $"{request.Id}-{outcome.Status.ToString().ToLowerInvariant()}",
            RequestId = request.Id,
            Time = now,
            ResourceId = request.ResourceId,
            Action = ActionName(request.Kind),
            Outcome = outcome.Status,
            Origin = request.Origin,
            RequestedBy = request.RequestedBy,
            Reasons = [outcome.Reason, .. request.Reasons],
            // A dry-run deallocation records what it would have saved (DryRun tells the two apart).
            HourlyCostSaved = (outcome.Status is ActionOutcomeStatus.Acted or ActionOutcomeStatus.DryRun) && request.Kind == GuardrailActionKind.Deallocate ? request.HourlyCostSaved : null,
            Currency = request.Currency,
            DryRun = request.DryRun,
        };
        await audit.AppendAsync(entry, cancellationToken).ConfigureAwait(false);
        await events.PublishAsync(new GuardrailEvent($"{request.Id}-{outcome.Status.ToString().ToLowerInvariant()}-{now.UtcTicks}",
            $"guardrails.action.{entry.Action}.{outcome.Status.ToString().ToLowerInvariant()}", request.ResourceId, now, entry), cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    public static string ActionName(GuardrailActionKind kind) => kind switch
    {
        GuardrailActionKind.Deallocate => "deallocate",
        GuardrailActionKind.Mark => "mark",
        GuardrailActionKind.ClearMark => "clear-mark",
        _ => "notify",
    };

    private async Task<ActionOutcome> DecideAndActAsync(GuardrailActionRequest request, ComputeMachine? machine, DateTimeOffset now, CancellationToken ct)
    {
        if (machine is null) return Skipped("the resource no longer exists");
        if (request.Kind != GuardrailActionKind.ClearMark && GuardrailTags.Exemption(machine, now) is { } exempt) return Skipped(exempt);
        if (now - request.RequestedAt > _options.MaxRequestAge)
            return Skipped($"request from {request.RequestedAt.UtcDateTime:yyyy-MM-ddTHH:mm}Z is older than {_options.MaxRequestAge.TotalMinutes:0} min: the next evaluation decides again");
        if (request.RequestedAt - now > _options.MaxRequestAge)
            return Skipped("request is stamped in the future (clock skew): not acted on");

        switch (request.Kind)
        {
            case GuardrailActionKind.Deallocate:
                if (machine.PowerState is MachinePowerState.Deallocated or MachinePowerState.Deallocating)
                    return Skipped("already deallocated");
                if (request.Origin == ActionOrigin.IdlePolicy && request.NotBefore is { } deadline)
                {
                    if (now < deadline) return Skipped($"the mark's deadline {deadline.UtcDateTime:yyyy-MM-ddTHH:mm}Z has not passed");
                    if (GuardrailTags.MarkDeadline(machine) is null) return Skipped("the deallocate-at mark was removed: the owner cancelled");
                }
                if (request.DryRun) return new(ActionOutcomeStatus.DryRun, "dry-run: would deallocate");
                return Map(await compute.DeallocateAsync(machine, ct).ConfigureAwait(false), "deallocation started (billing for compute stops once deallocated)");

            case GuardrailActionKind.Mark:
                if (machine.PowerState is MachinePowerState.Deallocated or MachinePowerState.Deallocating)
                    return Skipped("already deallocated");
                var at = request.NotBefore ?? now;
                if (request.DryRun) return new(ActionOutcomeStatus.DryRun, $"dry-run: would tag {machine.MarkTagKey}={Iso(at)} and tell the owner");
                var tagged = await compute.SetTagAsync(machine.TagResourceId, machine.MarkTagKey, Iso(at), ct).ConfigureAwait(false);
                if (tagged.Status != ComputeActionStatus.Accepted) return Map(tagged, "");
                await notifier.NotifyAsync(OwnerNotice(request with { NotBefore = at }, machine, now), ct).ConfigureAwait(false);
                return new(ActionOutcomeStatus.Acted, $"marked: {machine.MarkTagKey}={Iso(at)}; owner told how to snooze");

            case GuardrailActionKind.ClearMark:
                if (GuardrailTags.MarkDeadline(machine) is null) return Skipped("no mark to clear");
                if (request.DryRun) return new(ActionOutcomeStatus.DryRun, $"dry-run: would remove tag {machine.MarkTagKey}");
                return Map(await compute.RemoveTagAsync(machine.TagResourceId, machine.MarkTagKey, ct).ConfigureAwait(false), "mark cleared: the machine is busy again");

            default:
                if (request.DryRun) return new(ActionOutcomeStatus.DryRun, "dry-run: would notify the owner");
                await notifier.NotifyAsync(OwnerNotice(request, machine, now), ct).ConfigureAwait(false);
                return new(ActionOutcomeStatus.Acted, "owner notified");
        }
    }

    /// <summary>The owner's message for a mark (with its deadline) or a notify request; the CLI previews the same.</summary>
    public static ActionNotice OwnerNotice(GuardrailActionRequest request, ComputeMachine machine, DateTimeOffset now)
    {
        if (request.Kind == GuardrailActionKind.Mark)
        {
            var at = request.NotBefore ?? now;
            // A dry run says what would happen: nothing is deallocated, whatever the deadline.
            var (title, then) = request.DryRun
                ? ($"Idle GPU machine {machine.Name} would be deallocated at {Iso(at)} (dry run)",
                    $"It would be deallocated at {Iso(at)} if it were still idle then; this is a dry run, so nothing will be changed. To keep it running once actions are enabled, use it, or tag it ")
                : ($"Idle GPU machine {machine.Name} will be deallocated at {Iso(at)}",
                    $"It will be deallocated at {Iso(at)} if it is still idle then. To keep it running, use it, or tag it ");
            return new(request, machine, machine.Tag(GuardrailTags.Owner), title,
                $"{machine.Name} ({machine.VmSize}) has been idle: {string.Join("; ", request.Reasons.Take(2))}. " +
                then +
                $"{GuardrailTags.SnoozeUntil}=<ISO time> (e.g. {Iso(now.AddDays(1))}), or {GuardrailTags.Exempt}=true.");
        }
        return new(request, machine, machine.Tag(GuardrailTags.Owner), $"Idle GPU machine {machine.Name}",
            $"{machine.Name} ({machine.VmSize}) looks idle: {string.Join("; ", request.Reasons.Take(2))}. " +
            $"Deallocate it if it is not needed. To silence this, tag {GuardrailTags.SnoozeUntil}=<ISO time>.");
    }

    private ActionOutcome Map(ComputeActionResult result, string acted) => result.Status switch
    {
        ComputeActionStatus.Accepted => new(ActionOutcomeStatus.Acted, acted),
        ComputeActionStatus.AlreadyDone => Skipped($"already done: {result.Detail}"),
        ComputeActionStatus.NotFound => Skipped($"the resource no longer exists: {result.Detail}"),
        ComputeActionStatus.RetryLater => new(ActionOutcomeStatus.RetryLater, $"ARM asked to retry later: {result.Detail}", result.RetryAfter ?? _options.DefaultRetryAfter),
        _ => new(ActionOutcomeStatus.Failed, $"ARM refused: {result.Detail}"),
    };

    private static ActionOutcome Skipped(string reason) => new(ActionOutcomeStatus.Skipped, reason);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
