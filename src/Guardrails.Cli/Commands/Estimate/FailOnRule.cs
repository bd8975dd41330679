using Guardrails.Core.PullRequests;

namespace Guardrails.Cli.Commands.Estimate;

/// <summary>
/// <c>guardrails estimate --fail-on</c>: <c>never</c> (default, exit 0), <c>gate</c> (exit 1 when the PR gate fails) or
/// <c>increase:&lt;amount&gt;</c> (exit 1 when the monthly increase is above the amount, or when a compute resource could not
/// be read or priced and the policy does not say <c>onUnpriced: warn</c>: unknown is never free).
/// </summary>
public sealed record FailOnRule(string Kind, decimal? Amount)
{
    public static bool TryParse(string? text, out FailOnRule rule, out string why)
    {
        rule = new FailOnRule("never", null);
        why = "";
        var t = (text ?? "").Trim();
        if (t.Equals("never", StringComparison.OrdinalIgnoreCase)) return true;
        if (t.Equals("gate", StringComparison.OrdinalIgnoreCase)) { rule = new FailOnRule("gate", null); return true; }
        if (t.StartsWith("increase:", StringComparison.OrdinalIgnoreCase))
        {
            var amount = t["increase:".Length..];
            if (NumberOption.Check(amount, 0m, minExcluded: false, decimal.MaxValue, whole: false, out var a) is { } error)
            {
                why = $"{error} (e.g. increase:500)";
                return false;
            }
            rule = new FailOnRule("increase", a);
            return true;
        }
        why = $"'{t}' is not one of gate, increase:<amount>, never";
        return false;
    }

    /// <summary>Why the run fails, or null when it passes.</summary>
    public string? Failure(CostEstimate estimate, GateResult gate) => Kind switch
    {
        "gate" when gate.State == GateState.Failure => $"the gate failed: {gate.Description}",
        "increase" when estimate.DiffMonthlyCost > Amount =>
            $"monthly increase {Money.FormatSigned(estimate.DiffMonthlyCost, estimate.Currency)} is above {Money.Format(Amount!.Value, estimate.Currency)}",
        "increase" when gate.Reasons.FirstOrDefault(r => r.StartsWith("not priced:", StringComparison.Ordinal)) is { } unknown => unknown,
        _ => null,
    };
}
