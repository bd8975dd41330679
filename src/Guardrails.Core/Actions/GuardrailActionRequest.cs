namespace Guardrails.Core.Actions;

/// <summary>What a guardrail may do to a resource.</summary>
public enum GuardrailActionKind { Notify, Mark, Deallocate, ClearMark }

/// <summary>Why an action was requested.</summary>
public enum ActionOrigin { IdlePolicy, SpendingLimit, Manual }

/// <summary>
/// A request to act on one resource, from an idle policy or a budget's spending limit (onBreach). Everything that
/// acts goes through one executor with the same safety rules: dry-run unless enabled, exemption tags, a cap per run,
/// already-deallocated skipped, every decision audited.
/// </summary>
public sealed record GuardrailActionRequest
{
    public required string Id { get; init; }
    public required string ResourceId { get; init; }
    public required GuardrailActionKind Kind { get; init; }
    public required ActionOrigin Origin { get; init; }
    /// <summary>Policy or budget name that asked for it.</summary>
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    /// <summary>Human-readable reasons (metrics seen, thresholds crossed).</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];
    /// <summary>For Mark: when the action will be taken unless the resource becomes busy or is snoozed.</summary>
    public DateTimeOffset? NotBefore { get; init; }
    public decimal? HourlyCostSaved { get; init; }
    /// <summary>The metrics the decision saw (coverage, max GPU work/memory, CPU/network), as text for people.</summary>
    public string? Metrics { get; init; }
    public string? Currency { get; init; }
    /// <summary>True unless the configuration explicitly enables real actions.</summary>
    public bool DryRun { get; init; } = true;
}
