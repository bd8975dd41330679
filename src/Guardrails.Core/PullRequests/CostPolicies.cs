using Guardrails.Core.Common;
using Guardrails.Core.Configuration;
using Guardrails.Core.Pricing;
using Guardrails.Core.PullRequests.Iac;

namespace Guardrails.Core.PullRequests;

public enum PolicyOutcome { Pass, Warn, Fail }

public sealed record PolicyResult(string Policy, PolicyOutcome Outcome, string Message);

/// <summary>
/// Cost policies from guardrails.yaml on the head of a PR: GPU quotas per team (e.g. at most 16 A100 GPUs for vision),
/// required tags on new resources, allowed SKUs and regions.
/// </summary>
public sealed class CostPolicyEvaluator(CostPolicyConfig policies, VmSkuCatalog skus, string? defaultTeam)
{
    public const string Unassigned = "(unassigned)";

    public string TeamOf(IacResource r) =>
        r.Tags is not null && r.Tags.TryGetValue("team", out var t) && !string.IsNullOrWhiteSpace(t) ? t : defaultTeam ?? Unassigned;

    public IReadOnlyList<PolicyResult> Evaluate(CostEstimate estimate)
    {
        var results = new List<PolicyResult>();
        var head = estimate.Resources.Where(r => r.HeadResource is not null).ToList();
        foreach (var quota in policies.GpuQuotas) results.Add(GpuQuotaResult(quota, head));
        if (policies.RequiredTags.Count > 0)
            foreach (var r in head.Where(r => r.Change == ResourceChange.Added && r.HeadResource!.Usage == UsageKind.Monthly))
                results.Add(RequiredTags(r));

        if (policies.AllowedSkus.Count > 0)
        {
            foreach (var r in head.Where(r => r.Change != ResourceChange.Unchanged))
            {
                var ok = policies.AllowedSkus.Any(p => Wildcard(p, r.Head!.Sku));
                results.Add(new PolicyResult("allowed SKUs", ok ? PolicyOutcome.Pass : PolicyOutcome.Fail,
                    ok ? $"{r.Name}: {r.Head!.Sku} is allowed" : $"{r.Name}: {r.Head!.Sku} is not an allowed SKU"));
            }
        }

        if (policies.AllowedRegions.Count > 0)
        {
            foreach (var r in head.Where(r => r.Change != ResourceChange.Unchanged))
            {
                var ok = policies.AllowedRegions.Any(p => string.Equals(p, r.Head!.Region, StringComparison.OrdinalIgnoreCase));
                results.Add(new PolicyResult("allowed regions", ok ? PolicyOutcome.Pass : PolicyOutcome.Fail,
                    ok ? $"{r.Name}: {r.Head!.Region} is allowed" : $"{r.Name}: region {r.Head!.Region} is not allowed"));
            }
        }
        return results;
    }

    /// <summary>A team's GPUs of one model after the change (monthly resources; an autoscaled cluster at its maximum) against its quota.</summary>
    private PolicyResult GpuQuotaResult(GpuQuota quota, List<ResourceEstimate> head)
    {
        decimal gpus = 0;
        foreach (var r in head)
        {
            if (r.HeadResource!.Usage != UsageKind.Monthly || !string.Equals(TeamOf(r.HeadResource), quota.Team, StringComparison.OrdinalIgnoreCase)) continue;
            var vm = skus.Find(r.Head!.Sku);
            if (vm?.GpuModel is null || !vm.GpuModel.Contains(quota.GpuModel, StringComparison.OrdinalIgnoreCase)) continue;
            // A quota is about capacity: an autoscaled cluster counts at its maximum, whatever its usage is priced at.
            gpus += vm.GpuCount * (r.HeadResource.MaxNodes ?? r.Head.Nodes);
        }
        var name = $"GPU quota {quota.Team}/{quota.GpuModel}";
        return gpus > quota.MaxGpus
            ? new PolicyResult(name, PolicyOutcome.Fail, $"team {quota.Team} would have {gpus:0.##} {quota.GpuModel} GPUs; the quota is {quota.MaxGpus:0.##}")
            : new PolicyResult(name, PolicyOutcome.Pass, $"{gpus:0.##} of {quota.MaxGpus:0.##} {quota.GpuModel} GPUs");
    }

    /// <summary>An added resource's tags against the required ones (tags given as an expression cannot be checked: a warning).</summary>
    private PolicyResult RequiredTags(ResourceEstimate r)
    {
        var tags = r.HeadResource!.Tags;
        if (tags is null)
            return new PolicyResult("required tags", PolicyOutcome.Warn, $"{r.Name}: tags are an expression; cannot check {string.Join(", ", policies.RequiredTags)}");
        var missing = policies.RequiredTags.Where(t => !tags.ContainsKey(t) || string.IsNullOrWhiteSpace(tags[t])).ToList();
        return missing.Count > 0
            ? new PolicyResult("required tags", PolicyOutcome.Fail, $"{r.Name}: missing tag(s) {string.Join(", ", missing)}")
            : new PolicyResult("required tags", PolicyOutcome.Pass, $"{r.Name}: has {string.Join(", ", policies.RequiredTags)}");
    }

    /// <summary>Case-insensitive match with '*' wildcards (e.g. "Standard_NC*_A100_v4").</summary>
    public static bool Wildcard(string pattern, string value)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(value, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }
}

public enum GateState { Success, Failure }

/// <summary>Who approved the cost and when (from the approval label event).</summary>
public sealed record CostApproval(string Login, DateTimeOffset At, string Label);

public sealed record BudgetImpact(BudgetContext Budget, decimal AddedThisPeriod, bool WouldBreach);

public sealed record GateResult(GateState State, string Description, IReadOnlyList<string> Reasons, CostApproval? Approval);

/// <summary>
/// The merge gate: failure when the monthly increase exceeds the configured amount or percentage, when it would breach
/// the team's budget, or when a policy fails; an approval label turns a failure into success (and is recorded).
/// </summary>
public static class CostGate
{
    public static GateResult Evaluate(CostEstimate estimate, IReadOnlyList<PolicyResult> policies, IReadOnlyList<BudgetImpact> budgets,
        GateConfig gate, CostApproval? approval)
    {
        var reasons = new List<string>();
        var diff = estimate.DiffMonthlyCost;
        if (gate.MaxIncreaseAmount is { } max && diff > max)
            reasons.Add($"monthly increase {Money.Format(diff, estimate.Currency)} exceeds {Money.Format(max, estimate.Currency)}");
        if (gate.MaxIncreasePercent is { } pct && diff > 0 && (estimate.DiffPercent is null || estimate.DiffPercent > pct))
            reasons.Add(estimate.DiffPercent is null
                ? $"monthly increase {Money.Format(diff, estimate.Currency)} from a base of {Money.Format(0, estimate.Currency)} exceeds {pct:0.##}%"
                : $"monthly increase {estimate.DiffPercent:0.#}% exceeds {pct:0.##}%");
        if (gate.FailOnBudgetBreach)
            foreach (var b in budgets.Where(b => b.WouldBreach))
                reasons.Add($"would breach the {b.Budget.Team} budget ({Money.Format(b.Budget.Remaining, b.Budget.Currency)} left this month)");
        if (gate.FailOnPolicy)
            foreach (var p in policies.Where(p => p.Outcome == PolicyOutcome.Fail))
                reasons.Add($"policy: {p.Message}");
        // Unknown is never free: what cannot be read or priced fails the gate unless the policy says onUnpriced: warn.
        if (!string.Equals(gate.OnUnpriced, "warn", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var f in estimate.ParseErrors.Where(f => f.Side == "head"))
                reasons.Add($"not priced: {f.Error}");
            foreach (var u in estimate.Unpriced.Where(u => u.BlocksGate))
                reasons.Add($"not priced: `{u.Name}` ({u.Location}, {u.Side}): {u.Reason}");
        }

        if (reasons.Count == 0)
            return new GateResult(GateState.Success, Truncate($"{Money.FormatSigned(diff, estimate.Currency)}/month; within limits"), reasons, approval);
        if (approval is not null)
            return new GateResult(GateState.Success, Truncate($"approved by @{approval.Login}: {Money.FormatSigned(diff, estimate.Currency)}/month"), reasons, approval);
        return new GateResult(GateState.Failure, Truncate($"{Money.FormatSigned(diff, estimate.Currency)}/month: {reasons[0]}"), reasons, null);
    }

    /// <summary>The added cost between now and the end of the budget period, prorated by days left.</summary>
    public static BudgetImpact Impact(BudgetContext budget, decimal monthlyIncrease, DateOnly today)
    {
        var daysInMonth = DateTime.DaysInMonth(today.Year, today.Month);
        var daysLeft = Math.Max(0, budget.PeriodEnd.DayNumber - today.DayNumber + 1);
        var added = decimal.Round(monthlyIncrease * daysLeft / daysInMonth, 2);
        return new BudgetImpact(budget, added, monthlyIncrease > 0 && added > budget.Remaining);
    }

    // GitHub commit status descriptions are limited to 140 characters.
    private static string Truncate(string s) => s.Length <= 140 ? s : s[..139] + "…";
}
