namespace Guardrails.Core.Actions;

/// <summary>How a decision or request ended.</summary>
public enum ActionOutcomeStatus { Acted, DryRun, Skipped, RetryLater, Failed }

/// <summary>
/// One audited decision: what was decided or done to which resource, why, with the metrics seen and the $/hour
/// saved. Stored in Table Storage (PK yyyy-MM-dd, RK inverted ticks|id) and published as an event.
/// </summary>
public sealed record ActionAuditEntry
{
    public required string Id { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required string ResourceId { get; init; }
    /// <summary>deallocate, mark, clear-mark, notify, or skip (a decision not to act).</summary>
    public required string Action { get; init; }
    public required ActionOutcomeStatus Outcome { get; init; }
    public required ActionOrigin Origin { get; init; }
    public string RequestedBy { get; init; } = "";
    public IReadOnlyList<string> Reasons { get; init; } = [];
    /// <summary>The metrics the decision saw (per GPU work/memory/coverage), as text.</summary>
    public string? Metrics { get; init; }
    public decimal? HourlyCostSaved { get; init; }
    public string? Currency { get; init; }
    public bool DryRun { get; init; }
    public string? RequestId { get; init; }
}

/// <summary>Where audit entries go (Table Storage in Azure, memory in tests).</summary>
public interface IActionAuditLog
{
    Task AppendAsync(ActionAuditEntry entry, CancellationToken cancellationToken = default);
    /// <summary>The entries of one UTC day, newest first.</summary>
    Task<IReadOnlyList<ActionAuditEntry>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>Tells a machine's owner about a mark or an action (Teams/Slack through the budgets notifiers).</summary>
public interface IActionNotifier
{
    Task NotifyAsync(ActionNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>A message for the owner: the request, the machine, and the text (with how to snooze).</summary>
public sealed record ActionNotice(GuardrailActionRequest Request, ComputeMachine Machine, string? Owner, string Title, string Text);

public sealed class NullActionNotifier : IActionNotifier
{
    public static NullActionNotifier Instance { get; } = new();
    public Task NotifyAsync(ActionNotice notice, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>An in-memory audit log (CLI dry-runs, tests).</summary>
public sealed class InMemoryActionAuditLog : IActionAuditLog, IActionLogSource
{
    private readonly List<ActionAuditEntry> _entries = [];
    public IReadOnlyList<ActionAuditEntry> Entries { get { lock (_entries) return _entries.ToList(); } }

    public Task AppendAsync(ActionAuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_entries) _entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ActionAuditEntry>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            return Task.FromResult<IReadOnlyList<ActionAuditEntry>>(_entries
                .Where(e => DateOnly.FromDateTime(e.Time.UtcDateTime) == day).OrderByDescending(e => e.Time).ToList());
    }

    public Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default)
    {
        lock (_entries)
            return Task.FromResult<IReadOnlyList<GuardrailActionLogEntry>>(_entries
                .Where(e => DateOnly.FromDateTime(e.Time.UtcDateTime) is var d && d >= from && d <= toInclusive)
                .OrderByDescending(e => e.Time).Select(ActionLog.ToLogEntry).ToList());
    }
}
