namespace Guardrails.Core.PullRequests;

/// <summary>One pull-request cost check: the monthly cost before and after the change.</summary>
public sealed record PullRequestCheckSummary
{
    public required string Repository { get; init; }
    public required int Number { get; init; }
    public string? Title { get; init; }
    /// <summary>The head commit the check priced.</summary>
    public string? HeadSha { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
    public required string Currency { get; init; }
    public decimal MonthlyCostBefore { get; init; }
    public decimal MonthlyCostAfter { get; init; }
    public decimal MonthlyDelta => MonthlyCostAfter - MonthlyCostBefore;
    /// <summary>pass, fail, or approved (passed because of the approval label).</summary>
    public string? Gate { get; init; }
    /// <summary>Who added the approval label (when <see cref="Gate"/> is approved).</summary>
    public string? ApprovedBy { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? Url { get; init; }
}

/// <summary>Where PR checks come from (the PR-check feature); the default has none.</summary>
public interface IPullRequestCheckSource
{
    /// <summary>The latest check of every PR checked in the UTC day range, newest first.</summary>
    Task<IReadOnlyList<PullRequestCheckSummary>> GetChecksAsync(DateOnly from, DateOnly toInclusive, CancellationToken cancellationToken = default);
}

/// <summary>Where finished PR checks are recorded: one entry per PR, the latest check wins.</summary>
public interface IPullRequestCheckLog : IPullRequestCheckSource
{
    /// <summary>
    /// Records a check in place of the PR's previous one. Returns false (and keeps the stored one) when the stored check
    /// started later: an older head finishing late never overwrites a newer one.
    /// </summary>
    Task<bool> RecordAsync(PullRequestCheckSummary check, CancellationToken cancellationToken = default);
}

/// <summary>How finished PR checks read on the dashboard's PR-check panel.</summary>
public static class PullRequestCheckSummaries
{
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
