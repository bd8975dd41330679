using Guardrails.Core.Actions;
using Guardrails.Core.Policies;
using Guardrails.Core.PullRequests;

namespace Guardrails.Core.Reporting;

/// <summary>How the audit trail and finished PR checks read on the dashboard's action-log and PR-check panels.</summary>
public static class OperationalLogs
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

    /// <summary>
    /// The dashboard row of a finished check, or null when the check priced nothing (closed, superseded, or a newer run
    /// already commented). Gate: approved when the approval label let it pass, else pass or fail.
    /// </summary>
    public static PullRequestCheckSummary? ToCheckSummary(PullRequestCheckRequest request, CheckOutcome outcome)
    {
        if (outcome.Estimate is not { } estimate || outcome.Gate is not { } gate || outcome.Comment == CommentAction.SkippedNewerRun) return null;
        // The approval label only changes the gate when something failed; a labelled PR within limits simply passes.
        var approved = gate.State == GateState.Success && gate.Approval is not null && gate.Reasons.Count > 0;
        return new PullRequestCheckSummary
        {
            Repository = $"{request.Owner}/{request.Repository}",
            Number = request.Number,
            Title = outcome.PullRequest?.Title,
            HeadSha = outcome.PullRequest?.HeadSha ?? request.HeadSha,
            CheckedAt = outcome.StartedAt ?? request.ReceivedAt,
            Currency = estimate.Currency,
            MonthlyCostBefore = estimate.BaseMonthlyCost,
            MonthlyCostAfter = estimate.HeadMonthlyCost,
            Gate = approved ? "approved" : gate.State == GateState.Success ? "pass" : "fail",
            ApprovedBy = gate.Approval?.Login,
            ApprovedAt = gate.Approval?.At,
            Url = outcome.PullRequest?.Url,
        };
    }
}
