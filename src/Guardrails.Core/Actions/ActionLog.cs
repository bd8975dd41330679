using Guardrails.Core.Idle;

namespace Guardrails.Core.Actions;

/// <summary>One entry of the guardrail audit log (idle decisions, deallocations, spending limits).</summary>
public sealed record GuardrailActionLogEntry
{
    public required DateTimeOffset Time { get; init; }
    public required string Action { get; init; }
    /// <summary>acted, warned, skipped, failed, dry-run...</summary>
    public required string Outcome { get; init; }
    public string? ResourceId { get; init; }
    public string? ResourceName { get; init; }
    public string? Reason { get; init; }
    public bool DryRun { get; init; }
    public decimal? SavingsPerHour { get; init; }
    public string? Currency { get; init; }
}

/// <summary>Where the action log comes from (the idle feature's audit table); the default has none.</summary>
public interface IActionLogSource
{
    Task<IReadOnlyList<GuardrailActionLogEntry>> GetActionsAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>How the audit trail reads on the dashboard's action-log panel.</summary>
public static class ActionLog
{
    /// <summary>One audited decision as an action-log row (outcome in lower case: acted, dry-run, skipped, retry-later, failed).</summary>
    public static GuardrailActionLogEntry ToLogEntry(ActionAuditEntry e) => new()
    {
        Time = e.Time,
        Action = e.Action,
        Outcome = OutcomeName(e.Outcome),
        ResourceId = e.ResourceId,
        ResourceName = ResourceName(e.ResourceId),
        Reason = e.Reasons.Count == 0 ? null : string.Join("; ", e.Reasons),
        DryRun = e.DryRun,
        SavingsPerHour = e.HourlyCostSaved,
        Currency = e.Currency,
    };

    public static string OutcomeName(ActionOutcomeStatus status) => status switch
    {
        ActionOutcomeStatus.Acted => "acted",
        ActionOutcomeStatus.DryRun => "dry-run",
        ActionOutcomeStatus.Skipped => "skipped",
        ActionOutcomeStatus.RetryLater => "retry-later",
        _ => "failed",
    };

    /// <summary>The VM name (scale-set instances: name_instance) of an ARM id, else its last segment.</summary>
    public static string? ResourceName(string? resourceId) =>
        string.IsNullOrWhiteSpace(resourceId) ? null : ArmResourceId.TryParse(resourceId)?.Name ?? resourceId.TrimEnd('/').Split('/')[^1];
}
